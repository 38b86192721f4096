package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
)

// SARIF 2.1.0 (OASIS Standard, https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
// constants.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// InformationURI is the address samlcheck's SARIF output names as the
	// tool's home (tool.driver.informationUri).
	InformationURI = "https://github.com/samlcheck/samlcheck"
	// srcRoot is the uriBaseId of input files given by a relative path: the
	// directory samlcheck ran in.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names samlcheck's entry in partialFingerprints.
	fingerprintKey = "samlcheckFinding/v1"
)

// SARIF writes the report as a SARIF 2.1.0 log with one run, for code
// scanning tools (GitHub code scanning, Azure DevOps, SonarQube, IDE SARIF
// viewers):
//
//   - tool.driver describes samlcheck and the rules that have results, in
//     id order (every registered rule, then the report's other rule ids,
//     with SARIFOptions.AllRules, so that a rule's ruleIndex does not
//     depend on what was found), then any other rule id a result names:
//     id, title, documentation and fix as plain text and
//     Markdown, the first documented source as helpUri, the default level,
//     and the profiles, family tag and sources as properties;
//   - each finding is a result: level "error", "warning" or "note" (info);
//     the message is the finding's text and its fix; its location is the
//     input file (a relative path under uriBaseId %SRCROOT%, an absolute one
//     as a file: URI) and, as logical locations, the HAR entry counted from
//     1 as people do ("entry 8" is log.entries[7]) and the element's XML
//     path; properties repeat entry (the index in log.entries, from 0, as
//     in JSON), message index and XML path; partialFingerprints hold a hash of rule, file, entry,
//     message, XML path and the finding's rank among equal ones, stable from
//     one run to the next;
//   - artifacts list the input files; invocations[0].executionSuccessful is
//     false when an input could not be read completely, with each reason as
//     a tool execution notification.
//
// No region is written: a SAML message in a HAR has no line number to give.
func SARIF(w io.Writer, r *checks.Report) error {
	return SARIFWith(w, r, SARIFOptions{})
}

// SARIFOptions controls the SARIF format.
type SARIFOptions struct {
	// AllRules describes every registered rule in tool.driver.rules, not
	// only those that have results: a larger log (about 270 KB) whose rule
	// indexes are the same from one run to the next.
	AllRules bool
}

// SARIFWith writes the report as SARIF, as [SARIF] does, with options.
func SARIFWith(w io.Writer, r *checks.Report, opt SARIFOptions) error {
	if r == nil {
		return errNilReport("sarif")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(buildSARIF(r, opt)); err != nil {
		return fmt.Errorf("report: sarif: %w", err)
	}
	return nil
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Artifacts          []sarifArtifact                  `json:"artifacts,omitempty"`
	Results            []sarifResult                    `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     *sarifText         `json:"shortDescription,omitempty"`
	FullDescription      *sarifText         `json:"fullDescription,omitempty"`
	Help                 *sarifText         `json:"help,omitempty"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifRuleConfig   `json:"defaultConfiguration,omitempty"`
	Properties           *sarifRuleProperty `json:"properties,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Tags     []string `json:"tags,omitempty"`
	Profiles []string `json:"profiles,omitempty"`
	Severity string   `json:"severity,omitempty"`
	// Cases are the other severities the rule's findings may carry.
	Cases   []checks.Case `json:"severityCases,omitempty"`
	Sources []checks.Ref  `json:"sources,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string           `json:"level"`
	Message    sarifText        `json:"message"`
	Descriptor *sarifDescriptor `json:"descriptor,omitempty"`
	Locations  []sarifLocation  `json:"locations,omitempty"`
}

// sarifDescriptor names a notification's kind (SARIF §3.52.4, a
// reportingDescriptorReference by id).
type sarifDescriptor struct {
	ID string `json:"id"`
}

type sarifArtifactLocation struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Index       *int       `json:"index,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifArtifact struct {
	Location   sarifArtifactLocation `json:"location"`
	Roles      []string              `json:"roles"`
	Properties *sarifArtifactProps   `json:"properties,omitempty"`
}

type sarifArtifactProps struct {
	Kind     string `json:"kind,omitempty"`
	Entries  int    `json:"entries,omitempty"`
	Messages int    `json:"messages"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId,omitempty"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	Severity     string `json:"severity"`
	Entry        *int   `json:"entry,omitempty"`
	MessageIndex *int   `json:"messageIndex,omitempty"`
	XMLPath      string `json:"xmlPath,omitempty"`
	SameCauseAs  string `json:"sameCauseAs,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind"`
}

// sarifLevel maps a severity to a SARIF level (SARIF §3.27.10): error and
// warning as themselves, info as "note".
func sarifLevel(s checks.Severity) string {
	switch s {
	case checks.Error, checks.Warning:
		return s.String()
	case checks.Info:
		return "note"
	}
	return "none"
}

func buildSARIF(r *checks.Report, opt SARIFOptions) sarifLog {
	run := sarifRun{
		Tool:    sarifTool{Driver: sarifDriver{Name: "samlcheck", Version: r.Version, InformationURI: InformationURI, Rules: []sarifRule{}}},
		Results: []sarifResult{},
	}
	ruleIndex := map[string]int{}
	for _, id := range ruleIDs(r, opt.AllRules) {
		ruleIndex[id] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(id))
	}

	artifactIndex := map[string]int{}
	for _, file := range reportFiles(r) {
		if file == "" || file == "-" {
			continue // no file, or standard input: no artifact
		}
		artifactIndex[file] = len(run.Artifacts)
		loc := artifactLocation(file, nil)
		a := sarifArtifact{Location: loc, Roles: []string{"analysisTarget"}}
		if in := input(r, file); in != nil {
			a.Properties = &sarifArtifactProps{Kind: in.Kind, Entries: in.Entries, Messages: in.Messages}
		}
		if loc.URIBaseID != "" && run.OriginalURIBaseIDs == nil {
			run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
				srcRoot: {Description: &sarifText{Text: "The directory samlcheck ran in: input files given by a relative path are relative to it."}},
			}
		}
		run.Artifacts = append(run.Artifacts, a)
	}
	physical := func(file string) *sarifPhysical {
		i, ok := artifactIndex[file]
		if !ok {
			return nil
		}
		return &sarifPhysical{ArtifactLocation: artifactLocation(file, &i)}
	}

	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, in := range r.Inputs {
		for _, e := range in.Errors {
			inv.ExecutionSuccessful = false
			n := sarifNotification{Level: "error", Message: sarifText{Text: "could not read " + in.File + ": " + e}}
			if p := physical(in.File); p != nil {
				n.Locations = []sarifLocation{{PhysicalLocation: p}}
			}
			inv.Notifications = append(inv.Notifications, n)
		}
	}
	for _, n := range r.Notices {
		sn := sarifNotification{Level: sarifLevel(n.Severity), Message: sarifText{Text: n.Message}, Descriptor: &sarifDescriptor{ID: n.Code}}
		for _, file := range n.Files {
			if p := physical(file); p != nil {
				sn.Locations = append(sn.Locations, sarifLocation{PhysicalLocation: p})
			}
		}
		inv.Notifications = append(inv.Notifications, sn)
	}
	run.Invocations = []sarifInvocation{inv}

	seen := map[string]int{}
	for _, f := range r.Findings {
		res := sarifResult{
			RuleID:     f.Rule,
			Level:      sarifLevel(f.Severity),
			Message:    sarifText{Text: findingText(f)},
			Properties: sarifResultProps{Severity: f.Severity.String(), XMLPath: f.Location.XMLPath, SameCauseAs: f.SameCauseAs},
		}
		if i, ok := ruleIndex[f.Rule]; ok {
			res.RuleIndex = &i
		}
		loc := sarifLocation{PhysicalLocation: physical(f.Location.File)}
		if f.Location.Entry >= 0 {
			res.Properties.Entry = &f.Location.Entry
			loc.LogicalLocations = append(loc.LogicalLocations, sarifLogical{Name: "entry " + strconv.Itoa(f.Location.Entry+1), Kind: "resource"})
		}
		if f.Location.MessageIndex >= 0 {
			res.Properties.MessageIndex = &f.Location.MessageIndex
		}
		if p := f.Location.XMLPath; p != "" {
			loc.LogicalLocations = append(loc.LogicalLocations, sarifLogical{Name: p[strings.LastIndex(p, "/")+1:], FullyQualifiedName: p, Kind: "element"})
		}
		if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
			res.Locations = []sarifLocation{loc}
		}
		key := strings.Join([]string{f.Rule, f.Location.File, strconv.Itoa(f.Location.Entry), strconv.Itoa(f.Location.MessageIndex), f.Location.XMLPath}, "\x00")
		rank := seen[key]
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(rank)))
		res.PartialFingerprints = map[string]string{fingerprintKey: hex.EncodeToString(sum[:16])}
		run.Results = append(run.Results, res)
	}
	return sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// findingText is a finding's message, then why (when it differs from its
// rule's documentation, which the rule's help already gives) and how to fix
// it.
func findingText(f checks.Finding) string {
	text := f.Message + sameCauseSuffix(f)
	if rule := checks.Lookup(f.Rule); f.Why != "" && (rule == nil || rule.Doc != f.Why) {
		text += "\n\nWhy: " + f.Why
	}
	if f.Fix != "" {
		text += "\n\nFix: " + f.Fix
	}
	return text
}

// ruleIDs lists the registered rules that have results (every registered
// rule when all is set), sorted by id, then every other rule id the results
// name (and, when all is set, the report's Rules name): a caller's own
// rules, sorted.
func ruleIDs(r *checks.Report, all bool) []string {
	used := map[string]bool{}
	for _, f := range r.Findings {
		used[f.Rule] = true
	}
	var ids, extra []string
	registered := map[string]bool{}
	for _, rule := range checks.All() {
		registered[rule.ID] = true
		if all || used[rule.ID] {
			ids = append(ids, rule.ID)
		}
	}
	add := func(id string) {
		if id != "" && !registered[id] && !slices.Contains(extra, id) {
			extra = append(extra, id)
		}
	}
	if all {
		for _, id := range r.Rules {
			add(id)
		}
	}
	for _, f := range r.Findings {
		add(f.Rule)
	}
	slices.Sort(extra)
	return append(ids, extra...)
}

// sarifRuleFor describes rule id: fully for a registered rule, by its id
// alone for another.
func sarifRuleFor(id string) sarifRule {
	rule := checks.Lookup(id)
	if rule == nil {
		return sarifRule{ID: id, Name: id}
	}
	d := sarifRule{
		ID:                   rule.ID,
		Name:                 rule.ID,
		ShortDescription:     &sarifText{Text: rule.Title},
		DefaultConfiguration: &sarifRuleConfig{Level: sarifLevel(rule.Severity)},
		Properties: &sarifRuleProperty{
			Tags:     []string{family(rule.ID)},
			Severity: rule.Severity.String(),
			Cases:    rule.Cases,
			Sources:  rule.Refs,
		},
	}
	for _, p := range rule.Profiles {
		d.Properties.Profiles = append(d.Properties.Profiles, string(p))
	}
	if rule.Doc != "" {
		d.FullDescription = &sarifText{Text: rule.Doc}
	}
	if len(rule.Refs) > 0 {
		d.HelpURI = rule.Refs[0].URL
	}
	var text, md strings.Builder
	text.WriteString(rule.Title)
	fmt.Fprintf(&md, "**%s**", rule.Title)
	if rule.Doc != "" {
		fmt.Fprintf(&text, "\n\n%s", rule.Doc)
		fmt.Fprintf(&md, "\n\n%s", rule.Doc)
	}
	for _, c := range rule.Cases {
		fmt.Fprintf(&text, "\n\n%s when %s.", strings.ToUpper(c.Severity.String()[:1])+c.Severity.String()[1:], c.When)
		fmt.Fprintf(&md, "\n\n**%s** when %s.", strings.ToUpper(c.Severity.String()[:1])+c.Severity.String()[1:], c.When)
	}
	if rule.Fix != "" {
		fmt.Fprintf(&text, "\n\nFix: %s", rule.Fix)
		fmt.Fprintf(&md, "\n\n**Fix:** %s", rule.Fix)
	}
	if len(rule.Refs) > 0 {
		text.WriteString("\n\nSources:")
		md.WriteString("\n\nSources:\n")
	}
	for _, ref := range rule.Refs {
		name := ref.Title
		if ref.Section != "" {
			name += ", " + ref.Section
		}
		fmt.Fprintf(&text, "\n- %s: %s", name, ref.URL)
		fmt.Fprintf(&md, "\n- [%s](%s)", markdownLinkText(name), ref.URL)
	}
	d.Help = &sarifText{Text: text.String(), Markdown: md.String()}
	return d
}

// family returns the part of a rule id before the slash: "saml", "idc", ….
func family(id string) string {
	f, _, _ := strings.Cut(id, "/")
	return f
}

// markdownLinkText escapes the characters that would end a Markdown link's
// text early.
func markdownLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// hasDrive reports whether p (after ToSlash) starts with a Windows drive
// letter: "C:/".
func hasDrive(p string) bool {
	return len(p) >= 3 && p[1] == ':' && p[2] == '/' && ('A' <= p[0] && p[0] <= 'Z' || 'a' <= p[0] && p[0] <= 'z')
}

// artifactLocation returns where file is, as SARIF wants it (SARIF §3.4):
// a relative path as a relative URI reference with uriBaseId %SRCROOT%, an
// absolute path as a file: URI; segments are percent-encoded and separators
// are forward slashes.
func artifactLocation(file string, index *int) sarifArtifactLocation {
	p := filepath.ToSlash(file)
	switch {
	case strings.HasPrefix(p, "//"): // UNC: //host/share/…
		return sarifArtifactLocation{URI: "file:" + escapeSegments(p), Index: index}
	case strings.HasPrefix(p, "/"):
		return sarifArtifactLocation{URI: "file://" + escapeSegments(p), Index: index}
	case hasDrive(p):
		return sarifArtifactLocation{URI: "file:///" + escapeSegments(p), Index: index}
	}
	uri := escapeSegments(p)
	if first, _, _ := strings.Cut(uri, "/"); strings.Contains(first, ":") {
		uri = "./" + uri // a colon in the first segment would read as a scheme
	}
	return sarifArtifactLocation{URI: uri, URIBaseID: srcRoot, Index: index}
}

func escapeSegments(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
