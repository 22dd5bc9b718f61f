package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// A real TA's EVAL calling lookup() on its own transforms.conf CSV lookup
// compiles and reads the table: lookup definitions are shared globally
// (Splunk search reference, eval lookup() function), and lookup() returns
// a JSON object of the output fields.
func TestLoadAddonConfEngineEvalLookup(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-acme")
	writeConf(t, ta, "default/props.conf", "[acme:app]\nEVAL-user_role = lookup(\"acme_roles\", json_object(\"user\", user), json_array(\"role\"))\n")
	writeConf(t, ta, "default/transforms.conf", "[acme_roles]\nfilename = acme_roles.csv\n")
	writeConf(t, ta, "lookups/acme_roles.csv", "user,role\nalice,admin\n")
	for _, load := range []struct {
		name string
		fn   func([]string) (*Addons, []ConfProblem, error)
	}{{"LoadAddonConfEngine", LoadAddonConfEngine}, {"DefaultAddonsWithConf", DefaultAddonsWithConf}} {
		a, problems, err := load.fn([]string{ta})
		if err != nil || len(problems) > 0 {
			t.Fatalf("%s: err %v, problems %v", load.name, err, problems)
		}
		row := event.Row{event.Raw: event.Single("x"), event.Sourcetype: event.Single("acme:app"), "user": event.Single("alice")}
		a.Apply(row)
		if got := row.Get("user_role").String(); got != `{"role":"admin"}` {
			t.Errorf("%s: user_role = %q", load.name, got)
		}
	}
}

// Two add-ons (or an add-on and a built-in file) setting the same key of
// the same stanza: Splunk keeps one by app precedence; the model keeps the
// first and names the other as not applied, instead of refusing to load.
func TestLoadAddonConfSameSettingTwice(t *testing.T) {
	dir := t.TempDir()
	a1, a2 := filepath.Join(dir, "TA-one"), filepath.Join(dir, "TA-two")
	writeConf(t, a1, "default/props.conf", "[my:st]\nEVAL-vendor = \"One\"\n")
	writeConf(t, a2, "default/props.conf", "[my:st]\nEVAL-vendor = \"Two\"\nEVAL-product = \"P\"\n")
	writeConf(t, a2, "default/eventtypes.conf", "[wineventlog_security]\nsearch = sourcetype=my:st\n")
	a, problems, err := LoadAddonConf([]string{a1, a2}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	row := event.Row{event.Raw: event.Single("x"), event.Sourcetype: event.Single("my:st")}
	a.Apply(row)
	if row.Get("vendor").String() != "One" || row.Get("product").String() != "P" {
		t.Errorf("row %v", row)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "props.conf:2: [my:st] EVAL-vendor: already set by TA-one") {
		t.Errorf("problems %v", problems)
	}
	// Beside the built-in files: windows.yml defines the eventtype.
	_, problems, err = DefaultAddonsWithConf([]string{a2})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "[wineventlog_security] search: eventtype already defined by windows.yml") {
		t.Errorf("problems %v", problems)
	}
}

// KV_MODE = json is what the JSON reader does; it is applied (as no
// key=value extraction on top), not reported as missing.
func TestLoadAddonConfKVModeJSON(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-j")
	writeConf(t, ta, "default/props.conf", "[j:st]\nKV_MODE = json\n")
	a, problems, err := DefaultAddonsWithConf([]string{ta})
	if err != nil || len(problems) > 0 {
		t.Fatalf("err %v, problems %v", err, problems)
	}
	// Not JSON: Splunk's KV_MODE = json extracts nothing, and the
	// [default] stanza's KV_MODE = auto is replaced.
	row := event.Row{event.Raw: event.Single("a=1 b=2"), event.Sourcetype: event.Single("j:st")}
	a.Apply(row)
	if !row.Get("a").Null() {
		t.Errorf("key=value extracted under KV_MODE = json: %v", row)
	}
}

// A LOOKUP whose table is a KV store collection, a script or a missing
// CSV says which, not just "no lookup table".
func TestLoadAddonConfLookupKinds(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-l")
	writeConf(t, ta, "default/props.conf", "[l:st]\nLOOKUP-kv = kv_users user OUTPUT dept\nLOOKUP-py = risk_script user OUTPUT risk\nLOOKUP-csv = gone_csv user OUTPUT x\n")
	writeConf(t, ta, "default/transforms.conf", "[kv_users]\nexternal_type = kvstore\ncollection = users\nfields_list = user, dept\n\n"+
		"[risk_script]\nexternal_cmd = risk.py user risk\nfields_list = user, risk\n\n[gone_csv]\nfilename = gone.csv\n")
	_, problems, err := LoadAddonConfEngine([]string{ta})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Msg)
	}
	want := []string{
		"kv_users is a KV store lookup (collection users): a replay has no KV store data",
		"risk_script is a scripted lookup (external_cmd = risk.py user risk): dactest runs no lookup scripts",
		"gone_csv: its file gone.csv is not in the add-on's lookups/ folder",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Stanzas the model has no kind for are named, not dropped silently: an
// add-on's [default] (it would change every sourcetype), source type
// recognition rules, (?::){0} sourcetype patterns. A [default] holding
// only inert settings says nothing.
func TestLoadAddonConfUnmodelledStanzas(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-s")
	writeConf(t, ta, "default/props.conf", "[default]\nEVAL-everywhere = \"x\"\n\n[rule::r]\nsourcetype = s\n\n[(?::){0}s:*]\nEVAL-w = \"w\"\n")
	writeConf(t, ta, "local/props.conf", "[default]\nSEGMENTATION = inner\n")
	_, problems, err := LoadAddonConfEngine([]string{ta})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, fmt.Sprintf("%s:%d [%s] %s", filepath.Base(p.File), p.Line, p.Stanza, p.Key))
	}
	want := "props.conf:2 [default] EVAL-everywhere|props.conf:5 [rule::r] sourcetype|props.conf:8 [(?::){0}s:*] EVAL-w"
	if strings.Join(got, "|") != want {
		t.Errorf("got %v, want %s\n%v", got, want, problems)
	}
	ta2 := filepath.Join(t.TempDir(), "TA-inert")
	writeConf(t, ta2, "default/props.conf", "[default]\nSEGMENTATION = inner\n")
	if _, problems, _ := LoadAddonConfEngine([]string{ta2}); len(problems) != 0 {
		t.Errorf("inert [default]: %v", problems)
	}
}

// A directory without any add-on .conf file (most often the apps folder
// above the add-on) is an error naming the add-ons below it, not an
// add-on that silently changes nothing.
func TestLoadAddonConfNoConfFiles(t *testing.T) {
	apps := t.TempDir()
	writeConf(t, filepath.Join(apps, "TA-one"), "default/props.conf", "[x]\nEVAL-a = 1\n")
	writeConf(t, filepath.Join(apps, "TA-two"), "default/tags.conf", "[eventtype=x]\ny = enabled\n")
	_, _, err := LoadAddonConfEngine([]string{apps})
	want := apps + ": none of props.conf, transforms.conf, eventtypes.conf, tags.conf in " + apps +
		"; add-ons below it: " + filepath.Join(apps, "TA-one") + ", " + filepath.Join(apps, "TA-two") + " (pass each as --addon)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}

// Settings as a real add-on writes them: TA-microsoft-365-defender-
// advanced-hunting-add-on's [defender:advancedhunting:malware] (props.conf
// at 0437a7a) has "DATETIME_CONFIG =" (empty: the default datetime.xml)
// and "KV_MODE = JSON"; both load without a problem.
func TestLoadAddonConfDefenderMalwareStanza(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-d")
	writeConf(t, ta, "default/props.conf", "[defender:advancedhunting:malware]\nDATETIME_CONFIG =\nKV_MODE = JSON\n"+
		"LINE_BREAKER = ([\\r\\n]+)\nNO_BINARY_CHECK = true\nSHOULD_LINEMERGE = false\nTIME_PREFIX = \"time\":\nTRUNCATE = 0\n"+
		"category = Structured\ndescription = Defender Advanced Hunting Malware Summary\ndisabled = false\npulldown_type = true\n"+
		"EVAL-recipient = spath(_raw,\"recipient{}\")\n")
	a, problems, err := DefaultAddonsWithConf([]string{ta})
	if err != nil || len(problems) > 0 {
		t.Fatalf("err %v, problems %v", err, problems)
	}
	row := event.Row{event.Raw: event.Single(`{"time":1700000000,"recipient":["a@x","b@x"]}`), event.Sourcetype: event.Single("defender:advancedhunting:malware")}
	a.Apply(row)
	if got := row.Get("recipient").String(); got != "a@x\nb@x" {
		t.Errorf("recipient = %q", got)
	}
}
