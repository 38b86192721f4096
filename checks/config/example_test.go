package config_test

import (
	"fmt"
	"log"
	"path/filepath"
	"time"

	"github.com/samlcheck/samlcheck/checks/config"
)

// A configuration file's top level applies to every input, an override to
// the inputs its paths match, and a flag to all of them, above both.
// Resolve checks the values and builds one checks.Config per set of
// matching overrides; Settings says where each value came from.
func Example() {
	dir, err := filepath.Abs("proj")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, config.FileName)
	f, err := config.Parse(path, []byte(`profile: identity-center
skew: 5m
overrides:
  - paths: ["connect/**"]
    profile: connect
`))
	if err != nil {
		log.Fatal(err)
	}
	flags := config.Layer{}
	flags.SetFlag("skew", "2m")
	res, err := config.Resolve(f, flags, nil, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		log.Fatal(err)
	}
	idc := res.ConfigFor(filepath.Join(dir, "idc", "login.har"))
	connect := res.ConfigFor(filepath.Join(dir, "connect", "agent.har"))
	fmt.Println(idc.Profile, idc.Skew)
	fmt.Println(connect.Profile, connect.Skew, res.Overrides(filepath.Join(dir, "connect", "agent.har")))
	for _, s := range res.Settings(filepath.Join(dir, "connect", "agent.har")) {
		if s.Key == "profile" || s.Key == "skew" {
			fmt.Printf("%s: %s (%s)\n", s.Key, s.Value(), filepath.Base(s.Source.String()))
		}
	}
	// Output:
	// identity-center 2m0s
	// connect 2m0s [0]
	// profile: connect (.samlcheck.yaml:5)
	// skew: 2m (flag --skew)
}
