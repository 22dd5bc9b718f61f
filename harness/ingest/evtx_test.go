package ingest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
)

func evtxFiles(t testing.TB, rel string) []string {
	var files []string
	err := filepath.Walk(corpus(t, rel), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(strings.ToLower(p), ".evtx") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Every EVTX of the corpus reads without error or problem record, the
// 281-file evtx-to-mitre tree in well under 2 s. 13 evtx-to-mitre files
// (Defender 1151, SSP 4622, some PowerShell 800/4103, ...) hold plain-BinXML
// records that velocidex evtx v0.2.0 misreads (1,287 records); they go
// through the plain-BinXML reader instead.
func TestEVTXCorpusReads(t *testing.T) {
	wantEvents := map[string]int{"evtx-to-mitre": 10015, "evtx-attack-samples": 2, "attack_data": 10060, "sigma": 238}
	for _, tree := range []string{"evtx-to-mitre", "evtx-attack-samples", "attack_data", "sigma"} {
		start := time.Now()
		files, events, bad, badFiles := 0, 0, 0, 0
		for _, f := range evtxFiles(t, tree) {
			rows, problems, err := ReadFile(f, Meta{Source: "XmlWinEventLog:Test", Sourcetype: "XmlWinEventLog"})
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			files++
			events += len(rows)
			bad += len(problems)
			if len(problems) > 0 {
				badFiles++
			}
			for _, r := range rows {
				if r.Get(event.Time).Null() || !strings.HasPrefix(r.Get(event.Raw).First(), "<Event xmlns=") {
					t.Fatalf("%s: bad row %v", f, r)
				}
			}
		}
		t.Logf("%s: %d files, %d events, %d problem records in %d files, %v", tree, files, events, bad, badFiles, time.Since(start))
		if badFiles != 0 || events != wantEvents[tree] {
			t.Errorf("%s: %d events (want %d), %d files with problems", tree, events, wantEvents[tree], badFiles)
		}
	}
}

// The EVTX files the acceptance cases name read completely.
func TestEVTXCaseFilesRead(t *testing.T) {
	for _, p := range caseDataPaths(t) {
		if !strings.HasSuffix(p, ".evtx") {
			continue
		}
		rows, problems, err := ReadFile(p, Meta{})
		if err != nil || len(problems) > 0 || len(rows) == 0 {
			t.Errorf("%s: %d rows, problems %v, err %v", p, len(rows), problems, err)
		}
	}
}

// findRow returns the first row whose extracted fields hold all of want.
func findRow(t *testing.T, path string, want map[string]string) map[string][]string {
	t.Helper()
	rows, _, err := ReadFile(path, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		f := fieldsOf(r.Get(event.Raw).First())
		ok := true
		for k, v := range want {
			if strings.Join(f[k], "|") != v {
				ok = false
				break
			}
		}
		if ok {
			return f
		}
	}
	t.Fatalf("%s: no event with %v", path, want)
	return nil
}

func TestEVTXSysmon10GrantedAccess(t *testing.T) {
	f := findRow(t, corpus(t, "evtx-to-mitre/TA0006-Credential Access/T1003-Credential dumping/ID10-Mimikatz LSASS process dump.evtx"),
		map[string]string{"EventID": "10", "GrantedAccess": "0x1010"})
	if !strings.HasSuffix(f["TargetImage"][0], `\lsass.exe`) {
		t.Errorf("TargetImage = %v", f["TargetImage"])
	}
	if !regexp.MustCompile(`^\{[0-9A-F-]{36}\}$`).MatchString(f["SourceProcessGUID"][0]) {
		t.Errorf("SourceProcessGUID = %v", f["SourceProcessGUID"])
	}
}

func TestEVTXSecurity4688RendersAsXML(t *testing.T) {
	f := findRow(t, corpus(t, procdumpDir+"Security.evtx"), map[string]string{"EventID": "4688", "NewProcessId": "0xcd0"})
	want := map[string]string{
		"ProcessId": "0xc8c", "SubjectLogonId": "0xe7a0c", "TargetLogonId": "0x0",
		"Keywords": "0x8020000000000000", "SystemTime": "2022-08-31T19:18:41.676281200Z",
		"Guid": "{54849625-5478-4994-A5BA-3E3B0328C30D}", "Task": "13312", "Version": "2",
		"TokenElevationType": "%%1936", "MandatoryLabel": "S-1-16-12288",
		"SubjectUserSid": "S-1-5-21-62830434-419094169-3251522898-500",
		"CommandLine":    `"C:\Windows\system32\wevtutil.exe" cl "Microsoft-Windows-ntshrui-perf" `,
	}
	for k, v := range want {
		if got := strings.Join(f[k], "|"); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

// valueShapes names the rendering rules the XML captures follow; EVTX must
// produce the same shape for each field the two have in common.
var valueShapes = map[string]*regexp.Regexp{
	"hex":        regexp.MustCompile(`^0x[0-9a-f]+$`),
	"guid":       regexp.MustCompile(`^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$`),
	"systemtime": regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$`),
	"decimal":    regexp.MustCompile(`^[0-9]+$`),
	"sid":        regexp.MustCompile(`^S-1-[0-9-]+$`),
}

func shapeOf(v string) string {
	for _, name := range []string{"hex", "guid", "systemtime", "decimal", "sid"} {
		if valueShapes[name].MatchString(v) {
			return name
		}
	}
	return "text"
}

// The same event kinds from the XML capture and from EVTX give the same
// field names with values rendered the same way.
func TestXMLAndEVTXAgree(t *testing.T) {
	xmlRows, _, err := ReadFile(corpus(t, certutilRaw), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []struct{ id, evtx, proc string }{
		{"1", procdumpDir + "Microsoft-Windows-Sysmon%4Operational.evtx", "ProcessGuid"},
		{"4688", procdumpDir + "Security.evtx", "NewProcessId"},
	} {
		var x map[string][]string
		for _, r := range xmlRows {
			if f := fieldsOf(r.Get(event.Raw).First()); f["EventID"][0] == kind.id {
				x = f
				break
			}
		}
		e := findRow(t, corpus(t, kind.evtx), map[string]string{"EventID": kind.id})
		for name, xv := range x {
			ev, ok := e[name]
			if !ok {
				if name != "RuleName" && name != "ParentUser" {
					t.Errorf("EventID %s: EVTX lacks %s", kind.id, name)
				}
				continue
			}
			// The forwarder that wrote the XML resolved SIDs to names
			// (SubjectUserSid, TargetUserSid, MandatoryLabel); EVTX keeps SIDs.
			if strings.HasSuffix(name, "Sid") || name == "MandatoryLabel" {
				continue
			}
			if xs, es := shapeOf(xv[0]), shapeOf(ev[0]); xs != es && !(xs == "decimal" && es == "hex" && ev[0] == "0x0") {
				t.Errorf("EventID %s %s: XML %q (%s) vs EVTX %q (%s)", kind.id, name, xv[0], xs, ev[0], es)
			}
		}
	}
}

// A plain-BinXML record (no template) renders like any other.
func TestEVTXPlainBinXMLRecord(t *testing.T) {
	path := corpus(t, "evtx-to-mitre/TA0003-Persistence/T1547-Boot or Logon Autostart Execution/ID4622-New SSP loaded in LSA (only legitim).evtx")
	rows, problems, err := ReadFile(path, Meta{})
	if err != nil || len(problems) > 0 || len(rows) != 420 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	raw := rows[0].Get(event.Raw).First()
	want := "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4622</EventID><Version>0</Version><Level>0</Level><Task>12289</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2021-05-10T06:22:54.633626900Z'/><EventRecordID>1814868</EventRecordID><Correlation/><Execution ProcessID='564' ThreadID='568'/><Channel>Security</Channel><Computer>fs01.offsec.lan</Computer><Security/></System><EventData><Data Name='SecurityPackageName'>C:\\Windows\\system32\\lsasrv.dll : Negotiate</Data></EventData></Event>"
	if raw != want {
		t.Errorf("_raw =\n%s\nwant\n%s", raw, want)
	}
	if got := rows[0].Get(event.Time).First(); got != "1620627774.633626" {
		t.Errorf("_time = %s", got)
	}
}
