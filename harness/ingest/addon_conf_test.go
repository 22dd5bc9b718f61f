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
REPORT-fmt = pid_format
LOOKUP-geo = geo_lookup ip OUTPUT country

[source::...my.log]
KV_MODE = xml
`)
	writeConf(t, ta, "default/transforms.conf", `[pid_named]
REGEX = pid=(?<pid>\d+)

[pid_format]
REGEX = pid=(\d+)
FORMAT = process_id::$1
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
		"vendor": "Example", "pid": "42", "eventtype": "my_auth", "tag": "authentication"} {
		if got := row.Get(field).String(); got != want {
			t.Errorf("%s = %q, want %q (row %v)", field, got, want, row)
		}
	}
	var got []string
	for _, p := range problems {
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(p.File), p.Line, p.Key))
	}
	want := []string{"eventtypes.conf:5 search", "props.conf:9 EVAL-broken", "props.conf:11 REPORT-fmt", "props.conf:12 LOOKUP-geo",
		"props.conf:15 KV_MODE", "tags.conf:6 "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("problems:\n got %v\nwant %v\n%v", got, want, problems)
	}
}

func TestLoadAddonConfUnusableDirectory(t *testing.T) {
	if _, _, err := LoadAddonConf([]string{filepath.Join(t.TempDir(), "missing")}, EngineCompilers()); err == nil {
		t.Error("a missing add-on directory loaded")
	}
	ta := t.TempDir()
	writeConf(t, ta, "props.conf", "[st]\nno equals sign here\n")
	if _, _, err := LoadAddonConf([]string{ta}, EngineCompilers()); err == nil || !strings.Contains(err.Error(), "props.conf:2") {
		t.Errorf("err = %v, want one naming props.conf:2", err)
	}
}
