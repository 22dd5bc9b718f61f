package ingest

import (
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// A real add-on's index-time props.conf settings land on the same model
// as the YAML ones and decide events and _time when its data is read;
// index-time settings the readers do not apply are named, and settings
// that change nothing a detection sees are skipped silently.
func TestLoadAddonConfIndexTime(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-idx")
	writeConf(t, ta, "default/props.conf", `[my:log]
SHOULD_LINEMERGE = false
LINE_BREAKER = ([\r\n]+)(?=\d{4}-)
TIME_PREFIX = ^
TIME_FORMAT = %Y-%m-%d %H:%M:%S,%3N
MAX_TIMESTAMP_LOOKAHEAD = 23
TZ = UTC
TRUNCATE = 0
CHARSET = UTF-8
category = Custom
pulldown_type = 1
TRANSFORMS-route = to_index
SEDCMD-mask = s/secret=\S+/secret=xxx/g
TIME_FORMAT_BAD = x
DATETIME_CONFIG = /etc/apps/x/datetime.xml
`)
	writeConf(t, ta, "local/props.conf", "[my:log]\nTZ = Europe/Paris\n")
	a, problems, err := LoadAddonConf([]string{ta}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	var named []string
	for _, p := range problems {
		named = append(named, p.Key+": "+p.Msg)
		if !strings.HasSuffix(p.File, "props.conf") || p.Line == 0 {
			t.Errorf("problem without file:line: %v", p)
		}
	}
	sort.Strings(named)
	want := []string{
		"DATETIME_CONFIG: DATETIME_CONFIG = /etc/apps/x/datetime.xml: only CURRENT, NONE and the default datetime.xml are modelled",
		"SEDCMD-mask: index-time setting not applied by the dataset readers",
		"TIME_FORMAT_BAD: search-time setting not supported",
		"TRANSFORMS-route: transforms.conf has no [to_index]",
	}
	if !reflect.DeepEqual(named, want) {
		t.Errorf("problems\n got %q\nwant %q", named, want)
	}
	got, ps := readWith(t, a, Meta{Sourcetype: "my:log"}, "app.log",
		"2024-01-02 10:00:00,125 ERROR x\n  at y\n2024-01-02 10:00:01,000 INFO z\n")
	wantEvents := [][2]string{
		{"2024-01-02 10:00:00,125 ERROR x\n  at y", "2024-01-02T09:00:00.125Z"}, // local/ TZ (Paris, UTC+1) wins
		{"2024-01-02 10:00:01,000 INFO z\n", "2024-01-02T09:00:01Z"},
	}
	if len(ps) > 0 || !reflect.DeepEqual(got, wantEvents) {
		t.Errorf("events %q (problems %v), want %q", got, ps, wantEvents)
	}
}
