package saml

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Reference may name an element by SAML's ID or, in the wild, by Id or
// xml:id (samlify signs <Issuer Id="_0">): the target is still found, with
// SAML's ID first and duplicates naming nothing.
func TestElementByID(t *testing.T) {
	doc := etree.NewDocument()
	require.NoError(t, doc.ReadFromString(`<r ID="a"><i Id="_0"/><x xml:id="x1"/><d ID="dup"/><d ID="dup"/><both ID="b"/><other Id="b"/></r>`))
	root := doc.Root()
	assert.Equal(t, "r", elementByID(root, "a").Tag)
	assert.Equal(t, "i", elementByID(root, "_0").Tag)
	assert.Equal(t, "x", elementByID(root, "x1").Tag)
	assert.Equal(t, "both", elementByID(root, "b").Tag, "SAML's ID wins over Id")
	assert.Nil(t, elementByID(root, "dup"), "a duplicated ID names nothing")
	assert.Nil(t, elementByID(root, "missing"))
	assert.Nil(t, elementByID(root, ""))
}
