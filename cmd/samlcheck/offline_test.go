package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// networkImport reports the standard packages that open network
// connections. Parsers of network formats (net/url, net/mail, net/netip,
// net/textproto) open none and are allowed, and so is crypto/tls, whose
// Certificate type goxmldsig's key store takes; crypto/x509 imports net
// for its IP address types, so only direct imports are checked.
func networkImport(path string) bool {
	switch path {
	case "net", "net/http", "net/rpc", "net/smtp":
		return true
	}
	return strings.HasPrefix(path, "net/http/") || strings.HasPrefix(path, "net/rpc/")
}

// TestNoNetworkImports fails when a non-test Go file of the module imports
// a package that opens network connections: samlcheck works offline. .ci/offline
// runs the tests and the built binary without any network interface.
func TestNoNetworkImports(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	files := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			if p != root {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(root, p)
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			assert.False(t, networkImport(path), "%s imports %q: samlcheck must never open a network connection", rel, path)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, files, 50, "the walk found the module's Go files")
}

// TestNetworkImportGuard checks the guard itself on a file that imports
// net/http.
func TestNetworkImportGuard(t *testing.T) {
	src := "package x\n\nimport (\n\t\"net/http\"\n\t\"net/url\"\n)\n"
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, parser.ImportsOnly)
	require.NoError(t, err)
	var bad []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if networkImport(p) {
			bad = append(bad, p)
		}
	}
	assert.Equal(t, []string{"net/http"}, bad)
	assert.False(t, networkImport("net/mail"))
	assert.True(t, networkImport("net"))
}
