package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// repoPath is a path under the repository root (the folder with go.mod).
func repoPath(parts ...string) string {
	root, err := testenv.RepoRoot()
	if err != nil {
		panic(err)
	}
	return filepath.Join(append([]string{root}, parts...)...)
}

const sysmonSource = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"

func certutilRaw() string {
	return shared("corpus", "attack_data", "datasets", "attack_techniques", "T1552.004",
		"certutil_exe_certificate_extraction", "certutil_exe_certificate_extraction.raw")
}

func procdumpSysmonEVTX() string {
	return shared("corpus", "attack_data", "datasets", "attack_techniques", "T1003.001", "atomic_red_team",
		"procdump_t1003.001_capattack", "Microsoft-Windows-Sysmon%4Operational.evtx")
}

// jsonLines decodes jsonl output.
func jsonLines(out string) []map[string]any {
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		Expect(json.Unmarshal([]byte(line), &m)).To(Succeed(), line)
		rows = append(rows, m)
	}
	return rows
}

var _ = Describe("dactest search", func() {
	It("says a compile warning is a warning, and runs the search", func() {
		// A tstats field the data model lacks is null in Splunk: the
		// search runs; the message must not read like an error.
		code, _, errOut := cli("search", "| tstats count from datamodel=Endpoint.Processes by Processes.nope", "--data", certutilRaw(),
			"--source", sysmonSource, "--sourcetype", "xmlwineventlog", "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(errOut).To(ContainSubstring("dactest search: warning: query: tstats field Processes.nope"))
	})

	It("counts the certutil capture's events by EventCode as a hand count does", func() {
		// The .raw holds 20 Sysmon EventID 1 and 20 Security 4688 records
		// (grep -c "<EventID>1</EventID>" and "<EventID>4688</EventID>");
		// labelled with the Sysmon source, both keep their EventID as
		// EventCode.
		code, out, errOut := cli("search", "| stats count by EventCode", "--data", certutilRaw(),
			"--source", sysmonSource, "--sourcetype", "xmlwineventlog", "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("EventCode,count\n1,20\n4688,20\n"))
	})

	It("prints an aligned table", func() {
		code, out, errOut := cli("search", "| stats count by EventCode", "--data", certutilRaw(),
			"--source", sysmonSource, "--format", "table")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("EventCode  count\n1          20\n4688       20\n2 row(s)\n"))
	})

	It("shows raw events in a table as time, metadata and _raw", func() {
		code, out, errOut := cli("search", "EventCode=4688 CommandLine=\"whoami.exe /priv\"",
			"--data", repoPath("datasets", "security", "whoami_discovery.xml"), "--format", "table")
		Expect(code).To(Equal(exitOK), errOut)
		lines := strings.Split(out, "\n")
		Expect(lines[0]).To(MatchRegexp(`^_time +host +source +sourcetype +_raw$`))
		Expect(lines[1]).To(MatchRegexp(`^2026-11-2\d \d\d:\d\d:\d\d\.\d{6}Z +wks-0217\.corp\.example +XmlWinEventLog:Security +XmlWinEventLog +<Event xmlns=.*…$`))
		Expect(lines[2]).To(Equal("1 row(s)"))
	})

	It("runs makeresults without --data, and says the search read no event", func() {
		code, out, errOut := cli("search", "| makeresults count=2 | eval x=len(\"abc\") | table x", "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("x\n3\n3\n"))
		Expect(errOut).To(ContainSubstring("no --data: the search runs over no event"))
		code, _, errOut = cli("search", "| stats count", "--format", "csv")
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(ContainSubstring("--data is required"))
	})

	It("runs inputlookup of a content tree's table without --data", func() {
		code, out, errOut := cli("search", "| inputlookup remote_access_software | where remote_utility=\"rpcnet.exe\" | table remote_appid",
			"--content", shared("corpus", "security_content"), "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("remote_appid\nabsolute-manage\n"))
	})

	It("shows the columns a table command chose, _raw among them", func() {
		code, out, errOut := cli("search", "EventCode=4688 CommandLine=\"whoami.exe /priv\" | table EventCode _raw",
			"--data", repoPath("datasets", "security", "whoami_discovery.xml"), "--format", "table")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(strings.Split(out, "\n")[0]).To(MatchRegexp(`^EventCode +_raw$`))
	})

	It("runs over the project's own datasets with add-on fields", func() {
		code, out, errOut := cli("search", "process_name=certutil.exe | stats count by dest EventCode | sort dest EventCode",
			"--data", repoPath("datasets", "sysmon", "certutil_urlcache.xml"), "--source", sysmonSource, "--format", "json")
		Expect(code).To(Equal(exitOK), errOut)
		var rows []map[string]string
		Expect(json.Unmarshal([]byte(out), &rows)).To(Succeed(), out)
		Expect(rows).To(Equal([]map[string]string{
			{"dest": "wks-0142.corp.example", "EventCode": "1", "count": "2"},
			{"dest": "wks-0142.corp.example", "EventCode": "11", "count": "1"},
			{"dest": "wks-0217.corp.example", "EventCode": "1", "count": "1"},
		}))
	})

	It("reads EVTX and labels events with their channel when no source is given", func() {
		code, out, errOut := cli("search", "| stats count by source EventCode | where EventCode=10 OR EventCode=1",
			"--data", procdumpSysmonEVTX(), "--format", "jsonl")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(errOut).To(ContainSubstring("429 events had no source; labelled XmlWinEventLog:<Channel>"))
		Expect(jsonLines(out)).To(Equal([]map[string]any{
			{"source": sysmonSource, "EventCode": "1", "count": "26"},
			{"source": sysmonSource, "EventCode": "10", "count": "245"},
		}))
	})

	It("reads an OTRF zip of NXLog JSON lines", func() {
		// counted by hand: unzip, json.loads each line, Counter of
		// (Channel, EventID): 6202 lines, Sysmon 10 x1929, 12 x1806, 13 x806
		zip := shared("corpus", "otrf", "datasets", "atomic", "windows", "collection", "host", "msf_record_mic.zip")
		code, out, errOut := cli("search", "| stats count by Channel EventID | sort - count | head 3", "--data", zip, "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("Channel,EventID,count\n" +
			"Microsoft-Windows-Sysmon/Operational,10,1929\n" +
			"Microsoft-Windows-Sysmon/Operational,12,1806\n" +
			"Microsoft-Windows-Sysmon/Operational,13,806\n"))
		code, out, _ = cli("search", "| stats count", "--data", zip, "--format", "csv")
		Expect(code).To(Equal(exitOK))
		Expect(out).To(Equal("count\n6202\n"))
	})

	It("expands the content tree's macros", func() {
		code, out, errOut := cli("search", "`sysmon` EventCode=1 | stats count by Computer",
			"--data", certutilRaw(), "--content", shared("corpus", "security_content"), "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		// without --source the Security events are labelled Security and
		// the sysmon macro (source=*Sysmon/Operational) leaves them out
		Expect(out).To(Equal("Computer,count\nwin-dc-791937.attackrange.local,20\n"))
	})

	It("picks source and sourcetype up from an attack_data descriptor", func() {
		desc := filepath.Join(GinkgoT().TempDir(), "certutil.yml")
		Expect(os.WriteFile(desc, []byte(`author: t
id: 0e2ba7ae-2a52-4d4c-9a58-8cd1b1b7cc4b
date: '2026-12-01'
description: d
environment: custom
datasets:
- name: sysmon
  path: `+certutilRaw()+`
  source: `+sysmonSource+`
  sourcetype: XmlWinEventLog
`), 0o644)).To(Succeed())
		code, out, errOut := cli("search", "| stats count by source sourcetype", "--data", desc, "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("source,sourcetype,count\n" + sysmonSource + ",XmlWinEventLog,40\n"))
	})

	It("reads an old-form descriptor whose URL has a typo, from the file beside it", func() {
		desc := filepath.Join(filepath.Dir(certutilRaw()), "certutil_exe_certificate_extraction_old.yml")
		code, out, errOut := cli("search", "| stats count", "--data", desc, "--source", sysmonSource, "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("count\n40\n"))
	})

	It("names the descriptor line of a missing data file, and exits 3", func() {
		desc := shared("corpus", "attack_data", "datasets", "attack_techniques", "T1027", "atomic_red_team", "atomic_red_team.yml")
		code, _, errOut := cli("search", "| stats count", "--data", desc, "--data", certutilRaw(), "--format", "csv")
		Expect(code).To(Equal(exitIncomplete))
		Expect(errOut).To(ContainSubstring("atomic_red_team.yml:14:9: data file /datasets/attack_techniques/T1027/atomic_red_team/windows-sysmon.log not found"))
	})

	It("puts a caret under the column of an SPL error", func() {
		code, out, errOut := cli("search", "EventCode=1 | stats count by Image | where count >", "--data", certutilRaw())
		Expect(code).To(Equal(exitUsage))
		Expect(out).To(BeEmpty())
		Expect(errOut).To(Equal("dactest search: query: unexpected end of expression in expression\n" +
			"  EventCode=1 | stats count by Image | where count >\n" +
			"                                                    ^\n"))
	})

	It("keeps the caret on the user's text when it puts search * in front", func() {
		code, _, errOut := cli("search", "| stats count by EventCode | cluster x", "--data", certutilRaw())
		Expect(code).To(Equal(exitIncomplete), "a Splunk command dactest does not run")
		Expect(errOut).To(Equal("dactest search: query: unsupported: command cluster\n" +
			"  | stats count by EventCode | cluster x\n" +
			"                               ^\n"))
	})

	It("rejects a command Splunk does not have, as Splunk does, with the nearest one", func() {
		code, _, errOut := cli("search", "| stats count by EventCode | evl x=1", "--data", certutilRaw())
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(Equal("dactest search: query: command evl: Splunk has no such search command; did you mean eval?\n" +
			"  | stats count by EventCode | evl x=1\n" +
			"                               ^\n"))
	})

	It("points into the macro definition when the error is there", func() {
		tree := GinkgoT().TempDir()
		Expect(os.MkdirAll(filepath.Join(tree, "macros"), 0o755)).To(Succeed())
		macro := filepath.Join(tree, "macros", "broken_macro.yml")
		Expect(os.WriteFile(macro, []byte("name: broken_macro\ndefinition: stats count by Image | where count >\ndescription: d\n"), 0o644)).To(Succeed())
		code, _, errOut := cli("search", "EventCode=1 | `broken_macro`", "--data", certutilRaw(), "--content", tree)
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(Equal("dactest search: macro `broken_macro` (" + macro + "): unexpected end of expression in expression\n" +
			"  stats count by Image | where count >\n" +
			"                                      ^\n"))
		code, _, errOut = cli("search", "EventCode=1 | `nope_macro`", "--data", certutilRaw(), "--content", tree)
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(Equal("dactest search: query: undefined macro `nope_macro`\n  EventCode=1 | `nope_macro`\n                ^\n"))
	})
})

func TestCaret(t *testing.T) {
	cases := []struct {
		text string
		off  int
		want string
	}{
		{"a | b", 4, "  a | b\n      ^\n"},
		{"first\nsecond line", 13, "  second line\n         ^\n"},
		{"\tx=é y", 6, "  \tx=é y\n  \t    ^\n"}, // tab kept, é is one column
		{"abc", 3, "  abc\n     ^\n"},            // end of text
		{"abc", -1, ""},
		{"abc", 9, ""},
	}
	for _, tc := range cases {
		if got := caret(tc.text, tc.off); got != tc.want {
			t.Errorf("caret(%q, %d) = %q, want %q", tc.text, tc.off, got, tc.want)
		}
	}
}
