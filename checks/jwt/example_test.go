package jwt_test

import (
	"encoding/base64"
	"fmt"

	"github.com/samlcheck/samlcheck/checks/jwt"
)

// A token's header and claims are shown; its signature never is.
func ExampleParse() {
	enc := base64.RawURLEncoding.EncodeToString
	raw := enc([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." +
		enc([]byte(`{"iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E","token_use":"access","client_id":"c1"}`)) + "." +
		enc([]byte("signature"))
	tok, err := jwt.Parse(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Issuer(), tok.TokenUse(), tok.Audience() == nil)
	fmt.Println(tok)
	// Output:
	// https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E access true
	// {"alg":"RS256","kid":"k1"}.{"client_id":"c1","iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E","token_use":"access"}.<signature redacted>
}
