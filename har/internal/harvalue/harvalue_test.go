package harvalue

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMaybeUnescape(t *testing.T) {
	assert.Equal(t, "ab+c/d==", MaybeUnescape("ab+c/d=="))
	assert.Equal(t, "ab+c/d==", MaybeUnescape("ab%2Bc%2Fd%3D%3D"))
	assert.Equal(t, "100%", MaybeUnescape("100%"))
	assert.Equal(t, "%zz", MaybeUnescape("%zz"))
	assert.True(t, HasEscape("a%2b"))
	assert.False(t, HasEscape("a%2"))
}

func TestIndexFold(t *testing.T) {
	assert.Equal(t, 2, IndexFold("a Bearer x", "bearer"))
	assert.Equal(t, -1, IndexFold("bear", "bearer"))
	assert.Equal(t, 0, IndexFold("x", ""))
}

func TestTokenKind(t *testing.T) {
	for tok, want := range map[any]string{nil: "null", true: "boolean", 1.5: "number", json.Number("1"): "number", "s": "string", json.Delim('{'): "object", json.Delim('['): "array"} {
		assert.Equal(t, want, TokenKind(tok))
	}
}
