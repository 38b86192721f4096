package checks

import "strings"

var iamNameIDRule = &Rule{
	ID:       "iam/nameid",
	Title:    "the assertion has no NameID",
	Severity: Error,
	Profiles: iamProfiles,
	Doc: "IAM federation requires a Subject NameID (any format; persistent is usual): it becomes the saml:sub " +
		"condition key and part of the federated identity. An assertion without one, or with only an EncryptedID, " +
		"fails with \"Not authorized to perform sts:AssumeRoleWithSAML\".",
	Fix: "Make the IdP application send a NameID in the Subject, for example a persistent identifier or the user's " +
		"e-mail address.",
	Refs: []Ref{
		iamAssertions.at("Subject and NameID"),
		iamTroubleshoot.at("Error: Not authorized to perform sts:AssumeRoleWithSAML"),
	},
	Run: func(p *Pass) {
		for _, a := range p.Assertions() {
			switch {
			case a.Subject == nil:
				iamReport(p, Error, a.Element, "assertion %s has no Subject, so no NameID", a.ID)
			case a.Subject.NameID == nil && a.Subject.EncryptedID:
				iamReport(p, Error, a.Subject.Element, "the Subject has an EncryptedID instead of a NameID; expected a plain NameID")
			case a.Subject.NameID == nil:
				iamReport(p, Error, a.Subject.Element, "the Subject of assertion %s has no NameID", a.ID)
			case strings.TrimSpace(a.Subject.NameID.Value) == "":
				iamReport(p, Error, a.Subject.NameID.Element, "the NameID is empty")
			}
		}
	},
}
