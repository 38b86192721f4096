package checks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSeveritiesInCode reads the rules' code and holds every severity a
// rule can report to its declaration (Rule.Severity and Rule.Cases), also
// on paths no fixture takes: it follows each rule's Run or RunCapture into
// the package's functions it calls, and collects the severities named in
// Finding literals (Severity: X), in iamReport calls, in return statements
// and in assignments to a variable named sev.
func TestSeveritiesInCode(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]*ast.FuncDecl{}
	methods := map[string][]*ast.FuncDecl{}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				funcs[fd.Name.Name] = fd
			} else if ok {
				methods[fd.Name.Name] = append(methods[fd.Name.Name], fd)
			}
		}
	}
	sevOf := func(e ast.Expr) (Severity, bool) {
		id, ok := e.(*ast.Ident)
		if !ok {
			return 0, false
		}
		switch id.Name {
		case "Info":
			return Info, true
		case "Warning":
			return Warning, true
		case "Error":
			return Error, true
		}
		return 0, false
	}
	var collect func(n ast.Node, seen map[string]bool, out map[Severity]string)
	collect = func(n ast.Node, seen map[string]bool, out map[Severity]string) {
		add := func(e ast.Expr) {
			if s, ok := sevOf(e); ok {
				if _, dup := out[s]; !dup {
					out[s] = fset.Position(e.Pos()).String()
				}
			}
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Severity" {
					add(n.Value)
				}
			case *ast.ReturnStmt:
				for _, r := range n.Results {
					add(r)
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && strings.HasPrefix(id.Name, "sev") && i < len(n.Rhs) {
						add(n.Rhs[i])
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && !seen["."+sel.Sel.Name] {
					// a method of the package's own types (window.check)
					seen["."+sel.Sel.Name] = true
					for _, fd := range methods[sel.Sel.Name] {
						collect(fd.Body, seen, out)
					}
				}
				id, ok := n.Fun.(*ast.Ident)
				if !ok {
					return true
				}
				if id.Name == "iamReport" && len(n.Args) > 1 {
					add(n.Args[1])
				}
				if fd := funcs[id.Name]; fd != nil && !seen[id.Name] {
					seen[id.Name] = true
					collect(fd.Body, seen, out)
				}
			}
			return true
		})
	}
	checked := 0
	for _, f := range parsed {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for _, v := range vs.Values {
					lit, ruleID := ruleLiteral(v, funcs)
					if lit == nil {
						continue
					}
					var run []ast.Node
					for _, el := range lit.Elts {
						kv := el.(*ast.KeyValueExpr)
						switch kv.Key.(*ast.Ident).Name {
						case "ID":
							if bl, ok := kv.Value.(*ast.BasicLit); ok {
								ruleID, _ = strconv.Unquote(bl.Value)
							}
						case "Run", "RunCapture":
							switch fv := kv.Value.(type) {
							case *ast.FuncLit:
								run = append(run, fv.Body)
							case *ast.Ident:
								if fd := funcs[fv.Name]; fd != nil {
									run = append(run, fd.Body)
								}
							}
						}
					}
					r := Lookup(ruleID)
					if r == nil {
						t.Errorf("rule literal %q is not registered", ruleID)
						continue
					}
					out := map[Severity]string{}
					for _, n := range run {
						collect(n, map[string]bool{}, out)
					}
					for s, pos := range out {
						if !slices.Contains(r.Severities(), s) {
							t.Errorf("%s: %s can report %s (%s), which neither its Severity nor a Case declares", pos, r.ID, s, s)
						}
					}
					checked++
				}
			}
		}
	}
	if checked != len(All()) {
		t.Errorf("read %d rule literals, the registry has %d rules", checked, len(All()))
	}
}

// ruleLiteral returns the &Rule{…} literal v is, or that the constructor v
// calls returns (errorRule("error/…", …)), and the rule id: the literal's
// ID, or the constructor call's first string argument.
func ruleLiteral(v ast.Expr, funcs map[string]*ast.FuncDecl) (*ast.CompositeLit, string) {
	isRule := func(e ast.Expr) *ast.CompositeLit {
		u, ok := e.(*ast.UnaryExpr)
		if !ok {
			return nil
		}
		lit, ok := u.X.(*ast.CompositeLit)
		if !ok {
			return nil
		}
		if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "Rule" {
			return nil
		}
		return lit
	}
	if lit := isRule(v); lit != nil {
		return lit, ""
	}
	call, ok := v.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return nil, ""
	}
	fn, ok := call.Fun.(*ast.Ident)
	if !ok || funcs[fn.Name] == nil {
		return nil, ""
	}
	bl, ok := call.Args[0].(*ast.BasicLit)
	if !ok {
		return nil, ""
	}
	id, _ := strconv.Unquote(bl.Value)
	var found *ast.CompositeLit
	ast.Inspect(funcs[fn.Name].Body, func(n ast.Node) bool {
		if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			if lit := isRule(r.Results[0]); lit != nil {
				found = lit
			}
		}
		return found == nil
	})
	return found, id
}
