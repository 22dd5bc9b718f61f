package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("dactest datasources check", func() {
	const sysmon1 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>1</EventID><TimeCreated SystemTime='2024-01-02T03:04:05.1234567Z'/><Computer>host1</Computer></System><EventData><Data Name='Image'>C:\Windows\System32\cmd.exe</Data><Data Name='CommandLine'>cmd /c whoami</Data></EventData></Event>`
	write := func(dir, name, text string) {
		Expect(os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)).To(Succeed())
		Expect(os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)).To(Succeed())
	}
	dataSource := func(name, example string, fields ...string) string {
		doc, _ := json.Marshal(map[string]any{"name": name, "source": "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
			"sourcetype": "xmlwineventlog", "fields": fields, "example_log": example})
		return string(doc) // JSON is YAML
	}
	type result struct {
		Name, Error, Note  string
		Detections, Listed int
		Produced           int
		Missing            []string
	}

	It("counts the listed fields the example gets, leaves Splunk-internal ones out, and ranks by tested detections", func() {
		dir := GinkgoT().TempDir()
		write(dir, "data_sources/a.yml", dataSource("Sysmon One", sysmon1,
			"Image", "CommandLine", "process_name", "dest", "punct", "date_hour", "_cd", "tag::eventtype", "NotThere"))
		write(dir, "data_sources/b.yml", dataSource("Cut Short", sysmon1[:len(sysmon1)-len("</Data></EventData></Event>")], "Image", "CommandLine"))
		write(dir, "data_sources/broken.yml", "name: [unclosed\n")
		write(dir, "detections/endpoint/d.yml", "name: d\ndata_source:\n- Cut Short\ntests:\n- name: t\n")
		write(dir, "detections/endpoint/untested.yml", "name: u\ndata_source:\n- Sysmon One\n")
		code, out, errOut := cli("datasources", "check", "--content", dir, "--format", "json")
		Expect(code).To(Equal(exitIncomplete), "the broken file makes the run incomplete")
		Expect(errOut).To(ContainSubstring("broken.yml"))
		Expect(errOut).To(ContainSubstring("problems reading the tree: exit 3"), "stderr says why the status is 3")
		var doc struct {
			DataSources []result `json:"data_sources"`
		}
		Expect(json.Unmarshal([]byte(out), &doc)).To(Succeed())
		Expect(doc.DataSources).To(HaveLen(2))
		cut, one := doc.DataSources[0], doc.DataSources[1]
		Expect(cut.Name).To(Equal("Cut Short"), "one tested detection ranks it first")
		Expect(cut.Detections).To(Equal(1))
		Expect(cut.Note).To(ContainSubstring("truncated"))
		Expect([]int{cut.Listed, cut.Produced}).To(Equal([]int{2, 2}), out)
		Expect(one.Detections).To(BeZero(), "a detection without tests does not count")
		Expect([]int{one.Listed, one.Produced}).To(Equal([]int{5, 4}), "punct, date_hour, _cd, tag::eventtype are not judged")
		Expect(one.Missing).To(Equal([]string{"NotThere"}))
	})

	It("refuses a tree without data sources", func() {
		code, _, errOut := cli("datasources", "check", "--content", GinkgoT().TempDir())
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(ContainSubstring("no data source"))
	})
})

var _ = Describe("dactest datasources check --addon", func() {
	It("takes the fields from a real add-on's .conf files and names what it does not apply", func() {
		dir, ta := GinkgoT().TempDir(), GinkgoT().TempDir()
		for name, text := range map[string]string{
			filepath.Join(dir, "data_sources/kv.yml"): `{"name": "KV", "source": "s", "sourcetype": "my:kv", "fields": ["user", "action", "missing_one"], "example_log": "user=bob res=ok"}`,
			filepath.Join(ta, "default/props.conf"):   "[my:kv]\nKV_MODE = auto\nEVAL-action = if(res=\"ok\", \"success\", \"failure\")\nREPORT-x = nowhere\n",
		} {
			Expect(os.MkdirAll(filepath.Dir(name), 0o755)).To(Succeed())
			Expect(os.WriteFile(name, []byte(text), 0o644)).To(Succeed())
		}
		code, out, errOut := cli("datasources", "check", "--content", dir, "--addon", ta)
		Expect(code).To(Equal(exitOK), errOut)
		Expect(errOut).To(MatchRegexp(`props.conf:4: \[my:kv\] REPORT-x: transforms.conf has no \[nowhere\]`))
		Expect(out).To(MatchRegexp(`KV\s+2/3\s+67%\s+-\s+missing_one`))
	})
})

var _ = Describe("dactest datasources check on cut or mislabelled Windows examples", func() {
	const security4663 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4663</EventID><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-01-02T03:04:05.1234567Z'/><EventRecordID>7</EventRecordID><Channel>Security</Channel><Computer>dc1</Computer><Security/></System><EventData><Data Name='SubjectUserName'>bob</Data><Data Name='ObjectName'>C:\x.txt</Data><Data Name='AccessMask'>0x1</Data><Data Name='ProcessName'>C:\Windows\notepad.exe</Data></EventData></Event>`
	var dir, events string
	write := func(root, name, text string) {
		Expect(os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755)).To(Succeed())
		Expect(os.WriteFile(filepath.Join(root, name), []byte(text), 0o644)).To(Succeed())
	}
	dataSource := func(name, source, example string, fields ...string) string {
		doc, _ := json.Marshal(map[string]any{"name": name, "source": source, "sourcetype": "xmlwineventlog", "fields": fields, "example_log": example})
		return string(doc)
	}
	type result struct {
		Name, Error, Note string
		Listed, Produced  int
		Missing           []string
	}
	check := func() map[string]result {
		code, out, errOut := cli("datasources", "check", "--content", dir, "--events", events, "--format", "json", "--all")
		Expect(code).To(BeNumerically("<=", exitIncomplete), errOut)
		var doc struct {
			DataSources []result `json:"data_sources"`
		}
		Expect(json.Unmarshal([]byte(out), &doc)).To(Succeed())
		byName := map[string]result{}
		for _, r := range doc.DataSources {
			byName[r.Name] = r
		}
		return byName
	}
	BeforeEach(func() {
		dir, events = GinkgoT().TempDir(), GinkgoT().TempDir()
		write(events, "capture/security.log", security4663+"\n")
	})

	It("completes a truncated example with a real event of its channel and EventID, and names it", func() {
		cut := security4663[:strings.Index(security4663, `C:\x.txt`)+3]
		write(dir, "data_sources/cut.yml", dataSource("Security 4663", "XmlWinEventLog:Security", cut, "SubjectUserName", "AccessMask", "ProcessName"))
		r := check()["Security 4663"]
		Expect(r.Note).To(ContainSubstring("truncated after"))
		Expect(r.Note).To(MatchRegexp(`real Security 4663 event .*security\.log \(record 1\)`))
		Expect(r.Produced).To(Equal(3), "AccessMask and ProcessName lived in the cut part: %v", r.Missing)
	})

	It("takes the real event with the most fields when several match", func() {
		sparse := strings.Replace(security4663, `<Data Name='AccessMask'>0x1</Data>`, "", 1)
		write(events, "capture/security.log", sparse+"\n"+security4663+"\n")
		cut := security4663[:strings.Index(security4663, `C:\x.txt`)+3]
		write(dir, "data_sources/cut.yml", dataSource("Security 4663", "XmlWinEventLog:Security", cut, "AccessMask"))
		r := check()["Security 4663"]
		Expect(r.Note).To(MatchRegexp(`security\.log \(record 2\)`))
		Expect(r.Missing).To(BeEmpty())
	})

	It("says when no real event completes a truncated example, and counts only what the text gave", func() {
		cut := security4663[:strings.Index(security4663, `C:\x.txt`)+3]
		cut = strings.Replace(cut, "<EventID>4663<", "<EventID>4664<", 1)
		write(dir, "data_sources/cut.yml", dataSource("Security 4664", "XmlWinEventLog:Security", cut, "SubjectUserName", "AccessMask"))
		r := check()["Security 4664"]
		Expect(r.Note).To(ContainSubstring("no real Security 4664 event in " + events))
		Expect(r.Missing).To(Equal([]string{"AccessMask"}))
	})

	It("checks an example that is only a WinEventLog date line with a real event named by source and data source name", func() {
		write(dir, "data_sources/lone.yml", dataSource("Windows Event Log Security 4663", "XmlWinEventLog:Security", "04/26/2022 11:12:09 AM", "SubjectUserName", "Message"))
		r := check()["Windows Event Log Security 4663"]
		Expect(r.Error).To(BeEmpty())
		Expect(r.Note).To(MatchRegexp(`only a WinEventLog date line .*checked instead with the real Security 4663 event`))
		Expect(r.Missing).To(Equal([]string{"Message"}), "a classic-only field cannot come from the XML event")
	})

	It("reads XML given the classic sourcetype under the XmlWinEventLog label a forwarder gives it", func() {
		doc, _ := json.Marshal(map[string]any{"name": "Mislabelled", "source": "WinEventLog:Security", "sourcetype": "wineventlog",
			"fields": []string{"SubjectUserName", "EventCode"}, "example_log": security4663})
		write(dir, "data_sources/x.yml", string(doc))
		r := check()["Mislabelled"]
		Expect(r.Note).To(ContainSubstring("checked as source XmlWinEventLog:Security, sourcetype XmlWinEventLog"))
		Expect(r.Produced).To(Equal(2))
	})

	It("reads XML under a classic source as given when the sourcetype is xmlwineventlog, as Splunk does", func() {
		defender := strings.NewReplacer("Security-Auditing", "Windows Defender", "<Channel>Security<", "<Channel>Microsoft-Windows-Windows Defender/Operational<").Replace(security4663)
		write(dir, "data_sources/x.yml", dataSource("Defender style", "WinEventLog:Microsoft-Windows-Windows Defender/Operational", defender, "SubjectUserName", "EventCode"))
		r := check()["Defender style"]
		Expect(r.Note).To(BeEmpty())
		Expect(r.Produced).To(Equal(2))
	})
})
