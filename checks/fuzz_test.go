package checks

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/saml"
)

// The fuzz targets of package checks, seeded with the fixtures of
// testdata/rules and, when it is there, the corpus; regression seeds live
// in testdata/fuzz/FuzzXxx. `.ci/fuzz N` runs each for N executions.

// fuzzCorpusSAML is the corpus's folder of SAML files.
const fuzzCorpusSAML = "../../shared/corpus/saml"

// seedEach calls add with the contents of each file below dir whose path
// match accepts, up to 64 KiB each; a missing corpus is only logged.
func seedEach(f *testing.F, dir string, match func(path string) bool, add func(data []byte)) {
	f.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() || !match(path):
			return nil
		}
		data, err := os.ReadFile(path)
		if len(data) <= 64<<10 {
			add(data)
		}
		return err
	})
	if errors.Is(err, fs.ErrNotExist) && strings.Contains(dir, "corpus") {
		f.Logf("../shared/corpus not found, seeding without it: %v", err)
	} else if err != nil {
		f.Fatal(err)
	}
}

// FuzzRun runs every rule on any message, with a trusted IdP certificate
// and a users list: no rule may panic, every finding names a registered
// rule and says something, and the report marshals to JSON.
func FuzzRun(f *testing.F) {
	isMessage := func(path string) bool {
		switch filepath.Ext(path) {
		case ".xml", ".b64", ".url", ".html":
			return true
		}
		return false
	}
	add := func(data []byte) { f.Add(string(data)) }
	// The fail fixtures: each reaches its rule's findings (the pass
	// fixtures are the same messages without the fault).
	failFixture := func(path string) bool { return isMessage(path) && filepath.Base(filepath.Dir(path)) == "fail" }
	seedEach(f, filepath.Join("..", "testdata", "rules"), failFixture, add)
	seedEach(f, filepath.Join("..", "testdata", "inputs"), isMessage, add)
	seedEach(f, fuzzCorpusSAML, isMessage, add)
	pem, err := os.ReadFile("../testdata/keys/idp.crt.pem")
	if err != nil {
		f.Fatal(err)
	}
	certs, err := saml.ParseCertificates("idp.crt.pem", pem)
	if err != nil {
		f.Fatal(err)
	}
	cfg := &Config{
		IdPCerts: certs,
		Users:    users.New("users.txt", []string{"jane@example.com", "Agent1"}),
		Now:      time.Date(2026, 11, 1, 10, 0, 30, 0, time.UTC),
		Decode:   &saml.DecodeOptions{MaxInflated: 1 << 20, MaxDepth: 64, MaxElements: 5000},
	}
	f.Fuzz(func(t *testing.T, value string) {
		src := saml.Source{File: "in.xml", Entry: -1, Where: saml.InFile}
		rep, err := Run(context.Background(), cfg, []saml.Encoded{{Binding: saml.BindingPOST, Param: "SAMLResponse", Value: value, Source: src}})
		if err != nil || len(rep.Messages) != 1 {
			t.Fatalf("run: %v, %d messages", err, len(rep.Messages))
		}
		for _, fd := range rep.Findings {
			if Lookup(fd.Rule) == nil || fd.Message == "" || fd.Severity < Info || fd.Severity > Error {
				t.Fatalf("finding %+v", fd)
			}
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatalf("report does not marshal: %v", err)
		}
	})
}
