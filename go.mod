module github.com/samlcheck/samlcheck

go 1.25.0

require (
	github.com/beevik/etree v1.8.1
	github.com/google/martian/v3 v3.3.3
	github.com/russellhaering/goxmldsig v1.6.1
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5
	software.sslmate.com/src/go-pkcs12 v0.7.4
)

require (
	github.com/jonboulle/clockwork v0.5.0 // indirect
	golang.org/x/crypto v0.55.0 // indirect
	golang.org/x/net v0.58.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)
