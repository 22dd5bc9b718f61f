package main

import (
	"encoding/json"
	"os"
	"path/filepath"

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

var _ = DescribeTable("Splunk-internal fields are not judged",
	func(field string, internal bool) { Expect(splunkInternal(field)).To(Equal(internal)) },
	Entry(nil, "punct", true), Entry(nil, "date_zone", true), Entry(nil, "tag::eventtype", true),
	Entry(nil, "eventtype", true), Entry(nil, "_indextime", true), Entry(nil, "timeendpos", true),
	Entry(nil, "_time", false), Entry(nil, "_raw", false), Entry(nil, "tag", false), Entry(nil, "host", false),
	Entry(nil, "dest", false),
)

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
