package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"123": 123, "10KB": 10 << 10, "200MB": 200 << 20, "1GB": 1 << 30, "1.5m": 3 << 19, "0": 0} {
		got, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := parseSize("ten")
	assert.Error(t, err)
}

func TestGenerateAndCheck(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "g.har")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-size", "100KB", "-flows", "1", "-o", out}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stderr.String(), "hargen: bytes=")
	assert.Contains(t, stderr.String(), " messages=2 ")
	info, err := os.Stat(out)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, info.Size(), int64(100<<10))

	stdout.Reset()
	require.Equal(t, 0, run([]string{"-scan", out}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), " messages=2 sightings=4 ")
	stdout.Reset()
	require.Equal(t, 0, run([]string{"-scan", out, "-strict"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), " messages=2 sightings=4 ")

	report := filepath.Join(dir, "r.json")
	sighting := `{"file":"g.har","entry":1}`
	good := `{"inputs":[{"file":"g.har","messages":2}],"messages":[{"kind":"AuthnRequest","sightings":[` + sighting + `,` + sighting + `]},{"kind":"Response","sightings":[` + sighting + `,` + sighting + `]}]}`
	require.NoError(t, os.WriteFile(report, []byte(good), 0o600))
	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 0, run([]string{"-check", report, "-messages", "2", "-sightings", "4"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "found messages=2")

	stderr.Reset()
	assert.Equal(t, 1, run([]string{"-check", report, "-messages", "3", "-sightings", "4"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "2 messages found, 3 planted")

	once := strings.Replace(good, sighting+`,`+sighting+`]}]}`, sighting+`]}]}`, 1)
	require.NoError(t, os.WriteFile(report, []byte(once), 0o600))
	stderr.Reset()
	assert.Equal(t, 1, run([]string{"-check", report, "-messages", "2", "-sightings", "4"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "has 1 sightings, want 2")
}

func TestTimeCommand(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh: ", err)
	}
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-time", "-stdout", out, "--", "/bin/sh", "-c", "echo hi; exit 3"}, &stdout, &stderr), stderr.String())
	assert.Regexp(t, `^wall=[0-9.]+ user=[0-9.]+ sys=[0-9.]+ maxrss_kib=-?[0-9]+ exit=3\n$`, stdout.String())
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "hi\n", string(data))
	assert.Equal(t, 2, run([]string{"-time"}, &stdout, &stderr), "no command")
}
