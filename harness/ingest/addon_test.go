package ingest

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

func defaultAddons(t testing.TB) *Addons {
	t.Helper()
	a, err := DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDefaultAddonsCompile(t *testing.T) {
	defaultAddons(t)
}

func TestCertutilSysmonFields(t *testing.T) {
	a := defaultAddons(t)
	rows, _, err := ReadFile(corpus(t, certutilRaw), Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog"})
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	a.Apply(r)
	want := map[string]string{
		"EventCode": "1", "process_name": "certutil.exe", "process_path": `C:\Windows\System32\certutil.exe`,
		"process":             `"C:\Windows\system32\certutil.exe" -p password1234 .\powershellcert.pfx`,
		"parent_process":      "powershell",
		"parent_process_name": "powershell.exe", "parent_process_path": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"parent_process_id": "6860", "process_id": "6952", "process_guid": "{51E9D293-D6B3-6000-0000-001068266601}",
		"parent_process_guid": "{51E9D293-D3FD-6000-0000-0010F9096201}", "original_file_name": "CertUtil.exe",
		"user": `ATTACKRANGE\Administrator`, "user_id": "S-1-5-18", "dest": "win-dc-791937.attackrange.local",
		"process_integrity_level": "High", "process_current_directory": `C:\Users\administrator\Desktop\`,
		"process_exec": "certutil.exe", "vendor_product": "Microsoft Sysmon", "signature_id": "1",
		"signature": "Process Create", "MD5": "06210E84C1FA61B0A320559DD458625C",
		// windows_event_signature: Splunk_TA_windows tags every event of
		// sourcetype XmlWinEventLog track_event_signatures (eventtypes.conf).
		"eventtype": "ms-sysmon-process\nwindows_event_signature", "tag": "process\nreport\ntrack_event_signatures", "action": "allowed",
	}
	for k, v := range want {
		if got := r.Get(k).String(); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if !strings.HasPrefix(r.Get("process_hash").First(), "MD5=06210E84") {
		t.Errorf("process_hash = %q", r.Get("process_hash"))
	}
}

// A 4688 event labelled with the Sysmon source goes through the Sysmon
// stanza, as in Splunk: it gets no process_name (there is no Image) and no
// process eventtype, so it never reaches Endpoint.Processes.
func TestSecurityEventUnderSysmonSourceFollowsSource(t *testing.T) {
	a := defaultAddons(t)
	rows, _, _ := ReadFile(corpus(t, certutilRaw), Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog"})
	n := 0
	for _, r := range rows {
		a.Apply(r)
		if r.Get("EventCode").First() != "4688" {
			continue
		}
		n++
		if !r.Get("process_name").Null() || r.Get("tag").String() != "track_event_signatures" {
			t.Fatalf("4688 under Sysmon source: process_name %q tag %q", r.Get("process_name"), r.Get("tag"))
		}
	}
	if n != 20 {
		t.Errorf("%d 4688 events", n)
	}
}

func TestSecurity4688Fields(t *testing.T) {
	a := defaultAddons(t)
	rows, _, err := ReadFile(corpus(t, certutilRaw), Meta{Source: "XmlWinEventLog:Security", Sourcetype: "xmlwineventlog"})
	if err != nil {
		t.Fatal(err)
	}
	var r event.Row
	for _, row := range rows {
		a.Apply(row)
		if row.Get("EventCode").First() == "4688" {
			r = row
			break
		}
	}
	want := map[string]string{
		"process_name": "certutil.exe", "process_path": `C:\Windows\System32\certutil.exe`,
		"process":             `"C:\Windows\system32\certutil.exe" -p password1234 .\powershellcert.pfx`,
		"parent_process_name": "powershell.exe", "parent_process": `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		// Splunk_TA_windows 8.4.0 EVAL-process_id/parent_process_id: the
		// raw NewProcessId/ProcessId, hex as Windows logs them.
		"process_id": "0x1b28", "parent_process_id": "0x1acc", "NewProcessId": "0x1b28",
		"user": "administrator", "src_user": "administrator", "dest": "win-dc-791937.attackrange.local",
		"eventtype":      "windows_event_signature\nwindows_process_new\nwineventlog_security\nwinsec",
		"tag":            "execute\nos\nprocess\nreport\nsecurity\nstart\ntrack_event_signatures\nwindows",
		"vendor_product": "Microsoft Windows", "signature_id": "4688",
	}
	for k, v := range want {
		if got := r.Get(k).String(); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestRemoteImageLoadFieldsFromEVTX(t *testing.T) {
	a := defaultAddons(t)
	rows, _, err := ReadFile(corpus(t, "evtx-attack-samples/Lateral Movement/LM_ImageLoad_NFSH_Sysmon_7.evtx"),
		Meta{Source: sysmonMeta, Sourcetype: "XmlWinEventLog"})
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	r := rows[0]
	a.Apply(r)
	want := map[string]string{
		"dest": "02694w-win10.threebeesco.com", "loaded_file": "lsadb.dll", "loaded_file_path": `\\172.16.66.254\shared\lsadb.dll`,
		"process_exec": "lsass.exe", "process_guid": "{6A3C3EF2-50EE-5F7C-0000-0010237C0000}", "process_id": "636",
		"process_name": "lsass.exe", "process_path": `C:\Windows\System32\lsass.exe`,
		"service_dll_signature_exists": "false", "service_dll_signature_verified": "false",
		"signature_id": "7", "user_id": "S-1-5-18", "vendor_product": "Microsoft Sysmon",
		"_time": "1602020430.910085", "SystemTime": "2020-10-06T21:40:30.910085800Z",
	}
	for k, v := range want {
		if got := r.Get(k).String(); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if !strings.HasPrefix(r.Get("process_hash").First(), "SHA1=A205D5") {
		t.Errorf("process_hash = %q", r.Get("process_hash"))
	}
}

func TestStanzaPrecedence(t *testing.T) {
	fsys := testFS{
		"a.yml": `
props:
  st:
    EVAL-x: '"sourcetype"'
    EVAL-y: '"sourcetype"'
    EVAL-z: '"sourcetype"'
  "source::src...":
    EVAL-x: '"pattern"'
    EVAL-y: '"pattern"'
  "source::src1":
    EVAL-x: '"exact"'
  "host::h*":
    EVAL-y: '"host"'
    EVAL-z: '"host"'
`}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	r := event.Row{"source": {"src1"}, "sourcetype": {"st"}, "host": {"h1"}}
	a.Apply(r)
	if r.Get("x").First() != "exact" || r.Get("y").First() != "pattern" || r.Get("z").First() != "host" {
		t.Errorf("x=%v y=%v z=%v", r["x"], r["y"], r["z"])
	}
	r = event.Row{"source": {"other"}, "sourcetype": {"ST"}}
	a.Apply(r)
	if !r.Get("x").Null() {
		t.Errorf("sourcetype stanzas match case-sensitively: x=%v", r["x"])
	}
}

// Calculated fields see the row as it was before any of them (Splunk
// evaluates EVAL- attributes side by side); aliases run before them.
func TestEvalsAreIndependent(t *testing.T) {
	fsys := testFS{"a.yml": `
props:
  st:
    FIELDALIAS-a: orig AS alias
    EVAL-one: alias
    EVAL-two: one
    EXTRACT-num: '(?<num>\d+) in orig'
`}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	r := event.Row{"sourcetype": {"st"}, "orig": {"v42"}}
	a.Apply(r)
	if r.Get("one").First() != "v42" || !r.Get("two").Null() || r.Get("num").First() != "42" {
		t.Errorf("row = %v", r)
	}
}

func TestBadDefinitionsAreErrors(t *testing.T) {
	for name, body := range map[string]string{
		"unknown attr":       "props:\n  st:\n    BOGUS-x: y\n",
		"missing transform":  "props:\n  st:\n    REPORT-x: y\n",
		"index transform":    "transforms:\n  t:\n    REGEX: (a)\n    DEST_KEY: _raw\n",
		"bad delims":         "transforms:\n  t:\n    DELIMS: ','\n",
		"format past groups": "transforms:\n  t:\n    REGEX: (a)\n    FORMAT: x::$2\n",
		"bad eval":           "props:\n  st:\n    EVAL-x: 'if('\n",
		"bad regex":          "props:\n  st:\n    EXTRACT-x: '(?<a>['\n",
		"bad alias":          "props:\n  st:\n    FIELDALIAS-x: a TO b\n",
		"bad kv":             "props:\n  st:\n    KV_MODE: json\n",
		"bad search":         "eventtypes:\n  e:\n    search: 'a=\"x'\n",
	} {
		_, err := LoadAddons(testFS{"f.yml": body}, EngineCompilers())
		if err == nil || !strings.Contains(err.Error(), "f.yml") {
			t.Errorf("%s: err = %v, want an error naming f.yml", name, err)
		}
	}
}

// The Windows definitions key on source::XmlWinEventLog:..., so the
// sourcetype's case (ESCU tests write both xmlwineventlog and
// XmlWinEventLog) changes no field.
func TestSourcetypeCaseDoesNotChangeFields(t *testing.T) {
	a := defaultAddons(t)
	path := corpus(t, procdumpDir+"Security.evtx")
	lower, _, _ := ReadFile(path, Meta{Source: "XmlWinEventLog:Security", Sourcetype: "xmlwineventlog"})
	upper, _, _ := ReadFile(path, Meta{Source: "XmlWinEventLog:Security", Sourcetype: "XmlWinEventLog"})
	for i := range lower {
		a.Apply(lower[i])
		a.Apply(upper[i])
		delete(lower[i], event.Sourcetype)
		delete(upper[i], event.Sourcetype)
		if len(lower[i]) != len(upper[i]) {
			t.Fatalf("event %d: %d fields vs %d", i, len(lower[i]), len(upper[i]))
		}
	}
}

// Process Access (10): user is SourceUser only when it is TargetUser, as
// Splunk_TA_microsoft_sysmon 4.0.3's EVAL-user gives it; a service reading
// another account's process has no user (the CIM's "unknown").
func TestSysmonProcessAccessUser(t *testing.T) {
	event10 := func(source, target string) string {
		return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>10</EventID>" +
			"<TimeCreated SystemTime='2024-01-02T03:04:05.0000000Z'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>ws1</Computer></System>" +
			"<EventData><Data Name='SourceImage'>C:\\Windows\\System32\\wbem\\WmiPrvSE.exe</Data><Data Name='TargetImage'>C:\\Program Files\\x\\svc.exe</Data>" +
			"<Data Name='SourceUser'>" + source + "</Data><Data Name='TargetUser'>" + target + "</Data></EventData></Event>"
	}
	meta := Meta{Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "XmlWinEventLog", Host: "ws1"}
	same := applyToRaw(t, event10(`NT AUTHORITY\NETWORK SERVICE`, `NT AUTHORITY\NETWORK SERVICE`), meta)
	if got := same.Get("user").First(); got != `NT AUTHORITY\NETWORK SERVICE` {
		t.Errorf("same users: user = %q", got)
	}
	other := applyToRaw(t, event10(`NT AUTHORITY\NETWORK SERVICE`, `NT AUTHORITY\SYSTEM`), meta)
	if !other.Get("user").Null() {
		t.Errorf("different users: user = %q, want none", other.Get("user").First())
	}
}
