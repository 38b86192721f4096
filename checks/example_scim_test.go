package checks_test

import (
	"context"
	"fmt"

	"github.com/samlcheck/samlcheck/checks"
	"github.com/samlcheck/samlcheck/har/capture"
	"github.com/samlcheck/samlcheck/saml"
)

// A SCIM document from an identity provider's provisioning mapping,
// checked as a file: checks.KindOf recognises it by its "schemas".
func ExampleRunCaptures_scim() {
	user := []byte(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob@example.com",
		"name":{"givenName":"Bob"},"displayName":"Bob","emails":[{"value":"bob@example.com","primary":true}]}`)
	c := capture.Capture{File: "bob.json", Documents: []capture.Document{{
		Source: saml.Source{File: "bob.json", Entry: -1, Where: saml.InFile}, Kind: checks.KindOf(user), Text: string(user)}}}
	rep, err := checks.RunCaptures(context.Background(), &checks.Config{}, []capture.Capture{c})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Findings {
		fmt.Println(f.Severity, f.Rule+":", f.Message)
	}
	// Output: error scim/required-attributes: file bob.json: User "bob@example.com" has no (or an empty) name.familyName
}
