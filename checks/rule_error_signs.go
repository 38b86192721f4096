package checks

import (
	"net/url"
	"strings"

	"github.com/samlcheck/samlcheck/har/capture"
	"sync"

	"github.com/samlcheck/samlcheck/checks/pagetext"
)

// errorSign is one error message an error/* rule recognises on a page or in
// an error JSON: how to recognise it, what the documentation says causes
// it, and which rules can show that cause in the same capture. errorSigns
// is the one table both the rules and MayBeErrorPage read.
type errorSign struct {
	// rule is the id of the rule that reports the sign.
	rule string
	// quote is the message as documented; signs of one rule with the same
	// quote are reported together.
	quote string
	// phrases: the sign is on a page whose visible text holds one of
	// them, compared as words (case, punctuation, curly or straight
	// apostrophes and white space do not matter). Exception names such as
	// InvalidGrantException are phrases too: an error JSON's type field
	// is part of its visible text.
	phrases []string
	// context, when set, must hold as well: one of these phrases is in
	// the text, or contextURL accepts the page's URL.
	context    []string
	contextURL func(u *url.URL) bool
	// awsHost requires the page to come from an AWS domain: the phrase is
	// too common elsewhere ("An unexpected error has occurred").
	awsHost bool
	// section names the documentation section the sign comes from.
	section string
	// why lists the documented causes, fix the documented remedies.
	why, fix string
	// related are the rule ids whose findings would explain the error,
	// most likely first; an id ending in "/" or "-" is a prefix
	// ("saml/" for every SAML rule).
	related []string
	// hints name the inputs that let samlcheck check causes it cannot
	// check without them; they are offered when no related rule fired.
	hints []inputHint
	// notSAML, when set, says why the SAML messages cannot show the cause
	// (or, with related rules, the part of it they cannot show).
	notSAML string
	// roles asks the finding to name the Role values of the SAML
	// responses (the IAM role the error is about).
	roles bool
}

// inputHint is an input (a command-line flag) that would let samlcheck
// check a cause.
type inputHint struct {
	// input names the flag and what to give it.
	input string
	// purpose says what it lets samlcheck check.
	purpose string
	// given reports whether the run has the input already.
	given func(c *Config) bool
}

func hintIdCUsers() inputHint {
	return inputHint{"--users FILE (the output of aws identitystore list-users)",
		"check that the NameID is the user name of a provisioned Identity Center user",
		func(c *Config) bool { return c.Users != nil }}
}

func hintConnectUsers() inputHint {
	return inputHint{"--users FILE (the output of aws connect list-users)",
		"check that RoleSessionName is exactly a Connect username",
		func(c *Config) bool { return c.Users != nil }}
}

func hintIdPCert() inputHint {
	return inputHint{"--idp-cert FILE (the certificate the service provider holds for the IdP) or --idp-metadata FILE",
		"check that the signature verifies with it",
		func(c *Config) bool { return len(c.IdPCerts) > 0 || c.IdPMetadata != nil }}
}

func hintIdPMetadata() inputHint {
	return inputHint{"--idp-metadata FILE (the metadata uploaded to the service provider)",
		"check the NameID format, issuer and certificate it declares",
		func(c *Config) bool { return c.IdPMetadata != nil }}
}

func hintACS() inputHint {
	return inputHint{"--acs URL or --sp-metadata FILE (the service provider's)",
		"check that the response was sent to the right ACS URL",
		func(c *Config) bool { return c.ACS != "" || c.SPMetadata != nil }}
}

// Documentation sections the signs come from.
var (
	idcNotYouRef       = idcTroubleshooting.at("I get an 'It's not you, it's us' error when attempting to sign in to IAM Identity Center")
	idcSessionTokenRef = idcTroubleshooting.at("Error: Session token not found or invalid")
	idcInvalidMFARef   = idcTroubleshooting.at("Invalid MFA credentials error")
)

const (
	errIAMTroubleURL         = "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html"
	errTTISettingsURL        = "https://docs.aws.amazon.com/singlesignon/latest/userguide/trusted-token-issuer-configuration-settings.html"
	errCreateTokenWithIAMURL = "https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateTokenWithIAM.html"
	errChatSyncURL           = "https://docs.aws.amazon.com/amazonq/latest/api-reference/API_ChatSync.html"
	errQSubscriptionsURL     = "https://docs.aws.amazon.com/amazonq/latest/qbusiness-ug/manage-user-subscriptions.html"
	errQCustomWebTroubleURL  = "https://github.com/aws-samples/custom-web-experience-with-amazon-q-business/blob/main/TROUBLESHOOTING.md"
)

// isOIDCTokenURL reports the IAM Identity Center OIDC token endpoint
// (CreateToken and, with ?aws_iam=t, CreateTokenWithIAM).
func isOIDCTokenURL(u *url.URL) bool {
	return strings.HasPrefix(strings.ToLower(u.Hostname()), "oidc.") && strings.TrimSuffix(u.Path, "/") == "/token" &&
		u.Query().Has("aws_iam")
}

// isChatSyncURL reports the Amazon Q Business ChatSync operation
// (POST /applications/{id}/conversations?sync).
func isChatSyncURL(u *url.URL) bool {
	return strings.Contains(strings.ToLower(u.Hostname()), "qbusiness") && strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/conversations") &&
		u.Query().Has("sync")
}

// errorSigns are the error messages of the error/* rules, grouped by rule.
var errorSigns = []errorSign{
	{
		rule:    "error/idc-unexpected",
		quote:   "An unexpected error has occurred",
		phrases: []string{"An unexpected error has occurred"},
		awsHost: true,
		section: idcUnexpectedError.Section,
		why: "IAM Identity Center shows \"An unexpected error has occurred\" when it rejects an external IdP's SAML response. " +
			"The documented causes: the NameID Format is not emailAddress; the NameID is not an RFC 2822 address (user@domain.com); " +
			"the NameID is not exactly the user name of a user provisioned in Identity Center (users are not created just in time: " +
			"they must exist, created by hand or by SCIM); with attributes for access control on, more than 50 attributes, " +
			"multi-valued or duplicate attributes, XML values, or a NameFormat that is not SAML-specified; the ACS URL configured " +
			"at the IdP differs from the instance's. The same text appears when registering or using an authenticator app for MFA.",
		fix: "Fix what the likely-cause rules name. Otherwise look up the ExternalIdPDirectoryLogin event in CloudTrail: its " +
			"errorMessage names the reason (for example \"Response contains invalid name id policy format\"); compare the NameID " +
			"with `aws identitystore list-users` and the IdP's ACS URL with the one in the Identity Center console.",
		related: []string{"idc/nameid-format", "idc/nameid-email", "idc/nameid-user", "idc/encrypted-assertion", "idc/assertion-count",
			"idc/acs-url", "idc/audience", "idc/abac-", "saml/", "idc/"},
		hints: []inputHint{hintIdCUsers(), hintIdPCert(), hintACS()},
	},
	{
		rule:    "error/idc-not-you-its-us",
		quote:   "It's not you, it's us",
		phrases: []string{"It's not you, it's us", "It's not you, it is us", "It is not you, it is us"},
		awsHost: true,
		section: idcNotYouRef.Section,
		why: "IAM Identity Center shows \"It's not you, it's us\" when the instance, or the external IdP it uses as identity source, " +
			"is set up wrongly. The documented causes: the date and time of the device used to sign in are wrong; the IdP certificate " +
			"imported into Identity Center is not the one the IdP signs with; the NameID format in the IdP metadata is not " +
			"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress; with AD Connector as identity source, the AD Connector service " +
			"account's credentials have expired.",
		fix: "Let the device set its date and time automatically. In the Identity Center console (Settings, Identity source, Actions, " +
			"Manage authentication) import the certificate the IdP signs with now. Set the NameID format of the IdP metadata to " +
			"emailAddress. Renew the AD Connector service account credentials. The IdP's own logs (Okta System Log, Entra ID " +
			"sign-in logs) may name the failure.",
		related: []string{"saml/clock-skew", "saml/time-window", "saml/signature-untrusted", "saml/signature-invalid",
			"saml/signature-missing", "saml/certificate", "idc/metadata", "idc/nameid-format"},
		hints: []inputHint{hintIdPCert(), hintIdPMetadata()},
	},
	{
		rule:    "error/idc-session-token",
		quote:   "Session token not found or invalid",
		phrases: []string{"Session token not found or invalid"},
		section: idcSessionTokenRef.Section,
		why: "A client (the browser or the AWS CLI) used an IAM Identity Center session that was revoked or invalidated on the " +
			"server side: a session that ended, was signed out elsewhere or was revoked by an administrator.",
		fix: "Go back to the client program or website and try again, signing in again when asked; cancel pending requests " +
			"(such as a pending connection attempt in the browser) first. With the AWS CLI, run `aws sso login` again.",
		notSAML: "this error is about the Identity Center session, which no SAML message in the capture shows",
	},
	{
		rule:    "error/idc-invalid-mfa",
		quote:   "Invalid MFA credentials",
		phrases: []string{"Invalid MFA credentials"},
		awsHost: true,
		section: idcInvalidMFARef.Section,
		why: "IAM Identity Center shows \"Invalid MFA credentials\" when a user of an external IdP signs in before SCIM has " +
			"provisioned the user into Identity Center; it resolves once the user is provisioned.",
		fix: "Check that the user is provisioned in Identity Center (`aws identitystore list-users`); if not, look at the IdP's " +
			"provisioning logs for the user's synchronisation error.",
		related: []string{"idc/nameid-user", "idc/nameid-email", "idc/nameid-format"},
		hints:   []inputHint{hintIdCUsers()},
	},
	{
		rule:    "error/connect-not-onboarded",
		quote:   "Access Denied. Your account has been authenticated, but has not been onboarded to this application.",
		phrases: []string{"has not been onboarded to this application"},
		section: "Error Message: Access Denied. Your account has been authenticated, but has not been onboarded to this application.",
		why: "AWS accepted the SAML sign-in, but Amazon Connect found no user for it. The documented causes: the Connect username " +
			"does not match the RoleSessionName attribute of the SAML response (usernames are case-sensitive); the user does not " +
			"exist in the Connect instance; the user has two separate profiles assigned with SSO.",
		fix: "Make the IdP send as RoleSessionName exactly the Connect username (compare with `aws connect list-users " +
			"--instance-id …`, following NextToken), or create the user in Connect; assign the user a single profile in the IdP.",
		related: []string{"connect/role-session-name", "iam/role-session-name", "connect/single-role", "iam/role-attribute"},
		hints:   []inputHint{hintConnectUsers()},
	},
	{
		rule:    "error/connect-bad-request",
		quote:   "Bad Request. The request was not valid and could not be processed.",
		phrases: []string{"The request was not valid and could not be processed"},
		awsHost: true,
		section: "Error Message: Bad Request. The request was not valid and could not be processed.",
		why: "Amazon Connect answers \"Bad Request\" most often when a Connect user who signed in before through one identity " +
			"provider signs in with a different Role SAML attribute: a Connect user stays associated with the role it signed in with.",
		fix: "Reuse the role the Connect user is associated with and edit its trust relationship to trust the new identity " +
			"provider; only if the user must use a new role, delete and recreate the Connect user (its data is lost).",
		related: []string{"connect/single-role", "iam/role-attribute"},
		notSAML: "samlcheck cannot know which role the Connect user first signed in with: compare it with the Role sent here",
		roles:   true,
	},
	{
		rule:    "error/connect-federation-token",
		quote:   "Access denied, Please contact your AWS account administrator for assistance.",
		phrases: []string{"Access denied, Please contact your AWS account administrator"},
		awsHost: true,
		section: "Error Message: Access denied, Please contact your AWS account administrator for assistance.",
		why: "The SAML sign-in succeeded and the user assumed the role, but the role has no permission to call " +
			"connect:GetFederationToken, which signing in to Amazon Connect with SAML requires.",
		fix: "Attach to the role a policy that allows connect:GetFederationToken on " +
			"arn:aws:connect:<region>:<account>:instance/<instance-id>/user/${aws:userid} (IAM console, or aws iam attach-role-policy).",
		notSAML: "the role's IAM policies are not in the capture",
		roles:   true,
	},

	// error/iam-saml: the sign-in errors of AWS IAM SAML federation.
	{
		rule:    "error/iam-saml",
		quote:   "Your request included an invalid SAML response",
		phrases: []string{"Your request included an invalid SAML response"},
		section: "Error: Your request included an invalid SAML response. To logout, click here.",
		why: "AWS sign-in rejected the SAML response. The documented cause: it has no attribute named " +
			"https://aws.amazon.com/SAML/Attributes/Role whose AttributeValues are each a comma-separated pair of a role ARN and " +
			"the SAML provider's ARN.",
		fix:     "Send the Role attribute with values \"arn:aws:iam::<account>:role/<role>,arn:aws:iam::<account>:saml-provider/<provider>\".",
		related: []string{"iam/role-attribute", "iam/", "saml/"},
		roles:   true,
	},
	{
		rule:    "error/iam-saml",
		quote:   "RoleSessionName is required in AuthnResponse",
		phrases: []string{"RoleSessionName is required in AuthnResponse"},
		section: "Error: RoleSessionName is required in AuthnResponse (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)",
		why:     "The SAML response has no attribute named https://aws.amazon.com/SAML/Attributes/RoleSessionName.",
		fix:     "Send RoleSessionName, usually the user's ID or e-mail address.",
		related: []string{"iam/role-session-name"},
	},
	{
		rule:    "error/iam-saml",
		quote:   "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}",
		phrases: []string{"RoleSessionName in AuthnResponse must match"},
		section: "Error: RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64} (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)",
		why:     "The RoleSessionName value is too long (over 64 characters) or holds characters outside [a-zA-Z_0-9+=,.@-].",
		fix:     "Map RoleSessionName to a value of 2 to 64 characters of letters, digits and +=,.@_- (an e-mail address, not a display name or DOMAIN\\user).",
		related: []string{"iam/role-session-name"},
	},
	{
		rule:    "error/iam-saml",
		quote:   "Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"",
		phrases: []string{"Source Identity must match"},
		section: "Error: Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\" (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)",
		why:     "The SourceIdentity attribute value is too long (over 64 characters), holds invalid characters or begins with \"aws:\".",
		fix:     "Map SourceIdentity to a value of 2 to 64 characters of letters, digits and +=,.@_- that does not begin with \"aws:\".",
		related: []string{"iam/source-identity"},
	},
	{
		rule:    "error/iam-saml",
		quote:   "Not authorized to perform sts:AssumeRoleWithSAML",
		phrases: []string{"Not authorized to perform sts:AssumeRoleWithSAML"},
		section: "Error: Not authorized to perform sts:AssumeRoleWithSAML (service: AWSSecurityTokenService; status code: 403; error code: AccessDenied)",
		why: "The documented causes: the role in the SAML response is misspelled or does not exist (role names are case-sensitive); " +
			"the role's trust policy does not name the SAML provider as Principal, does not allow sts:AssumeRoleWithSAML (and " +
			"sts:TagSession when PrincipalTag attributes are sent, sts:SetSourceIdentity when SourceIdentity is sent), or its " +
			"conditions are not met; the response has no Subject NameID.",
		fix: "Correct the role ARN at the IdP (exact case), and make the role's trust policy allow sts:AssumeRoleWithSAML (plus " +
			"sts:TagSession / sts:SetSourceIdentity as needed) for the SAML provider, with conditions the users meet.",
		related: []string{"iam/role-attribute", "iam/nameid", "iam/session-tags", "iam/source-identity", "iam/audience"},
		roles:   true,
	},
	{
		rule:    "error/iam-saml",
		quote:   "Response signature invalid",
		phrases: []string{"Response signature invalid"},
		section: "Error: Response signature invalid (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)",
		why: "The signature does not verify with the certificate in the metadata of the IAM SAML provider: the IdP's metadata " +
			"changed (for example a renewed certificate) and the IAM provider still holds the old one.",
		fix: "Download the IdP's current SAML metadata and update the IAM identity provider with it (aws iam " +
			"update-saml-provider, or Update-IAMSAMLProvider).",
		related: []string{"saml/signature-invalid", "saml/signature-untrusted", "saml/signature-missing", "saml/signature-wrapping",
			"saml/certificate", "saml/xml-roundtrip", "iam/metadata"},
		hints: []inputHint{hintIdPCert()},
	},
	{
		rule:    "error/iam-saml",
		quote:   "Issuer not present in specified provider",
		phrases: []string{"Issuer not present in specified provider"},
		section: "Error: Failed to assume role: Issuer not present in specified provider (service: AWSOpenIdDiscoveryService; status code: 400; error code: AuthSamlInvalidSamlResponseException)",
		why:     "The Issuer of the SAML response is not the issuer declared in the metadata uploaded to the IAM identity provider.",
		fix:     "Make the IdP's entity ID and the metadata of the IAM identity provider agree (re-upload the current metadata).",
		related: []string{"saml/issuer", "iam/metadata"},
		hints:   []inputHint{hintIdPMetadata()},
	},
	{
		rule:    "error/iam-saml",
		quote:   "Could not parse metadata",
		phrases: []string{"Could not parse metadata", "Unable to parse metadata"},
		section: "Error: Could not parse metadata.",
		why: "IAM could not read the IdP metadata uploaded to the SAML identity provider: it must be UTF-8 without a byte order " +
			"mark, and its certificate's key at least 1024 bits.",
		fix:     "Save the metadata as UTF-8 without BOM, with a certificate of at least 1024 bits, and upload it again.",
		related: []string{"iam/metadata"},
		hints:   []inputHint{hintIdPMetadata()},
	},
	{
		rule:    "error/iam-saml",
		quote:   "Specified provider doesn't exist",
		phrases: []string{"Specified provider doesn't exist", "Specified provider does not exist"},
		section: "Error: Specified provider doesn't exist.",
		why:     "The SAML provider ARN in the Role attribute names no SAML identity provider configured in IAM.",
		fix:     "Use the ARN of the IAM SAML provider exactly as IAM shows it (arn:aws:iam::<account>:saml-provider/<name>).",
		related: []string{"iam/role-attribute"},
		roles:   true,
	},
	{
		rule:    "error/iam-saml",
		quote:   "Response does not contain the required audience",
		phrases: []string{"Response does not contain the required audience"},
		section: "Error: Response does not contain the required audience.",
		why:     "No Audience of the SAML response is the AWS sign-in endpoint (https://signin.aws.amazon.com/saml, a regional one, or urn:amazon:webservices).",
		fix:     "Set the audience (SP entity ID) of the IdP's AWS application to https://signin.aws.amazon.com/saml or urn:amazon:webservices.",
		related: []string{"iam/audience", "saml/audience"},
	},
	{
		rule:    "error/iam-saml",
		quote:   "Requested DurationSeconds exceeds MaxSessionDuration set for this role",
		phrases: []string{"DurationSeconds exceeds MaxSessionDuration", "DurationSeconds exceeds the MaxSessionDuration"},
		section: "Error: Requested DurationSeconds exceeds MaxSessionDuration set for this role.",
		why:     "The session duration asked for (SessionDuration attribute, or DurationSeconds of AssumeRoleWithSAML) is longer than the role's maximum session duration.",
		fix:     "Ask for at most the role's maximum session duration, or raise the role's MaxSessionDuration.",
		related: []string{"iam/session-duration"},
	},

	// Trusted identity propagation (a trusted token issuer) and Amazon Q
	// Business.
	{
		rule:    "error/invalid-grant",
		quote:   "InvalidGrantException",
		phrases: []string{"InvalidGrantException"},
		section: "InvalidGrantException",
		why: "IAM Identity Center refused to exchange the identity provider's token (CreateTokenWithIAM). The known causes: the " +
			"user exists in the application's directory but not in IAM Identity Center; the trusted token issuer is misconfigured " +
			"(its issuer URL, trailing slash included, or its attribute mapping); the customer managed application's audience is wrong.",
		fix: "Provision the user in Identity Center. Make the trusted token issuer's issuer URL exactly the \"issuer\" of " +
			"{issuer URL}/.well-known/openid-configuration (mind the trailing slash) and map a claim that holds the Identity " +
			"Center user's attribute; set the application's audience to the token's aud.",
		related: []string{"idc/nameid-user", "idc/nameid-email", "idc/nameid-format"},
		hints:   []inputHint{hintIdCUsers()},
	},
	{
		rule:       "error/create-token-access-denied",
		quote:      "AccessDeniedException calling CreateTokenWithIAM",
		phrases:    []string{"AccessDeniedException"},
		context:    []string{"CreateTokenWithIAM"},
		contextURL: isOIDCTokenURL,
		section:    "AccessDeniedException when calling CreateTokenWithIAM operation",
		why: "IAM Identity Center refused CreateTokenWithIAM. The known causes: the user (or a group of the user) is not " +
			"assigned to the customer managed application; the IAM role of the web application is not listed in the " +
			"application's credentials (trusted applications for identity propagation).",
		fix: "Assign the user or group to the customer managed application (or turn off \"require assignments\"), and add the " +
			"web application's IAM role to the application's credentials in IAM Identity Center.",
		notSAML: "application assignments and credentials are not in the capture",
	},
	{
		rule:    "error/chatsync-access-denied",
		quote:   "AccessDeniedException on ChatSync: User is not authorized for this service call",
		phrases: []string{"User is not authorized for this service call"},
		section: "AccessDeniedException when calling the ChatSync operation",
		why: "Amazon Q Business refused ChatSync because the user has no subscription to the Q Business application " +
			"(\"User is not authorized for this service call\").",
		fix:     "Subscribe the user (or a group of the user) to the application in the Amazon Q Business console (User access, Manage user access).",
		notSAML: "subscriptions are not in the capture",
	},
	{
		rule:       "error/chatsync-access-denied",
		quote:      "AccessDeniedException on ChatSync: User is not authorized for this service call",
		phrases:    []string{"AccessDeniedException"},
		context:    []string{"ChatSync"},
		contextURL: isChatSyncURL,
		section:    "AccessDeniedException when calling the ChatSync operation",
		why: "Amazon Q Business refused ChatSync; the known cause is a user with no subscription to the Q Business application " +
			"(the message then says \"User is not authorized for this service call\").",
		fix:     "Subscribe the user (or a group of the user) to the application in the Amazon Q Business console (User access, Manage user access).",
		notSAML: "subscriptions are not in the capture",
	},
}

// match reports whether the sign is on page pg, whose text is t, and
// returns the text it quotes.
func (s *errorSign) match(t *pagetext.Text, pg *capture.Page) (string, bool) {
	span, ok := t.Find(s.phrases)
	if !ok {
		return "", false
	}
	if s.awsHost && !isAWSPageHost(pg.Source.URL) {
		return "", false
	}
	if s.context != nil || s.contextURL != nil {
		_, inText := t.Find(s.context)
		u, err := url.Parse(pg.Source.URL)
		inURL := err == nil && s.contextURL != nil && s.contextURL(u)
		if !inText && !inURL {
			return "", false
		}
	}
	return t.Quote(span), true
}

// MayBeErrorPage reports whether a response body of the given media type
// could be one of the error pages or error JSON the error/* rules recognise:
// one of their messages appears in its visible text (HTML and XML without
// tags, scripts, styles, comments or hidden elements; the error fields of a
// JSON document; plain text as is; see package pagetext). It reads the
// first capture.DefaultMaxPageText bytes only, as a capture.Page keeps no more, and ignores the
// conditions the rules add about where the page came from, so it keeps
// every body a rule could match. A HAR reader uses it to keep only the
// bodies that can matter; scripts, style sheets and binary media are never
// kept.
//
// It is quick on the bodies it drops: a body is read as a page only when
// every word of one of the messages appears in it (see
// [pagetext.Phrases.FoundIn]).
func MayBeErrorPage(mimeType string, body []byte) bool {
	return errorPhrases().FoundIn(mimeType, body[:min(len(body), capture.DefaultMaxPageText)])
}

// errorPhrases are the phrases of errorSigns, prepared on first use and
// never changed after.
var errorPhrases = sync.OnceValue(func() *pagetext.Phrases {
	return pagetext.NewPhrases(errorSignPhrases())
})

// errorSignPhrases lists the phrases of errorSigns in the table's order.
func errorSignPhrases() []string {
	var out []string
	for i := range errorSigns {
		out = append(out, errorSigns[i].phrases...)
	}
	return out
}

// isAWSPageHost reports whether raw is a URL on an AWS domain (sign-in,
// access portal, console, Amazon Connect, APIs).
func isAWSPageHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	// The domains AWS serves its sign-in pages, portals, consoles and APIs
	// from ("aws" is the top-level domain of my.connect.aws and api.aws).
	for _, s := range []string{"aws.amazon.com", "amazonaws.com", "amazonaws.com.cn", "amazonaws.cn", "amazonaws-us-gov.com", "awsapps.com", "aws", "amazoncognito.com"} {
		if h == s || strings.HasSuffix(h, "."+s) {
			return true
		}
	}
	return false
}
