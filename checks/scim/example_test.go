package scim_test

import (
	"fmt"

	"github.com/samlcheck/samlcheck/checks/scim"
)

// A User document as an identity provider sends it to IAM Identity
// Center; attribute names are read without case.
func ExampleParse() {
	doc, err := scim.Parse([]byte(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
		"userName":"alice@example.com","Name":{"givenName":"Alice"},"displayName":"Alice Liddell"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Kind, doc.String("username"), doc.String("name.givenName"), doc.String("name.familyName") == "")
	// Output: User alice@example.com Alice true
}

func ExampleParseEndpoint() {
	ep, err := scim.ParseEndpoint("https://scim.us-east-1.amazonaws.com/a1b2c3d4-5678/scim/v2//Users")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ep.Region, ep.Tenant, ep.Resource, ep.DoubleSlash)
	// Output: us-east-1 a1b2c3d4-5678 Users true
}
