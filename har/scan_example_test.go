package har_test

import (
	"fmt"
	"strings"
	"sync"

	"github.com/samlcheck/samlcheck/har"
	"github.com/samlcheck/samlcheck/saml"
)

// A pipeline: each message goes to a worker as soon as the scan finds it,
// while the rest of the file is read; the capture, once complete, has
// every sighting merged.
func ExampleScanOptions_onMessage() {
	found := make(chan saml.Encoded, 16)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for m := range found {
			fmt.Printf("worker: %s from entry %d\n", m.Param, m.Source.Entry)
		}
	}()
	c, err := har.ScanWith(strings.NewReader(exampleHAR), "login.har", har.ScanOptions{
		OnMessage: func(_ int, m saml.Encoded) { found <- m },
		MaxBody:   16 << 20, // bodies longer than this are listed in c.Skipped
	})
	close(found)
	wg.Wait()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range c.Messages {
		fmt.Printf("%s: %d sightings\n", m.Param, len(m.Sightings))
	}
	// Output:
	// worker: SAMLRequest from entry 0
	// worker: SAMLResponse from entry 1
	// SAMLRequest: 1 sightings
	// SAMLResponse: 2 sightings
}
