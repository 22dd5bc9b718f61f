package ingest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// End to end: security_content cloud detections run through the runner
// on events built from the data sources' example_logs and on OTRF's real
// CloudTrail capture, with the AWS and Office 365 add-on definitions and
// the CIM data models deciding what each search sees.
func TestCloudDetectionsEndToEnd(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	otrf := testenv.SharedDir(t, "corpus", "otrf", "datasets", "atomic", "aws", "collection", "ec2_proxy_s3_exfiltration.zip")
	dir := t.TempDir()
	loginFailed := cloudExample(t, dir, "login-failed.json", "aws_cloudtrail_consolelogin.yml", 1, nil)
	loginOK := cloudExample(t, dir, "login-ok.json", "aws_cloudtrail_consolelogin.yml", 1, func(ev map[string]any) {
		ev["responseElements"] = map[string]any{"ConsoleLogin": "Success"}
		delete(ev, "errorMessage")
	})
	mailboxFull := cloudExample(t, dir, "mailbox-full.json", "o365_add_mailboxpermission.yml", 1, nil)
	mailboxRead := cloudExample(t, dir, "mailbox-read.json", "o365_add_mailboxpermission.yml", 1, func(ev map[string]any) {
		ev["Parameters"] = []any{map[string]any{"Name": "Identity", "Value": "jhernan"}, map[string]any{"Name": "AccessRights", "Value": "ReadPermission"}}
	})
	failures11 := cloudExample(t, dir, "failures-11.json", "o365_userloginfailed.yml", 11, nil)
	failures10 := cloudExample(t, dir, "failures-10.json", "o365_userloginfailed.yml", 10, nil)
	// 19 half hours with one group changed each, then one with ten.
	var baseline, burst []sgChange
	for i := 0; i < 19; i++ {
		baseline = append(baseline, sgChange{30 * i, "sg-base"})
	}
	for i := 0; i < 10; i++ {
		burst = append(burst, sgChange{30*19 + i, fmt.Sprintf("sg-0%d", i)})
	}
	sgBurst := securityGroupChanges(t, dir, "sg-burst.json", append(baseline, burst...))
	sgQuiet := securityGroupChanges(t, dir, "sg-quiet.json", append(baseline, burst[:2]...))
	mfaFailed := cloudExample(t, dir, "aad-mfa-failed.json", "azure_active_directory_sign_in_activity.yml", 1, func(ev map[string]any) {
		ev["properties"].(map[string]any)["status"].(map[string]any)["errorCode"] = 500121
	})
	mfaRequired := cloudExample(t, dir, "aad-mfa-required.json", "azure_active_directory_sign_in_activity.yml", 1, nil)
	portScan := writeCloudFile(t, dir, "vpc-scan.log", vpcFlows(600))
	fewPorts := writeCloudFile(t, dir, "vpc-few.log", vpcFlows(100))
	mfaOff := writeCloudFile(t, dir, "gws-mfa-off.json", gwsAdminEvent("UNENROLL_USER_FROM_STRONG_AUTH"))
	pwChange := writeCloudFile(t, dir, "gws-password.json", gwsAdminEvent("CHANGE_PASSWORD"))
	const (
		trail = "aws_cloudtrail"
		o365  = "o365"
	)
	cases := []struct {
		id, detection, data, source, sourcetype string
		fires                                   bool
		want                                    map[string]string // first result row
		failure                                 string            // expected Fail message, "" for Pass
	}{
		// tstats over Authentication: the ConsoleLogin enters the data
		// model through the aws_cloudtrail_consolelogin_auth tag, with the
		// add-on's action/app/signature.
		{"aws-failed-login-fires", "detections/cloud/aws_credential_access_failed_login.yml", loginFailed, trail, "aws:cloudtrail", true,
			map[string]string{"user": "HIDDEN_DUE_TO_SECURITY_REASONS", "src": "142.254.89.27", "action": "failure", "dest": "https://console.aws.amazon.com"}, ""},
		{"aws-successful-login-silent", "detections/cloud/aws_credential_access_failed_login.yml", loginOK, trail, "aws:cloudtrail", false, nil, ""},
		// OTRF's real capture: the 11 assumed-role S3 calls match
		// user_type=AssumedRole (the add-on's user_type EVAL); the hunting
		// search's table keeps no user, so its user observable is missing,
		// and contentctl 4.x's unit rule (tags.observable vintage) fails it
		// at the first result.
		{"otrf-assume-role-fires", "detections/cloud/aws_detect_sts_assume_role_abuse.yml", otrf, trail, "aws:cloudtrail", true,
			map[string]string{"sourceIPAddress": "1.2.3.4", "userIdentity.arn": "arn:aws:sts::123456789123:assumed-role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0/i-0317f6c6b66ae9c40"},
			`observable field(s) user missing from result 1 of 11`},
		// 26 distinct Describe/List/Get calls: below the detection's 50.
		{"otrf-scanning-silent", "detections/cloud/aws_excessive_security_scanning.yml", otrf, trail, "aws:cloudtrail", false, nil, ""},
		// tstats over Change: AuthorizeSecurityGroupIngress enters the data
		// model through aws_cloudtrail_notable_network_events (eventName
		// matches *security* case-insensitively); object is the group and
		// object_category security_group (eventname lookup), action modified.
		{"aws-security-group-burst-fires", "detections/cloud/cloud_security_groups_modifications_by_user.yml", sgBurst, trail, "aws:cloudtrail", true,
			map[string]string{"user": "alice", "unique_security_groups": "10", "action": "modified", "object_category": "security_group", "command": "AuthorizeSecurityGroupIngress"}, ""},
		{"aws-security-group-two-silent", "detections/cloud/cloud_security_groups_modifications_by_user.yml", sgQuiet, trail, "aws:cloudtrail", false, nil, ""},
		// Entra ID sign-in failed at the MFA challenge (500121); the stats
		// groups by the add-on's user, src_ip and user_agent, so without
		// them it would return nothing.
		{"aad-mfa-challenge-failed-fires", "detections/cloud/azure_ad_authentication_failed_during_mfa_challenge.yml", mfaFailed, "Azure AD", "azure:monitor:aad", true,
			map[string]string{"user": "user15@splunkresearch.onmicrosoft.com", "src_ip": "1.2.3.4", "user_agent": "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2428"}, ""},
		{"aad-mfa-required-silent", "detections/cloud/azure_ad_authentication_failed_during_mfa_challenge.yml", mfaRequired, "Azure AD", "azure:monitor:aad", false, nil, ""},
		// VPC flow logs reach Network_Traffic through the vpcflow eventtype
		// (network, communicate); transport tcp comes from the protocol
		// lookup. 600 destination ports in an hour is a vertical scan.
		{"vpcflow-vertical-scan-fires", "detections/network/internal_vertical_port_scan.yml", portScan, "aws_cloudwatchlogs_vpcflow", "aws:cloudwatchlogs:vpcflow", true,
			map[string]string{"src_ip": "10.0.1.30", "dest_ip": "10.0.1.1", "transport": "tcp", "totalDestPortCount": "600", "action": "allowed"}, ""},
		{"vpcflow-100-ports-silent", "detections/network/internal_vertical_port_scan.yml", fewPorts, "aws_cloudwatchlogs_vpcflow", "aws:cloudwatchlogs:vpcflow", false, nil, ""},
		// Google Workspace admin log: command, user (USER_EMAIL parameter),
		// status, vendor_account and action are the add-on's.
		{"gws-mfa-disabled-fires", "detections/cloud/gcp_multi_factor_authentication_disabled.yml", mfaOff, "gws:reports:admin", "gws:reports:admin", true,
			map[string]string{"user": "victim@daftpunk.com", "actor.email": "admin@daftpunk.com", "action": "modified", "status": "success", "vendor_account": "C046r85ir"}, ""},
		{"gws-password-change-silent", "detections/cloud/gcp_multi_factor_authentication_disabled.yml", pwChange, "gws:reports:admin", "gws:reports:admin", false, nil, ""},
		// AccessRights comes from the add-on's Name/Value pair extraction.
		{"o365-mailbox-fullaccess-fires", "detections/cloud/o365_elevated_mailbox_permission_assigned.yml", mailboxFull, o365, "o365:management:activity", true,
			map[string]string{"dest_user": "jhernan", "user": "pbareiss@rodsoto.onmicrosoft.com", "AccessRights": "FullAccess"}, ""},
		{"o365-mailbox-read-silent", "detections/cloud/o365_elevated_mailbox_permission_assigned.yml", mailboxRead, o365, "o365:management:activity", false, nil, ""},
		// status=failure (EVAL) and UserAuthenticationMethod (pair), count > 10.
		{"o365-11-failures-fire", "detections/cloud/o365_excessive_authentication_failures_alert.yml", failures11, o365, "o365:management:activity", true,
			map[string]string{"user": "user30@contoso.onmicrosoft.com", "count": "11", "status": "failure"}, ""},
		{"o365-10-failures-silent", "detections/cloud/o365_excessive_authentication_failures_alert.yml", failures10, o365, "o365:management:activity", false, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			m := writeManifestAs(t, dir, c.id, sc, c.detection, c.data, c.source, c.sourcetype, c.fires)
			res := runCase(t, m, false)
			want := runner.Pass
			if c.failure != "" {
				want = runner.Fail
			}
			if res.Status != want || !strings.Contains(res.Message, c.failure) {
				t.Fatalf("%s: %s %q, want %s %q", c.id, res.Status, res.Message, want, c.failure)
			}
			assertFirstRow(t, res, c.want, "")
		})
	}
}

// cloudExample writes n copies of a data source's example_log, each
// changed by edit, as a JSON-lines dataset.
func cloudExample(t *testing.T, dir, name, dataSource string, n int, edit func(map[string]any)) string {
	t.Helper()
	example := dataSourceExample(t, dataSource)
	var out []byte
	for i := 0; i < n; i++ {
		var ev map[string]any
		if err := json.Unmarshal([]byte(example), &ev); err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			edit(ev)
		}
		// The add-ons' Name/Value regexes expect the ", " and ": "
		// separators Splunk's own example events carry.
		var line bytes.Buffer
		enc := json.NewEncoder(&line)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(ev); err != nil {
			t.Fatal(err)
		}
		out = append(out, spacedJSON(line.Bytes())...)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// spacedJSON puts a blank after every ":" and "," outside strings, the
// layout of the data sources' example events (Python's json.dumps).
func spacedJSON(compact []byte) []byte {
	var out []byte
	inString, escaped := false, false
	for _, c := range compact {
		out = append(out, c)
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ':' || c == ','):
			out = append(out, ' ')
		}
	}
	return out
}

// sgChange is one security group change, minutes after 2021-01-12 00:00 UTC.
type sgChange struct {
	minute int
	group  string
}

// securityGroupChanges writes one AuthorizeSecurityGroupIngress CloudTrail
// record per change, by the IAM user alice.
func securityGroupChanges(t *testing.T, dir, name string, changes []sgChange) string {
	t.Helper()
	var out []byte
	for _, c := range changes {
		at := time.Date(2021, 1, 12, 0, c.minute, 0, 0, time.UTC)
		g := c.group
		ev := map[string]any{
			"eventVersion": "1.08", "eventTime": at.Format(time.RFC3339),
			"userIdentity": map[string]any{"type": "IAMUser", "principalId": "AIDAX", "arn": "arn:aws:iam::111111111111:user/alice",
				"accountId": "111111111111", "accessKeyId": "AKIAX", "userName": "alice"},
			"eventSource": "ec2.amazonaws.com", "eventName": "AuthorizeSecurityGroupIngress", "awsRegion": "us-east-1",
			"sourceIPAddress": "203.0.113.7", "userAgent": "aws-cli/2.0",
			"requestParameters": map[string]any{"groupId": g, "ipPermissions": map[string]any{"items": []any{
				map[string]any{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "0.0.0.0/0"}}}}}}},
			"responseElements": map[string]any{"_return": true},
			"eventType":        "AwsApiCall", "recipientAccountId": "111111111111",
		}
		line, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, line...), '\n')
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// gwsAdminEvent is one Google Workspace admin activity on a user, in the
// add-on's event shape.
func gwsAdminEvent(name string) string {
	return `{"kind": "admin#reports#activity", "id": {"time": "2022-10-14T18:10:06.221Z", "uniqueQualifier": "-7312345", "applicationName": "admin", "customerId": "C046r85ir"}, "actor": {"callerType": "USER", "email": "admin@daftpunk.com", "profileId": "1146796901190"}, "ipAddress": "141.254.89.27", "event": {"type": "USER_SETTINGS", "name": "` + name + `", "parameters": [{"name": "USER_EMAIL", "value": "victim@daftpunk.com"}]}}` + "\n"
}

func writeCloudFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// vpcFlows writes one accepted TCP flow (version 2 default format) from
// 10.0.1.30 to each of ports 1..n of 10.0.1.1, a second apart.
func vpcFlows(n int) string {
	var sb strings.Builder
	for p := 1; p <= n; p++ {
		start := 1697608000 + p
		fmt.Fprintf(&sb, "2 123397614277 eni-0b0f9f261f45e6489 10.0.1.30 10.0.1.1 47254 %d 6 1 44 %d %d ACCEPT OK\n", p, start, start+1)
	}
	return sb.String()
}
