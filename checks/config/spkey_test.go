package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSPKeyList reads sp-key as a list in the file (paths relative to it)
// and names a broken key file and why.
func TestSPKeyList(t *testing.T) {
	keys := keysDir(t)
	dir := t.TempDir()
	for _, name := range []string{"sp.key.pem", "sp-old.key.pem"} {
		data, err := os.ReadFile(filepath.Join(keys, name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o600))
	}
	f, err := Parse(filepath.Join(dir, FileName), []byte("sp-key: [sp.key.pem, sp-old.key.pem]\n"))
	require.NoError(t, err)
	r, err := Resolve(f, Layer{}, nil, now)
	require.NoError(t, err)
	c := r.Config()
	require.Len(t, c.SPKeys, 2)
	assert.Equal(t, filepath.Join(dir, "sp.key.pem"), c.SPKeys[0].File)
	for _, s := range r.Settings("") {
		if s.Key == "sp-key" {
			assert.Len(t, s.Values, 2)
			assert.False(t, strings.Contains(strings.Join(s.Values, " "), "PRIVATE"), "settings show file names, not keys")
		}
	}

	f, err = Parse(filepath.Join(dir, FileName), []byte("sp-key: idp.crt.pem\n"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "idp.crt.pem"), []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), 0o600))
	_, err = Resolve(f, Layer{}, nil, now)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "idp.crt.pem")
	assert.Contains(t, err.Error(), "sp-key")
}
