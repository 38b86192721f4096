// Command apilist prints the exported API of a Go module, one line per
// identifier, in the manner of the Go distribution's api/*.txt files:
//
//	pkg github.com/samlcheck/samlcheck/checks, func Run(context.Context, *Config, []saml.Encoded) (*Report, error)
//	pkg github.com/samlcheck/samlcheck/checks, type Rule struct, ID string
//
// It reads the source with go/parser (no type checking, no build), skips
// tests, internal packages, main packages and testdata, and sorts the
// lines. .ci/api compares its output with .ci/api.txt, so that a change of
// the library's API is a visible, reviewed change.
//
// With -undocumented it prints instead each exported identifier that has no
// doc comment (file:line name) and exits 1 if there is one: STYLE wants
// every exported identifier documented.
//
// Usage: go run ./apilist [-undocumented] MODULE_DIR (from .ci/tools).
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	args := os.Args[1:]
	undocumented := len(args) == 2 && args[0] == "-undocumented"
	if undocumented {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: apilist [-undocumented] MODULE_DIR")
		os.Exit(2)
	}
	list := list
	if undocumented {
		list = listUndocumented
	}
	lines, err := list(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "apilist:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "apilist:", err)
		os.Exit(1)
	}
	if undocumented && len(lines) > 0 {
		os.Exit(1)
	}
}

// list returns the sorted API lines of the module rooted at root.
func list(root string) ([]string, error) { return walk(root, packageAPI) }

// listUndocumented returns the exported identifiers of the module rooted at
// root that have no doc comment, as "file:line name".
func listUndocumented(root string) ([]string, error) { return walk(root, packageUndocumented) }

// walk calls pkg on every package directory of the module rooted at root
// (tests, internal packages, testdata and other modules left out) and
// returns the sorted, de-duplicated lines.
func walk(root string, pkg func(dir, pkgPath string) ([]string, error)) ([]string, error) {
	mod, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	var out []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if rel != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "internal") {
			return filepath.SkipDir
		}
		if rel != "." {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		pkgPath := mod
		if rel != "." {
			pkgPath += "/" + rel
		}
		lines, err := pkg(path, pkgPath)
		if err != nil {
			return err
		}
		out = append(out, lines...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func modulePath(gomod string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", fmt.Errorf("reading the module path: %w", err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "module" {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

// packageAPI returns the API lines of the non-test, non-main Go files of dir.
func packageAPI(dir, pkgPath string) ([]string, error) {
	fset, files, err := libraryFiles(dir, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	p := printerFor(fset)
	prefix := "pkg " + pkgPath + ", "
	var out []string
	for _, f := range files {
		for _, d := range f.Decls {
			for _, l := range declAPI(d, p) {
				out = append(out, prefix+l)
			}
		}
	}
	return out, nil
}

// libraryFiles parses the non-test Go files of dir that belong to an
// importable package (not main, not a generator built with the ignore tag).
func libraryFiles(dir string, mode parser.Mode) (*token.FileSet, []*ast.File, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, mode)
		if err != nil {
			return nil, nil, err
		}
		if f.Name.Name != "main" && !hasIgnoreTag(f) {
			files = append(files, f)
		}
	}
	return fset, files, nil
}

// hasIgnoreTag reports a file built only with the ignore tag (a generator).
func hasIgnoreTag(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") && strings.Contains(c.Text, "ignore") {
				return true
			}
		}
	}
	return false
}

type printFunc func(ast.Node) string

func printerFor(fset *token.FileSet) printFunc {
	return func(n ast.Node) string {
		var b bytes.Buffer
		cfg := printer.Config{Mode: printer.RawFormat}
		if err := cfg.Fprint(&b, fset, n); err != nil {
			return fmt.Sprintf("<%v>", err)
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
}

func declAPI(d ast.Decl, p printFunc) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() {
			return nil
		}
		sig := strings.TrimPrefix(p(d.Type), "func")
		if d.Recv == nil {
			return []string{"func " + d.Name.Name + sig}
		}
		recv := d.Recv.List[0].Type
		if !exportedRecv(recv) {
			return nil
		}
		return []string{"method (" + p(recv) + ") " + d.Name.Name + sig}
	case *ast.GenDecl:
		var out []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				if !s.Name.IsExported() {
					continue
				}
				out = append(out, typeAPI(s, p)...)
			case *ast.ValueSpec:
				kind := d.Tok.String()
				for i, n := range s.Names {
					if !n.IsExported() {
						continue
					}
					l := kind + " " + n.Name
					if s.Type != nil {
						l += " " + p(s.Type)
					} else if d.Tok == token.CONST && i < len(s.Values) {
						if bl, ok := s.Values[i].(*ast.BasicLit); ok {
							l += " = " + bl.Value
						}
					}
					out = append(out, l)
				}
			}
		}
		return out
	}
	return nil
}

func exportedRecv(e ast.Expr) bool {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.IsExported()
		default:
			return false
		}
	}
}

func typeAPI(s *ast.TypeSpec, p printFunc) []string {
	name := s.Name.Name
	if s.TypeParams != nil {
		var params []string
		for _, f := range s.TypeParams.List {
			var names []string
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
			params = append(params, strings.Join(names, ", ")+" "+p(f.Type))
		}
		name += "[" + strings.Join(params, ", ") + "]"
	}
	if s.Assign.IsValid() {
		return []string{"type " + name + " = " + p(s.Type)}
	}
	switch t := s.Type.(type) {
	case *ast.StructType:
		out := []string{"type " + name + " struct"}
		for _, f := range t.Fields.List {
			if len(f.Names) == 0 { // embedded
				if exportedRecv(f.Type) {
					out = append(out, "type "+name+" struct, embedded "+p(f.Type))
				}
				continue
			}
			for _, n := range f.Names {
				if n.IsExported() {
					out = append(out, "type "+name+" struct, "+n.Name+" "+p(f.Type))
				}
			}
		}
		return out
	case *ast.InterfaceType:
		out := []string{"type " + name + " interface"}
		for _, m := range t.Methods.List {
			for _, n := range m.Names {
				if n.IsExported() {
					out = append(out, "type "+name+" interface, "+n.Name+strings.TrimPrefix(p(m.Type), "func"))
				}
			}
			if len(m.Names) == 0 {
				out = append(out, "type "+name+" interface, embedded "+p(m.Type))
			}
		}
		return out
	}
	return []string{"type " + name + " " + p(s.Type)}
}

// packageUndocumented returns the exported identifiers of the non-test,
// non-main Go files of dir that have no doc comment. A value in a
// documented group (const or var block) counts as documented, as go doc
// shows the group's comment.
func packageUndocumented(dir, _ string) ([]string, error) {
	fset, files, err := libraryFiles(dir, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		at := func(p token.Pos, name string) {
			out = append(out, fmt.Sprintf("%s %s", fset.Position(p), name))
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil && (d.Recv == nil || exportedRecv(d.Recv.List[0].Type)) {
					at(d.Pos(), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if sp.Name.IsExported() && d.Doc == nil && sp.Doc == nil {
							at(sp.Pos(), sp.Name.Name)
						}
					case *ast.ValueSpec:
						for _, id := range sp.Names {
							if id.IsExported() && d.Doc == nil && sp.Doc == nil && sp.Comment == nil {
								at(sp.Pos(), id.Name)
							}
						}
					}
				}
			}
		}
	}
	return out, nil
}
