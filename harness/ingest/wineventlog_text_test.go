package ingest

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// A 4624 as the classic rendering writes it (labels indented with tabs,
// "Account Name" under both Subject and New Logon).
const winText4624 = "01/14/2021 11:41:39 PM\r\n" +
	"LogName=Security\r\nSourceName=Microsoft Windows security auditing.\r\nEventCode=4624\r\nEventType=0\r\n" +
	"Type=Information\r\nComputerName=win-dc-1.attackrange.local\r\nTaskCategory=Logon\r\nOpCode=Info\r\n" +
	"RecordNumber=42\r\nKeywords=Audit Success\r\nSid=\r\n" +
	"Message=An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18\r\n" +
	"\tAccount Name:\t\tWIN-DC-1$\r\n\r\nLogon Information:\r\n\tLogon Type:\t\t3\r\n\r\nNew Logon:\r\n" +
	"\tAccount Name:\t\tAdministrator\r\n\tLogon ID:\t\t0x3E7\r\n\tSource Network Address:\t10.0.1.14\r\n" +
	"\tProcess Name:\t\t-\r\n\r\nThis event is generated when a logon session is created: http://x/y\r\n"

func TestWinEventLogTextFields(t *testing.T) {
	rows, problems, err := readString(t, "wel.log", winText4624+winText4624, ReadOptions{})
	if err != nil || len(problems) > 0 || len(rows) != 2 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	r := rows[0]
	want := map[string][]string{
		"_time": {"1610667699"}, "host": {"win-dc-1.attackrange.local"}, "LogName": {"Security"}, "EventCode": {"4624"},
		"SourceName": {"Microsoft Windows security auditing."}, "Keywords": {"Audit Success"}, "RecordNumber": {"42"},
		"Security_ID": {"S-1-5-18"}, "Account_Name": {"WIN-DC-1$", "Administrator"}, "Logon_Type": {"3"},
		"Logon_ID": {"0x3E7"}, "Source_Network_Address": {"10.0.1.14"}, "Process_Name": {"-"},
	}
	for f, v := range want {
		if got := []string(r.Get(f)); !reflect.DeepEqual(got, v) {
			t.Errorf("%s = %q, want %q", f, got, v)
		}
	}
	// A prose line ending "...: value" is a label to wel-col-kv as well.
	if r.Get("This_event_is_generated_when_a_logon_session_is_created").First() != "http://x/y" {
		t.Error("prose label not extracted as Splunk's regex would")
	}
	for _, absent := range []string{"Sid", "Subject"} {
		if r.Get(absent) != nil {
			t.Errorf("%s should be absent (empty value / no label): %q", absent, r.Get(absent))
		}
	}
	msg := r.Get("Message").First()
	if !strings.HasPrefix(msg, "An account was successfully logged on.\r\n") || !strings.HasSuffix(msg, "http://x/y") {
		t.Errorf("Message = %q", msg)
	}
	if raw := r.Get(event.Raw).First(); !strings.HasPrefix(raw, "01/14/2021") || strings.HasSuffix(raw, "\n") {
		t.Errorf("_raw = %q", raw)
	}
}

func TestWinEventLogTextProblems(t *testing.T) {
	content := "01/14/2021 11:41:39 PM\nLogName=A\nEventCode=1\n01/14/2021 11:41:40 PM\n\n01/14/2021 11:41:41 PM\nEventCode=3\n"
	rows, problems, err := readString(t, "wel.log", "stray text\n01/14/2021 11:41:38 PM\nEventCode=0\n"+content, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := firsts(rows, "EventCode"); strings.Join(got, ",") != "0,1,3" {
		t.Errorf("EventCodes %v", got)
	}
	if len(problems) != 2 || problems[0].Offset != 0 || !strings.Contains(problems[0].Msg, "not an event") ||
		problems[1].Record != 3 || !strings.Contains(problems[1].Msg, "no Key=Value lines") {
		t.Errorf("problems %v", problems)
	}
}

// The classic records of the certutil capture (the PowerShell 4104 text
// that capture mixes between its XML events), cut out into a file of
// their own, read as WinEventLog text. Their date lines are UTC: each
// matches the SystemTime of the XML event after it to within seconds,
// which is why a zoneless date is read as UTC by default.
func TestWinEventLogTextFromCertutilCapture(t *testing.T) {
	data, err := os.ReadFile(corpus(t, certutilRaw))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	var nextXMLTimes []float64
	in := false
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(nil, 1<<22)
	systemTime := regexp.MustCompile(`SystemTime='([^']+)'`)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case winTextDateLine.MatchString(line):
			in = true
			nextXMLTimes = append(nextXMLTimes, math.NaN())
		case strings.HasPrefix(line, "<Event"):
			if in {
				st, _ := systemTimeEpoch(systemTime.FindStringSubmatch(line)[1])
				nextXMLTimes[len(nextXMLTimes)-1], _ = event.ParseNumber(st)
			}
			in = false
		}
		if in {
			text.WriteString(line + "\n")
		}
	}
	p := filepath.Join(t.TempDir(), "ps.log")
	os.WriteFile(p, []byte(text.String()), 0o644)
	rows, problems, err := ReadFile(p, Meta{Source: "WinEventLog:Microsoft-Windows-PowerShell/Operational", Sourcetype: "WinEventLog"})
	if err != nil || len(problems) > 0 || len(rows) != 19 {
		t.Fatalf("%d rows (want the 19 date lines), %v, %v", len(rows), problems, err)
	}
	compared := 0
	for i, r := range rows {
		tm, _ := r.Time()
		if r.Get("EventCode").First() != "4104" || r.Get("ScriptBlock_ID") == nil || r.Get("host").First() != r.Get("ComputerName").First() {
			t.Errorf("record %d: %v", i, r)
		}
		if math.IsNaN(nextXMLTimes[i]) {
			continue // followed by another text record, not an XML event
		}
		compared++
		if math.Abs(tm-nextXMLTimes[i]) > 5 {
			t.Errorf("record %d: _time %v is %v s from the XML event after it", i, tm, tm-nextXMLTimes[i])
		}
	}
	if compared < 3 {
		t.Errorf("only %d records compared with an XML neighbour", compared)
	}
}

func FuzzWinEventLogText(f *testing.F) {
	f.Add([]byte(winText4624))
	f.Add([]byte("x\n01/14/2021 1:41:39 AM\nA=\nMessage=\n\tB:\tc\n01/14/2021 13:41:39 PM\nK=v"))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := scanWinEventLogText(bufio.NewReader(strings.NewReader(string(data))), "fuzz", Meta{}, ReadOptions{}, func(r event.Row, p *Problem) bool {
			if p != nil {
				if p.Offset < 0 || p.Offset > int64(len(data)) || p.Msg == "" {
					t.Fatalf("bad problem %+v", p)
				}
				return true
			}
			if _, ok := r.Time(); !ok || !winTextDateLine.MatchString(strings.SplitN(r.Get(event.Raw).First(), "\n", 2)[0]) {
				t.Fatalf("event without date line or _time: %v", r)
			}
			for k := range r {
				if k == "" {
					t.Fatalf("empty field name in %v", r)
				}
			}
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
