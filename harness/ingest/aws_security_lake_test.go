package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// Amazon Security Lake / CloudTrail Lake (addons/aws_security_lake.yml:
// Splunk_TA_aws 7.10.0 default/props.conf [aws:asl] and
// [aws:cloudtrail:lake]). The events are this file's own, shaped as
// Security Lake writes CloudTrail management events in OCSF (1.0.0-rc.2:
// time is eventTime in epoch milliseconds, api.operation is eventName,
// actor.user.* is userIdentity, src_endpoint.ip is sourceIPAddress,
// api.response.error is errorCode, status Success/Failure from errorCode).

// ocsfCall is one CloudTrail API call as a Security Lake OCSF record.
type ocsfCall struct {
	op       string
	at       time.Time
	user     string // actor.user.name (userIdentity.userName)
	uid      string // actor.user.uid (userIdentity.principalId)
	ip       string // src_endpoint.ip; "" writes src_endpoint.domain instead
	domain   string // src_endpoint.domain when the caller was a service
	agent    string // http_request.user_agent
	errCode  string // api.response.error; "" is a successful call
	keyID    string // actor.user.credential_uid (userIdentity.accessKeyId)
	identity bool   // also write identity.user.* (OCSF rc.1's name for actor.user)
}

const aslAccount = "111122223333"

// line renders the call as one OCSF JSON line, keys in the order Security
// Lake writes them (metadata first, time before the objects).
func (c ocsfCall) line() string {
	q := func(s string) string {
		if s == "" {
			return "null"
		}
		b, _ := json.Marshal(s)
		return string(b)
	}
	user, uid, agent, keyID := c.user, c.uid, c.agent, c.keyID
	if user == "" {
		user = "alice"
	}
	if uid == "" {
		uid = "AIDAEXAMPLE" + strings.ToUpper(user)
	}
	if agent == "" {
		agent = "aws-cli/2.13.0 Python/3.11.4 Linux/6.1 exe/x86_64.ubuntu.22"
	}
	if keyID == "" {
		keyID = "AKIAEXAMPLE" + strings.ToUpper(user)
	}
	status, statusID, message := "Success", 1, ""
	if c.errCode != "" {
		status, statusID, message = "Failure", 2, "The request failed: "+c.errCode
	}
	userObj := fmt.Sprintf(`{"type":"IAMUser","name":%s,"uid":%s,"uuid":%s,"account_uid":%s,"credential_uid":%s}`,
		q(user), q(uid), q("arn:aws:iam::"+aslAccount+":user/"+user), q(aslAccount), q(keyID))
	identity := ""
	if c.identity {
		identity = `,"identity":{"user":` + userObj + `}`
	}
	return fmt.Sprintf(`{"metadata":{"product":{"version":"1.08","name":"CloudTrail","vendor_name":"AWS","feature":{"name":"Management"}},"uid":%s,"profiles":["cloud"],"version":"1.0.0-rc.2"},`+
		`"time":%d,"cloud":{"region":"us-west-2","provider":"AWS"},`+
		`"api":{"response":{"error":%s,"message":%s},"operation":%s,"version":null,"service":{"name":"iam.amazonaws.com"},"request":{"uid":%s}},`+
		`"actor":{"user":%s,"session":{"created_time":%d,"mfa":false}}%s,`+
		`"http_request":{"user_agent":%s},"src_endpoint":{"uid":null,"ip":%s,"domain":%s},`+
		`"class_name":"API Activity","class_uid":3005,"category_name":"Audit Activity","category_uid":3,"severity_id":1,"severity":"Informational",`+
		`"status":%s,"status_id":%d,"type_uid":300599,"type_name":"API Activity: Other","activity_id":99,`+
		`"unmapped":{"recipientAccountId":%s,"eventType":"AwsApiCall"}}`,
		q(fmt.Sprintf("ev-%s-%d", c.op, c.at.UnixMilli())), c.at.UnixMilli(),
		q(c.errCode), q(message), q(c.op), q(fmt.Sprintf("req-%d", c.at.UnixMilli())),
		userObj, c.at.Add(-time.Hour).UnixMilli(), identity,
		q(agent), q(c.ip), q(c.domain),
		q(status), statusID, q(aslAccount))
}

func ocsfLines(calls ...ocsfCall) string {
	var sb strings.Builder
	for _, c := range calls {
		sb.WriteString(c.line())
		sb.WriteByte('\n')
	}
	return sb.String()
}

// Tuesday 2023-11-14 22:13:20.123 UTC: epoch milliseconds 1700000000123.
var aslAt = time.UnixMilli(1700000000123).UTC()

// aslRead reads text as a dataset labelled with sourcetype (source aws_asl,
// as the asl_* detections' tests label it) through the built-in add-ons.
func aslRead(t *testing.T, sourcetype, text string) []event.Row {
	t.Helper()
	addons, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	rows, problems, err := addons.ReadExample(text, ingest.Meta{Source: "aws_asl", Sourcetype: sourcetype, Host: "asl-host"})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	return rows
}

// _time and fields of OCSF and CloudTrail Lake records, one row per rule.
// want maps a field of event number idx to its value ("" = absent).
func TestAWSSecurityLakeTimeAndFields(t *testing.T) {
	nested := `{"unmapped":{"finding":{"time":1600000000456}},"time":1700000000123,"api":{"operation":"GetUser"}}` + "\n"
	native := `{"eventVersion":"1.08","eventTime":"2023-05-01T10:00:00Z","eventName":"DeleteTrail","awsRegion":"us-east-1"}` + "\n"
	both := `{"eventTime":"2023-05-01T10:00:00Z","time":1700000000123,"api":{"operation":"DeleteTrail"}}` + "\n"
	noTime := `{"api":{"operation":"ListUsers"},"class_uid":3005}` + "\n"
	// A 20 KB record: longer than Splunk's default TRUNCATE of 10000 bytes.
	long := `{"time":1700000000123,"unmapped":{"pad":"` + strings.Repeat("x", 20000) + `"},"api":{"operation":"PutImage"}}` + "\n"
	cases := []struct {
		name       string
		sourcetype string
		text       string
		idx        int
		want       map[string]string
		why        string
	}{
		{"lake OCSF record: _time is time in epoch ms", "aws:cloudtrail:lake", ocsfLines(ocsfCall{op: "DeletePolicy", at: aslAt, ip: "198.51.100.7"}), 0,
			map[string]string{"_time": "1700000000.123"},
			`[aws:cloudtrail:lake] TIME_PREFIX = "eventTime": matches nothing in OCSF (time is eventTime, in ms); the record keeps the reader's time field, epoch ms`},
		{"lake OCSF record: detection fields by spath name", "aws:cloudtrail:lake", ocsfLines(ocsfCall{op: "DeleteGroup", at: aslAt, user: "bob", ip: "198.51.100.7", errCode: "NoSuchEntityException"}), 0,
			map[string]string{
				"api.operation": "DeleteGroup", "actor.user.name": "bob", "actor.user.uid": "AIDAEXAMPLEBOB",
				"actor.user.account_uid": aslAccount, "src_endpoint.ip": "198.51.100.7", "cloud.region": "us-west-2",
				"http_request.user_agent": "aws-cli/2.13.0 Python/3.11.4 Linux/6.1 exe/x86_64.ubuntu.22",
				"api.response.error":      "NoSuchEntityException", "status": "Failure", "unmapped.recipientAccountId": aslAccount,
				"sourcetype": "aws:cloudtrail:lake", "source": "aws_asl",
			},
			"KV_MODE = json: every leaf by its spath name; the add-on renames nothing (no FIELDALIAS/EVAL for either sourcetype)"},
		{"lake native CloudTrail Lake record: _time is eventTime", "aws:cloudtrail:lake", native, 0,
			map[string]string{"_time": "1682935200", "eventName": "DeleteTrail"},
			`[aws:cloudtrail:lake] TIME_PREFIX = \"eventTime\"\s*\:\s*\" with TIME_FORMAT = %Y-%m-%dT%H:%M:%S%Z`},
		{"lake record with eventTime and time: eventTime wins", "aws:cloudtrail:lake", both, 0,
			map[string]string{"_time": "1682935200"},
			"the TIME_PREFIX matches, so the add-on's timestamp replaces the reader's time field"},
		{"lake record with timestamp and eventTime: eventTime wins", "aws:cloudtrail:lake",
			`{"timestamp":"2020-01-01T00:00:00Z","eventTime":"2023-05-01T10:00:00Z","eventName":"StopLogging"}` + "\n", 0,
			map[string]string{"_time": "1682935200"},
			"the add-on's TIME_PREFIX names eventTime; the JSON reader alone would take timestamp"},
		{"lake: nested time is not _time", "aws:cloudtrail:lake", nested, 0,
			map[string]string{"_time": "1700000000.123"},
			"no eventTime: the reader's top-level time field, not unmapped.finding.time"},
		{"lake: record without any time takes the previous event's", "aws:cloudtrail:lake", ocsfLines(ocsfCall{op: "DeletePolicy", at: aslAt}) + noTime, 1,
			map[string]string{"_time": "1700000000.123", "api.operation": "ListUsers"},
			"Splunk gives an event without a timestamp the previous event's time"},
		{"lake: non-JSON text gets no key=value pairs", "aws:cloudtrail:lake", "lake input note operation=DeleteTrail user=alice\n", 0,
			map[string]string{"operation": "", "user": ""},
			"KV_MODE = json replaces [default] KV_MODE = auto: no automatic key=value extraction"},
		{"lake: 20 KB record is not truncated", "aws:cloudtrail:lake", long, 0,
			map[string]string{"api.operation": "PutImage", "_time": "1700000000.123"},
			"TRUNCATE = 9999999 keeps the record whole (the field after the pad is there)"},
		{"asl OCSF record: _time is time, %s%3N", "aws:asl", ocsfLines(ocsfCall{op: "CreateAccessKey", at: aslAt, ip: "198.51.100.7"}), 0,
			map[string]string{"_time": "1700000000.123", "api.operation": "CreateAccessKey", "actor.user.name": "alice"},
			`[aws:asl] TIME_PREFIX = \"time\"\s*\:\s*, TIME_FORMAT = %s%3N, MAX_TIMESTAMP_LOOKAHEAD = 14`},
		{"asl: blanks around the colon", "aws:asl", `{"time" :  1700000000123, "api": {"operation": "GetUser"}}` + "\n", 0,
			map[string]string{"_time": "1700000000.123"},
			`TIME_PREFIX's \s*\:\s*`},
		{"asl: the first \"time\": in the text wins, nested or not", "aws:asl", nested, 0,
			map[string]string{"_time": "1600000000.456", "time": "1700000000123"},
			"TIME_PREFIX is matched on the raw text: unmapped.finding.time comes first"},
		{"asl: created_time is not time", "aws:asl", `{"actor":{"session":{"created_time":1600000000000}},"time":1700000000123}` + "\n", 0,
			map[string]string{"_time": "1700000000.123"},
			`TIME_PREFIX starts with a quote: "created_time" does not match`},
		{"asl: record without time takes the previous event's", "aws:asl", ocsfLines(ocsfCall{op: "DeletePolicy", at: aslAt}) + noTime, 1,
			map[string]string{"_time": "1700000000.123"},
			"no TIME_PREFIX match: Splunk takes the previous event's time"},
		{"asl: one event per line", "aws:asl", ocsfLines(ocsfCall{op: "A", at: aslAt}, ocsfCall{op: "B", at: aslAt.Add(time.Second)}), 1,
			map[string]string{"api.operation": "B", "_time": "1700000001.123"},
			"SHOULD_LINEMERGE = false with the default LINE_BREAKER ([\\r\\n]+)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := aslRead(t, c.sourcetype, c.text)
			if c.idx >= len(rows) {
				t.Fatalf("%d events, want event %d (%s)", len(rows), c.idx, c.why)
			}
			r := rows[c.idx]
			for k, want := range c.want {
				if got := strings.Join(r.Get(k), "|"); got != want {
					t.Errorf("%s = %q, want %q (%s)", k, got, want, c.why)
				}
			}
		})
	}
}

// aslShared is ../shared joined with parts; without ../shared the test
// is skipped (the corpus is read-only input, not part of the repository).
func aslShared(t *testing.T, parts ...string) string {
	t.Helper()
	dir, err := testenv.Shared(parts...)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return dir
}

// aslCase is one detection run on this file's own OCSF events.
type aslCase struct {
	id, detection string
	calls         []ocsfCall
	fires         bool
	want          map[string]string // first result row
	why           string
}

// The real security_content asl_* detections on OCSF events written here,
// labelled as their tests label their data (source aws_asl, sourcetype
// aws:cloudtrail:lake). firstTime/lastTime come from _time, so they pin
// that _time is the record's time.
func TestAWSSecurityLakeDetectionsOnOwnEvents(t *testing.T) {
	sc := aslShared(t, "corpus", "security_content")
	const det = "detections/cloud/"
	ip, ip2 := "198.51.100.7", "203.0.113.9"
	first := "2023-11-14T22:13:20" // aslAt as security_content_ctime prints it
	tuesdayNoon := time.Date(2023, 11, 14, 12, 0, 0, 0, time.UTC)
	saturdayNoon := time.Date(2023, 11, 18, 12, 0, 0, 0, time.UTC)
	mondayEarly := time.Date(2023, 11, 13, 7, 59, 0, 0, time.UTC)
	cases := []aslCase{
		{"delete-policy-fires", det + "asl_aws_iam_delete_policy.yml",
			[]ocsfCall{{op: "DeletePolicy", at: aslAt, ip: ip}, {op: "DeletePolicy", at: aslAt.Add(time.Minute), ip: ip}}, true,
			map[string]string{"user": "alice", "src_ip": ip, "region": "us-west-2", "aws_account_id": aslAccount, "count": "2",
				"firstTime": first, "lastTime": "2023-11-14T22:14:20"},
			"api.operation=DeletePolicy; user is actor.user.name; min/max(_time) are the records' time"},
		{"create-policy-silent", det + "asl_aws_iam_delete_policy.yml",
			[]ocsfCall{{op: "CreatePolicy", at: aslAt, ip: ip}}, false, nil, "another operation"},
		{"group-deletion-success-fires", det + "asl_aws_iam_successful_group_deletion.yml",
			[]ocsfCall{{op: "DeleteGroup", at: aslAt, user: "bob", ip: ip}}, true,
			map[string]string{"user": "bob", "src_ip": ip, "firstTime": first},
			"status=Success: OCSF status of a call without errorCode"},
		{"group-deletion-failed-not-success", det + "asl_aws_iam_successful_group_deletion.yml",
			[]ocsfCall{{op: "DeleteGroup", at: aslAt, ip: ip, errCode: "DeleteConflictException"}}, false, nil,
			"status=Failure"},
		{"group-deletion-failure-fires", det + "asl_aws_iam_failure_group_deletion.yml",
			[]ocsfCall{{op: "DeleteGroup", at: aslAt, user: "bob", ip: ip, errCode: "NoSuchEntityException"}}, true,
			map[string]string{"user": "bob", "src_ip": ip, "user_agent": "aws-cli/2.13.0 Python/3.11.4 Linux/6.1 exe/x86_64.ubuntu.22"},
			"api.response.error IN (NoSuchEntityException, ...), user agent not *.amazonaws.com"},
		{"group-deletion-failure-by-service-silent", det + "asl_aws_iam_failure_group_deletion.yml",
			[]ocsfCall{{op: "DeleteGroup", at: aslAt, ip: ip, errCode: "AccessDenied", agent: "cloudformation.amazonaws.com"}}, false, nil,
			"http_request.user_agent!=*.amazonaws.com"},
		{"group-deletion-failure-success-silent", det + "asl_aws_iam_failure_group_deletion.yml",
			[]ocsfCall{{op: "DeleteGroup", at: aslAt, ip: ip}}, false, nil,
			"api.response.error is JSON null: no listed error"},
		{"delete-trail-fires", det + "asl_aws_defense_evasion_delete_cloudtrail.yml",
			[]ocsfCall{{op: "DeleteTrail", at: aslAt, ip: ip}}, true,
			map[string]string{"user": "AIDAEXAMPLEALICE", "src_ip": ip, "firstTime": first},
			"user is actor.user.uid here"},
		{"delete-log-group-fires", det + "asl_aws_defense_evasion_delete_cloudwatch_log_group.yml",
			[]ocsfCall{{op: "DeleteLogGroup", at: aslAt, ip: ip}}, true,
			map[string]string{"user": "AIDAEXAMPLEALICE", "src_ip": ip}, "api.operation=DeleteLogGroup"},
		{"delete-log-stream-not-log-group", det + "asl_aws_defense_evasion_delete_cloudwatch_log_group.yml",
			[]ocsfCall{{op: "DeleteLogStream", at: aslAt, ip: ip}}, false, nil, "exact operation match"},
		{"impair-detector-fires", det + "asl_aws_defense_evasion_impair_security_services.yml",
			[]ocsfCall{{op: "DeleteDetector", at: aslAt, ip: ip}}, true,
			map[string]string{"api.operation": "DeleteDetector", "user": "AIDAEXAMPLEALICE"}, "DeleteDetector is in the IN list"},
		{"impair-bucket-silent", det + "asl_aws_defense_evasion_impair_security_services.yml",
			[]ocsfCall{{op: "DeleteBucket", at: aslAt, ip: ip}}, false, nil, "DeleteBucket is not"},
		{"stop-logging-fires", det + "asl_aws_defense_evasion_stop_logging_cloudtrail.yml",
			[]ocsfCall{{op: "StopLogging", at: aslAt, ip: ip}}, true,
			map[string]string{"src_ip": ip, "region": "us-west-2"}, "api.operation=StopLogging"},
		{"update-trail-fires", det + "asl_aws_defense_evasion_update_cloudtrail.yml",
			[]ocsfCall{{op: "UpdateTrail", at: aslAt, ip: ip}}, true,
			map[string]string{"src_ip": ip}, "api.operation=UpdateTrail"},
		{"mfa-deactivated-fires", det + "asl_aws_multi_factor_authentication_disabled.yml",
			[]ocsfCall{{op: "DeactivateMFADevice", at: aslAt, ip: ip}, {op: "DeleteVirtualMFADevice", at: aslAt, ip: ip}}, true,
			map[string]string{"user": "AIDAEXAMPLEALICE"}, "either operation"},
		{"mfa-enabled-silent", det + "asl_aws_multi_factor_authentication_disabled.yml",
			[]ocsfCall{{op: "EnableMFADevice", at: aslAt, ip: ip}}, false, nil, "enabling is not disabling"},
		{"new-mfa-device-fires", det + "asl_aws_new_mfa_method_registered_for_user.yml",
			[]ocsfCall{{op: "CreateVirtualMFADevice", at: aslAt, user: "carol", ip: ip}}, true,
			map[string]string{"user": "carol", "src_ip": ip}, "api.operation=CreateVirtualMFADevice"},
		{"ecr-unknown-user-fires", det + "asl_aws_ecr_container_upload_unknown_user.yml",
			[]ocsfCall{{op: "PutImage", at: aslAt, user: "mallory", ip: ip}}, true,
			map[string]string{"user": "mallory"}, "aws_ecr_users_asl is actor.user.name IN (admin)"},
		{"ecr-admin-silent", det + "asl_aws_ecr_container_upload_unknown_user.yml",
			[]ocsfCall{{op: "PutImage", at: aslAt, user: "admin", ip: ip}}, false, nil, "admin is the allowed pusher"},
		{"ecr-late-evening-fires", det + "asl_aws_ecr_container_upload_outside_business_hours.yml",
			[]ocsfCall{{op: "PutImage", at: aslAt, user: "admin", ip: ip}}, true,
			map[string]string{"user": "admin", "firstTime": first},
			`strftime(time/pow(10,3), "%H") of the OCSF time field is 22 (UTC): hour >= 20`},
		{"ecr-early-morning-fires", det + "asl_aws_ecr_container_upload_outside_business_hours.yml",
			[]ocsfCall{{op: "PutImage", at: mondayEarly, user: "admin", ip: ip}}, true,
			map[string]string{"firstTime": "2023-11-13T07:59:00"}, "hour 07 < 8"},
		{"ecr-tuesday-noon-silent", det + "asl_aws_ecr_container_upload_outside_business_hours.yml",
			[]ocsfCall{{op: "PutImage", at: tuesdayNoon, user: "admin", ip: ip}}, false, nil, "hour 12 on a weekday"},
		{"ecr-saturday-noon-silent", det + "asl_aws_ecr_container_upload_outside_business_hours.yml",
			[]ocsfCall{{op: "PutImage", at: saturdayNoon, user: "admin", ip: ip}}, false, nil,
			"where weekday=Saturday compares weekday with a field named Saturday (eval reads an unquoted word as a field), which no event has"},
		{"concurrent-sessions-two-ips-fires", det + "asl_aws_concurrent_sessions_from_different_ips.yml",
			[]ocsfCall{{op: "DescribeEventAggregates", at: aslAt, ip: ip, identity: true}, {op: "DescribeEventAggregates", at: aslAt.Add(time.Minute), ip: ip2, identity: true}}, true,
			map[string]string{"user": "alice", "distinct_ip_count": "2", "src_ip": ip + "|" + ip2},
			"both calls in the same 5-minute bin of _time (22:10), from two addresses"},
		{"concurrent-sessions-far-apart-silent", det + "asl_aws_concurrent_sessions_from_different_ips.yml",
			[]ocsfCall{{op: "DescribeEventAggregates", at: aslAt, ip: ip, identity: true}, {op: "DescribeEventAggregates", at: aslAt.Add(10 * time.Minute), ip: ip2, identity: true}}, false, nil,
			"ten minutes apart: different 5-minute bins of _time, one address each"},
		{"concurrent-sessions-aws-internal-silent", det + "asl_aws_concurrent_sessions_from_different_ips.yml",
			[]ocsfCall{{op: "DescribeEventAggregates", at: aslAt, ip: ip, identity: true}, {op: "DescribeEventAggregates", at: aslAt.Add(time.Minute), domain: "AWS Internal", identity: true}}, false, nil,
			`src_endpoint.domain!="AWS Internal" drops the service's call`},
	}
	dir := t.TempDir()
	var entries []any
	for _, c := range cases {
		data := filepath.Join(dir, c.id+".json")
		if err := os.WriteFile(data, []byte(ocsfLines(c.calls...)), 0o600); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, map[string]any{
			"id": c.id, "content": sc, "detection": c.detection,
			"data":   []any{map[string]any{"path": data, "source": "aws_asl", "sourcetype": "aws:cloudtrail:lake"}},
			"expect": map[string]any{"fires": c.fires},
		})
	}
	results := runASLManifest(t, dir, entries)
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			res, ok := results[c.id]
			if !ok {
				t.Fatalf("no result for %s", c.id)
			}
			if res.Status != runner.Pass {
				t.Fatalf("%s %q, want pass (fires=%v: %s)", res.Status, res.Message, c.fires, c.why)
			}
			assertFirstRow(t, res, c.want, "("+c.why+")")
		})
	}
}

// runASLManifest writes the cases as one manifest, runs it once (one
// load of the content tree) and returns the results by case id.
func runASLManifest(t *testing.T, dir string, entries []any) map[string]runner.TestResult {
	t.Helper()
	out, err := yaml.Marshal(map[string]any{"cases": entries})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "asl-cases.yml")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := content.LoadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := runner.DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	rep := runner.Run(context.Background(), runner.PlanManifest(m, runner.NewContentLoader()), opts)
	results := map[string]runner.TestResult{}
	for _, r := range rep.Results {
		results[r.CaseID] = r
	}
	return results
}

// The asl_* detections' own tests, as security_content declares them,
// against the attack_data checkout in ../shared (dactest test --content
// ../shared/corpus/security_content --data-root ../shared/corpus/attack_data).
// attack_data keeps these OCSF datasets in Git LFS and ../shared holds none
// of them: each production test is then an error naming the missing file
// and the git lfs pull that fetches it. Once a file is there the test must
// pass, as contentctl's run of the same test does.
func TestAWSSecurityLakeDetectionsOnTheirDatasets(t *testing.T) {
	sc := aslShared(t, "corpus", "security_content")
	root := aslShared(t, "corpus", "attack_data")
	const tech = "datasets/attack_techniques/"
	cases := []struct {
		file    string
		dataset string // "" for a test that is skipped
		skip    string // skip reason
		why     string
	}{
		{"cloud/asl_aws_defense_evasion_delete_cloudtrail.yml", tech + "T1562.008/stop_delete_cloudtrail/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_defense_evasion_delete_cloudwatch_log_group.yml", tech + "T1562.008/delete_cloudwatch_log_group/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_defense_evasion_impair_security_services.yml", tech + "T1562.008/aws_delete_security_services/asl_ocsf_cloudtrail.json", "", "production; the data: URL is on a continuation line"},
		{"cloud/asl_aws_defense_evasion_stop_logging_cloudtrail.yml", tech + "T1562.008/stop_delete_cloudtrail/asl_ocsf_cloudtrail_2.json", "", "production, tested"},
		{"cloud/asl_aws_defense_evasion_update_cloudtrail.yml", tech + "T1562.008/update_cloudtrail/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_ecr_container_upload_outside_business_hours.yml", tech + "T1204.003/aws_ecr_container_upload/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_ecr_container_upload_unknown_user.yml", tech + "T1204.003/aws_ecr_container_upload/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_iam_delete_policy.yml", tech + "T1098/aws_iam_delete_policy/asl_ocsf_cloudtrail.json", "", "production; the data: URL is on a continuation line"},
		{"cloud/asl_aws_iam_failure_group_deletion.yml", tech + "T1098/aws_iam_failure_group_deletion/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_iam_successful_group_deletion.yml", tech + "T1098/aws_iam_successful_group_deletion/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_multi_factor_authentication_disabled.yml", tech + "T1621/aws_mfa_disabled/asl_ocsf_cloudtrail.json", "", "production, tested"},
		{"cloud/asl_aws_concurrent_sessions_from_different_ips.yml", "", "manual_test", "tags.manual_test: the time span cannot be tested automatically"},
		{"cloud/asl_aws_new_mfa_method_registered_for_user.yml", "", `status "experimental"`, "only production detections are tested"},
		{"deprecated/asl_aws_createaccesskey.yml", "", `status "deprecated"`, "only production detections are tested"},
		{"deprecated/asl_aws_excessive_security_scanning.yml", "", `status "deprecated"`, "deprecated and without tests"},
		{"deprecated/asl_aws_password_policy_changes.yml", "", `status "deprecated"`, "only production detections are tested"},
	}
	loaded, err := runner.NewContentLoader().Dir(sc)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, c := range cases {
		files = append(files, filepath.Join(sc, "detections", c.file))
	}
	opts, err := runner.DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	rep := runner.Run(context.Background(), runner.PlanContent(loaded, runner.Selection{Files: files}, root), opts)
	byFile := map[string]runner.TestResult{}
	for _, r := range rep.Results {
		byFile[filepath.ToSlash(r.File)] = r
	}
	if len(rep.Results) != len(cases) {
		t.Errorf("%d results, want one per detection (%d)", len(rep.Results), len(cases))
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(c.file), ".yml"), func(t *testing.T) {
			var res runner.TestResult
			found := false
			for f, r := range byFile {
				if strings.HasSuffix(f, "/detections/"+c.file) {
					res, found = r, true
				}
			}
			if !found {
				t.Fatalf("no result for %s", c.file)
			}
			switch {
			case c.skip != "":
				if res.Status != runner.Skip || !strings.Contains(res.Message, c.skip) {
					t.Errorf("%s %q, want skip %q (%s)", res.Status, res.Message, c.skip, c.why)
				}
			case fileExists(filepath.Join(root, c.dataset)):
				if res.Status != runner.Pass {
					t.Errorf("%s %q, want pass on %s (%s)", res.Status, res.Message, c.dataset, c.why)
				}
			default:
				want := "git lfs pull --include=" + c.dataset
				if res.Status != runner.Error || !strings.Contains(res.Message, "dataset file missing") || !strings.Contains(res.Message, want) {
					t.Errorf("%s %q, want error: dataset file missing ... %s (%s)", res.Status, res.Message, want, c.why)
				}
			}
		})
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
