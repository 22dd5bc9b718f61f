package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// The Windows Defender and NTLM operational channels. Splunk_TA_windows
// 8.1.2 and 8.4.0 (the public copies: PMJeffery/splunk4windows,
// JohnnyMirza/confluent_splunk_demo) have no props.conf stanza and no
// eventtype for either channel, so their events get only what the
// add-on's [XmlWinEventLog] stanza gives every channel - windows.yml's
// "source::XmlWinEventLog:..." / xmlwineventlog stanzas. (Later versions
// add a [source::XmlWinEventLog:Microsoft-Windows-Windows
// Defender/Operational] stanza whose settings are not public; nothing
// here models it.) These tests pin that the fields security_content's
// Defender ASR and NTLM detections read come from that common stanza,
// under both labels the content uses: source WinEventLog:<channel> with
// sourcetype xmlwineventlog (the Defender tests) and source
// XmlWinEventLog:<channel> with sourcetype XmlWinEventLog (the NTLM
// tests).

const (
	defenderSource = "WinEventLog:Microsoft-Windows-Windows Defender/Operational"
	ntlmSource     = "XmlWinEventLog:Microsoft-Windows-NTLM/Operational"
)

// winFields reads raw through the built-in add-ons and returns every
// field as text (multivalues joined by "\n").
func winFields(t *testing.T, raw string, meta ingest.Meta) map[string]string {
	t.Helper()
	a, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := a.ReadExample(raw, meta)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d events, want 1", len(rows))
	}
	out := map[string]string{}
	for k, v := range rows[0] {
		out[k] = v.String()
	}
	return out
}

// ntlm8004 is an NTLM/Operational 8004 event (a domain controller
// auditing an NTLM authentication), written for these tests with the
// EventData names the NTLM detections read.
func ntlm8004(record int, dc, user, domain, workstation string) string {
	return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
		"<Provider Name='Microsoft-Windows-NTLM' Guid='{ac43300d-5fcc-4800-8e99-1bd3f85f0320}'/>" +
		"<EventID>8004</EventID><Version>0</Version><Level>4</Level><Task>4</Task><Opcode>0</Opcode>" +
		"<Keywords>0x8000000000000000</Keywords>" +
		fmt.Sprintf("<TimeCreated SystemTime='2024-03-05T10:%02d:%02d.1234567Z'/>", record/60%60, record%60) +
		fmt.Sprintf("<EventRecordID>%d</EventRecordID>", record) +
		"<Correlation/><Execution ProcessID='712' ThreadID='1880'/>" +
		"<Channel>Microsoft-Windows-NTLM/Operational</Channel><Computer>" + dc + ".corp.example</Computer>" +
		"<Security UserID='S-1-5-18'/></System><EventData>" +
		"<Data Name='SChannelName'>" + dc + "</Data><Data Name='UserName'>" + user + "</Data>" +
		"<Data Name='DomainName'>" + domain + "</Data><Data Name='WorkstationName'>" + workstation + "</Data>" +
		"<Data Name='SChannelType'>2</Data></EventData></Event>"
}

func TestWindowsDefenderNTLMFields(t *testing.T) {
	defender := func(file string) func(t *testing.T) map[string]string {
		return func(t *testing.T) map[string]string {
			return winFields(t, dataSourceExample(t, file), ingest.Meta{Source: defenderSource, Sourcetype: "xmlwineventlog", Host: "example-host"})
		}
	}
	ntlm := func(t *testing.T) map[string]string {
		return winFields(t, ntlm8004(77, "DC01", "alice", "NULL", `\\WKS7`), ingest.Meta{Source: ntlmSource, Sourcetype: "XmlWinEventLog", Host: "dc01"})
	}
	cases := []struct {
		name string
		row  func(t *testing.T) map[string]string
		want [][3]string // field, value ("" absent), the rule that gives it
	}{
		{"Defender 1121 (ASR block), security_content example", defender("windows_event_log_defender_1121.yml"), [][3]string{
			{"EventCode", "1121", "REPORT-EventCode_from_xml (EventID)"},
			{"Process_Name", `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`, "eventdata_xml_data: 'Process Name' cleaned to Process_Name"},
			{"Path", `C:\Users\research\AppData\Local\Temp\script.vbs`, "eventdata_xml_data"},
			{"ID", "3B576869-A4EC-4529-8536-B80A7769E899", "eventdata_xml_data: the ASR rule GUID the detections look up"},
			{"Parent_Commandline", `"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" `, "eventdata_xml_data: value as written, trailing space kept"},
			{"Target_Commandline", "", "an empty <Data> gives no field"},
			{"Involved_File", "", "an empty <Data> gives no field"},
			{"Security_intelligence_Version", "1.401.912.0", "'Security intelligence Version' cleaned"},
			{"dvc", "researchvmhaa", "FIELDALIAS-dvc_for_windows: Computer AS dvc"},
			{"dvc_nt_host", "example-host", "FIELDALIAS-dvc_for_windows: host AS dvc_nt_host"},
			{"signature_id", "1121", "EVAL-signature_id: EventCode"},
			{"user_id", "S-1-5-18", "FIELDALIAS-user_id_for_windows: UserID"},
			{"vendor_product", "Microsoft Windows", "EVAL-vendor_product"},
		}},
		{"Defender 1122 (ASR audit), security_content example", defender("windows_event_log_defender_1122.yml"), [][3]string{
			{"EventCode", "1122", "REPORT-EventCode_from_xml"},
			{"Process_Name", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "eventdata_xml_data"},
			{"User", "(unknown user)", "eventdata_xml_data"},
			{"Path", "", "an empty <Data> gives no field"},
		}},
		{"Defender 5007 (configuration change), security_content example", defender("windows_event_log_defender_5007.yml"), [][3]string{
			{"EventCode", "5007", "REPORT-EventCode_from_xml"},
			{"Old_Value", `HKLM\SOFTWARE\Microsoft\Windows Defender\Features\Controls\48 = 0x1`, "eventdata_xml_data: 'Old Value' cleaned"},
			{"New_Value", "", "an empty <Data> gives no field"},
			{"RecordNumber", "3726", "REPORT-RecordNumber_from_xml"},
		}},
		{"NTLM 8004 under XmlWinEventLog", ntlm, [][3]string{
			{"EventCode", "8004", "REPORT-EventCode_from_xml"},
			{"SChannelName", "DC01", "eventdata_xml_data"},
			{"UserName", "alice", "eventdata_xml_data"},
			{"DomainName", "NULL", "eventdata_xml_data: the text NULL, which `DomainName=NULL` matches"},
			{"WorkstationName", `\\WKS7`, "eventdata_xml_data"},
			{"dvc", "DC01.corp.example", "FIELDALIAS-dvc_for_windows"},
			{"tag", "track_event_signatures", "eventtype windows_event_signature (sourcetype=XmlWinEventLog): no CIM tag"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.row(t)
			for _, w := range c.want {
				if got[w[0]] != w[1] {
					t.Errorf("%s = %q, want %q (%s)", w[0], got[w[0]], w[1], w[2])
				}
			}
		})
	}
}

// The detections on these channels, run on the data: Defender ASR block
// events and rule stacking fire on the 1121 example; ASR audit events do
// not fire on the 1122 example, whose Path and Target_Commandline are
// empty and so absent - `stats ... by Path, Target_Commandline` drops
// the row, as Splunk's stats drops rows with a null by-field.
func TestWindowsDefenderASRDetections(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	write := func(name, file string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(dataSourceExample(t, file)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	d1121 := write("d1121.xml", "windows_event_log_defender_1121.yml")
	d1122 := write("d1122.xml", "windows_event_log_defender_1122.yml")
	for _, c := range []struct {
		detection, data string
		fires           bool
	}{
		{"windows_defender_asr_block_events", d1121, true},
		{"windows_defender_asr_rules_stacking", d1121, true},
		{"windows_defender_asr_audit_events", d1121, false}, // EventCode 1121 is not an audit code
		{"windows_defender_asr_audit_events", d1122, false}, // null by-fields, see above
	} {
		id := c.detection + "-" + filepath.Base(c.data)
		m := writeManifestAs(t, dir, id, sc, "detections/endpoint/"+c.detection+".yml", c.data, defenderSource, "xmlwineventlog", c.fires)
		if res := runCase(t, m, false); res.Status != runner.Pass {
			t.Errorf("%s: %s %q", id, res.Status, res.Message)
		}
	}
}

// Windows Unusual NTLM Authentication Users By Source on 8004 events:
// twenty workstations each authenticating one user and one spraying
// fifty fires for the sprayer only (50 > 1 + mean + 3 stdev); without
// the sprayer nothing is an outlier.
func TestNTLMUnusualUsersBySource(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	var normal []string
	rec := 1
	for i := 0; i < 20; i++ {
		normal = append(normal, ntlm8004(rec, "DC01", fmt.Sprintf("user%02d", i), "CORP", fmt.Sprintf(`\\WKS%02d`, i)))
		rec++
	}
	spray := append([]string{}, normal...)
	for i := 0; i < 50; i++ {
		spray = append(spray, ntlm8004(rec, "DC01", fmt.Sprintf("victim%02d", i), "CORP", `\\SPRAY01`))
		rec++
	}
	for _, c := range []struct {
		name   string
		events []string
		fires  bool
	}{{"spray", spray, true}, {"normal", normal, false}} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".xml")
			if err := os.WriteFile(p, []byte(strings.Join(c.events, "\n")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			m := writeManifestAs(t, dir, "ntlm-"+c.name, sc, "detections/endpoint/windows_unusual_ntlm_authentication_users_by_source.yml", p, ntlmSource, "XmlWinEventLog", c.fires)
			res := runCase(t, m, false)
			if res.Status != runner.Pass {
				t.Fatalf("%s %q", res.Status, res.Message)
			}
			if c.fires && (res.ResultCount != 1 || res.Rows[0].Get("src").String() != "SPRAY01" || res.Rows[0].Get("unique_count").String() != "50") {
				t.Errorf("%d rows; first src %q unique_count %q, want 1 row SPRAY01 50", res.ResultCount, res.Rows[0].Get("src"), res.Rows[0].Get("unique_count"))
			}
		})
	}
}
