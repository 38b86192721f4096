package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samlcheck/samlcheck/saml"
)

// short returns the last part of a status code URI.
func short(code string) string {
	return code[strings.LastIndex(code, ":")+1:]
}

// issuerDifference names the near-miss between two entity IDs, or "".
func issuerDifference(got, want string) string {
	g, w := strings.TrimSpace(got), strings.TrimSpace(want)
	switch {
	case g != got || w != want:
		if g == w {
			return " (they differ only by white space around the value)"
		}
	case strings.TrimSuffix(g, "/") == strings.TrimSuffix(w, "/"):
		return " (they differ only by a trailing slash)"
	case strings.EqualFold(g, w):
		return " (they differ only by case)"
	case strings.TrimPrefix(strings.TrimPrefix(g, "https://"), "http://") == strings.TrimPrefix(strings.TrimPrefix(w, "https://"), "http://"):
		return " (they differ only by the scheme, http vs https)"
	}
	return ""
}

// allProfiles lists every concrete profile: the saml/* rules run under all.
var allProfiles = []Profile{IdentityCenter, IAM, Connect, SAML}

// postedTo returns the URLs the message was really sent to, as the capture
// shows them: the URL of a form POST and the action of an auto-post form.
func postedTo(e *saml.Encoded) []string {
	sightings := e.Sightings
	if len(sightings) == 0 {
		sightings = []saml.Source{e.Source}
	}
	var out []string
	for _, s := range sightings {
		var u string
		switch s.Where {
		case saml.InForm:
			u = s.URL
		case saml.InHTML:
			u = s.Target
		}
		if u = stripQuery(u); u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// expectedACS returns the ACS URLs the configuration expects and where they
// come from: --acs wins over the SP metadata's AssertionConsumerService
// locations.
func expectedACS(p *Pass) ([]string, string) {
	c := p.Config
	p.use(GivenACS, GivenSPMetadata)
	if c.ACS != "" {
		return []string{c.ACS}, "--acs"
	}
	if c.SPMetadata != nil {
		var out []string
		for _, e := range c.SPMetadata.ACSs {
			out = append(out, e.Location)
		}
		if len(out) > 0 {
			return out, "SP metadata " + c.SPMetadata.File
		}
	}
	return nil, ""
}

// expectedAudience returns the audience the configuration expects and where
// it comes from: --audience wins over the SP metadata's entityID.
func expectedAudience(p *Pass) (string, string) {
	p.use(GivenAudience, GivenSPMetadata)
	return flagOrEntityID(p.Config.Audience, "--audience", p.Config.SPMetadata, "SP")
}

// flagOrEntityID returns value and flag when value is set, else the
// entityID of md (the metadata of party, "IdP" or "SP") and where it comes
// from, else "", "".
func flagOrEntityID(value, flag string, md *saml.Metadata, party string) (string, string) {
	if value != "" {
		return value, flag
	}
	if md != nil && md.EntityID != "" {
		return md.EntityID, party + " metadata " + md.File
	}
	return "", ""
}

// bearerData returns the SubjectConfirmationData of each bearer
// SubjectConfirmation of a (nil when a bearer confirmation has none).
func bearerConfirmations(a *saml.Assertion) []saml.SubjectConfirmation {
	if a.Subject == nil {
		return nil
	}
	var out []saml.SubjectConfirmation
	for _, sc := range a.Subject.Confirmations {
		if sc.Method == methodBearer {
			out = append(out, sc)
		}
	}
	return out
}

const methodBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"

// human formats a duration for people: rounded to the second, "4m12s".
func human(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < 48*time.Hour:
		return d.Round(time.Second).String()
	}
	days := d / (24 * time.Hour)
	return fmt.Sprintf("%d days %s", days, (d - days*24*time.Hour).Round(time.Minute))
}
