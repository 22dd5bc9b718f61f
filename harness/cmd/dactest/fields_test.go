package main

import (
	"encoding/json"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/inspect"
)

var _ = Describe("dactest fields", func() {
	fieldsOf := func(args ...string) (int, map[string]inspect.Field) {
		code, out, errOut := cli(append([]string{"fields", "--format", "json"}, args...)...)
		Expect(code).To(Equal(exitOK), errOut)
		var doc struct {
			Events int
			Fields []inspect.Field
		}
		Expect(json.Unmarshal([]byte(out), &doc)).To(Succeed())
		byName := map[string]inspect.Field{}
		for _, f := range doc.Fields {
			byName[f.Name] = f
		}
		return doc.Events, byName
	}

	It("inventories the certutil capture: coverage, distinct values, samples and origin", func() {
		events, f := fieldsOf("--data", certutilRaw(), "--source", sysmonSource, "--sourcetype", "xmlwineventlog")
		Expect(events).To(Equal(40))
		Expect(f["EventCode"]).To(Equal(inspect.Field{Name: "EventCode", Events: 40, Coverage: 1, Distinct: 2,
			Samples: []inspect.Sample{{Value: "1", Count: 20}, {Value: "4688", Count: 20}},
			Origins: []string{inspect.OriginAddon},
			Rules:   []string{"windows.yml [source::XmlWinEventLog:...] FIELDALIAS-eventcode"}}))
		Expect(f["_raw"].Origins).To(Equal([]string{inspect.OriginIngest}))
		Expect(f["source"].Samples).To(Equal([]inspect.Sample{{Value: sysmonSource, Count: 40}}))
		// Image is in the 20 Sysmon events only, and so is the Sysmon
		// add-on's process_name: labelled with the Sysmon source, the
		// 4688s' NewProcessName is not aliased (the Windows add-on's
		// stanza keys on the Security source)
		Expect(f["Image"].Events).To(Equal(20))
		Expect(f["NewProcessName"].Events).To(Equal(20))
		Expect(f["process_name"].Events).To(Equal(20))
		Expect(f["process_name"].Origins).To(Equal([]string{inspect.OriginAddon}))
		// which add-on rule produced the field: file, stanza and attribute
		Expect(f["process_name"].Rules).To(Equal([]string{
			"sysmon.yml [source::XmlWinEventLog:Microsoft-Windows-Sysmon/Operational] EVAL-process_name"}))
		Expect(f["_raw"].Rules).To(BeEmpty())
	})

	It("inventories an EVTX and the project's own datasets", func() {
		events, f := fieldsOf("--data", procdumpSysmonEVTX())
		Expect(events).To(Equal(429))
		Expect(f["GrantedAccess"].Events).To(Equal(245))
		Expect(f["EventRecordID"].Distinct).To(Equal(429))

		events, f = fieldsOf("--data", repoPath("datasets", "security"))
		Expect(events).To(Equal(12))
		Expect(f["source"].Samples).To(Equal([]inspect.Sample{{Value: "XmlWinEventLog:Security", Count: 12}}))
		Expect(f["source"].Origins).To(Equal([]string{inspect.OriginIngest}))
		Expect(f["EventCode"].Samples[0]).To(Equal(inspect.Sample{Value: "4688", Count: 11}))
	})

	It("prints a table with one line per field", func() {
		code, out, errOut := cli("fields", "--data", certutilRaw(), "--source", sysmonSource, "--samples", "1")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(HavePrefix("40 events, "))
		Expect(out).To(MatchRegexp(`(?m)^EventCode +40 +100% +2 +add-on +1 \(20\) +windows\.yml \[source::XmlWinEventLog:\.\.\.\] FIELDALIAS-eventcode$`))
	})
})

var _ = DescribeTable("the fields table's coverage column never rounds a field away",
	func(share float64, want string) {
		Expect(coverageCell(share)).To(Equal(want))
	},
	Entry("14 of 3022 events (0.46%) is not 0%", 14.0/3022, "<1%"),
	Entry("3021 of 3022 events is not 100%", 3021.0/3022, ">99%"),
	Entry("every event", 1.0, "100%"),
	Entry("no event", 0.0, "0%"),
	Entry("half", 0.5, "50%"),
	Entry("0.6% is under 1%", 0.006, "<1%"),
	Entry("1.4% rounds", 0.014, "1%"),
)
