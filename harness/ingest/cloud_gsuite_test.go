package ingest

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Field values of the Splunk Add-on for Google Workspace,
// default/props.conf [gws:reports:login] and the gws_reports_login_*
// eventtypes, on security_content's login examples read as
// gws:reports:login (the sourcetype the detections' gws_reports_login
// macro searches).
func TestGoogleWorkspaceLoginFields(t *testing.T) {
	checkFields(t, []fieldCase{
		{"login_failure", gwsLogin("google_workspace_login_failure.yml"), map[string]string{
			"action": "failure", "user": "user29@daftpunk.com", "user_id": "114679690119024644513",
			"src": "141.254.89.27", "src_ip": "141.254.89.27", "signature": "login_failure",
			"login_type": "unknown", "login_challenge_method": `"password"`,
			"authentication_method": "password", // login_type unknown: the challenge method, unquoted
			"dest":                  "Google Workspace", "vendor_account": "C046r85ir",
			"eventtype": "gws_reports_login_auth", "tag": "authentication|cloud",
		}},
		{"login_success", gwsLogin("google_workspace_login_success.yml"), map[string]string{
			"action": "success", "login_type": "google_password", "authentication_method": "google_password",
			"login_challenge_method": `"password", "password", "password", "password", "password"`,
			"tag":                    "authentication|cloud",
		}},
		{"labelled gws:reports:admin: no login knowledge", fromExample("google_workspace_login_failure.yml"), map[string]string{
			"action": "", "user": "", "tag": "",
		}},
	})
}

func gwsLogin(file string) func(t *testing.T) event.Row {
	return func(t *testing.T) event.Row {
		return applyToRaw(t, strings.TrimSpace(exampleLog(t, file))+"\n", Meta{Source: "gws", Sourcetype: "gws:reports:login"})
	}
}

// An admin-console 2-step verification unenrolment in the add-on's event
// shape (one Reports API activity per event, its event under "event", as
// the data sources' login examples show).
const gwsUnenrollMFA = `{"kind": "admin#reports#activity", "id": {"time": "2022-10-14T18:10:06.221Z", "uniqueQualifier": "-7312345", "applicationName": "admin", "customerId": "C046r85ir"}, "etag": "\"x\"", "actor": {"callerType": "USER", "email": "admin@daftpunk.com", "profileId": "1146796901190"}, "ipAddress": "141.254.89.27", "event": {"type": "USER_SETTINGS", "name": "UNENROLL_USER_FROM_STRONG_AUTH", "parameters": [{"name": "USER_EMAIL", "value": "victim@daftpunk.com"}]}}`

// [gws:reports:admin] of the add-on: user from the USER_EMAIL parameter,
// action from gws_reports_admin_lookup, account-management eventtype.
func TestGoogleWorkspaceAdminFields(t *testing.T) {
	checkFields(t, []fieldCase{
		{"UNENROLL_USER_FROM_STRONG_AUTH", func(t *testing.T) event.Row {
			return applyToRaw(t, gwsUnenrollMFA+"\n", Meta{Source: "gws:reports:admin", Sourcetype: "gws:reports:admin"})
		}, map[string]string{
			"user": "victim@daftpunk.com", "user_name": "victim@daftpunk.com", "user_email": "victim@daftpunk.com",
			"command": "UNENROLL_USER_FROM_STRONG_AUTH", "status": "success", "vendor_account": "C046r85ir",
			"action": "modified", "object_attrs": "STRONG_AUTH",
			"eventtype": "gws_reports_admin_account_management", "tag": "account|change|cloud",
		}},
	})
}
