package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// taRow reads raw as a one-event dataset labelled with source, sourcetype
// and host, through the built-in add-on definitions.
func taRow(t *testing.T, raw, source, sourcetype, host string) event.Row {
	t.Helper()
	a, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := a.ReadExample(raw, ingest.Meta{Source: source, Sourcetype: sourcetype, Host: host})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d events, want 1", len(rows))
	}
	return rows[0]
}

// taCase is one row of an add-on table: the event, a field, the value the
// add-on gives it ("" = absent; several values joined by "|"), and the
// add-on setting that justifies the value.
type taCase struct {
	event, field, want, why string
}

func checkTA(t *testing.T, events map[string]func(*testing.T) event.Row, cases []taCase) {
	t.Helper()
	rows := map[string]event.Row{}
	for _, c := range cases {
		r, ok := rows[c.event]
		if !ok {
			r = events[c.event](t)
			rows[c.event] = r
		}
		if got := strings.Join(r.Get(c.field), "|"); got != c.want {
			t.Errorf("%s: %s = %q, want %q (%s)", c.event, c.field, got, c.want, c.why)
		}
	}
}

// EVE records written for these tests (not from any dataset): an HTTP
// transaction, the alert Suricata raised on it, a DNS answer, a TLS
// handshake, and a record of an event type the add-on has no eventtype for.
const (
	eveHTTP  = `{"timestamp":"2024-03-05T10:11:12.345678+0000","flow_id":1234567890123,"in_iface":"eth0","event_type":"http","src_ip":"198.51.100.7","src_port":51234,"dest_ip":"192.0.2.20","dest_port":8111,"proto":"TCP","tx_id":0,"http":{"hostname":"teamcity.example.org","url":"/app/rest/users/id:1/tokens/RPC2","http_user_agent":"python-requests/2.31.0","http_content_type":"application/json","http_refer":"http://teamcity.example.org/login.html","http_method":"POST","protocol":"HTTP/1.1","status":200,"length":241}}`
	eveAlert = `{"timestamp":"2024-03-05T10:11:13.000001+0000","flow_id":1234567890123,"in_iface":"eth0","event_type":"alert","src_ip":"198.51.100.7","src_port":51234,"dest_ip":"192.0.2.20","dest_port":8111,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2048165,"rev":2,"signature":"ET EXPLOIT JetBrains TeamCity Auth Bypass","category":"Attempted Administrator Privilege Gain","severity":2}}`
	eveDNS   = `{"timestamp":"2024-03-05T10:12:00.000000+0000","flow_id":77,"event_type":"dns","src_ip":"192.0.2.53","src_port":53,"dest_ip":"192.0.2.30","dest_port":40000,"proto":"UDP","dns":{"type":"answer","id":4242,"rcode":"NOERROR","rrname":"updates.example.net","rrtype":"A","ttl":300,"rdata":"203.0.113.9","tx_id":0}}`
	eveTLS   = `{"timestamp":"2024-03-05T10:13:00.000000+0000","flow_id":78,"event_type":"tls","src_ip":"192.0.2.30","src_port":40001,"dest_ip":"203.0.113.9","dest_port":443,"proto":"TCP","tls":{"subject":"C=US, O=Example Corp, CN=updates.example.net","issuerdn":"C=US, O=Example CA, CN=Example Issuing CA","fingerprint":"aa:bb:cc","sni":"updates.example.net","version":"TLS 1.2"}}`
	eveStats = `{"timestamp":"2024-03-05T10:14:00.000000+0000","event_type":"stats","stats":{"uptime":3600,"decoder":{"pkts":1000}}}`
)

func suricataRow(raw string) func(*testing.T) event.Row {
	return func(t *testing.T) event.Row { return taRow(t, raw, "suricata", "suricata", "ids-sensor-1") }
}

// TA for Suricata 2.3 ([suricata] in props.conf, eventtypes.conf,
// tags.conf): the value each setting gives each test event.
func TestSuricataTAFields(t *testing.T) {
	events := map[string]func(*testing.T) event.Row{
		"http": suricataRow(eveHTTP), "alert": suricataRow(eveAlert), "dns": suricataRow(eveDNS),
		"tls": suricataRow(eveTLS), "stats": suricataRow(eveStats),
		// The same HTTP record under another sourcetype: no [suricata]
		// stanza, no eventtype.
		"http-other-st": func(t *testing.T) event.Row { return taRow(t, eveHTTP, "suricata", "eve", "ids-sensor-1") },
	}
	checkTA(t, events, []taCase{
		// Index time.
		{"http", "_time", "1709633472.345678", `TIME_PREFIX timestamp": then the ISO 8601 timestamp`},
		// Web: FIELDALIAS-suricata_web, -suricata_global.
		{"http", "url", "/app/rest/users/id:1/tokens/RPC2", "FIELDALIAS-suricata_web http.url AS url"},
		{"http", "status", "200", "FIELDALIAS-suricata_web http.status AS status"},
		{"http", "http_method", "POST", "FIELDALIAS-suricata_web http.http_method AS http_method"},
		{"http", "http_user_agent", "python-requests/2.31.0", "FIELDALIAS-suricata_web"},
		{"http", "http_referrer", "http://teamcity.example.org/login.html", "FIELDALIAS-suricata_web http.http_refer AS http_referrer"},
		{"http", "http_content_type", "application/json", "FIELDALIAS-suricata_web"},
		{"http", "http_protocol", "HTTP/1.1", "FIELDALIAS-suricata_web"},
		{"http", "bytes", "241", "FIELDALIAS-suricata_web http.length AS bytes"},
		{"http", "dest", "teamcity.example.org", "suricata_web (http.hostname) sorts after suricata_global and suricata_smtp (dest_ip)"},
		{"http", "src", "198.51.100.7", "FIELDALIAS-suricata_global src_ip AS src"},
		{"http", "transport", "TCP", "FIELDALIAS-suricata_global proto AS transport (not lower-cased in 2.3)"},
		{"http", "protocol", "http", "FIELDALIAS-suricata_smtp event_type AS protocol"},
		{"http", "src_interface", "eth0", "FIELDALIAS-suricata_smtp in_iface AS src_interface"},
		{"http", "dvc", "ids-sensor-1", "FIELDALIAS-suricata_ids host AS dvc"},
		{"http", "vendor", "Suricata", "LOOKUP-vendor_info_for_suricata on sourcetype"},
		{"http", "product", "Suricata", "LOOKUP-vendor_info_for_suricata"},
		{"http", "ids_type", "network", "LOOKUP-vendor_info_for_suricata"},
		{"http", "eventtype", "suricata_eve_http", "eventtype suricata_eve_http: event_type=http"},
		{"http", "tag", "web", "tags.conf [eventtype=suricata_eve_http] web"},
		{"http", "severity", "", "no alert.severity, so no severity_id to look up"},
		{"http", "suricata_signature_id", "", "EVAL-suricata_signature_id: null without alert.gid"},
		// IDS: FIELDALIAS-suricata_ids, -suricata_vendor_id, lookups.
		{"alert", "signature", "ET EXPLOIT JetBrains TeamCity Auth Bypass", "FIELDALIAS-suricata_ids alert.signature AS signature"},
		{"alert", "category", "Attempted Administrator Privilege Gain", "FIELDALIAS-suricata_ids alert.category AS category"},
		{"alert", "action", "allowed", "FIELDALIAS-suricata_ids alert.action AS action"},
		{"alert", "severity_id", "2", "FIELDALIAS-suricata_ids alert.severity AS severity_id"},
		{"alert", "severity", "medium", "LOOKUP-severity_for_suricata: 2 is medium"},
		{"alert", "vendor_sid", "2048165", "FIELDALIAS-suricata_vendor_id"},
		{"alert", "suricata_signature_id", "1:2048165:2", `EVAL-suricata_signature_id gid:sid:rev`},
		{"alert", "dest", "192.0.2.20", "no http.hostname: dest_ip AS dest"},
		{"alert", "eventtype", "suricata_eve_ids_attack", `event_type=alert, no "classification" field`},
		{"alert", "tag", "attack|ids", "tags.conf [eventtype=suricata_eve_ids_attack]"},
		// DNS: FIELDALIAS-suricata_dns.
		{"dns", "query", "updates.example.net", "FIELDALIAS-suricata_dns dns.rrname AS query"},
		{"dns", "answer", "203.0.113.9", "FIELDALIAS-suricata_dns dns.rdata AS answer"},
		// Two classes alias dns.rdata and dest_ip to dest; dactest applies
		// classes in ASCII order, the later one kept (suricata_global after
		// suricata_dns). Which of two aliases to one name Splunk keeps is
		// not documented ("a single alias can only apply to one field").
		{"dns", "dest", "192.0.2.30", "FIELDALIAS-suricata_global dest_ip AS dest, after suricata_dns"},
		{"dns", "reply_code", "NOERROR", "FIELDALIAS-suricata_dns dns.rcode AS reply_code"},
		{"dns", "message_type", "answer", "FIELDALIAS-suricata_dns dns.type AS message_type"},
		{"dns", "transaction_id", "4242", "FIELDALIAS-suricata_dns dns.id AS transaction_id"},
		{"dns", "tag", "dns|network|resolution", "tags.conf [eventtype=suricata_eve_dns]"},
		// TLS: FIELDALIAS-suricata_ssl and EXTRACT-ssl_*.
		{"tls", "ssl_subject_common_name", "C=US, O=Example Corp, CN=updates.example.net", "FIELDALIAS-suricata_ssl tls.subject AS ssl_subject_common_name"},
		{"tls", "ssl_server_name_indication", "updates.example.net", "FIELDALIAS-suricata_ssl tls.sni"},
		{"tls", "ssl_version", "TLS 1.2", "FIELDALIAS-suricata_ssl tls.version"},
		{"tls", "ssl_subject_organization", "Example Corp", `EXTRACT-ssl_subject_organization subject.+?O=`},
		{"tls", "ssl_issuer_organization", "Example CA", `EXTRACT-ssl_issuer_organization issuerdn.+?O=`},
		{"tls", "tag", "certificate|tls", "tags.conf [eventtype=suricata_eve_tls]"},
		// An event type without an eventtype: fields, no tag.
		{"stats", "eventtype", "", "no eventtype searches event_type=stats"},
		{"stats", "tag", "", "no eventtype, no tag"},
		{"stats", "protocol", "stats", "FIELDALIAS-suricata_smtp event_type AS protocol applies to every record"},
		// The stanza is keyed on the sourcetype.
		{"http-other-st", "url", "", "[suricata] is a sourcetype stanza"},
		{"http-other-st", "tag", "", "the eventtypes search sourcetype=suricata"},
		{"http-other-st", "http.url", "/app/rest/users/id:1/tokens/RPC2", "the JSON reader's leaf, with or without the add-on"},
	})
}

// The flow record security_content's Suricata data source gives as its
// example_log.
func TestSuricataTAExampleFlow(t *testing.T) {
	raw := dataSourceExample(t, "suricata.yml")
	events := map[string]func(*testing.T) event.Row{"flow": suricataRow(raw)}
	checkTA(t, events, []taCase{
		{"flow", "_time", "1697505892.149017", `TIME_PREFIX timestamp": (flow.start and flow.end come later)`},
		{"flow", "app", "http", "FIELDALIAS-suricata_flow app_proto AS app"},
		{"flow", "bytes_in", "660", "FIELDALIAS-suricata_flow flow.bytes_toclient AS bytes_in"},
		{"flow", "bytes_out", "640", "FIELDALIAS-suricata_flow flow.bytes_toserver AS bytes_out"},
		{"flow", "packets_in", "4", "FIELDALIAS-suricata_flow flow.pkts_toclient AS packets_in"},
		{"flow", "packets_out", "6", "FIELDALIAS-suricata_flow flow.pkts_toserver AS packets_out"},
		{"flow", "duration", "108", "FIELDALIAS-suricata_flow flow.age AS duration"},
		{"flow", "state", "closed", "FIELDALIAS-suricata_flow flow.state as state"},
		{"flow", "tcp_flag_hex", "1b", "FIELDALIAS-suricata_flow tcp.tcp_flags AS tcp_flag_hex"},
		{"flow", "tcp_flag", "FIN-SYN-PSH-ACK", "LOOKUP-tcpflag_for_suricata: 1b"},
		{"flow", "tcp_flag_to_client", "FIN-SYN-PSH-ACK", "LOOKUP-tcpflag_tc_for_suricata"},
		{"flow", "src", "192.0.2.1", "FIELDALIAS-suricata_global"},
		{"flow", "dest", "192.0.2.2", "FIELDALIAS-suricata_global (no http.hostname, no dns.rdata)"},
		{"flow", "tag", "communicate|network|session", "tags.conf [eventtype=suricata_eve_flow]"},
	})
}

// security_content detections on EVE records, through suricata.yml, the
// CIM Web model and the runner. No attack_data dataset of sourcetype
// suricata is in the corpus, so the records are written here; each
// detection must fire on one and stay silent on its variants.
func TestSuricataDetections(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	wsftp := strings.NewReplacer(`"hostname":"teamcity.example.org"`, `"hostname":"ftp.example.org"`,
		`/app/rest/users/id:1/tokens/RPC2`, `/AHT/AhtApiService.asmx/AuthUser`).Replace(eveHTTP)
	ivanti := strings.NewReplacer(`"http_method":"POST"`, `"http_method":"GET"`, `"status":200`, `"status":403`,
		`/app/rest/users/id:1/tokens/RPC2`, `/api/v1/configuration/users/user-roles/user-role/rest-userrole1/web/web-bookmarks/bookmark`).Replace(eveHTTP)
	for _, c := range []struct {
		id, detection, raw string
		fires              bool
	}{
		// tstats from datamodel=Web where Web.url IN ("/app/rest/users/id:1/tokens/RPC2*")
		// Web.status=200 Web.http_method=POST.
		{"teamcity-rce", "detections/web/jetbrains_teamcity_rce_attempt.yml", eveHTTP, true},
		{"teamcity-rce-404", "detections/web/jetbrains_teamcity_rce_attempt.yml", strings.Replace(eveHTTP, `"status":200`, `"status":404`, 1), false},
		// An alert record carrying the same http object is no Web event
		// (eventtype suricata_eve_http needs event_type=http).
		{"teamcity-rce-alert", "detections/web/jetbrains_teamcity_rce_attempt.yml", strings.Replace(eveHTTP, `"event_type":"http"`, `"event_type":"alert"`, 1), false},
		{"ws-ftp", "detections/web/ws_ftp_remote_code_execution.yml", wsftp, true},
		{"ws-ftp-get", "detections/web/ws_ftp_remote_code_execution.yml", strings.Replace(wsftp, `"http_method":"POST"`, `"http_method":"GET"`, 1), false},
		// `suricata` http.url=... http.status=200 http_method=POST, by src,
		// dest, http.http_user_agent ...: the raw leaves and the aliases.
		{"teamcity-27198", "detections/web/jetbrains_teamcity_authentication_bypass_suricata_cve_2024_27198.yml",
			strings.Replace(eveHTTP, `/app/rest/users/id:1/tokens/RPC2`, `/hax?jsp=/app/rest/users;.jsp`, 1), true},
		{"teamcity-27198-plain", "detections/web/jetbrains_teamcity_authentication_bypass_suricata_cve_2024_27198.yml", eveHTTP, false},
		// Web.url IN (..., "/app", ...) from a public src, by ... Web.dest_port
		// sourcetype: dest_port is the EVE record's own field.
		{"papercut", "detections/web/papercut_ng_remote_web_access_attempt.yml", strings.Replace(eveHTTP, `/app/rest/users/id:1/tokens/RPC2`, `/app?service=page/SetupCompleted`, 1), true},
		// Web.url="*/web-bookmarks/bookmark*" Web.http_method=GET Web.status=403,
		// by ... source.
		{"ivanti-bookmark", "detections/web/access_to_vulnerable_ivanti_connect_secure_bookmark_endpoint.yml", ivanti, true},
		{"ivanti-bookmark-200", "detections/web/access_to_vulnerable_ivanti_connect_secure_bookmark_endpoint.yml", strings.Replace(ivanti, `"status":403`, `"status":200`, 1), false},
	} {
		t.Run(c.id, func(t *testing.T) {
			data := filepath.Join(dir, c.id+".json")
			if err := os.WriteFile(data, []byte(c.raw+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			m := writeManifestAs(t, dir, c.id, sc, c.detection, data, "suricata", "suricata", c.fires)
			if res := runCase(t, m, false); res.Status != runner.Pass {
				t.Errorf("%s: %s %q", c.id, res.Status, res.Message)
			}
		})
	}
}
