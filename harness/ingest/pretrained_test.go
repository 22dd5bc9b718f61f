package ingest

import (
	"reflect"
	"strings"
	"testing"
)

// The embedded definitions (addons/splunk_default.yml, linux_audit.yml,
// nginx.yml) applied when a dataset is read with no add-ons named:
// raw text -> events and _time. Sources: Splunk 8.2.7
// system/default/props.conf for the pretrained sourcetypes; the add-on
// files' comments for linux:audit and nginx:plus:kv.
func TestPretrainedSourcetypes(t *testing.T) {
	cases := []struct {
		sourcetype, name, text string
		want                   [][2]string
	}{
		{"syslog", "messages", "Feb  7 09:05:01 host cron[1]: a\nFeb  7 09:05:02 host cron[1]: b\n", [][2]string{
			{"Feb  7 09:05:01 host cron[1]: a", "2024-02-07T09:05:01Z"}, {"Feb  7 09:05:02 host cron[1]: b", "2024-02-07T09:05:02Z"}}},
		{"linux_secure", "secure", "May 27 09:28:36 ip-172-31-24-46 sshd[5617]: Accepted password for mikael from 84.202.159.161 port 63487 ssh2\n", [][2]string{
			{"May 27 09:28:36 ip-172-31-24-46 sshd[5617]: Accepted password for mikael from 84.202.159.161 port 63487 ssh2", "2024-05-27T09:28:36Z"}}},
		{"access_combined", "access.log", `10.0.0.1 - - [22/Feb/2024:13:00:00 -0500] "GET / HTTP/1.1" 200 612 "-" "curl/8"` + "\n", [][2]string{
			{`10.0.0.1 - - [22/Feb/2024:13:00:00 -0500] "GET / HTTP/1.1" 200 612 "-" "curl/8"`, "2024-02-22T18:00:00Z"}}},
		{"apache_error", "error_log", "[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] boom\n  detail\n[Wed Oct 11 14:32:53 2000] [error] next\n", [][2]string{
			{"[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] boom\n  detail", "2000-10-11T14:32:52Z"}, {"[Wed Oct 11 14:32:53 2000] [error] next", "2000-10-11T14:32:53Z"}}},
		// linux:audit: one event per record, even for records of one serial.
		{"linux:audit", "audit.log", "type=SYSCALL msg=audit(1723035666.627:3663): syscall=59 comm=\"lsmod\"\ntype=EXECVE msg=audit(1723035666.627:3663): argc=1 a0=\"lsmod\"\ntype=PROCTITLE msg=audit(1723035666.627:3663): proctitle=6C736D6F64\n", [][2]string{
			{`type=SYSCALL msg=audit(1723035666.627:3663): syscall=59 comm="lsmod"`, "2024-08-07T13:01:06.627Z"},
			{`type=EXECVE msg=audit(1723035666.627:3663): argc=1 a0="lsmod"`, "2024-08-07T13:01:06.627Z"},
			{`type=PROCTITLE msg=audit(1723035666.627:3663): proctitle=6C736D6F64`, "2024-08-07T13:01:06.627Z"}}},
		{"linux:audit", "audit.log", "node=h1 type=USER_CMD msg=audit(1723035667.001:9): cmd=6964\n", [][2]string{
			{"node=h1 type=USER_CMD msg=audit(1723035667.001:9): cmd=6964", "2024-08-07T13:01:07.001Z"}}},
		// The security_content Nginx Access example: time_local lies past 128 characters.
		{"nginx:plus:kv", "access.log", `site="www.example.com" server="www.example.com" dest_port="443" dest_ip="192.0.2.1" src="198.51.100.1" src_ip="198.51.100.1" user="-" time_local="22/Feb/2024:13:00:00 -0500" protocol="HTTP/1.1" status="200"` + "\n", [][2]string{
			{`site="www.example.com" server="www.example.com" dest_port="443" dest_ip="192.0.2.1" src="198.51.100.1" src_ip="198.51.100.1" user="-" time_local="22/Feb/2024:13:00:00 -0500" protocol="HTTP/1.1" status="200"`, "2024-02-22T18:00:00Z"}}},
		// iis: INDEXED_EXTRACTIONS = w3c; directives are not events.
		{"iis", "u_ex240115.log", "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem\n2024-01-15 10:30:45 10.0.0.5 GET /a\n", [][2]string{
			{"2024-01-15 10:30:45 10.0.0.5 GET /a", "2024-01-15T10:30:45Z"}}},
		{"splunkd_ui_access", "splunkd_ui_access.log", "Audit:[timestamp=01-25-2023 22:08:54.818, user=admin, action=search, info=granted REST: /search/jobs]\n", [][2]string{
			{"Audit:[timestamp=01-25-2023 22:08:54.818, user=admin, action=search, info=granted REST: /search/jobs]", "2023-01-25T22:08:54.818Z"}}},
		// _json: past the usual time fields, the record's first timestamp
		// (the security_content Kubernetes Audit example).
		{"_json", "audit.json", `{"kind":"Event","auditID":"582c","verb":"create","requestReceivedTimestamp":"2023-12-07T14:44:53.358394Z","stageTimestamp":"2023-12-07T14:44:53.375985Z"}` + "\n", [][2]string{
			{`{"kind":"Event","auditID":"582c","verb":"create","requestReceivedTimestamp":"2023-12-07T14:44:53.358394Z","stageTimestamp":"2023-12-07T14:44:53.375985Z"}`, "2023-12-07T14:44:53.358394Z"}}},
		{"_json", "cloud.json", `{"id":"x","eventTime":"2024-01-02T03:04:05Z","other":"2020-01-01T00:00:00Z"}` + "\n", [][2]string{
			{`{"id":"x","eventTime":"2024-01-02T03:04:05Z","other":"2020-01-01T00:00:00Z"}`, "2024-01-02T03:04:05Z"}}},
		// No stanza: one event per line, the first timestamp within 128
		// characters ([default] MAX_TIMESTAMP_LOOKAHEAD) - CrushFTP and
		// Ivanti vTM examples.
		{"crushftp:sessionlogs", "session.log", "SESSION|05/14/2024 17:36:21.859|[HTTPS:169_52326_sMa:anonymous:10.0.1.30] READ: *POST /WebInterface/function/\n", [][2]string{
			{"SESSION|05/14/2024 17:36:21.859|[HTTPS:169_52326_sMa:anonymous:10.0.1.30] READ: *POST /WebInterface/function/", "2024-05-14T17:36:21.859Z"}}},
		{"ivanti_vtm_audit", "audit", "[19/Aug/2024:19:41:22 +0000]    USER=!!ABSENT!! OPERATION=adduser       MODUSER=newadmin\n", [][2]string{
			{"[19/Aug/2024:19:41:22 +0000]    USER=!!ABSENT!! OPERATION=adduser       MODUSER=newadmin", "2024-08-19T19:41:22Z"}}},
		{"no:stanza", "far.log", strings.Repeat("x", 130) + " 2024-01-02 10:00:00\n", [][2]string{
			{strings.Repeat("x", 130) + " 2024-01-02 10:00:00", ""}}},
		// Cloud add-ons' index-time settings (aws.yml, azure.yml, o365.yml,
		// osquery.yml: their comments cite the add-ons' props.conf).
		{"o365:management:activity", "o365.json", `{"CreationTime":"2023-10-05T14:10:53","Id":"x","Operation":"UserLoggedIn"}` + "\n", [][2]string{
			{`{"CreationTime":"2023-10-05T14:10:53","Id":"x","Operation":"UserLoggedIn"}`, "2023-10-05T14:10:53Z"}}},
		{"osquery:results", "osq.json", `{"name":"q","calendarTime":"Tue Mar 29 13:03:51 2022 UTC","unixTime":1648559032,"columns":{}}` + "\n", [][2]string{
			{`{"name":"q","calendarTime":"Tue Mar 29 13:03:51 2022 UTC","unixTime":1648559032,"columns":{}}`, "2022-03-29T13:03:52Z"}}},
		{"azure:monitor:aad", "aad.json", `{"time": "2022-07-06T13:42:18.6012345Z","operationName":"Sign-in activity","properties":{"createdDateTime":"2022-07-06T13:40:00Z"}}` + "\n", [][2]string{
			{`{"time": "2022-07-06T13:42:18.6012345Z","operationName":"Sign-in activity","properties":{"createdDateTime":"2022-07-06T13:40:00Z"}}`, "2022-07-06T13:42:18.601234Z"}}}, // _time keeps microseconds
		{"aws:cloudwatchlogs:vpcflow", "flow.log", "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530011 1418530070 REJECT OK\n", [][2]string{
			{"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK", "2014-12-14T04:06:50Z"},
			{"2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530011 1418530070 REJECT OK", "2014-12-14T04:06:51Z"}}},
		// csv: INDEXED_EXTRACTIONS = csv whatever the file is called.
		{"csv", "export.txt", "when,who\n2024-01-02T03:04:05Z,ann\n", [][2]string{
			{"2024-01-02T03:04:05Z,ann", "2024-01-02T03:04:05Z"}}},
	}
	for _, c := range cases {
		t.Run(c.sourcetype+"/"+c.name, func(t *testing.T) {
			got, problems := readWith(t, nil, Meta{Sourcetype: c.sourcetype}, c.name, c.text)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// W3C header names are cleaned (cs(User-Agent) -> cs_User_Agent_), a
// later #Fields replaces the columns, "-" is kept as written.
func TestW3CFields(t *testing.T) {
	path := t.TempDir() + "/u_ex.log"
	text := "#Fields: date time cs-uri-stem cs(User-Agent) cs-username\n2024-01-15 10:30:45 /a Mozilla/5.0 -\n#Fields: date time sc-status\n2024-01-15 10:30:46 404\n"
	if err := writeFile(path, text); err != nil {
		t.Fatal(err)
	}
	rows, problems, err := ReadFile(path, Meta{Sourcetype: "iis"})
	if err != nil || len(problems) > 0 || len(rows) != 2 {
		t.Fatalf("rows %d, problems %v, err %v", len(rows), problems, err)
	}
	want := map[string]string{"date": "2024-01-15", "time": "10:30:45", "cs_uri_stem": "/a", "cs_User_Agent_": "Mozilla/5.0", "cs_username": "-"}
	for k, v := range want {
		if got := rows[0].Get(k).First(); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if got := rows[1].Get("sc_status").First(); got != "404" || !rows[1].Get("cs_uri_stem").Null() {
		t.Errorf("second header not applied: sc_status %q", got)
	}
}

// TIMESTAMP_FIELDS and TIME_FORMAT on JSON records: the named fields'
// values (spath names), joined by a space, read with TIME_FORMAT.
func TestJSONTimestampFields(t *testing.T) {
	cases := []struct {
		attrs map[string]string
		text  string
		want  string
	}{
		{map[string]string{"TIMESTAMP_FIELDS": "requestReceivedTimestamp"},
			`{"kind":"Event","requestReceivedTimestamp":"2023-12-07T14:44:53.358394Z","stageTimestamp":"2023-12-07T14:44:54Z"}`, "2023-12-07T14:44:53.358394Z"},
		{map[string]string{"TIMESTAMP_FIELDS": "d, t", "TIME_FORMAT": "%Y-%m-%d %H:%M:%S"},
			`{"d":"2024-01-02","t":"03:04:05","timestamp":"1999-01-01T00:00:00Z"}`, "2024-01-02T03:04:05Z"},
		{map[string]string{"TIMESTAMP_FIELDS": "a.b", "TIME_FORMAT": "%s"},
			`{"a":{"b":1700000000}}`, "2023-11-14T22:13:20Z"},
		{map[string]string{"TIME_PREFIX": `"when":"`, "TIME_FORMAT": "%d.%m.%Y"},
			`{"timestamp":"1999-01-01T00:00:00Z","when":"02.01.2024"}`, "2024-01-02T00:00:00Z"},
		// TIME_PREFIX not in the record: the reader's own fields.
		{map[string]string{"TIME_PREFIX": `"eventTime":\s*"`},
			`{"@timestamp":"2020-09-14T00:44:23.000Z","eventName":"x"}`, "2020-09-14T00:44:23Z"},
		// TIME_PREFIX found, TIME_FORMAT does not fit: no timestamp of its own.
		{map[string]string{"TIME_PREFIX": `"when":"`, "TIME_FORMAT": "%s"},
			`{"timestamp":"2024-01-02T03:04:05Z","when":"soon"}`, ""},
		// No setting that decides time: the reader's own fields.
		{map[string]string{"INDEXED_EXTRACTIONS": "json"},
			`{"timestamp":"2024-01-02T03:04:05Z"}`, "2024-01-02T03:04:05Z"},
	}
	for _, c := range cases {
		got, problems := readProps(t, c.attrs, "d.json", c.text+"\n")
		if len(problems) > 0 || len(got) != 1 || got[0][1] != c.want {
			t.Errorf("%v on %s: got %q (problems %v), want _time %s", c.attrs, c.text, got, problems, c.want)
		}
	}
}
