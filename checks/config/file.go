// Package config reads samlcheck's configuration file, .samlcheck.yaml, and
// merges it with the command-line flags into the checks.Config of each
// input file, remembering where every value came from.
//
// The file holds what flags hold, plus rule selection and per-path
// overrides:
//
//	profile: identity-center        # auto, identity-center, iam, connect, saml
//	idp-metadata: idp/metadata.xml  # paths are relative to this file's directory
//	users: users.txt
//	skew: 5m
//	fail-on: warning
//	disable: [saml/relay-state-length]   # rule ids or path.Match patterns
//	overrides:
//	  - paths: ["fixtures/connect/**"]   # relative to this file's directory
//	    profile: connect
//	    enable: [connect/*]
//
// One table, [Keys], lists every setting: it defines the YAML keys, the
// flags of the same names and what `samlcheck config` prints. Precedence,
// lowest first: the defaults, the file's top level, the overrides whose
// paths match the input file (in file order), the flags.
//
// [Find], [Load] or [Parse] give a [File]; [Resolve] merges it with the
// flags into a [Resolved], whose ConfigFor is what analyze.Options.ConfigFor
// takes. The package runs no check and reads no input to check, only the
// files settings name (certificates, metadata, keys, the users list): what a
// setting does is the business of the checks.Config field it fills.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samlcheck/samlcheck/checks/internal/pathglob"
	"go.yaml.in/yaml/v3"
)

// FileName is the name of the configuration file Find looks for.
const FileName = ".samlcheck.yaml"

// Source says where a setting's value came from.
type Source struct {
	// File and Line locate the value in a configuration file.
	File string
	Line int
	// Flag is the command-line flag ("--profile") that set the value.
	Flag string
}

// String returns "flag --profile", "path:line" or "default".
func (s Source) String() string {
	switch {
	case s.Flag != "":
		return "flag " + s.Flag
	case s.File != "":
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return "default"
}

// Setting is one setting's value and where it came from.
type Setting struct {
	// Key is the setting's name (see Keys).
	Key string
	// Values holds the value; a scalar setting has exactly one. Paths from
	// a file are already resolved against the file's directory.
	Values []string
	// Source says where the value came from.
	Source Source
}

// Value returns the setting's first value, or "" when it has none.
func (s Setting) Value() string {
	if len(s.Values) == 0 {
		return ""
	}
	return s.Values[0]
}

// Layer is a set of settings by key: a file's top level, one override, the
// flags.
type Layer map[string]Setting

// SetFlag records a value given with flag --key.
func (l Layer) SetFlag(key string, values ...string) {
	l[key] = Setting{Key: key, Values: values, Source: Source{Flag: "--" + key}}
}

// File is a parsed configuration file.
type File struct {
	// Path is the file's path as given or found.
	Path string
	// Dir is the absolute directory that the file's relative paths and
	// override patterns are relative to.
	Dir string
	// Top holds the settings at the top level.
	Top Layer
	// Overrides are the per-path overrides, in file order.
	Overrides []Override
}

// Override is one entry of the file's overrides list: settings that apply
// to the input files matching its paths.
type Override struct {
	// Paths are patterns relative to the file's directory, with the
	// semantics of package pathglob: a "**" segment matches any number of
	// directories, "*" never crosses a "/", and a pattern that matches a
	// directory covers every file below it.
	Paths []string
	// Line is the line of the entry in the file.
	Line int
	// Settings are the entry's settings.
	Settings Layer
}

// matches reports whether the override applies to the input file rel, a
// slash-separated path relative to the configuration file's directory.
func (o *Override) matches(rel string) bool {
	for _, p := range o.Paths {
		if pathglob.MatchOrParent(p, rel) {
			return true
		}
	}
	return false
}

// Find looks for FileName in dir and its parents, up to the first directory
// that holds a .git entry (the repository's root) or the file system's
// root. It returns "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and parses the configuration file at path.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Parse parses a configuration file's content; path names it in errors and
// sources, and its directory is the base of the relative paths. Unknown
// keys, a key given twice, a value of the wrong shape and a global setting
// inside an override are errors naming the file and line. Values are
// checked later, by Resolve.
func Parse(path string, data []byte) (*File, error) {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	f := &File{Path: path, Dir: dir, Top: Layer{}}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return f, nil // an empty file, or only comments, sets nothing
		}
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	root := deref(&doc)
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = deref(root.Content[0])
	}
	if root.Tag == "!!null" {
		return f, nil
	}
	p := parser{file: f}
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root, "want a mapping of settings (key: value) at the top level")
	}
	err = p.mapping(root, func(key string, k, v *yaml.Node) error {
		if key == "overrides" {
			return p.overrides(v)
		}
		return p.setting(f.Top, key, k, v, false)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

type parser struct{ file *File }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("config: %s:%d: %s", p.file.Path, n.Line, fmt.Sprintf(format, args...))
}

// mapping calls fn on each key of a mapping node, refusing duplicates.
func (p *parser) mapping(n *yaml.Node, fn func(key string, k, v *yaml.Node) error) error {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return p.errorf(k, "a key must be a plain name")
		}
		if line, dup := seen[k.Value]; dup {
			return p.errorf(k, "%s is already set on line %d", k.Value, line)
		}
		seen[k.Value] = k.Line
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

// setting parses one key: value into layer.
func (p *parser) setting(layer Layer, key string, k, v *yaml.Node, inOverride bool) error {
	def := lookupKey(key)
	switch {
	case def == nil && inOverride && key == "paths":
		return nil // read by overrides
	case def == nil:
		return p.errorf(k, "unknown key %q (known: %s)", key, strings.Join(keyNames(inOverride), ", "))
	case inOverride && !def.PerPath:
		return p.errorf(k, "%s applies to the whole run and cannot be set in an override", key)
	}
	values, err := p.values(key, v, def.List)
	if err != nil {
		return err
	}
	if def.Path {
		for i, s := range values {
			if !filepath.IsAbs(s) {
				values[i] = filepath.Join(p.file.Dir, s)
			}
		}
	}
	layer[key] = Setting{Key: key, Values: values, Source: Source{File: p.file.Path, Line: k.Line}}
	return nil
}

// values reads a scalar, or for a list a scalar or a sequence of scalars.
func (p *parser) values(key string, v *yaml.Node, list bool) ([]string, error) {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil, p.errorf(v, "%s: a value is needed", key)
	case v.Kind == yaml.ScalarNode:
		return []string{v.Value}, nil
	case v.Kind == yaml.SequenceNode && list:
		out := []string{}
		for _, item := range v.Content {
			item = deref(item)
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				return nil, p.errorf(item, "%s: want a list of plain values", key)
			}
			out = append(out, item.Value)
		}
		return out, nil
	case list:
		return nil, p.errorf(v, "%s: want a value or a list of values", key)
	}
	return nil, p.errorf(v, "%s: want a single value", key)
}

// overrides parses the overrides list.
func (p *parser) overrides(v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode {
		return p.errorf(v, "overrides: want a list of entries, each with paths and settings")
	}
	for _, item := range v.Content {
		item = deref(item)
		if item.Kind != yaml.MappingNode {
			return p.errorf(item, "overrides: want an entry with paths and settings")
		}
		o := Override{Line: item.Line, Settings: Layer{}}
		err := p.mapping(item, func(key string, k, v *yaml.Node) error {
			if key != "paths" {
				return p.setting(o.Settings, key, k, v, true)
			}
			paths, err := p.values(key, v, true)
			if err != nil {
				return err
			}
			for _, pat := range paths {
				pat = strings.TrimPrefix(filepath.ToSlash(pat), "./")
				if err := pathglob.Validate(pat); err != nil {
					return p.errorf(v, "paths: %v", err)
				}
				if strings.HasPrefix(pat, "/") || pat == ".." || strings.HasPrefix(pat, "../") {
					return p.errorf(v, "paths: %q must be relative to this file's directory and below it", pat)
				}
				o.Paths = append(o.Paths, strings.TrimSuffix(pat, "/"))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(o.Paths) == 0 {
			return p.errorf(item, "overrides: the entry has no paths")
		}
		p.file.Overrides = append(p.file.Overrides, o)
	}
	return nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}
