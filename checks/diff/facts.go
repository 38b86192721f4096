package diff

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/binding"
)

// class says how much a field's difference weighs when no rule judges it.
type class int

const (
	structural class = iota
	cosmetic
)

// field is one compared property of a message: its stable key, a label
// for people and its value as compared ("" with present false when the
// message has no such property).
type field struct {
	key, label string
	value      string
	class      class
	// perUser marks a value compared by its shape (see Shape): the
	// content differs from user to user or from login to login.
	perUser bool
	// parent is the key of the field this one is a property of (an
	// attribute, a signature, the assertion): when the parent is absent on
	// one side, its properties are not compared one by one but folded
	// into the parent's difference.
	parent string
	// detail describes the field when the other side lacks it.
	detail string
	// wire marks what only a capture shows (binding, where the message
	// was posted, RelayState, clock skew): not compared when a side is a
	// message given as a file or pasted.
	wire bool
	// path is the XML path of the element the field is read from, when
	// there is one: a finding of a rule that explainedBy does not know
	// (a rule of the user's own) is matched to fields by it.
	path string
}

// facts are a message's fields, in the order they are shown.
type facts struct {
	fields []field
	index  map[string]int
	// parent is given to the fields added (see field.parent).
	parent string
}

func (f *facts) add(key, label, value string) *field {
	if f.index == nil {
		f.index = map[string]int{}
	}
	if i, ok := f.index[key]; ok {
		f.fields[i].value = value
		return &f.fields[i]
	}
	f.index[key] = len(f.fields)
	f.fields = append(f.fields, field{key: key, label: label, value: value, parent: f.parent})
	return &f.fields[len(f.fields)-1]
}

// at sets the XML path of the field last added.
func (f *facts) at(el *etree.Element) {
	if el != nil && len(f.fields) > 0 {
		f.fields[len(f.fields)-1].path = saml.Path(el)
	}
}

func (f *facts) addCosmetic(key, label, value string) {
	f.add(key, label, value).class = cosmetic
}

func (f *facts) addShape(key, label, value string) {
	f.add(key, label, Shape(value)).perUser = true
}

func (f *facts) get(key string) (field, bool) {
	i, ok := f.index[key]
	if !ok {
		return field{}, false
	}
	return f.fields[i], true
}

// The AWS attributes compared by content, value by value
// (https://aws.amazon.com/SAML/Attributes/…).
const (
	awsAttr         = "https://aws.amazon.com/SAML/Attributes/"
	attrRole        = awsAttr + "Role"
	attrSessionName = awsAttr + "RoleSessionName"
	attrDuration    = awsAttr + "SessionDuration"
	attrTag         = awsAttr + "PrincipalTag:"
	attrSourceID    = awsAttr + "SourceIdentity"
	attrTransitive  = awsAttr + "TransitiveTagKeys"
)

// messageFacts reads the fields of one message: what the report's summary
// says of it (binding, signatures, where it was posted) and its model (m,
// nil when it did not decode).
func messageFacts(sum checks.MessageSummary, m *saml.Message, e *saml.Encoded) *facts {
	f := &facts{}
	f.add("kind", "message kind", string(sum.Kind))
	if sum.DecodeError != "" {
		f.add("decode", "decoding", "failed: "+sum.DecodeError)
	} else {
		f.add("decode", "decoding", "decoded")
	}
	f.add("binding", "binding", string(sum.Binding)).wire = true
	if to := postedTo(sum); to != "" {
		f.add("posted-to", "posted to", to).wire = true
	}
	if e != nil {
		f.addCosmetic("size", "message size", sizeText(e, m))
	}
	var steps []string
	for _, s := range sum.Steps {
		steps = append(steps, s.Name)
	}
	if len(steps) > 0 {
		f.addCosmetic("encoding", "decoding steps", strings.Join(steps, ", "))
	}
	if sum.RelayState != "" {
		f.add("relay-state", "RelayState", relayStateShape(sum.RelayState)).wire = true
	} else {
		f.add("relay-state", "RelayState", "(none)").wire = true
	}
	if m == nil {
		return f
	}
	f.addCosmetic("xml-style", "namespace prefixes", prefixStyle(m))
	switch {
	case m.Response != nil:
		responseFacts(f, sum, m)
	case m.AuthnRequest != nil:
		r := m.AuthnRequest
		f.add("destination", "Destination", r.Destination)
		f.add("acs", "AssertionConsumerServiceURL", r.AssertionConsumerServiceURL)
		f.add("protocol-binding", "ProtocolBinding", r.ProtocolBinding)
		issuerFacts(f, "issuer", "Issuer", r.Issuer)
		f.add("nameid-policy", "NameIDPolicy Format", r.NameIDPolicyFormat)
		f.add("force-authn", "ForceAuthn", strconv.FormatBool(r.ForceAuthn))
		f.add("is-passive", "IsPassive", strconv.FormatBool(r.IsPassive))
		if e != nil && e.SigAlg != "" {
			f.add("redirect-signature", "redirect signature", saml.AlgorithmName(e.SigAlg))
		}
	case m.LogoutRequest != nil:
		r := m.LogoutRequest
		f.add("destination", "Destination", r.Destination)
		issuerFacts(f, "issuer", "Issuer", r.Issuer)
	case m.LogoutResponse != nil:
		r := m.LogoutResponse
		f.add("destination", "Destination", r.Destination)
		issuerFacts(f, "issuer", "Issuer", r.Issuer)
		f.add("status", "Status", statusText(r.Status))
	case m.Assertion != nil:
		assertionFacts(f, sum, m.Assertion, saml.Time{})
	case m.EncryptedAssertion != nil:
		f.add("encryption", "encryption", encryptionText(m.EncryptedAssertion))
	}
	signatureFacts(f, sum)
	return f
}

func responseFacts(f *facts, sum checks.MessageSummary, m *saml.Message) {
	r := m.Response
	f.add("destination", "Destination", r.Destination)
	f.at(r.Element)
	issuerFacts(f, "issuer", "Issuer", r.Issuer)
	f.add("status", "Status", statusText(r.Status))
	f.at(r.Status.Element)
	f.add("flow", "flow", sum.Flow)
	enc := "plain assertion"
	if len(r.Assertions) == 0 && len(r.EncryptedAssertions) == 0 {
		enc = "no assertion"
	}
	if len(r.EncryptedAssertions) > 0 {
		var parts []string
		for _, ea := range r.EncryptedAssertions {
			parts = append(parts, encryptionText(ea))
		}
		enc = strings.Join(parts, "; ")
		if len(r.Assertions) > 0 {
			enc = fmt.Sprintf("%d plain, %d encrypted: %s", len(r.Assertions), len(r.EncryptedAssertions), enc)
		}
	}
	f.add("encryption", "encryption", enc)
	as := assertions(m)
	f.add("assertions", "assertions", strconv.Itoa(len(r.Assertions)+len(r.EncryptedAssertions)))
	if len(as) > 0 {
		f.add("assertion", "readable assertion", "present").detail = "present (plain or decrypted)"
		f.parent = "assertion"
		assertionFacts(f, sum, as[0], r.IssueInstant)
		f.parent = ""
	}
}

// assertions returns the assertions of m as a service provider reads them:
// a Response's plain ones and those decrypted with --sp-key, or a bare
// Assertion.
func assertions(m *saml.Message) []*saml.Assertion { return m.Assertions() }

func encryptionText(ea *saml.EncryptedAssertion) string {
	t := fmt.Sprintf("encrypted assertion (%s, key %s)", orNone(saml.AlgorithmName(ea.DataAlgorithm)), orNone(saml.AlgorithmName(ea.KeyAlgorithm)))
	switch d := ea.Decryption; {
	case d.Decrypted():
		t += ", decrypted with --sp-key"
	case d != nil:
		t += ", not decrypted with the --sp-key given"
	}
	return t
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func issuerFacts(f *facts, key, label string, iss *saml.Issuer) {
	if iss == nil {
		f.add(key, label, "(none)")
		return
	}
	f.add(key, label, iss.Value)
	f.at(iss.Element)
	f.add(key+".format", label+" Format", iss.Format)
}

func statusText(s saml.Status) string {
	t := s.Code
	if s.SubCode != "" {
		t += " / " + s.SubCode
	}
	return t
}

func assertionFacts(f *facts, sum checks.MessageSummary, a *saml.Assertion, respInstant saml.Time) {
	if respInstant.Valid() && a.IssueInstant.Valid() {
		d := a.IssueInstant.Time.Sub(respInstant.Time)
		f.addCosmetic("assertion.instant", "Assertion IssueInstant after Response's", d.Round(time.Second).String())
	}
	issuerFacts(f, "assertion.issuer", "Assertion Issuer", a.Issuer)
	sub := a.Subject
	switch {
	case sub == nil:
		f.add("nameid.format", "NameID Format", "(no Subject)")
	case sub.NameID == nil && sub.EncryptedID:
		f.add("nameid.format", "NameID Format", "(EncryptedID)")
	case sub.NameID == nil:
		f.add("nameid.format", "NameID Format", "(no NameID)")
	default:
		n := sub.NameID
		f.add("nameid.format", "NameID Format", n.Format)
		f.at(n.Element)
		f.addShape("nameid.value", "NameID value", n.Value)
		f.at(n.Element)
		f.add("nameid.sp-name-qualifier", "NameID SPNameQualifier", n.SPNameQualifier)
		f.add("nameid.name-qualifier", "NameID NameQualifier", n.NameQualifier)
	}
	if sub != nil {
		for i, c := range sub.Confirmations {
			k := "confirmation"
			if i > 0 {
				k += "[" + strconv.Itoa(i+1) + "]"
			}
			f.add(k+".method", "SubjectConfirmation Method", c.Method)
			if c.Data != nil {
				f.add(k+".recipient", "Recipient", c.Data.Recipient)
				f.at(c.Data.Element)
				f.add(k+".in-response-to", "SubjectConfirmationData InResponseTo", presence(c.Data.InResponseTo))
				f.add(k+".window", "SubjectConfirmationData lifetime (from IssueInstant)", window(a.IssueInstant, c.Data.NotOnOrAfter))
			}
		}
	}
	if c := a.Conditions; c != nil {
		var auds []string
		for _, r := range c.AudienceRestrictions {
			auds = append(auds, r.Audiences...)
		}
		f.add("audiences", "Audiences", strings.Join(auds, ", "))
		f.at(c.Element)
		f.add("window.conditions", "Conditions window (NotBefore to NotOnOrAfter)", window(c.NotBefore, c.NotOnOrAfter))
	} else {
		f.add("audiences", "Audiences", "(no Conditions)")
	}
	for i, s := range a.AuthnStatements {
		k := "authn"
		if i > 0 {
			k += "[" + strconv.Itoa(i+1) + "]"
		}
		f.add(k+".context", "AuthnContextClassRef", s.AuthnContextClassRef)
		f.at(s.Element)
		f.add(k+".session", "session lifetime (AuthnInstant to SessionNotOnOrAfter)", window(s.AuthnInstant, s.SessionNotOnOrAfter))
	}
	if len(sum.Sightings) > 0 && a.IssueInstant.Valid() && !sum.Sightings[0].Started.IsZero() {
		f.add("clock-skew", "IdP clock against the capture", skewText(a.IssueInstant.Time.Sub(sum.Sightings[0].Started))).wire = true
	}
	attributeFacts(f, a.Attributes)
}

func presence(s string) string {
	if s == "" {
		return "absent"
	}
	return "present"
}

// window returns the length from a to b ("" when either is missing).
func window(a, b saml.Time) string {
	switch {
	case !b.IsSet():
		return "(no end)"
	case !a.Valid() || !b.Valid():
		return "(unreadable)"
	}
	return b.Time.Sub(a.Time).Round(time.Second).String()
}

// skewText describes a clock difference in whole minutes: small ones (the
// seconds between the IdP's and the browser's events) read the same.
func skewText(d time.Duration) string {
	if d > -time.Minute && d < time.Minute {
		return "in step (within a minute)"
	}
	m := d.Round(time.Minute)
	if m > 0 {
		return "IdP clock ahead by about " + strings.TrimSuffix(m.String(), "0s")
	}
	return "IdP clock behind by about " + strings.TrimSuffix((-m).String(), "0s")
}

func attributeFacts(f *facts, attrs []saml.Attribute) {
	names := make([]string, 0, len(attrs))
	count := map[string]int{}
	for _, at := range attrs {
		if count[at.Name] == 0 {
			names = append(names, at.Name)
		}
		count[at.Name]++
	}
	f.add("attributes", "attribute names", strings.Join(names, ", "))
	seen := map[string]int{}
	for _, at := range attrs {
		seen[at.Name]++
		k := "attribute:" + at.Name
		if seen[at.Name] > 1 {
			k += "[" + strconv.Itoa(seen[at.Name]) + "]"
		}
		label := "Attribute " + at.Name
		f.add(k, label, "present").detail = attributeDetail(at)
		f.at(at.Element)
		outer := f.parent
		f.parent = k
		f.add(k+".name-format", label+" NameFormat", at.NameFormat)
		f.addCosmetic(k+".friendly-name", label+" FriendlyName", at.FriendlyName)
		f.add(k+".count", label+" value count", strconv.Itoa(len(at.Values)))
		switch {
		case at.Name == attrRole:
			for _, v := range at.Values {
				role := roleOf(v.Text)
				f.add(k+".role:"+role, "Role "+role, strings.TrimSpace(v.Text))
			}
		case at.Name == attrDuration || at.Name == attrTransitive:
			var vs []string
			for _, v := range at.Values {
				vs = append(vs, v.Text)
			}
			f.add(k+".values", label+" values", strings.Join(vs, ", "))
		default:
			var shapes []string
			for _, v := range at.Values {
				switch {
				case v.Nil:
					shapes = append(shapes, "nil")
				case v.HasElements:
					shapes = append(shapes, "XML elements")
				default:
					shapes = append(shapes, Shape(v.Text))
				}
			}
			f.add(k+".shape", label+" value shape", strings.Join(shapes, "; ")).perUser = true
		}
		f.parent = outer
	}
}

// attributeDetail sums an attribute up for the side that has it.
func attributeDetail(at saml.Attribute) string {
	t := fmt.Sprintf("present, %d value", len(at.Values))
	if len(at.Values) != 1 {
		t += "s"
	}
	if at.NameFormat != "" {
		t += ", NameFormat " + saml.AlgorithmName(strings.ReplaceAll(at.NameFormat, "attrname-format:", "#"))
	}
	return t
}

// roleOf returns the role ARN of a Role value (a role ARN and a provider
// ARN, either order), the key its pairs are compared by.
func roleOf(v string) string {
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if strings.Contains(p, ":role/") {
			return p
		}
	}
	return strings.TrimSpace(v)
}

func signatureFacts(f *facts, sum checks.MessageSummary) {
	var covers []string
	seen := map[string]int{}
	for _, s := range sum.Signatures {
		what, _, _ := strings.Cut(s.Covers, " ")
		seen[what]++
		if seen[what] > 1 {
			what += "[" + strconv.Itoa(seen[what]) + "]"
		}
		covers = append(covers, what)
		k := "signature:" + what
		label := what + " signature"
		f.add(k, label, "present").detail = "present, " + saml.AlgorithmName(s.SignatureMethod) + ", " + string(s.Status)
		f.fields[len(f.fields)-1].path = s.XMLPath
		f.parent = k
		f.add(k+".algorithms", label+" algorithms", saml.AlgorithmName(s.SignatureMethod)+"/"+saml.AlgorithmName(s.DigestMethod))
		f.addCosmetic(k+".c14n", label+" canonicalization", saml.AlgorithmName(s.Canonicalization))
		f.add(k+".status", label+" verification", string(s.Status)+trustText(s))
		if c := s.Certificate; c != nil {
			f.add(k+".certificate", label+" certificate", fmt.Sprintf("%q, SHA-256 %s", c.Subject, c.SHA256))
			f.add(k+".validity", label+" certificate validity", fmt.Sprintf("%s to %s (%s)", c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly), s.CertValidity))
		}
		f.parent = ""
	}
	if len(covers) == 0 {
		f.add("signed", "signed elements", "(none)")
		return
	}
	f.add("signed", "signed elements", strings.Join(covers, ", "))
}

func trustText(s checks.SignatureSummary) string {
	switch {
	case s.Cause != saml.CauseNone:
		return " (" + string(s.Cause) + ")"
	case s.Trust == saml.TrustTrusted:
		return " (trusted certificate)"
	case s.Trust == saml.TrustEmbedded:
		return " (KeyInfo certificate)"
	}
	return ""
}

// postedTo returns where the message was sent: the URL of the request
// that carried it (query or form), or the target of the form or redirect
// it was found in.
func postedTo(sum checks.MessageSummary) string {
	for _, s := range sum.Sightings {
		if s.Where == saml.InForm || s.Where == saml.InQuery {
			return s.URL
		}
	}
	for _, s := range sum.Sightings {
		if s.Target != "" {
			return s.Target
		}
	}
	return ""
}

// sizeText gives the encoded size (what iam/response-size counts) and
// the XML's.
func sizeText(e *saml.Encoded, m *saml.Message) string {
	t := fmt.Sprintf("%s encoded", sizeRound(len(e.Value)))
	if m != nil {
		t += fmt.Sprintf(", %s XML", sizeRound(len(m.XML)))
	}
	return t
}

// sizeRound rounds n bytes to two significant digits: sizes that differ
// by a few characters of a user name read the same.
func sizeRound(n int) string {
	switch {
	case n < 100:
		return fmt.Sprintf("%d bytes", n)
	case n < 10000:
		return fmt.Sprintf("about %.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("about %d KB", (n+500)/1000)
}

// relayStateShape compares a RelayState that is a URL by its address (a
// Connect federation URL matters) and any other by its shape.
func relayStateShape(rs string) string {
	if isURL(rs) {
		return binding.WithoutQuery(rs)
	}
	return Shape(rs)
}

// prefixStyle names how the message writes its namespaces: the prefix of
// the root and of the first assertion ("samlp:, saml:").
func prefixStyle(m *saml.Message) string {
	root := m.Element()
	if root == nil {
		return ""
	}
	t := prefixName(root.Space)
	if as := assertions(m); len(as) > 0 && as[0].Element != nil {
		t += ", " + prefixName(as[0].Element.Space)
	}
	return t
}

func prefixName(p string) string {
	if p == "" {
		return "default namespace"
	}
	return p + ":"
}
