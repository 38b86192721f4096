package config

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/internal/pathglob"
	"github.com/samlcheck/samlcheck/checks/users"
	"github.com/samlcheck/samlcheck/saml"
	"github.com/samlcheck/samlcheck/saml/xmlenc"
)

// Resolved is the effective configuration of a run: the file (if any) and
// the flags merged over the defaults, every referenced certificate,
// metadata and users file read once, and one checks.Config per distinct set
// of matching overrides, built once and shared.
type Resolved struct {
	// File is the configuration file, nil when none is used.
	File *File
	// Flags are the settings given on the command line.
	Flags Layer
	// FailOn is the lowest severity that fails the run (0 for never).
	FailOn checks.Severity
	// Format is the format of standard output's report.
	Format string
	// Decode holds the decoding limits.
	Decode *saml.DecodeOptions
	// MaxBody is the longest HAR body text scanned for SAML values
	// (har.ScanOptions.MaxBody).
	MaxBody int64

	rules []*checks.Rule
	now   time.Time
	cwd   string

	mu      sync.Mutex
	configs map[string]*checks.Config // by the indexes of the matching overrides
	loaded  map[string]any            // parsed files by kind and path
}

// Resolve merges the file f (nil for none) and the flags, checks every value
// (an error names its source: "--skew" or "file:line: skew"), reads the
// files they name and builds the configuration of the files that match no
// override and of each override. rules are the rules that enable and
// disable select from (nil means checks.All()); now is the current time,
// the reference time of messages without a capture time unless "at" is set.
func Resolve(f *File, flags Layer, rules []*checks.Rule, now time.Time) (*Resolved, error) {
	if rules == nil {
		rules = checks.All()
	}
	if flags == nil {
		flags = Layer{}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	r := &Resolved{File: f, Flags: flags, rules: rules, now: now, cwd: cwd, configs: map[string]*checks.Config{}, loaded: map[string]any{}}
	for key := range flags {
		if lookupKey(key) == nil {
			return nil, fmt.Errorf("config: unknown setting %q", key)
		}
	}
	if err := r.global(); err != nil {
		return nil, err
	}
	if err := r.checkPatterns(); err != nil {
		return nil, err
	}
	if _, err := r.config(nil); err != nil {
		return nil, err
	}
	if f != nil {
		for i := range f.Overrides {
			if _, err := r.config([]int{i}); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// layers returns the layers that apply with the given overrides, lowest
// precedence first: the file's top level, the overrides, the flags.
func (r *Resolved) layers(overrides []int) []Layer {
	var ls []Layer
	if r.File != nil {
		ls = append(ls, r.File.Top)
		for _, i := range overrides {
			ls = append(ls, r.File.Overrides[i].Settings)
		}
	}
	return append(ls, r.Flags)
}

// effective returns key's value from the last layer that sets it, else the
// default.
func effective(ls []Layer, key string) Setting {
	for i := len(ls) - 1; i >= 0; i-- {
		if s, ok := ls[i][key]; ok {
			return s
		}
	}
	k := lookupKey(key)
	var vals []string
	if k.Default != "" {
		vals = []string{k.Default}
	}
	return Setting{Key: key, Values: vals}
}

// where prefixes an error about setting s with its source.
func where(s Setting) string {
	switch {
	case s.Source.Flag != "":
		return s.Source.Flag
	case s.Source.File != "":
		return fmt.Sprintf("config: %s:%d: %s", s.Source.File, s.Source.Line, s.Key)
	}
	return s.Key
}

func (r *Resolved) global() error {
	ls := r.layers(nil)
	s := effective(ls, "fail-on")
	sev, err := checks.ParseSeverity(s.Value())
	if err != nil {
		return fmt.Errorf("%s: %w", where(s), err)
	}
	r.FailOn = sev
	r.Format = effective(ls, "format").Value()
	d := &saml.DecodeOptions{}
	for _, key := range []string{"max-inflated", "max-value", "max-depth", "max-elements", "max-body"} {
		s := effective(ls, key)
		var n int64
		var err error
		if key == "max-depth" || key == "max-elements" {
			n, err = strconv.ParseInt(s.Value(), 10, 32)
			if err != nil || n <= 0 {
				err = fmt.Errorf("want a positive whole number, not %q", s.Value())
			}
		} else if n, err = parseSize(s.Value()); err == nil && n > 1<<40 {
			err = fmt.Errorf("%q is over 1 TiB", s.Value())
		}
		if err != nil {
			return fmt.Errorf("%s: %w", where(s), err)
		}
		switch key {
		case "max-inflated":
			d.MaxInflated = n
		case "max-value":
			d.MaxValue = int(n)
		case "max-depth":
			d.MaxDepth = int(n)
		case "max-elements":
			d.MaxElements = int(n)
		case "max-body":
			r.MaxBody = n
		}
	}
	r.Decode = d
	return nil
}

// checkPatterns checks that every enable and disable pattern is well formed
// and selects at least one rule.
func (r *Resolved) checkPatterns() error {
	if r.File == nil {
		return nil
	}
	ls := []Layer{r.File.Top}
	for _, o := range r.File.Overrides {
		ls = append(ls, o.Settings)
	}
	for _, l := range ls {
		for _, key := range []string{"enable", "disable"} {
			s, ok := l[key]
			if !ok {
				continue
			}
			for _, pat := range s.Values {
				if err := pathglob.Validate(pat); err != nil {
					return fmt.Errorf("%s: %w", where(s), err)
				}
				if !slices.ContainsFunc(r.rules, func(rule *checks.Rule) bool { return pathglob.Match(pat, rule.ID) }) {
					return fmt.Errorf("%s: %q matches no rule (see samlcheck rules)", where(s), pat)
				}
			}
		}
	}
	return nil
}

// selectRules applies enable and disable: the top level's enable keeps only
// the rules it matches (all when absent), each matching override's enable
// adds rules back, and every disable removes rules.
func (r *Resolved) selectRules(overrides []int) []*checks.Rule {
	on := map[string]bool{}
	set := func(s Setting, ok, to bool, others bool) {
		for _, rule := range r.rules {
			switch {
			case !ok:
			case slices.ContainsFunc(s.Values, func(p string) bool { return pathglob.Match(p, rule.ID) }):
				on[rule.ID] = to
			case others:
				on[rule.ID] = !to
			}
		}
	}
	top := Layer{}
	if r.File != nil {
		top = r.File.Top
	}
	en, ok := top["enable"]
	set(Setting{Values: []string{"**"}}, !ok, true, false)
	set(en, ok, true, true)
	dis, ok := top["disable"]
	set(dis, ok, false, false)
	for _, i := range overrides {
		l := r.File.Overrides[i].Settings
		en, ok := l["enable"]
		set(en, ok, true, false)
		dis, ok := l["disable"]
		set(dis, ok, false, false)
	}
	var out []*checks.Rule
	for _, rule := range r.rules {
		if on[rule.ID] {
			out = append(out, rule)
		}
	}
	return out
}

// config returns the configuration with the given overrides applied,
// building it on first use.
func (r *Resolved) config(overrides []int) (*checks.Config, error) {
	key := fmt.Sprint(overrides)
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.configs[key]; ok {
		return c, nil
	}
	c, err := r.build(overrides)
	if err != nil {
		return nil, err
	}
	r.configs[key] = c
	return c, nil
}

// build makes the checks.Config with the given overrides applied.
func (r *Resolved) build(overrides []int) (*checks.Config, error) {
	ls := r.layers(overrides)
	c := &checks.Config{Now: r.now, Decode: r.Decode, Rules: r.selectRules(overrides)}
	var err error
	s := effective(ls, "profile")
	if c.Profile, err = checks.ParseProfile(s.Value()); err != nil {
		return nil, fmt.Errorf("%s: %w", where(s), err)
	}
	s = effective(ls, "abac")
	if c.ABAC, err = strconv.ParseBool(s.Value()); err != nil {
		return nil, fmt.Errorf("%s: want true or false, not %q", where(s), s.Value())
	}
	c.ACS, c.Issuer, c.Audience = effective(ls, "acs").Value(), effective(ls, "issuer").Value(), effective(ls, "audience").Value()
	s = effective(ls, "skew")
	if c.Skew, err = time.ParseDuration(s.Value()); err != nil {
		return nil, fmt.Errorf("%s: %w", where(s), err)
	}
	if c.Skew < 0 {
		return nil, fmt.Errorf("%s %s: must not be negative", where(s), c.Skew)
	}
	if s = effective(ls, "at"); s.Value() != "" {
		if c.At, err = time.Parse(time.RFC3339, s.Value()); err != nil {
			return nil, fmt.Errorf("%s: want an RFC 3339 time such as 2026-11-01T10:00:00Z: %w", where(s), err)
		}
	}
	if s = effective(ls, "users"); s.Value() != "" {
		v, err := r.load(s, s.Value(), func(name string, data []byte) (any, error) { return users.Parse(name, data) })
		if err != nil {
			return nil, err
		}
		c.Users = v.(*users.List)
	}
	for _, key := range []string{"idp-metadata", "sp-metadata"} {
		if s = effective(ls, key); s.Value() != "" {
			v, err := r.load(s, s.Value(), func(name string, data []byte) (any, error) { return saml.ParseMetadata(name, data) })
			if err != nil {
				return nil, err
			}
			if key == "idp-metadata" {
				c.IdPMetadata = v.(*saml.Metadata)
			} else {
				c.SPMetadata = v.(*saml.Metadata)
			}
		}
	}
	if err := r.spKeys(ls, c); err != nil {
		return nil, err
	}
	if err := r.buildTokens(ls, c); err != nil { // tokens.go
		return nil, err
	}
	s = effective(ls, "idp-cert")
	for _, name := range s.Values {
		v, err := r.load(s, name, func(name string, data []byte) (any, error) { return saml.ParseCertificates(name, data) })
		if err != nil {
			return nil, err
		}
		c.IdPCerts = append(c.IdPCerts, v.([]*x509.Certificate)...)
	}
	return c, nil
}

// spKeys reads the --sp-key files into c, decrypting them with the
// passphrase in the environment variable --sp-key-pass-env names (never a
// flag value, which would show in shell history and process lists).
func (r *Resolved) spKeys(ls []Layer, c *checks.Config) error {
	s := effective(ls, "sp-key")
	if len(s.Values) == 0 {
		return nil
	}
	env := effective(ls, "sp-key-pass-env")
	var pass []byte
	if name := env.Value(); name != "" {
		v, ok := os.LookupEnv(name)
		if !ok {
			return fmt.Errorf("%s: environment variable %s is not set", where(env), name)
		}
		pass = []byte(v)
	}
	for _, name := range s.Values {
		v, err := r.load(s, name, func(name string, data []byte) (any, error) { return xmlenc.ParseKeys(name, data, pass) })
		if err != nil {
			return err
		}
		c.SPKeys = append(c.SPKeys, v.([]*xmlenc.Key)...)
	}
	return nil
}

// load reads and parses the file name for setting s once per run.
func (r *Resolved) load(s Setting, name string, parse func(string, []byte) (any, error)) (any, error) {
	id := s.Key + "\x00" + name
	if v, ok := r.loaded[id]; ok {
		return v, nil
	}
	data, err := os.ReadFile(name)
	if err == nil {
		var v any
		if v, err = parse(name, data); err == nil {
			r.loaded[id] = v
			return v, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", where(s), err)
}

// matching returns the indexes of the overrides that apply to file.
func (r *Resolved) matching(file string) []int {
	if r.File == nil || len(r.File.Overrides) == 0 || file == "-" {
		return nil
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.cwd, file)
	}
	rel, err := filepath.Rel(r.File.Dir, abs)
	if err != nil {
		return nil
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return nil
	}
	var out []int
	for i := range r.File.Overrides {
		if r.File.Overrides[i].matches(rel) {
			out = append(out, i)
		}
	}
	return out
}

// Config returns the configuration of input files that match no override.
func (r *Resolved) Config() *checks.Config {
	c, _ := r.config(nil) // built by Resolve: cannot fail
	return c
}

// ConfigFor returns the configuration of the input file (a path as given on
// the command line, relative to the working directory). Files matching the
// same overrides share one configuration, which must not be modified. It
// is safe for concurrent use.
func (r *Resolved) ConfigFor(file string) *checks.Config {
	c, err := r.config(r.matching(file))
	if err != nil {
		// Every value was checked and every file read by Resolve, so a
		// combination of overrides cannot fail; fall back to be safe.
		return r.Config()
	}
	return c
}

// Overrides returns the indexes (in File.Overrides) of the overrides that
// apply to the input file.
func (r *Resolved) Overrides(file string) []int { return r.matching(file) }

// Settings returns the effective settings of the input file ("" for one
// that matches no override), in Keys order, each with its source. Enable
// and disable are listed once per layer that sets them, since they add up.
func (r *Resolved) Settings(file string) []Setting {
	var overrides []int
	if file != "" {
		overrides = r.matching(file)
	}
	ls := r.layers(overrides)
	var out []Setting
	for _, k := range keys {
		if k.Name != "enable" && k.Name != "disable" {
			out = append(out, effective(ls, k.Name))
			continue
		}
		n := len(out)
		for _, l := range ls {
			if s, ok := l[k.Name]; ok {
				out = append(out, s)
			}
		}
		if len(out) == n {
			out = append(out, Setting{Key: k.Name})
		}
	}
	return out
}
