package checks

import (
	"strings"
	"unicode/utf8"

	"github.com/samlcheck/samlcheck/saml"
)

// Session tag limits (id_session-tags.html).
const (
	maxSessionTags     = 50
	maxSessionTagKey   = 128
	maxSessionTagValue = 256
)

var iamSessionTagsRule = &Rule{
	ID:       "iam/session-tags",
	Title:    "PrincipalTag session tags break the session-tag limits",
	Severity: Error,
	Cases: []Case{
		{Severity: Warning, When: "TransitiveTagKeys names a tag not sent, or two tag keys differ only by case"},
	},
	Profiles: iamProfiles,
	Doc: "Attributes named https://aws.amazon.com/SAML/Attributes/PrincipalTag:<key> become session tags. AWS " +
		"accepts at most 50 of them, keys of at most 128 characters not beginning with aws:, and one value of at " +
		"most 256 characters per tag; a tag over a limit fails the sign-in. Tag keys are case-insensitive, so two " +
		"keys differing only by case collide, and TransitiveTagKeys should name tags that are actually sent.",
	Fix: "Send at most 50 PrincipalTag attributes, each with one value (join multiple values into one string), keys " +
		"up to 128 characters without the aws: prefix and values up to 256 characters; make TransitiveTagKeys list only " +
		"keys sent as PrincipalTag attributes.",
	Refs: []Ref{
		iamSessionTags.at("Session tagging overview (limits: 50 tags, keys 128 and values 256 characters, aws: prefix reserved)"),
		iamSessionTags.at("Passing session tags using AssumeRoleWithSAML"),
		iamAssertions.at("PrincipalTag SAML attribute; TransitiveTagKeys SAML attribute"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			checkSessionTags(p, a)
		}
	},
}

// checkSessionTags reports what breaks the session-tag limits in a.
func checkSessionTags(p *Pass, a *saml.Assertion) {
	keys := map[string]string{} // lower-case key → key as first sent
	var order []string
	for _, at := range a.Attributes {
		key, ok := strings.CutPrefix(at.Name, iamPrincipalTagAttr)
		if !ok {
			continue
		}
		el := at.Element
		lower := strings.ToLower(key)
		if prev, seen := keys[lower]; seen {
			if prev == key {
				iamReport(p, Error, el, "session tag %q is sent by two PrincipalTag attributes; a tag has one value", key)
			} else {
				iamReport(p, Warning, el, "session tag keys %q and %q differ only by case; tag keys are case-insensitive, so they collide", prev, key)
			}
		} else {
			keys[lower] = key
			order = append(order, key)
		}
		switch n := utf8.RuneCountInString(key); {
		case n == 0:
			iamReport(p, Error, el, "attribute %q has an empty tag key", at.Name)
		case n > maxSessionTagKey:
			iamReport(p, Error, el, "session tag key %q is %d characters, %d over the maximum of %d", clip(key, 40), n, n-maxSessionTagKey, maxSessionTagKey)
		}
		if strings.HasPrefix(lower, "aws:") {
			iamReport(p, Error, el, "session tag key %q begins with the reserved prefix aws:", key)
		}
		switch len(at.Values) {
		case 0:
			iamReport(p, Error, el, "session tag %q has no AttributeValue; expected exactly one", key)
		case 1:
		default:
			iamReport(p, Error, el, "session tag %q has %d values; a session tag has exactly one (join the values into one string)", key, len(at.Values))
		}
		for _, v := range at.Values {
			if v.HasElements {
				iamReport(p, Error, v.Element, "session tag %q has a value holding XML; expected text", key)
			} else if n := utf8.RuneCountInString(v.Text); n > maxSessionTagValue {
				iamReport(p, Error, v.Element, "session tag %q has a value of %d characters, %d over the maximum of %d", key, n, n-maxSessionTagValue, maxSessionTagValue)
			}
		}
	}
	if n := len(order); n > maxSessionTags {
		iamReport(p, Error, a.Element, "assertion %s passes %d session tags (PrincipalTag attributes), %d over the maximum of %d", a.ID, n, n-maxSessionTags, maxSessionTags)
	}
	vals, _ := iamValues(a, iamTransitiveTagAttr)
	for _, v := range vals {
		k := strings.TrimSpace(v.Text)
		if _, ok := keys[strings.ToLower(k)]; !ok {
			iamReport(p, Warning, v.Element, "TransitiveTagKeys names %q, but no PrincipalTag:%s attribute is sent (tags sent: %s)", k, k, quotedKeys(order))
		}
	}
}

// quotedKeys lists keys quoted, or says "none".
func quotedKeys(keys []string) string {
	if len(keys) == 0 {
		return "none"
	}
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = humanf("%q", k)
	}
	return strings.Join(q, ", ")
}
