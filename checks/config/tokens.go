package config

import (
	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/checks/jwt"
)

// buildTokens sets c.Tokens from the trusted-token-issuer, token-audience,
// token-claim and jwks settings.
func (r *Resolved) buildTokens(ls []Layer, c *checks.Config) error {
	c.Tokens.Issuer = effective(ls, "trusted-token-issuer").Value()
	c.Tokens.Audiences = append([]string(nil), effective(ls, "token-audience").Values...)
	c.Tokens.Claim = effective(ls, "token-claim").Value()
	s := effective(ls, "jwks")
	for _, name := range s.Values {
		v, err := r.load(s, name, func(name string, data []byte) (any, error) { return jwt.ParseJWKS(name, data) })
		if err != nil {
			return err
		}
		c.Tokens.KeySets = append(c.Tokens.KeySets, v.(*jwt.KeySet))
	}
	return nil
}
