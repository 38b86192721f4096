package checks

var chatSyncAccessDeniedRule = errorRule("error/chatsync-access-denied",
	"Amazon Q Business ChatSync failed with AccessDeniedException (no subscription)", "", "",
	Ref{Title: "Amazon Q Business API Reference: ChatSync", URL: errChatSyncURL, Section: "Errors: AccessDeniedException"},
	Ref{Title: "Amazon Q Business User Guide: Managing user subscriptions for IAM Identity Center-integrated applications",
		URL: errQSubscriptionsURL, Section: "Managing user subscriptions for IAM Identity Center-integrated applications"},
	qCustomWebTrouble.at("AccessDeniedException when calling the ChatSync operation"))
