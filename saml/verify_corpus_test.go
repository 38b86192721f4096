package saml

import (
	"bufio"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manifestSigRow is a MANIFEST row that names a certificate to verify a
// message with and the result of the corpus-build goxmldsig check.
type manifestSigRow struct {
	file     string
	certFile string // "" for "KeyInfo cert (embedded)"
	at       time.Time
	// expect maps a location ("Response", "Assertion[0]",
	// "nested/Assertion[0]", "AuthnRequest") to "OK" or "FAIL(reason)";
	// empty for NOSIG.
	expect map[string]string
	order  []string
}

var (
	manifestFileRE  = regexp.MustCompile("^\\| `([^`]+)`")
	manifestSigRE   = regexp.MustCompile("sig: (?:`([^`]+)`|KeyInfo cert \\(embedded\\))")
	manifestCheckRE = regexp.MustCompile(`goxmldsig @(\S+?)(?: \(KeyInfo stripped\))?: (.*?)(?: / decrypt|\s*\|)`)
	manifestItemRE  = regexp.MustCompile(`([A-Za-z/]+(?:\[\d+\])?)=(OK|FAIL\([^)]*\))`)
)

// readManifestSigRows reads the rows of MANIFEST.md that name a verifying
// certificate (or the embedded one) and a goxmldsig check with its time.
func readManifestSigRows(t *testing.T) []manifestSigRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.md"))
	require.NoError(t, err)
	defer f.Close()
	var rows []manifestSigRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fm := manifestFileRE.FindStringSubmatch(line)
		sm := manifestSigRE.FindStringSubmatch(line)
		cm := manifestCheckRE.FindStringSubmatch(line)
		if fm == nil || sm == nil || cm == nil {
			continue
		}
		at, err := time.Parse(time.RFC3339, cm[1])
		require.NoError(t, err, line)
		row := manifestSigRow{file: fm[1], certFile: sm[1], at: at, expect: map[string]string{}}
		for _, it := range manifestItemRE.FindAllStringSubmatch(cm[2], -1) {
			row.expect[it[1]] = it[2]
			row.order = append(row.order, it[1])
		}
		rows = append(rows, row)
	}
	require.NoError(t, sc.Err())
	return rows
}

// corpusCerts reads the certificates of a corpus file: a PEM/DER/Base64
// certificate, or every X509Certificate of a metadata document.
func corpusCerts(t *testing.T, rel string) []*x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, rel))
	require.NoError(t, err)
	if certs, err := ParseCertificates(rel, data); err == nil {
		return certs
	}
	doc := etree.NewDocument()
	require.NoError(t, doc.ReadFromBytes(data), rel)
	var certs []*x509.Certificate
	for _, el := range doc.FindElements("//X509Certificate") {
		if der := certificateDER(el.Text()); der != nil {
			if c, err := x509.ParseCertificate(der); err == nil && !slices.ContainsFunc(certs, c.Equal) {
				certs = append(certs, c)
			}
		}
	}
	require.NotEmpty(t, certs, "%s: no certificate", rel)
	return certs
}

// locate names where a signature sits, as the MANIFEST does: "Response"
// (or the root message's name), "Assertion[i]" for the i-th direct-child
// Assertion of the root, "nested/Assertion[i]" for the i-th other
// Assertion, "" for anything else.
func locate(m *Message, sig *Signature) string {
	root := m.Element()
	if sig.Parent == root {
		return root.Tag
	}
	if !is(sig.Parent, NSAssertion, "Assertion") {
		return ""
	}
	direct := children(root, NSAssertion, "Assertion")
	for i, a := range direct {
		if a == sig.Parent {
			return fmt.Sprintf("Assertion[%d]", i)
		}
	}
	var nested []*etree.Element
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		for _, c := range el.ChildElements() {
			if is(c, NSAssertion, "Assertion") && c.Parent() != root {
				nested = append(nested, c)
			}
			walk(c)
		}
	}
	walk(root)
	for i, a := range nested {
		if a == sig.Parent {
			return fmt.Sprintf("nested/Assertion[%d]", i)
		}
	}
	return ""
}

// agrees reports whether a result matches a MANIFEST expectation.
func agrees(expect string, r *SignatureResult, trusted bool) bool {
	switch {
	case expect == "OK" && trusted:
		return r.Status == StatusValid && r.Trust == TrustTrusted
	case expect == "OK":
		return r.Status == StatusValid && r.Trust == TrustEmbedded
	case strings.Contains(expect, "Cert is not valid at this time"):
		return r.Status == StatusCertExpired
	case strings.Contains(expect, "Could not verify certificate against trusted certs"):
		// goxmldsig compares the KeyInfo certificate with the trusted
		// ones; samlcheck verifies with the trusted key and reports a
		// different KeyInfo certificate separately.
		return r.Status == StatusUntrusted || r.Status == StatusInvalid || r.KeyInfoMismatch
	case strings.Contains(expect, "Missing signature referencing"):
		return r.Status == StatusInvalid && r.Cause == CauseReference
	case strings.Contains(expect, "Signature could not be verified"):
		return r.Status == StatusInvalid && r.Cause == CauseDigest
	case strings.Contains(expect, "verification error"):
		return r.Status == StatusInvalid && (r.Cause == CauseSignatureValue || r.Cause == CauseDigest)
	case strings.HasPrefix(expect, "FAIL"):
		return r.Status == StatusInvalid
	}
	return false
}

// TestVerifyCorpus verifies every signed corpus message whose MANIFEST row
// names a verifying certificate and a reference time, and compares each
// signature's result with the row's goxmldsig check. It logs the table.
func TestVerifyCorpus(t *testing.T) {
	corpusSAML(t)
	rows := readManifestSigRows(t)
	require.NotEmpty(t, rows)
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-78s | %-19s | %-50s | %s\n", "file", "signature", "expected (MANIFEST)", "result")
	checked := 0
	for _, row := range rows {
		data, err := os.ReadFile(filepath.Join(corpusDir, row.file))
		require.NoError(t, err)
		encs, err := ParseInput(row.file, data)
		require.NoError(t, err, row.file)
		m, err := Decode(encs[0], nil)
		if err != nil {
			// The MANIFEST's NEGATIVE files (two root elements): refused
			// before any signature is looked at.
			fmt.Fprintf(&table, "%-78s | %-19s | %-50s | %s\n", row.file, "-", strings.Join(row.order, " "), "does not decode")
			assert.ErrorIs(t, err, ErrJunkAfterRoot, row.file)
			continue
		}
		opts := VerifyOptions{At: row.at}
		if row.certFile != "" {
			opts.Certs = corpusCerts(t, row.certFile)
		}
		results := m.Verify(opts)
		seen := map[string]bool{}
		for i := range results {
			r := &results[i]
			loc := locate(m, r.Signature)
			if loc == "" {
				continue
			}
			expect, listed := row.expect[loc]
			if !listed {
				expect = "(not listed)"
			}
			got := fmt.Sprintf("%s trust=%s", r.Status, r.Trust)
			if r.Cause != CauseNone {
				got += " cause=" + string(r.Cause)
			}
			if r.KeyInfoMismatch {
				got += " (KeyInfo holds another certificate)"
			}
			fmt.Fprintf(&table, "%-78s | %-19s | %-50s | %s\n", row.file, loc, expect, got)
			if listed {
				seen[loc] = true
				checked++
				assert.True(t, agrees(expect, r, row.certFile != ""), "%s %s: MANIFEST says %s, got %s (err %v)", row.file, loc, expect, got, r.Err)
			}
		}
		for _, loc := range row.order {
			if !seen[loc] {
				fmt.Fprintf(&table, "%-78s | %-19s | %-50s | %s\n", row.file, loc, row.expect[loc], "no signature there")
				assert.Contains(t, row.expect[loc], "Missing signature", "%s %s: no signature found", row.file, loc)
			}
		}
		if len(row.order) == 0 {
			fmt.Fprintf(&table, "%-78s | %-19s | %-50s | %s\n", row.file, "-", "NOSIG", nosig(m, results))
		}
	}
	fmt.Fprintf(&table, "%d signatures compared with the MANIFEST's goxmldsig check\n", checked)
	t.Log(table.String())
	assert.Greater(t, checked, 40, "too few signatures checked against the MANIFEST")
}

// nosig describes a message the MANIFEST says has no signature under the
// root or an Assertion.
func nosig(m *Message, results []SignatureResult) string {
	n := 0
	for i := range results {
		if locate(m, results[i].Signature) != "" {
			n++
		}
	}
	if n == 0 {
		return "no signature"
	}
	return fmt.Sprintf("%d signatures", n)
}
