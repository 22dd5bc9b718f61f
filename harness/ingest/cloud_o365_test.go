package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Field values of the Splunk Add-on for Microsoft Office 365
// (splunk_ta_o365 4.x, default/props.conf [o365:management:activity],
// transforms.conf, lookups/*.csv, eventtypes.conf + tags.conf) on the
// events Splunk showed in security_content's data sources.
func TestO365ManagementActivityFields(t *testing.T) {
	checkFields(t, []fieldCase{
		{"UserLoginFailed", fromExample("o365_userloginfailed.yml"), map[string]string{
			// REPORT extended_properties: Name/Value pairs of _raw.
			"UserAgent":                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/104.0.0.0 Safari/537.36",
			"RequestType":              "OAuth2:Token",
			"UserAuthenticationMethod": "1", "OS": "Windows10", "BrowserType": "Chrome",
			"authentication_method": "Password", // UserAuthenticationMethod lookup, 1
			"action":                "failure",  // EVAL-action for UserLoginFailed
			"reason":                "InvalidUserNameOrPassword",
			"result":                "UserError", // failed: coalesce(resultDescription, ResultStatusDetail, ...)
			"status":                "failure",
			"dest":                  "Microsoft Office 365 AzureActiveDirectory",
			"src":                   "52.3.21.4", "src_ip": "52.3.21.4",
			"user":       "user30@contoso.onmicrosoft.com", // Actor of Type 5
			"user_id":    "user30@contoso.onmicrosoft.com", // no Actor of Type 3: UserId
			"user_type":  "Regular",                        // UserType 0
			"user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/104.0.0.0 Safari/537.36",
			"app":        "AzureActiveDirectory", "authentication_service": "AzureActiveDirectory",
			"record_type":    "AzureActiveDirectoryStsLogon", // RecordType 15
			"event_type":     "AzureApplicationAuditEvent",   // AzureActiveDirectoryEventType 1
			"dataset_name":   "authentication",
			"vendor_product": "Microsoft Office 365 AzureActiveDirectory",
			"eventtype":      "o365_authentication", "tag": "authentication|cloud",
		}},
		{"Update user.", fromExample("o365_update_user_.yml"), map[string]string{
			"user":      "victim@splunkresearch1.onmicrosoft.com", // Target of Type 5
			"object":    "victim@splunkresearch1.onmicrosoft.com",
			"object_id": "User_57e4bd36-9722-4a4a-9729-7203d8e00b72",
			"src_user":  "victim@splunkresearch1.onmicrosoft.com", // "% user%" operations: UserId
			// change_analysis "Update user*" row.
			"dataset_name": "account_management", "action": "modified", "change_type": "AAA",
			"object_category": "user", "object_attrs": "user",
			"extendedAuditEventCategory": "User",
			// extended_properties stops at the first "} - inside the escaped JSON.
			"additionalDetails": `{\"UserType\":\"Member\`,
			"dest":              "99825d50-9544-4061-8e46-68923805cbf2", // OrganizationId for AzureActiveDirectory
			"eventtype":         "o365_account_management", "tag": "account|change|cloud",
		}},
		{"Add-MailboxPermission", fromExample("o365_add_mailboxpermission.yml"), map[string]string{
			"AccessRights": "FullAccess", "Identity": "jhernan", "User": "Patrick Bareiss", "InheritanceType": "All",
			"user": "pbareiss@rodsoto.onmicrosoft.com", "user_type": "Admin", "object": "jhernan",
			"src": "18.159.234.121:30395", "record_type": "ExchangeAdmin", "status": "success",
			"dataset_name": "", "tag": "", // Add-MailboxPermission is in no lookup
		}},
		{"Set-Mailbox empty pair value gives no field", fromExample("o365_set_mailbox.yml"), map[string]string{
			"Identity": "bpatel@rodsoto.onmicrosoft.com", "ForwardingAddress": "",
			"user": "bpatel", "src_user": "pbareiss@rodsoto.onmicrosoft.com", "src_user_type": "Admin",
			"dataset_name": "account_management", "action": "modified", "object_category": "mailbox",
			"tag": "account|change|cloud",
		}},
		{"UserLoggedIn compact JSON: no pair extraction", rawO365(`{"CreationTime":"2023-10-10T17:08:05","Operation":"UserLoggedIn","RecordType":15,"ResultStatus":"Success","UserType":0,"Workload":"AzureActiveDirectory","ClientIP":"1.2.3.4","UserId":"a@b.c","ExtendedProperties":[{"Name":"UserAgent","Value":"curl"}],"Actor":[{"ID":"a@b.c","Type":5},{"ID":"1003","Type":3}]}`), map[string]string{
			// The add-on's regex wants one blank after each colon; compact JSON has none.
			"UserAgent": "", "user_agent": "",
			"user_id": "1003", // Actor of Type 3
			"action":  "success", "dataset_name": "authentication", "tag": "authentication|cloud",
		}},
	})
}

func rawO365(raw string) func(t *testing.T) event.Row {
	return func(t *testing.T) event.Row {
		return applyToRaw(t, raw+"\n", Meta{Source: "o365", Sourcetype: "o365:management:activity"})
	}
}

// The change-analysis lookup is WILDCARD(Operation) with max_matches = 1:
// "Delete group." takes its own row, not the later "Delete group*" one.
func TestO365ChangeAnalysisFirstRowWins(t *testing.T) {
	checkFields(t, []fieldCase{
		{"Delete group.", rawO365(`{"CreationTime": "2023-10-20T19:32:59", "Operation": "Delete group.", "RecordType": 8, "ResultStatus": "Success", "UserType": 0, "Workload": "AzureActiveDirectory", "ObjectId": "g1", "UserId": "admin@x.com"}`), map[string]string{
			"dataset_name": "all_changes", "action": "deleted", "object_category": "group", "tag": "change|cloud",
		}},
		{"Remove service principal.", rawO365(`{"CreationTime": "2023-10-20T19:32:59", "Operation": "Remove service principal.", "RecordType": 8, "ResultStatus": "Success", "UserType": 0, "Workload": "AzureActiveDirectory", "ObjectId": "sp1", "UserId": "admin@x.com"}`), map[string]string{
			"dataset_name": "account_management", "object_category": "ServicePrincipal", "tag": "account|change|cloud",
		}},
	})
}

// The alerts, DLP, email-filtering and Teams lookups put those operations
// in their data models.
func TestO365DatasetLookups(t *testing.T) {
	checkFields(t, []fieldCase{
		{"AlertTriggered", rawO365(`{"CreationTime": "2023-10-20T19:32:59", "Operation": "AlertTriggered", "RecordType": 40, "Workload": "SecurityComplianceCenter", "Severity": "High", "Name": "Suspicious email sending patterns detected", "AlertId": "a1", "UserId": "SecurityComplianceAlerts"}`), map[string]string{
			"dataset_name": "alerts", "type": "alert", "severity": "High", "id": "a1",
			"description": "Suspicious email sending patterns detected", "tag": "alert|cloud",
		}},
		{"SharePoint DLPRuleMatch", rawO365(`{"CreationTime": "2023-10-20T19:32:59", "Operation": "DLPRuleMatch", "RecordType": 11, "Workload": "SharePoint", "UserId": "u@x.com", "ObjectId": "https://x.sharepoint.com/sites/a/b.docx"}`), map[string]string{
			"dataset_name": "dlp_incidents", "action": "NotifyUser", "dlp_type": "network", "object_category": "file",
			"category": "SensitiveInformation", "tag": "cloud|dlp|incident",
		}},
		{"Exchange DlpRuleMatch", rawO365(`{"CreationTime": "2023-10-20T19:32:59", "Operation": "DlpRuleMatch", "RecordType": 13, "Workload": "Exchange", "UserId": "u@x.com", "ExchangeMetaData": {"From": "u@corp.example.com", "To": ["a@b.com"], "Subject": "Q3", "FileSize": 2048, "RecipientCount": 1, "MessageID": "<m1>", "UniqueID": "u1"}}`), map[string]string{
			"dataset_name": "email_filtering", "action": "blocked", "src_user_domain": "example.com",
			"subject": "Q3", "size": "2048", "recipient": "a@b.com", "message_id": "u1", "tag": "cloud|email|filter",
		}},
		{"TeamsSessionStarted", rawO365(`{"CreationTime": "2023-10-20T19:32:59", "Operation": "TeamsSessionStarted", "RecordType": 25, "Workload": "MicrosoftTeams", "UserId": "u@x.com"}`), map[string]string{
			"dataset_name": "authentication", "action": "success", "authentication_service": "", "tag": "authentication|cloud",
		}},
	})
}
