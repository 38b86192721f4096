// Package diff compares two SAML logins, a GOOD one that works and a BAD
// one that does not, as models rather than as XML text: "why does it work
// for Bob and not for Alice?".
//
// [Analyze] reads an input as samlcheck check does (a HAR, a message as
// XML, Base64, URL-encoded text, a form body) into a [Side]: the report of
// the checks and the decoded messages behind it. [Diff], a pure function
// of two sides, pairs their messages (Response with Response, AuthnRequest
// with AuthnRequest, by their position in the flow) and lists the
// differences, ranked: first those a rule judges (a rule fires on one side
// only, next to the field difference that explains it), then structural
// ones no rule judges, then cosmetic ones.
//
// Values that differ for every user or every login (IDs, instants, the
// NameID value, signature values) are no differences: their shape is
// compared instead (an e-mail against DOMAIN\user; see [Shape]).
package diff

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/saml"
)

// SchemaVersion is the version of the JSON form of a [Result]; it changes
// only when a property is removed or changes meaning.
const SchemaVersion = "1"

// Side is one analysed input: the report of the checks and, for each of
// its messages, the decoded message.
type Side struct {
	// Name is the input as the user named it.
	Name string
	// Report is the report of the checks on the input.
	Report *checks.Report
	// Messages holds, for Report.Messages[i], the decoded message (nil
	// when it did not decode); Encoded the message as found.
	Messages []*saml.Message
	Encoded  []*saml.Encoded
	// Choose, when 1 or more, names the message (1-based, as the text
	// report numbers them) to compare: --message N.
	Choose int
}

// Kind ranks a difference.
type Kind string

// The kinds of difference, in the order they are shown.
const (
	// KindRule is a difference a rule judges: the rule fires on one side
	// only with a warning or an error. (A rule's Info finding, a hint such
	// as "no users list given", is shown beside the difference it explains
	// but ranks none; alone it is cosmetic.)
	KindRule Kind = "rule"
	// KindStructural is a difference of the model no rule judges.
	KindStructural Kind = "structural"
	// KindCosmetic is a difference that does not change what a service
	// provider reads (namespace prefixes, sizes, canonicalization).
	KindCosmetic Kind = "cosmetic"
)

// Result is what Diff finds.
type Result struct {
	// SchemaVersion is the version of this structure's JSON form.
	SchemaVersion string `json:"schemaVersion"`
	// Good and Bad name the inputs.
	Good string `json:"good"`
	Bad  string `json:"bad"`
	// Pairs are the messages compared with each other, and those of one
	// side without a counterpart.
	Pairs []Pair `json:"pairs"`
	// Differences are ranked: rule, then structural, then cosmetic.
	Differences []Difference `json:"differences"`
	// NotCompared says which values are compared by their shape only.
	NotCompared string `json:"notCompared"`
}

// Pair is a message of GOOD and its counterpart in BAD.
type Pair struct {
	// Kind is the messages' kind.
	Kind saml.Kind `json:"kind"`
	// Good and Bad are the messages' report indexes (0-based); nil for a
	// message without a counterpart.
	Good *int `json:"good"`
	Bad  *int `json:"bad"`
	// How says how they were paired.
	How string `json:"how"`
}

// Difference is one property that differs between the sides.
type Difference struct {
	// Kind ranks it.
	Kind Kind `json:"kind"`
	// Pair is the index in Result.Pairs of the messages it concerns; -1
	// for the login as a whole (the error page it ended on).
	Pair int `json:"pair"`
	// Field is the property's stable key ("nameid.format",
	// "attribute:https://aws.amazon.com/SAML/Attributes/Role.count");
	// Label names it for people.
	Field string `json:"field"`
	Label string `json:"label"`
	// Good and Bad are the values compared; nil where the side has no
	// such property.
	Good *string `json:"good"`
	Bad  *string `json:"bad"`
	// Shape reports values compared by their shape (per-user values).
	Shape bool `json:"shape,omitempty"`
	// Rules lists the ids of the rules that judge it, and Findings their
	// findings on the side they fire on (each finding once, at the first
	// difference that explains it).
	Rules    []string  `json:"rules,omitempty"`
	Findings []Finding `json:"findings,omitempty"`

	// covers are the keys of the properties folded into this difference
	// (those of an attribute or assertion one side lacks).
	covers []string
	// goodPath and badPath are the XML paths the field was read from on
	// each side (see field.path).
	goodPath, badPath string
}

// pointedAt reports whether finding f of a rule explainedBy does not know
// points at the element difference d was read from, or inside it.
func (d *Difference) pointedAt(f checks.Finding, side string) bool {
	if known(f.Rule) || f.Location.XMLPath == "" {
		return false
	}
	p := d.badPath
	if side == "good" {
		p = d.goodPath
	}
	return p != "" && (f.Location.XMLPath == p || strings.HasPrefix(f.Location.XMLPath, p+"/"))
}

// explainedBy reports whether the difference of d, or of a property
// folded into it, explains rule's firing.
func (d *Difference) explainedBy(rule string) bool {
	if explains(rule, d.Field) {
		return true
	}
	for _, k := range d.covers {
		if explains(rule, k) {
			return true
		}
	}
	return false
}

// Finding is a rule's finding on one side only, or on both sides with a
// different severity (OtherSeverity is then the other side's).
type Finding struct {
	Rule          string          `json:"rule"`
	Side          string          `json:"side"` // "good" or "bad"
	Severity      checks.Severity `json:"severity"`
	Message       string          `json:"message"`
	OtherSeverity checks.Severity `json:"otherSeverity,omitempty"`
}

// HasChanges reports whether a difference is judged by a rule or changes
// the structure (the exit code 1 of samlcheck diff).
func (r *Result) HasChanges() bool {
	for _, d := range r.Differences {
		if d.Kind != KindCosmetic {
			return true
		}
	}
	return false
}

// Count returns the number of differences of kind k.
func (r *Result) Count(k Kind) int {
	n := 0
	for _, d := range r.Differences {
		if d.Kind == k {
			n++
		}
	}
	return n
}

// offWireNote says what is not compared for a message not seen on the wire.
const offWireNote = "a side was not captured on the wire (a file or a pasted value): binding, where it was posted, RelayState and clock skew are not compared"

// notCompared is Result.NotCompared.
const notCompared = "IDs, instants, the NameID value, attribute values other than AWS Role and SessionDuration, signature and digest values differ per user or per login: they are compared by their shape only (e-mail, DOMAIN\\user, GUID, opaque; case)"

// Diff compares good with bad. It reads nothing but its arguments; a nil
// side, or one without a report, is a side without messages.
func Diff(good, bad *Side) *Result {
	good, bad = orEmpty(good), orEmpty(bad)
	res := &Result{SchemaVersion: SchemaVersion, Good: good.Name, Bad: bad.Name, Pairs: []Pair{}, Differences: []Difference{}, NotCompared: notCompared}
	res.Pairs = pairMessages(good, bad)
	for pi, p := range res.Pairs {
		res.Differences = append(res.Differences, comparePair(good, bad, pi, p)...)
		if p.Good != nil && p.Bad != nil {
			g, _, _ := sideMessage(good, *p.Good)
			b, _, _ := sideMessage(bad, *p.Bad)
			if (g.Binding == saml.BindingNone) != (b.Binding == saml.BindingNone) {
				res.Pairs[pi].How += "; " + offWireNote
			}
		}
	}
	res.Differences = append(res.Differences, compareLogins(good, bad)...)
	rank(res.Differences)
	return res
}

func orEmpty(s *Side) *Side {
	if s == nil {
		s = &Side{}
	}
	if s.Report == nil {
		c := *s
		c.Report = &checks.Report{}
		s = &c
	}
	return s
}

// rank sorts rule-judged differences first (the most severe rule first;
// a difference that only names a rule told elsewhere ranks with it), then
// structural, then cosmetic ones, keeping the fields' order within.
func rank(ds []Difference) {
	order := map[Kind]int{KindRule: 0, KindStructural: 1, KindCosmetic: 2}
	sev := map[string]checks.Severity{}
	for _, d := range ds {
		for _, f := range d.Findings {
			sev[f.Rule] = max(sev[f.Rule], f.Severity)
		}
	}
	severity := func(d Difference) checks.Severity {
		var s checks.Severity
		for _, id := range d.Rules {
			s = max(s, sev[id])
		}
		return s
	}
	slices.SortStableFunc(ds, func(a, b Difference) int {
		return cmp.Or(cmp.Compare(order[a.Kind], order[b.Kind]), -cmp.Compare(severity(a), severity(b)))
	})
}

// candidate is a message of a side that takes part in pairing.
type candidate struct {
	index int // report index
	kind  saml.Kind
	nth   int // its position among the side's messages of that kind, from 1
	// undecoded marks a message that did not decode (its kind guessed
	// from its parameter's name, if any).
	undecoded bool
}

// guessKind returns the kind a message that did not decode was sent as:
// a SAMLResponse is a Response, a SAMLRequest most likely an AuthnRequest.
func guessKind(m checks.MessageSummary) saml.Kind {
	switch strings.ToLower(m.Param) {
	case "samlresponse":
		return saml.KindResponse
	case "samlrequest":
		return saml.KindAuthnRequest
	}
	return ""
}

func candidates(s *Side) []candidate {
	var out []candidate
	n := map[saml.Kind]int{}
	for _, m := range s.Report.Messages {
		k := m.Kind
		if k == "" {
			k = guessKind(m)
		}
		n[k]++
		out = append(out, candidate{index: m.Index, kind: k, nth: n[k], undecoded: m.Kind == ""})
	}
	return out
}

// pairMessages pairs the messages of the sides: the n-th message of a kind
// in GOOD with the n-th of that kind in BAD (their flow position); with
// --message N on a side, that message with the other side's chosen one or
// its first of the same kind.
func pairMessages(good, bad *Side) []Pair {
	gs, bs := candidates(good), candidates(bad)
	chosen := func(cs []candidate, n int) *candidate {
		if n >= 1 && n <= len(cs) {
			return &cs[n-1]
		}
		return nil
	}
	g, b := chosen(gs, good.Choose), chosen(bs, bad.Choose)
	if g != nil || b != nil {
		how := "chosen with --message"
		if g == nil {
			g = firstOf(gs, b.kind)
			how = fmt.Sprintf("BAD's message %d chosen with --message; GOOD's first %s", b.index+1, kindName(b.kind))
		} else if b == nil {
			b = firstOf(bs, g.kind)
			how = fmt.Sprintf("GOOD's message %d chosen with --message; BAD's first %s", g.index+1, kindName(g.kind))
		}
		p := Pair{How: how}
		if g != nil {
			p.Kind, p.Good = g.kind, ptr(g.index)
		}
		if b != nil {
			p.Kind, p.Bad = b.kind, ptr(b.index)
		}
		return []Pair{p}
	}
	var pairs []Pair
	used := map[int]bool{}
	for _, gc := range gs {
		p := Pair{Kind: gc.kind, Good: ptr(gc.index)}
		for _, bc := range bs {
			if !used[bc.index] && bc.kind == gc.kind && bc.nth == gc.nth {
				used[bc.index] = true
				p.Bad = ptr(bc.index)
				p.How = fmt.Sprintf("by flow position: the %s %s of each side", ordinal(gc.nth), kindName(gc.kind))
				break
			}
		}
		if p.Bad == nil {
			p.How = fmt.Sprintf("BAD has no %s %s", ordinal(gc.nth), kindName(gc.kind))
		}
		pairs = append(pairs, p)
	}
	// A message that did not decode, of a kind not known, is compared
	// with the other side's first message left without a counterpart.
	for i := range pairs {
		p := &pairs[i]
		if p.Bad != nil {
			continue
		}
		gc := candidateOf(gs, *p.Good)
		for _, bc := range bs {
			if !used[bc.index] && (gc.undecoded && gc.kind == "" || bc.undecoded && bc.kind == "") {
				used[bc.index] = true
				p.Bad = ptr(bc.index)
				if p.Kind == "" {
					p.Kind = bc.kind
				}
				p.How = "a message that did not decode, with the other side's first message left unpaired"
				break
			}
		}
	}
	for _, bc := range bs {
		if !used[bc.index] {
			pairs = append(pairs, Pair{Kind: bc.kind, Bad: ptr(bc.index), How: fmt.Sprintf("GOOD has no %s %s", ordinal(bc.nth), kindName(bc.kind))})
		}
	}
	return pairs
}

func candidateOf(cs []candidate, index int) candidate {
	for _, c := range cs {
		if c.index == index {
			return c
		}
	}
	return candidate{}
}

func firstOf(cs []candidate, k saml.Kind) *candidate {
	for i := range cs {
		if cs[i].kind == k {
			return &cs[i]
		}
	}
	return nil
}

func kindName(k saml.Kind) string {
	if k == "" {
		return "message that did not decode"
	}
	return string(k)
}

func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}

func ptr[T any](v T) *T { return &v }

// sideMessage returns the summary, model and encoded form of the message
// with report index i.
func sideMessage(s *Side, i int) (checks.MessageSummary, *saml.Message, *saml.Encoded) {
	for j, m := range s.Report.Messages {
		if m.Index == i {
			var msg *saml.Message
			var enc *saml.Encoded
			if j < len(s.Messages) {
				msg = s.Messages[j]
			}
			if j < len(s.Encoded) {
				enc = s.Encoded[j]
			}
			return m, msg, enc
		}
	}
	return checks.MessageSummary{}, nil, nil
}

// comparePair compares the messages of pair p (index pi).
func comparePair(good, bad *Side, pi int, p Pair) []Difference {
	if p.Good == nil || p.Bad == nil {
		side, idx := "GOOD", p.Good
		if p.Good == nil {
			side, idx = "BAD", p.Bad
		}
		v := fmt.Sprintf("%s message %d", kindName(p.Kind), *idx+1)
		d := Difference{Kind: KindStructural, Pair: pi, Field: "message", Label: "message (" + side + " only)"}
		if p.Good != nil {
			d.Good = &v
		} else {
			d.Bad = &v
		}
		return []Difference{d}
	}
	gsum, gm, ge := sideMessage(good, *p.Good)
	bsum, bm, be := sideMessage(bad, *p.Bad)
	gf, bf := messageFacts(gsum, gm, ge), messageFacts(bsum, bm, be)
	offWire := gsum.Binding == saml.BindingNone || bsum.Binding == saml.BindingNone
	undecoded := gm == nil || bm == nil
	var ds []Difference
	folded := map[string]int{} // a parent's key to its difference
	for _, k := range fieldKeys(gf, bf) {
		g, gok := gf.get(k)
		b, bok := bf.get(k)
		f := g
		if !gok {
			f = b
		}
		if f.wire && offWire {
			continue // a file or a pasted value shows no transport
		}
		if undecoded && !envelope[k] {
			continue // a message that did not decode has no content to compare
		}
		if i, ok := folded[ancestorMissing(gf, bf, f)]; ok {
			// A property of a parent one side lacks: told by the parent.
			ds[i].covers = append(ds[i].covers, k)
			continue
		}
		if gok && bok && g.value == b.value {
			continue
		}
		d := Difference{Kind: KindStructural, Pair: pi, Field: k, goodPath: g.path, badPath: b.path}
		d.Label, d.Shape = f.label, f.perUser
		if f.class == cosmetic {
			d.Kind = KindCosmetic
		}
		switch {
		case gok && bok:
			d.Good, d.Bad = ptr(g.value), ptr(b.value)
		case gok:
			d.Good, d.Shape = ptr(cmp.Or(g.detail, g.value)), f.perUser && g.detail == ""
			folded[k] = len(ds)
		default:
			d.Bad, d.Shape = ptr(cmp.Or(b.detail, b.value)), f.perUser && b.detail == ""
			folded[k] = len(ds)
		}
		ds = append(ds, d)
	}
	gr, br := findingsOf(good.Report, *p.Good), findingsOf(bad.Report, *p.Bad)
	return judge(ds, pi, gr, br)
}

// envelope are the fields of a message that did not decode.
var envelope = map[string]bool{"decode": true, "binding": true, "posted-to": true, "relay-state": true, "size": true}

// ancestorMissing returns the key of the outermost ancestor of f that one
// of the sides lacks, or "".
func ancestorMissing(a, b *facts, f field) string {
	missing := ""
	for p, depth := f.parent, 0; p != "" && depth < 8; depth++ {
		pa, aok := a.get(p)
		pb, bok := b.get(p)
		if !aok || !bok {
			missing = p
		}
		if aok {
			p = pa.parent
		} else {
			p = pb.parent
		}
	}
	return missing
}

// fieldKeys returns the keys of both, GOOD's order first.
func fieldKeys(a, b *facts) []string {
	var keys []string
	for _, f := range a.fields {
		keys = append(keys, f.key)
	}
	for _, f := range b.fields {
		if _, ok := a.index[f.key]; !ok {
			keys = append(keys, f.key)
		}
	}
	return keys
}

// findingsOf returns the findings of the message with report index i
// (every finding for i = -1: the capture's), by rule id, the first of
// each rule.
func findingsOf(r *checks.Report, i int) map[string]checks.Finding {
	out := map[string]checks.Finding{}
	for _, f := range r.Findings {
		if f.Location.MessageIndex != i {
			continue
		}
		if old, ok := out[f.Rule]; !ok || f.Severity > old.Severity {
			out[f.Rule] = f
		}
	}
	return out
}

// judge marks the field differences explained by rules firing on one side
// only, and adds a difference for each such rule no field explains.
func judge(ds []Difference, pi int, good, bad map[string]checks.Finding) []Difference {
	type fired struct {
		f     checks.Finding
		side  string
		other checks.Severity // the rule's severity on the other side, if it fires there
	}
	var only []fired
	// onlyOn adds the rules that fire on side (findings here) and not on
	// the other one (there), or at a higher severity.
	onlyOn := func(side string, here, there map[string]checks.Finding) {
		for _, id := range sortedKeys(here) {
			o, ok := there[id]
			switch {
			case !ok:
				only = append(only, fired{f: here[id], side: side})
			case here[id].Severity > o.Severity:
				only = append(only, fired{f: here[id], side: side, other: o.Severity})
			}
		}
	}
	onlyOn("bad", bad, good)
	onlyOn("good", good, bad)
	for _, o := range only {
		// A hint (Info: no users list given, no capture time) shows
		// beside the difference it explains but ranks none by itself.
		hint := o.f.Severity < checks.Warning
		explained := false
		for i := range ds {
			if ds[i].Kind == KindCosmetic && !explainsCosmetic(o.f.Rule) && !hint || !ds[i].explainedBy(o.f.Rule) && !ds[i].pointedAt(o.f, o.side) {
				continue
			}
			if !hint {
				ds[i].Kind = KindRule
			}
			ds[i].Rules = append(ds[i].Rules, o.f.Rule)
			if !explained {
				// The finding is told once, at the first field that
				// explains it; the others name the rule.
				ds[i].Findings = append(ds[i].Findings, Finding{Rule: o.f.Rule, Side: o.side, Severity: o.f.Severity, Message: o.f.Message, OtherSeverity: o.other})
			}
			explained = true
		}
		if !explained {
			yes, no := "reported", "not reported"
			d := Difference{Kind: KindRule, Pair: pi, Field: "rule:" + o.f.Rule, Label: "rule " + o.f.Rule,
				Rules:    []string{o.f.Rule},
				Findings: []Finding{{Rule: o.f.Rule, Side: o.side, Severity: o.f.Severity, Message: o.f.Message, OtherSeverity: o.other}}}
			if hint {
				d.Kind = KindCosmetic
			}
			if o.other != 0 {
				no = o.other.String()
				yes = o.f.Severity.String()
			}
			if o.side == "bad" {
				d.Good, d.Bad = &no, &yes
			} else {
				d.Good, d.Bad = &yes, &no
			}
			ds = append(ds, d)
		}
	}
	for i := range ds {
		slices.SortStableFunc(ds[i].Findings, func(a, b Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	}
	return ds
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// compareLogins compares what the captures say besides their messages:
// the error page each login ended on (the error/* rules).
func compareLogins(good, bad *Side) []Difference {
	gp, bp := errorPages(good.Report), errorPages(bad.Report)
	if gp == bp {
		return nil
	}
	d := Difference{Kind: KindStructural, Pair: -1, Field: "error-page", Label: "the login ended on", Good: ptr(gp), Bad: ptr(bp)}
	return judge([]Difference{d}, -1, findingsOf(good.Report, -1), findingsOf(bad.Report, -1))
}

// errorPages names the error pages a report's captures ended on.
func errorPages(r *checks.Report) string {
	var pages []string
	for _, f := range r.Findings {
		if f.Location.MessageIndex != -1 || !strings.HasPrefix(f.Rule, "error/") {
			continue
		}
		p := f.Rule
		if m := pageWords.FindStringSubmatch(f.Message); m != nil {
			p = fmt.Sprintf("%q (%s)", m[1], f.Rule)
		}
		if !slices.Contains(pages, p) {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		return "no known error page"
	}
	return "error page " + strings.Join(pages, ", ")
}

// pageWords finds the words of the page an error/* finding quotes.
var pageWords = regexp.MustCompile(`shows "([^"]{1,120})"`)
