package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks/users"
)

// Given names an input of a run besides the messages, by the samlcheck
// flag that gives it (the Config field of the same name).
type Given string

// The inputs rules declare in Rule.Uses.
const (
	GivenUsers       Given = "--users"
	GivenIdPCert     Given = "--idp-cert"
	GivenIdPMetadata Given = "--idp-metadata"
	GivenSPMetadata  Given = "--sp-metadata"
	GivenACS         Given = "--acs"
	GivenIssuer      Given = "--issuer"
	GivenAudience    Given = "--audience"
	GivenABAC        Given = "--abac"
	GivenSPKey       Given = "--sp-key"
)

// given returns the inputs cfg holds, in flag order, each with the value
// to name it by (a file name, a URL, or "").
func given(cfg *Config) []struct {
	in    Given
	value string
} {
	type gv = struct {
		in    Given
		value string
	}
	var out []gv
	if cfg.Users != nil {
		out = append(out, gv{GivenUsers, cfg.Users.Source})
	}
	if len(cfg.IdPCerts) > 0 {
		out = append(out, gv{GivenIdPCert, ""})
	}
	if cfg.IdPMetadata != nil {
		out = append(out, gv{GivenIdPMetadata, cfg.IdPMetadata.File})
	}
	if cfg.SPMetadata != nil {
		out = append(out, gv{GivenSPMetadata, cfg.SPMetadata.File})
	}
	if cfg.ACS != "" {
		out = append(out, gv{GivenACS, cfg.ACS})
	}
	if cfg.Issuer != "" {
		out = append(out, gv{GivenIssuer, cfg.Issuer})
	}
	if cfg.Audience != "" {
		out = append(out, gv{GivenAudience, cfg.Audience})
	}
	if cfg.ABAC {
		out = append(out, gv{GivenABAC, ""})
	}
	if len(cfg.SPKeys) > 0 {
		out = append(out, gv{GivenSPKey, ""})
	}
	return out
}

// Notice is something the report says about the run's inputs rather than
// about a message: an input no rule used, a users list that may be
// incomplete. Notices are not findings: no rule reports them and they do
// not change the exit code.
type Notice struct {
	// Severity is Info or Warning.
	Severity Severity `json:"severity"`
	// Code is a stable name of the kind of notice: "unused-input",
	// "users-incomplete", "users-pages".
	Code string `json:"code"`
	// Input is the flag of the input concerned ("--users") and Value its
	// value (a file name, a URL), if any.
	Input string `json:"input,omitempty"`
	Value string `json:"value,omitempty"`
	// Files are the input files of the run the notice concerns.
	Files []string `json:"files,omitempty"`
	// Message says what happened and what to do.
	Message string `json:"message"`
}

// The codes of Notice.Code: stable names a program reading a report can
// switch on.
const (
	// NoticeUnusedInput is the code of a notice about an input given
	// (--users, --acs, …) that no rule consulted for any message of the run.
	NoticeUnusedInput = "unused-input"
	// NoticeUsersIncomplete is the code of a notice that the --users list
	// may be incomplete (users.List.Incomplete says why: a CLI output with a
	// NextToken is one page of several), so a name missing from it is a
	// warning, not an error.
	NoticeUsersIncomplete = "users-incomplete"
	// NoticeUsersPages is the code of a notice that the --users list holds
	// several JSON documents, read as pages of one list.
	NoticeUsersPages = "users-pages"
)

// runNotices returns the notices of one run: each given input that no rule
// consulted (Pass.use) while checking the messages, and what the users
// list's shape says.
func runNotices(cfg *Config, rules []*Rule, rep *Report, files []string) []Notice {
	var out []Notice
	if u := cfg.Users; u != nil {
		if u.Incomplete != "" {
			out = append(out, Notice{Severity: Warning, Code: NoticeUsersIncomplete, Input: string(GivenUsers), Value: u.Source, Files: files,
				Message: fmt.Sprintf("the users list %s may be incomplete: %s; a name missing from it is reported as a warning, not an error", u.Source, u.Incomplete)})
		}
		if u.Pages > 1 {
			out = append(out, Notice{Severity: Info, Code: NoticeUsersPages, Input: string(GivenUsers), Value: u.Source, Files: files,
				Message: fmt.Sprintf("the users list %s holds %d JSON documents, read as pages of one list (%s)", u.Source, u.Pages, count(len(u.Names), "user"))})
		}
	}
	var profiles []Profile
	for _, m := range rep.Messages {
		if m.DecodeError == "" && !slices.Contains(profiles, m.Profile.Profile) {
			profiles = append(profiles, m.Profile.Profile)
		}
	}
	used := map[Given]bool{}
	for _, gs := range rep.used {
		for _, g := range gs {
			used[g] = true
		}
	}
	for _, g := range given(cfg) {
		if used[g.in] {
			continue
		}
		var readers []*Rule
		for _, r := range rules {
			if r.Run != nil && slices.Contains(r.Uses, g.in) {
				readers = append(readers, r)
			}
		}
		var ranReaders []string
		for _, r := range readers {
			if slices.ContainsFunc(rep.Messages, func(m MessageSummary) bool { return slices.Contains(m.Rules, r.ID) }) {
				ranReaders = append(ranReaders, r.ID)
			}
		}
		msg := unusedReason(cfg, g.in, g.value, readers, profiles, len(rep.Messages))
		if len(ranReaders) > 0 {
			msg = fmt.Sprintf("%s was not used: %s ran, but no message needed it (%s)", nameOf(g.in, g.value), strings.Join(ranReaders, ", "), needs(g.in))
		}
		out = append(out, Notice{Severity: Info, Code: NoticeUnusedInput, Input: string(g.in), Value: g.value, Files: files, Message: msg})
	}
	return out
}

// unusedReason says why input in went unused and what would use it.
func unusedReason(cfg *Config, in Given, value string, readers []*Rule, profiles []Profile, messages int) string {
	name := nameOf(in, value)
	if messages == 0 {
		return name + " was not used: no SAML message was checked"
	}
	if len(readers) == 0 {
		return name + " was not used: no rule of this run reads it"
	}
	var ps []string
	for _, p := range profiles {
		ps = append(ps, string(p))
	}
	what := "profile " + strings.Join(ps, ", ")
	if len(ps) > 1 {
		what = "profiles " + strings.Join(ps, ", ")
	}
	if len(ps) == 0 {
		return name + " was not used: no message decoded"
	}
	// The readers grouped by the profiles they run under, in order.
	var groups []string
	byGroup := map[string][]string{}
	var want []Profile
	for _, r := range readers {
		g := profileNames(r.Profiles)
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], r.ID)
		for _, p := range r.Profiles {
			if !slices.Contains(want, p) && suits(cfg, in, p) {
				want = append(want, p)
			}
		}
	}
	var by []string
	for _, g := range groups {
		by = append(by, fmt.Sprintf("%s (%s)", strings.Join(byGroup[g], ", "), g))
	}
	msg := fmt.Sprintf("%s was not used: %s does not %s; only %s %s", name, what, readsWhat(in), strings.Join(by, ", "), verb(len(readers)))
	if len(want) > 0 {
		var flags []string
		for _, p := range want {
			flags = append(flags, "--profile "+string(p))
		}
		msg += "; use " + strings.Join(flags, " or ")
	}
	return msg
}

// suits reports whether profile p fits the input: a users list of a known
// kind suits only its own service's profile.
func suits(cfg *Config, in Given, p Profile) bool {
	if in != GivenUsers || cfg.Users == nil {
		return true
	}
	switch cfg.Users.Kind {
	case users.Connect:
		return p == Connect
	case users.IdentityStore:
		return p == IdentityCenter
	}
	return true
}

// readsWhat says what the rules reading an input do with it.
func readsWhat(in Given) string {
	switch in {
	case GivenUsers:
		return "match NameIDs or RoleSessionNames against users"
	case GivenABAC:
		return "check attributes for access control"
	case GivenIdPMetadata:
		return "check IdP metadata"
	case GivenSPKey:
		return "decrypt EncryptedAssertions"
	}
	return "read " + string(in)
}

func verb(n int) string {
	if n == 1 {
		return "does"
	}
	return "do"
}

func profileNames(ps []Profile) string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p))
	}
	return strings.Join(out, ", ")
}

// mergeNotices merges notices that say the same about the same input into
// one naming all their files, keeping the first one's place.
func mergeNotices(ns []Notice) []Notice {
	var out []Notice
	for _, n := range ns {
		i := slices.IndexFunc(out, func(o Notice) bool {
			return o.Code == n.Code && o.Input == n.Input && o.Value == n.Value && o.Message == n.Message && o.Severity == n.Severity
		})
		if i < 0 {
			n.Files = slices.Clone(n.Files)
			out = append(out, n)
			continue
		}
		for _, f := range n.Files {
			if !slices.Contains(out[i].Files, f) {
				out[i].Files = append(out[i].Files, f)
			}
		}
	}
	return out
}

// nameOf names a given input: its flag and value.
func nameOf(in Given, value string) string {
	if value == "" {
		return string(in)
	}
	return string(in) + " " + value
}

// needs says which messages an input is read for.
func needs(in Given) string {
	switch in {
	case GivenUsers:
		return "it is read for a Response with a NameID or RoleSessionName"
	case GivenIdPCert:
		return "it is read for a signed message"
	case GivenIdPMetadata:
		return "it is read for a signed message, or an Issuer to compare"
	case GivenABAC:
		return "it is read for an assertion with attributes"
	case GivenSPKey:
		return "it is read for a Response with an EncryptedAssertion"
	}
	return "it is read for a Response"
}
