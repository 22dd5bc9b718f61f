package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Field values of the Splunk Add-on for Microsoft Cloud Services
// (Splunk_TA_microsoft-cloudservices 5.x, default/props.conf
// [azure:monitor:aad] and [mscs:azure:audit], transforms.conf, lookups,
// eventtypes/tags.conf) on the events of security_content's data sources.
func TestAzureFields(t *testing.T) {
	checkFields(t, []fieldCase{
		{"AAD sign-in failure", fromExample("azure_active_directory_sign_in_activity.yml"), map[string]string{
			"action": "failure", // Sign-in activity with properties.status.failureReason
			"status": "failure", // properties.result is not "success"
			"user":   "user15@splunkresearch.onmicrosoft.com", "user_id": "57e4bd36-9722-4a4a-9729-7203d8e00b72",
			"user_agent": "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2428",
			"src_ip":     "1.2.3.4", "app": "Azure Active Directory PowerShell", "authentication_method": "Interactive",
			"dest": "887c9144-28b8-431b-885b-764fdeefcf62", "dest_type": "tenant",
			"object_id":    "887c9144-28b8-431b-885b-764fdeefcf62", // no targetResources: tenantId
			"result":       "Sign-in activity",                     // no resultReason: operationName
			"dataset_name": "authentication", "tag": "authentication",
			"eventtype": "mscs_audit_auth_authentication|mscs_azure_aad_signinlogs",
		}},
		{"AAD add member to role", fromExample("azure_active_directory_add_member_to_role.yml"), map[string]string{
			"user": "User1@splunkresearch.com", "user_name": "User1@splunkresearch.com", "object": "User1@splunkresearch.com",
			"object_id": "0d664d57-a3ee-4049-8642-280a5c7243ef", // targetResources of type User
			// default branch: every modified property but "Included Updated Properties"
			"object_attrs": "Role.ObjectID|Role.DisplayName|Role.TemplateId|Role.WellKnownObjectName",
			"action":       "modified", "change_type": "AAA", "object_category": "user", "status": "success",
			"src_user_type": "userPrincipal", "user_type": "userPrincipal", "dvc": "Core Directory",
			"dataset_name": "account_management", "tag": "account|change",
		}},
		{"AAD enable account", fromExample("azure_active_directory_enable_account.yml"), map[string]string{
			// newValue of the AccountEnabled property, "[true]", without brackets and quotes
			"object_attrs": "AccountEnabled=true", "object": "testuser@splunkresearch.com",
			"user": "testuser@splunkresearch.com", "src_user": "tommyr@splunkresearch.com",
			"user_type": "userPrincipal", "action": "modified", "tag": "account|change",
		}},
		{"Azure audit runbook write", fromExample("azure_audit_create_or_update_an_azure_automation_runbook.yml"), map[string]string{
			"object": "SuspiciousRunbook", "object_id": "SuspiciousRunbook", // last segment of resourceUri
			"user": "John Doe", "user_name": "John Doe", // claims.name
			"dest": "1aee0e3d-b75b-440a-a927-76f0552a14e6", "dvc": "1aee0e3d-b75b-440a-a927-76f0552a14e6",
			"vendor_res_code": "unknown", // no properties.statusCode, status.value is not Started
			"status":          "success", "vendor_product": "Microsoft Azure",
		}},
	})
}

// setCompanyInfoEvent is an azure:monitor:aad "Set Company Information"
// audit record whose Company target lists newValue as its one
// "Included Updated Properties" value (a JSON string inside a string, as
// Entra writes it).
func setCompanyInfoEvent(newValue string) func(t *testing.T) event.Row {
	raw := `{"time": "2024-03-01T10:00:00.0000000Z", "tenantId": "t-1", "operationName": "Set Company Information", "category": "AuditLogs", ` +
		`"properties": {"activityDisplayName": "Set Company Information", "result": "success", "targetResources": [{"id": "c-1", "displayName": null, "type": "Company", ` +
		`"modifiedProperties": [{"displayName": "Included Updated Properties", "oldValue": null, "newValue": ` + newValue + `}]}]}}`
	return func(t *testing.T) event.Row {
		return applyToRaw(t, raw, Meta{Source: "azure_event_hub", Sourcetype: "azure:monitor:aad"})
	}
}

// EVAL-object_attrs of [azure:monitor:aad], branch "Set Company
// Information": coalesce(nullif(replace(<newValue of "Included Updated
// Properties">, "\"", ""), ""), 'properties.targetResources{}.type') -
// the updated property names, or the target's type when none is named.
func TestAzureSetCompanyInformationObjectAttrs(t *testing.T) {
	checkFields(t, []fieldCase{
		{"named property", setCompanyInfoEvent(`"\"StrongAuthenticationPolicy\""`), map[string]string{
			"object_attrs": "StrongAuthenticationPolicy",
		}},
		{"empty list falls back to the target type", setCompanyInfoEvent(`"\"\""`), map[string]string{
			"object_attrs": "Company",
		}},
	})
}
