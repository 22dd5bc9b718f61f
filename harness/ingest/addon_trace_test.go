package ingest

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// ApplyTraced must produce exactly Apply's fields, and name a definition
// for every field the add-ons set.
func TestApplyTracedNamesTheRuleOfEachField(t *testing.T) {
	addons, err := DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := ReadFile(corpus(t, certutilRaw), Meta{Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "xmlwineventlog"})
	if err != nil {
		t.Fatal(err)
	}
	plain, traced := rows[0].Clone(), rows[0].Clone()
	addons.Apply(plain)
	rules := map[string]string{}
	addons.ApplyTraced(traced, func(field, rule string) { rules[field] = rule })
	if len(plain) != len(traced) {
		t.Fatalf("traced row has %d fields, plain %d", len(traced), len(plain))
	}
	for k, v := range plain {
		if traced.Get(k).String() != v.String() {
			t.Errorf("%s: traced %q, plain %q", k, traced.Get(k), v)
		}
	}
	want := map[string]string{
		"Image":        "REPORT-0xml_kv_extract",
		"process_name": "EVAL-process_name",
		"tag":          "eventtypes/tags",
	}
	for field, rule := range want {
		if !strings.Contains(rules[field], rule) {
			t.Errorf("%s: rule %q, want it to name %q", field, rules[field], rule)
		}
	}
	if !strings.Contains(rules["process_name"], ".yml [source::") {
		t.Errorf("process_name rule %q does not name its file and stanza", rules["process_name"])
	}
	if _, ok := rules[event.Raw]; ok {
		t.Error("_raw was reported as set by an add-on")
	}
}
