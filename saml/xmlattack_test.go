package saml

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeXML decodes an XML string.
func decodeXML(t *testing.T, xml string) *Message {
	t.Helper()
	m, err := Decode(Encoded{Binding: BindingNone, Value: xml, Source: Source{Entry: -1, Where: InFile}}, nil)
	require.NoError(t, err)
	return m
}

const attackNS = `xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"`

func TestDuplicateIDs(t *testing.T) {
	m := decodeXML(t, `<samlp:Response `+attackNS+` ID="_x"><saml:Assertion ID="_a"/><saml:Assertion ID="_a"/><saml:Assertion ID="_x"/><saml:Assertion ID=""/><saml:Assertion ID=""/></samlp:Response>`)
	dups := m.DuplicateIDs()
	require.Len(t, dups, 2)
	assert.Equal(t, "_x", dups[0].ID)
	assert.Equal(t, "Response", dups[0].Elements[0].Tag)
	assert.Equal(t, "_a", dups[1].ID)
	assert.Len(t, dups[1].Elements, 2)

	m = decodeXML(t, `<samlp:Response `+attackNS+` ID="_r"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="_r"/></samlp:Response>`)
	assert.Len(t, m.DuplicateIDs(), 1, "XML Signature's Id counts too")
	assert.Empty(t, ruleFixture(t, "saml/signature-invalid/pass/signed.xml").DuplicateIDs())
}

func TestSplitTexts(t *testing.T) {
	m := decodeXML(t, `<samlp:Response `+attackNS+`><saml:Assertion><saml:Subject><saml:NameID>alice@example.com<!---->.evil.com</saml:NameID></saml:Subject>`+
		`<saml:AttributeStatement><saml:Attribute Name="a">`+
		`<saml:AttributeValue>plain</saml:AttributeValue>`+
		`<saml:AttributeValue>a<![CDATA[b]]></saml:AttributeValue>`+
		`<saml:AttributeValue>x<?pi y?>z</saml:AttributeValue>`+
		`<saml:AttributeValue><x:v xmlns:x="urn:x">1</x:v> <x:v xmlns:x="urn:x">2</x:v></saml:AttributeValue>`+
		`<saml:AttributeValue><x:v xmlns:x="urn:x">1</x:v><!--c--></saml:AttributeValue>`+
		`<saml:AttributeValue><![CDATA[only]]></saml:AttributeValue>`+
		`</saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`)
	splits := m.SplitTexts()
	require.Len(t, splits, 4)
	assert.Equal(t, "NameID", splits[0].Element.Tag)
	assert.Equal(t, "alice@example.com", splits[0].First)
	assert.Equal(t, "alice@example.com.evil.com", splits[0].Full)
	assert.Equal(t, 1, splits[0].Comments)
	assert.Equal(t, 2, splits[0].Texts)
	assert.Equal(t, "a", splits[1].First, "CDATA splits the text")
	assert.Equal(t, "ab", splits[1].Full)
	assert.Equal(t, 0, splits[1].Comments)
	assert.Equal(t, 1, splits[2].ProcInsts)
	assert.Equal(t, 1, splits[3].Comments, "a comment among child elements")
	assert.Empty(t, ruleFixture(t, "saml/signature-invalid/pass/signed.xml").SplitTexts())
}

func TestXMLIssues(t *testing.T) {
	for name, tc := range map[string]struct{ xml, want string }{
		"prefixed ID":         {`<samlp:Response ` + attackNS + ` xmlns:x="urn:x" ID="_r" x:ID="_e"/>`, "carries both ID and x:ID"},
		"prefix undeclared":   {`<samlp:Response ` + attackNS + ` ID="_r"><saml:Issuer xmlns:x="">i</saml:Issuer></samlp:Response>`, "undeclares prefix x"},
		"saml prefix rebound": {`<samlp:Response ` + attackNS + ` ID="_r"><saml:Assertion xmlns:saml="urn:evil" ID="_a"/></samlp:Response>`, `rebinds prefix saml from "urn:oasis:names:tc:SAML:2.0:assertion" to "urn:evil"`},
		"lookalike namespace": {`<samlp:Response ` + attackNS + ` xmlns:s2="urn:oasis:names:tc:SAML:2.0:assertion " ID="_r"/>`, `looks like "urn:oasis:names:tc:SAML:2.0:assertion"`},
		"same expanded name":  {`<samlp:Response ` + attackNS + ` xmlns:a="urn:x" xmlns:b="urn:x" a:v="1" b:v="2" ID="_r"/>`, "same expanded name {urn:x}v"},
		"empty prefix name":   {`<samlp:Response ` + attackNS + ` ID="_r"><:Assertion/></samlp:Response>`, "not a valid namespace-qualified name"},
		"xml prefix rebound":  {`<samlp:Response ` + attackNS + ` xmlns:xml="urn:x" ID="_r"/>`, "binds the reserved prefix xml"},
		"xmlns declared":      {`<samlp:Response ` + attackNS + ` xmlns:xmlns="urn:x" ID="_r"/>`, "declares the reserved prefix xmlns"},
		"xml element prefix":  {`<samlp:Response ` + attackNS + ` ID="_r"><xml:Assertion/></samlp:Response>`, "parsers disagree: encoding/xml reads"},
		"bound to xml ns":     {`<samlp:Response ` + attackNS + ` xmlns:p="http://www.w3.org/XML/1998/namespace" ID="_r"/>`, "reserved namespace"},
	} {
		t.Run(name, func(t *testing.T) {
			issues := decodeXML(t, tc.xml).XMLIssues()
			var msgs []string
			for _, x := range issues {
				msgs = append(msgs, x.Message)
				assert.True(t, x.Line > 0 || x.Element != nil, "issue without location")
			}
			assert.Contains(t, strings.Join(msgs, "\n"), tc.want)
		})
	}
}

func TestXMLIssuesElementPrefix(t *testing.T) {
	// An element named with the xmlns prefix never gets this far.
	_, err := Decode(Encoded{Binding: BindingNone, Value: `<samlp:Response ` + attackNS + `><xmlns:x/></samlp:Response>`, Source: Source{Entry: -1, Where: InFile}}, nil)
	assert.ErrorIs(t, err, ErrUnboundPrefix)
}

// TestXMLIssuesNoneCorpus checks that ordinary documents have no XML issue:
// every decodable message of the corpus, whatever the IdP (prefixes, default
// namespaces, comments, character references, CR characters).
func TestXMLIssuesNoneCorpus(t *testing.T) {
	assert.Greater(t, checkNoXMLIssues(t, corpusSAML(t)), 100)
}

// TestXMLIssuesNoneFixtures checks every generated fixture except the
// xml-roundtrip failures.
func TestXMLIssuesNoneFixtures(t *testing.T) {
	assert.Greater(t, checkNoXMLIssues(t, filepath.Join("..", "testdata")), 50)
}

// checkNoXMLIssues reports every XML issue of the messages under root and
// returns how many messages it checked.
func checkNoXMLIssues(t *testing.T, root string) int {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !isKeyMaterial(d.Name()) && !strings.HasSuffix(path, ".want") &&
			!strings.Contains(filepath.ToSlash(path), "xml-roundtrip/fail") {
			files = append(files, path)
		}
		return err
	}))
	checked := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		encs, err := ParseInput(path, data)
		if err != nil {
			continue
		}
		for _, e := range encs {
			m, err := Decode(e, nil)
			if err != nil {
				continue
			}
			checked++
			for _, x := range m.XMLIssues() {
				t.Errorf("%s: %s at %s line %d", path, x.Message, Path(x.Element), x.Line)
			}
		}
	}
	return checked
}

func TestXMLIssuesCRAndLatin1(t *testing.T) {
	// Character references for CR and tab survive the round trip; so does
	// an ISO-8859-1 document.
	m := decodeXML(t, `<samlp:Response `+attackNS+` ID="_r" A="a&#13;b&#9;c&#10;d"><saml:Issuer>x&#13;y</saml:Issuer></samlp:Response>`)
	assert.Empty(t, m.XMLIssues())
	m = decodeXML(t, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><samlp:Response "+attackNS+" ID=\"_r\"><saml:Issuer>caf\xe9</saml:Issuer></samlp:Response>")
	assert.Empty(t, m.XMLIssues())
	assert.Nil(t, (*Message)(nil).XMLIssues())
}

// TestXMLStreamRootShortcut: where the root element, serialised again, is
// byte for byte the span xmlStreamRoot returns, parsing it gives the
// tokens read already (the round-trip check relies on it), on every
// generated fixture; the span is refused for a converted charset and for
// two root elements.
func TestXMLStreamRootShortcut(t *testing.T) {
	files, err := filepath.Glob("../testdata/rules/*/*/*/*.xml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	same := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		toks, root, err := xmlStreamRoot(b)
		if err != nil {
			continue
		}
		doc := etree.NewDocument()
		if doc.ReadFromBytes(b) != nil || doc.Root() == nil {
			continue
		}
		var buf bytes.Buffer
		doc.Root().WriteTo(&buf, &etree.WriteSettings{CanonicalText: true, CanonicalAttrVal: true})
		if !bytes.Equal(buf.Bytes(), root) {
			continue
		}
		same++
		again, err := xmlStream(buf.Bytes())
		require.NoError(t, err, f)
		assert.Equal(t, toks, again, f)
	}
	assert.Greater(t, same, len(files)/2, "most fixtures round-trip byte for byte")

	_, root, err := xmlStreamRoot([]byte(`<?xml version="1.0"?>` + "\n<!-- c --><a xmlns=\"urn:x\"><b/></a>\n"))
	require.NoError(t, err)
	assert.Equal(t, `<a xmlns="urn:x"><b/></a>`, string(root))
	_, root, err = xmlStreamRoot([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><a>caf` + "\xe9" + `</a>`))
	require.NoError(t, err)
	assert.Nil(t, root, "a converted charset")
	_, root, err = xmlStreamRoot([]byte(`<a/><b/>`))
	require.NoError(t, err)
	assert.Nil(t, root, "two root elements")
}

// TestLexicalIssuesFoundWhileDecoding: the lexical issues Decode finds in
// its well-formedness pass are those lexicalIssues finds reading the
// document again, on every generated fixture and on documents that have
// such issues.
func TestLexicalIssuesFoundWhileDecoding(t *testing.T) {
	files, err := filepath.Glob("../testdata/rules/*/*/*/*.xml")
	require.NoError(t, err)
	var docs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		docs = append(docs, string(b))
	}
	docs = append(docs,
		`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:x="urn:oasis:names:tc:SAML:2.0:assertion/" ID="a" x:ID="b"><x:a xmlns:samlp="urn:other"/></samlp:Response>`,
		"<a xmlns:p=\"urn:p\" xmlns:q=\"urn:p\"\n p:k=\"1\" q:k=\"2\"><b:c:d xmlns:b=\"urn:b\"/></a>",
	)
	withIssues := 0
	for _, doc := range docs {
		m, err := Decode(Encoded{Binding: BindingNone, Value: doc, Source: Source{Entry: -1, Where: InFile}}, nil)
		if err != nil {
			continue
		}
		require.True(t, m.lexicalDone)
		assert.Equal(t, lexicalIssues(m.XML), m.lexical)
		if len(m.lexical) > 0 {
			withIssues++
		}
	}
	assert.Positive(t, withIssues, "some documents have lexical issues")
}
