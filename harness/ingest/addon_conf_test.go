package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

func writeConf(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A Splunk add-on as shipped: default/ and local/ .conf files. What the
// model has is applied; everything else is a problem naming file:line.
func TestLoadAddonConf(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-example")
	writeConf(t, ta, "default/props.conf", `# an add-on
[my:st]
LINE_BREAKER = ([\r\n]+)
KV_MODE = auto
EXTRACT-user = user=(?<user_name>\w+)
FIELDALIAS-src = src AS src_ip
EVAL-action = if(res="ok", "success", \
  "failure")
EVAL-broken = if(
REPORT-pid = pid_named
REPORT-fmt = pid_format, route_st, missing_t
LOOKUP-geo = geo_lookup ip OUTPUT country

[source::...my.log]
KV_MODE = xml
`)
	writeConf(t, ta, "default/transforms.conf", `[pid_named]
REGEX = pid=(?<pid>\d+)

[pid_format]
REGEX = pid=(\d+)
FORMAT = process_id::$1

[route_st]
REGEX = .
DEST_KEY = MetaData:Sourcetype
FORMAT = sourcetype::other
`)
	writeConf(t, ta, "local/props.conf", "[my:st]\nEVAL-vendor = \"Example\"\n")
	writeConf(t, ta, "default/eventtypes.conf", "[my_auth]\nsearch = sourcetype=my:st action=success\n\n[bad_et]\nsearch = a=\"x\n")
	writeConf(t, ta, "default/tags.conf", "[eventtype=my_auth]\nauthentication = enabled\ndefault = disabled\n\n[action=success]\nsuccess = enabled\n")

	a, problems, err := LoadAddonConf([]string{ta}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	row := event.Row{event.Raw: event.Single(`user=bob src=10.0.0.1 res=ok pid=42`), event.Sourcetype: event.Single("my:st")}
	a.Apply(row)
	for field, want := range map[string]string{"user": "bob", "user_name": "bob", "src_ip": "10.0.0.1", "action": "success",
		"vendor": "Example", "pid": "42", "process_id": "42", "eventtype": "my_auth", "tag": "authentication"} {
		if got := row.Get(field).String(); got != want {
			t.Errorf("%s = %q, want %q (row %v)", field, got, want, row)
		}
	}
	var got []string
	for _, p := range problems {
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(p.File), p.Line, p.Key))
	}
	want := []string{"eventtypes.conf:5 search", "props.conf:9 EVAL-broken", "props.conf:11 REPORT-fmt", "props.conf:11 REPORT-fmt", "props.conf:12 LOOKUP-geo",
		"props.conf:15 KV_MODE", "tags.conf:6 "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("problems:\n got %v\nwant %v\n%v", got, want, problems)
	}
}

func TestLoadAddonConfUnusableDirectory(t *testing.T) {
	if _, _, err := LoadAddonConf([]string{filepath.Join(t.TempDir(), "missing")}, EngineCompilers()); err == nil {
		t.Error("a missing add-on directory loaded")
	}
	// A malformed line costs only itself: one problem naming it, the rest
	// of the file (and a UTF-8 byte order mark before the first stanza,
	// as editors on Windows write) still read.
	ta := t.TempDir()
	writeConf(t, ta, "props.conf", "\ufeff[st]\nno equals sign here\nEVAL-ok = \"yes\"\n")
	a, problems, err := LoadAddonConf([]string{ta}, EngineCompilers())
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0].Error(), "props.conf:2: [st] : neither [stanza] nor key = value") {
		t.Fatalf("err = %v, problems = %v, want one naming props.conf:2", err, problems)
	}
	row := event.Row{event.Raw: {"x"}, event.Sourcetype: {"st"}}
	a.Apply(row)
	if row.Get("ok").String() != "yes" {
		t.Errorf("the rest of the file was not applied: %v", row)
	}
}

// LOOKUP-: an automatic lookup runs after the calculated fields; OUTPUT
// overwrites, OUTPUTNEW fills only absent fields; no match leaves the
// event alone. Tables come inline in YAML or from the add-on's lookups/.
func TestAutomaticLookups(t *testing.T) {
	yml := `props:
  st:
    EVAL-signature_id: code
    LOOKUP-sig: sigs id AS signature_id OUTPUT description AS signature
    LOOKUP-sev: sigs id AS signature_id OUTPUTNEW severity
lookups:
  sigs:
    csv: |
      id,description,severity
      4688,A new process has been created,low
      4625,An account failed to log on,medium
`
	a := loadTestAddons(t, map[string]string{"f.yml": yml})
	for _, tc := range []struct{ code, severity, wantSig, wantSev string }{
		{"4688", "", "A new process has been created", "low"},
		{"4625", "high", "An account failed to log on", "high"},
		{"1", "", "", ""},
	} {
		row := event.Row{event.Sourcetype: {"st"}, "code": {tc.code}}
		if tc.severity != "" {
			row["severity"] = event.Single(tc.severity)
		}
		a.Apply(row)
		if row.Get("signature").String() != tc.wantSig || row.Get("severity").String() != tc.wantSev {
			t.Errorf("code %s: signature %q severity %q", tc.code, row.Get("signature"), row.Get("severity"))
		}
	}

	ta := filepath.Join(t.TempDir(), "TA")
	writeConf(t, ta, "default/props.conf", "[st]\nLOOKUP-sig = sig_lookup id AS code OUTPUT description\n")
	writeConf(t, ta, "default/transforms.conf", "[sig_lookup]\nfilename = sigs.csv\ncase_sensitive_match = false\n")
	writeConf(t, ta, "lookups/sigs.csv", "id,description\nabc,from the add-on's lookups folder\n")
	b, problems, err := LoadAddonConf([]string{ta}, EngineCompilers())
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	row := event.Row{event.Sourcetype: {"st"}, "code": {"ABC"}}
	b.Apply(row)
	if row.Get("description").String() != "from the add-on's lookups folder" {
		t.Errorf("case-insensitive lookup from lookups/: row %v", row)
	}
}

func TestBadLookupsAreErrors(t *testing.T) {
	for name, body := range map[string]string{
		"no table":  "props:\n  st:\n    LOOKUP-x: nope a OUTPUT b\n",
		"no column": "props:\n  st:\n    LOOKUP-x: t a OUTPUT zz\nlookups:\n  t:\n    csv: \"a,b\\n1,2\\n\"\n",
		"bad csv":   "lookups:\n  t:\n    csv: \"a,\\\"b\\n\"\n",
	} {
		if _, err := LoadAddons(testFS{"f.yml": body}, EngineCompilers()); err == nil || !strings.Contains(err.Error(), "f.yml") {
			t.Errorf("%s: err = %v, want an error naming f.yml", name, err)
		}
	}
}

// A real add-on's lookup stanza: max_matches, min_matches and
// default_match are applied (the Palo Alto add-on's
// pan_vendor_action_lookup), and so is match_type = CIDR(...) (see
// lookup_match_test.go); comma-separated OUTPUT fields are read as the
// lookup command reads them.
func TestLoadAddonConfLookupSettings(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA")
	writeConf(t, ta, "default/props.conf", "[pan:traffic]\nLOOKUP-vendor_action = act vendor_action OUTPUT action,note\nLOOKUP-class = cls cidr AS src_ip OUTPUT classification\n")
	writeConf(t, ta, "default/transforms.conf", "[act]\nfilename = act.csv\nmax_matches = 1\nmin_matches = 1\ndefault_match = unknown\n\n[cls]\nfilename = cls.csv\nmatch_type = CIDR(cidr)\n")
	writeConf(t, ta, "lookups/act.csv", "vendor_action,action,note\nallow,allowed,n1\nallow,second,n2\n")
	writeConf(t, ta, "lookups/cls.csv", "cidr,classification\n10.0.0.0/8,internal\n")
	a, problems, err := LoadAddonConf([]string{ta}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Errorf("problems = %v, want none", problems)
	}
	cls := event.Row{event.Sourcetype: {"pan:traffic"}, "src_ip": {"10.20.30.40"}}
	a.Apply(cls)
	if got := cls.Get("classification").String(); got != "internal" {
		t.Errorf("CIDR lookup: classification = %q, want internal", got)
	}
	for in, want := range map[string]string{"allow": "allowed n1", "deny-x": "unknown unknown"} {
		row := event.Row{event.Sourcetype: {"pan:traffic"}, "vendor_action": {in}}
		a.Apply(row)
		if got := row.Get("action").String() + " " + row.Get("note").String(); got != want {
			t.Errorf("%s: action note = %q, want %q", in, got, want)
		}
	}
}
