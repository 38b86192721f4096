package checks

import (
	"fmt"
	"strings"
)

// idcMetadataRules are the Identity Center rules about the IdP metadata
// (--idp-metadata). The lead adds this slice to the registry.
var idcMetadataRules = []*Rule{
	idcMetadataRule,
}

// maxIdCMetadataChars is the largest IdP metadata file IAM Identity Center
// accepts, in characters.
const maxIdCMetadataChars = 75000

// nameIDEmailSAML2 is the emailAddress URI with SAML:2.0 where SAML:1.1
// defines it, a frequent mistake.
const nameIDEmailSAML2 = "urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress"

var idcMetadataRule = &Rule{
	ID:       "idc/metadata",
	Title:    "IdP metadata that Identity Center does not accept",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "NameIDFormat emailAddress is listed beside other formats"},
		{Severity: Info, When: "the metadata lists no NameIDFormat, or holds several entities (only the first is checked)"},
	},
	Profiles: []Profile{IdentityCenter},
	Uses:     []Given{GivenIdPMetadata},
	Doc: "IAM Identity Center reads the IdP metadata uploaded as the external identity provider. It must be at most " +
		"75,000 characters, contain the IdP's entityID, an X509Certificate to verify signatures and a " +
		"SingleSignOnService (the sign-in URL), must not carry an encryption key (encrypted assertions are not " +
		"supported), and its NameIDFormat must be urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress. Otherwise " +
		"the upload is refused or users see \"It's not you, it's us\" at sign-in. samlcheck checks the file given with " +
		"--idp-metadata, once per input.",
	Fix: "Download the metadata of the IdP application made for IAM Identity Center, not a federation aggregate or a " +
		"generic one. Make its NameIDFormat exactly urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress (check the " +
		"spelling), remove any KeyDescriptor use=\"encryption\", keep the signing certificate, entityID and " +
		"SingleSignOnService, and upload it again under Settings → Identity source → Manage authentication.",
	Refs: []Ref{
		idcOtherIdPs.at("SAML (nameID format of email address; metadata of at most 75000 characters with entityId, X509 certificate and SingleSignOnService; no encryption key)"),
		idcTroubleshooting.at("I get an 'It's not you, it's us' error when attempting to sign in to IAM Identity Center"),
	},
	Run: func(p *Pass) {
		md, name := idpMetadataOnce(p)
		if md == nil {
			return
		}
		if md.Chars > maxIdCMetadataChars {
			p.Report(Finding{Message: fmt.Sprintf("%s is %s characters, %s over the limit of %s", name, thousands(md.Chars), thousands(md.Chars-maxIdCMetadataChars), thousands(maxIdCMetadataChars))})
		}
		if md.Entities > 1 {
			p.Report(Finding{Severity: Info, Message: fmt.Sprintf("%s holds %d entities (an EntitiesDescriptor); only the first was checked: upload the IdP's own EntityDescriptor", name, md.Entities)})
		}
		if strings.TrimSpace(md.EntityID) == "" {
			p.Report(Finding{Message: humanf("%s has no entityID on its EntityDescriptor", name)})
		}
		switch {
		case len(md.SigningCerts) == 0 && len(md.EncryptionCerts) == 0:
			p.Report(Finding{Message: humanf("%s has no X509Certificate in a KeyDescriptor", name)})
		case len(md.SigningCerts) == 0:
			p.Report(Finding{Message: humanf("%s has no signing X509Certificate (a KeyDescriptor with use=\"signing\" or without use)", name)})
		}
		if len(md.EncryptionCerts) > 0 {
			p.Report(Finding{Message: humanf("%s has a KeyDescriptor with use=\"encryption\" (%s); Identity Center does not support an encryption key", name, count(len(md.EncryptionCerts), "certificate"))})
		}
		if len(md.SSOServices) == 0 {
			p.Report(Finding{Message: humanf("%s has no SingleSignOnService (the IdP's sign-in URL) in an IDPSSODescriptor", name)})
		}
		checkMetadataNameIDFormats(p, name, md.NameIDFormats)
	},
}

// checkMetadataNameIDFormats reports NameIDFormats other than emailAddress:
// an error for a near-miss spelling or when emailAddress is not listed, a
// warning for other formats listed beside it.
func checkMetadataNameIDFormats(p *Pass, name string, formats []string) {
	if len(formats) == 0 {
		p.Report(Finding{Severity: Info, Message: humanf("%s lists no NameIDFormat; Identity Center expects %q", name, nameIDEmailFormat)})
		return
	}
	hasEmail := false
	for _, f := range formats {
		if f == nameIDEmailFormat {
			hasEmail = true
		}
	}
	var others []string
	for _, f := range formats {
		if f == nameIDEmailFormat {
			continue
		}
		if typo := nameIDFormatTypo(f); typo != "" {
			p.Report(Finding{Message: humanf("%s lists NameIDFormat %q, which %s; expected exactly %q", name, f, typo, nameIDEmailFormat)})
			continue
		}
		others = append(others, humanf("%q", f))
	}
	switch {
	case len(others) == 0:
	case hasEmail:
		p.Report(Finding{Severity: Warning, Message: humanf("%s also lists NameIDFormat %s besides emailAddress; Identity Center needs emailAddress: list only %q", name, strings.Join(others, ", "), nameIDEmailFormat)})
	default:
		p.Report(Finding{Message: humanf("%s lists NameIDFormat %s; expected %q", name, strings.Join(others, ", "), nameIDEmailFormat)})
	}
}

// nameIDFormatTypo says how f misspells the emailAddress format URI, or
// returns "" when f is not a near miss.
func nameIDFormatTypo(f string) string {
	want := nameIDEmailFormat
	switch {
	case f == "":
		return "is empty"
	case strings.EqualFold(f, want):
		return "differs from the emailAddress format URI only by case (URIs are case-sensitive)"
	case f == nameIDEmailSAML2:
		return "uses SAML:2.0 where the emailAddress format is defined in SAML:1.1"
	}
	if len(f) > 2*len(want) {
		return ""
	}
	d := editDistance(f, want)
	if d <= 4 {
		return fmt.Sprintf("looks like a typo of the emailAddress format URI (%s off)", count(d, "character"))
	}
	lower := strings.ToLower(f)
	if strings.Contains(lower, "email") || strings.Contains(lower, "e-mail") {
		return "looks like a misspelt emailAddress format URI"
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
