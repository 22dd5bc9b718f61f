package ingest

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// The certutil capture holds 40 XML events (20 Sysmon EventID 1, 20
// Security 4688) and, between them, 19 classic multi-line WinEventLog text
// records (PowerShell 4104). Splunk breaks XmlWinEventLog only before
// "<Event", so the text records are not events: each stays at the end of
// the preceding XML event's _raw and contributes no field.
func TestCertutilRawSplitsAsSplunk(t *testing.T) {
	path := corpus(t, certutilRaw)
	rows, problems, err := ReadFile(path, Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog"})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if len(rows) != 40 {
		t.Fatalf("got %d events, want 40", len(rows))
	}
	ids := map[string]int{}
	glued := 0
	for _, r := range rows {
		f := fieldsOf(r.Get(event.Raw).First())
		ids[strings.Join(f["EventID"], ",")]++
		raw := r.Get(event.Raw).First()
		glued += strings.Count(raw, "\nLogName=Microsoft-Windows-PowerShell/Operational")
		if _, ok := f["LogName"]; ok {
			t.Errorf("text record produced fields")
		}
		if strings.HasSuffix(raw, "\n") || strings.HasSuffix(raw, "\r") {
			t.Errorf("_raw keeps the line-breaking newline")
		}
	}
	if ids["1"] != 20 || ids["4688"] != 20 {
		t.Errorf("EventID split = %v, want 20 x 1 and 20 x 4688", ids)
	}
	if glued != 19 {
		t.Errorf("%d text records glued to events, want 19", glued)
	}
}

func TestCertutilFirstEventFields(t *testing.T) {
	rows, _, err := ReadFile(corpus(t, certutilRaw), Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog"})
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if got := r.Get(event.Time).First(); got != "1610667700.145335" {
		t.Errorf("_time = %q", got)
	}
	if got := r.Get(event.Host).First(); got != "win-dc-791937.attackrange.local" {
		t.Errorf("host = %q (from Computer when the test names none)", got)
	}
	f := fieldsOf(r.Get(event.Raw).First())
	want := map[string]string{
		"EventID": "1", "Computer": "win-dc-791937.attackrange.local", "Name": "Microsoft-Windows-Sysmon",
		"Guid": "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", "SystemTime": "2021-01-14T23:41:40.145335200Z",
		"Keywords": "0x8000000000000000", "ProcessID": "2468", "ThreadID": "3128", "UserID": "S-1-5-18",
		"EventRecordID": "19683891", "Channel": "Microsoft-Windows-Sysmon/Operational",
		"CommandLine": `"C:\Windows\system32\certutil.exe" -p password1234 .\powershellcert.pfx`,
		"LogonId":     "0x49732", "ProcessGuid": "{51E9D293-D6B3-6000-0000-001068266601}",
		"User": `ATTACKRANGE\Administrator`, "Product": "Microsoft® Windows® Operating System",
	}
	for k, v := range want {
		if got := strings.Join(f[k], "|"); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if _, ok := f["RuleName"]; ok {
		t.Errorf("empty <Data Name='RuleName'></Data> must yield no field")
	}
}

func TestXMLProblemsAreReportedAndSkipped(t *testing.T) {
	good := "<Event xmlns='x'><System><TimeCreated SystemTime='2021-01-14T23:41:40.1Z'/><Computer>h</Computer></System></Event>"
	data := "junk line\n" + good + "\n<Event xmlns='x'><System><Computer>h</Computer></System></Event>\n" + good + "\n<Event xmlns='x'><System>"
	rows, problems := ReadXMLWinEventLog([]byte(data), "f.xml", Meta{})
	if len(rows) != 2 {
		t.Errorf("rows = %d, want 2", len(rows))
	}
	if len(problems) != 3 {
		t.Fatalf("problems = %v, want 3", problems)
	}
	if problems[0].Offset != 0 || problems[1].Record != 2 || problems[2].Record != 4 {
		t.Errorf("problem positions: %+v", problems)
	}
	if !strings.Contains(problems[1].Msg, "TimeCreated") || !strings.Contains(problems[2].Msg, "</Event>") {
		t.Errorf("problem messages: %+v", problems)
	}
	if problems[1].Offset != int64(strings.Index(data, "<Event xmlns='x'><System><Computer>")) {
		t.Errorf("offset = %d", problems[1].Offset)
	}
}

func TestUnknownFormatIsAnError(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/data.log"
	// JSON is a dataset format now; a pcap capture is not.
	if err := writeFile(p, "\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00"); err != nil {
		t.Fatal(err)
	}
	_, _, err := ReadFile(p, Meta{})
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("err = %v, want unknown format naming the file", err)
	}
	if _, _, err := ReadFile(dir+"/missing.log", Meta{}); err == nil {
		t.Fatal("missing file: no error")
	}
}

// Splunk_TA_windows extracts XML fields with regexes ([eventdata_xml_data]
// REGEX <(?:\w+)\sName='([^>]*)'\/?>([^<]*)), which keep the text as
// Windows rendered it: entities stay encoded. security_content's Ping
// Sleep Batch Command matches "*&gt;*" on Sysmon XML for this reason.
func TestEntitiesKeptAsWritten(t *testing.T) {
	f := fieldsOf("<Event><System><Computer>a&amp;b</Computer></System><EventData><Data Name='C'>ping -n 5 &gt; Nul &amp; &quot;x&quot;</Data><Data>free</Data></EventData></Event>")
	for _, c := range [][2]string{{"C", "ping -n 5 &gt; Nul &amp; &quot;x&quot;"}, {"Data", "free"}, {"Computer", "a&amp;b"}} {
		if got := strings.Join(f[c[0]], "|"); got != c[1] {
			t.Errorf("%s = %q, want %q", c[0], got, c[1])
		}
	}
}

// Splunk_TA_windows breaks only on ([\r\n]+)<Event\sxmlns: an <Event
// without xmlns, or one inside a line, continues the current event.
func TestLineBreakerNeedsLineStartAndXmlns(t *testing.T) {
	ev := "<Event xmlns='x'><System><TimeCreated SystemTime='2021-01-14T23:41:40.1Z'/></System></Event>"
	data := ev + " " + ev + "\n<Event><System/></Event>\r\n" + ev + "\n"
	rows, problems := ReadXMLWinEventLog([]byte(data), "f.xml", Meta{})
	if len(rows) != 2 || len(problems) != 0 {
		t.Fatalf("%d rows, %v", len(rows), problems)
	}
	if got := rows[0].Get(event.Raw).First(); got != ev+" "+ev+"\n<Event><System/></Event>" {
		t.Errorf("first _raw = %q", got)
	}
	if got := rows[1].Get(event.Raw).First(); got != ev {
		t.Errorf("second _raw = %q", got)
	}
}

// Event Viewer's "Save as XML" wraps the events in an XML declaration and
// <Events>...</Events>: the wrapper is no stray text and the file sniffs
// as XmlWinEventLog (it was read as one text event).
func TestSavedAsXMLWrapperIsNotAProblem(t *testing.T) {
	good := "<Event xmlns='x'><System><TimeCreated SystemTime='2021-01-14T23:41:40.1Z'/><Computer>h</Computer></System></Event>"
	data := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n" + good + "\n" + good + "\n</Events>\n"
	if f := SniffHint([]byte(data), "saved.xml"); f != FormatXMLWinEventLog {
		t.Fatalf("sniffed %v", f)
	}
	rows, problems := ReadXMLWinEventLog([]byte(data), "saved.xml", Meta{})
	if len(rows) != 2 || len(problems) != 0 {
		t.Errorf("%d rows, problems %v", len(rows), problems)
	}
	// other text before the first event is still named
	_, problems = ReadXMLWinEventLog([]byte("<?xml version=\"1.0\"?>\n<Logs>\n"+good+"\n"), "other.xml", Meta{})
	if len(problems) != 1 {
		t.Errorf("problems %v", problems)
	}
}
