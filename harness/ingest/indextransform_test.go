package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/event"
)

// xformEvents reads lines as sourcetype st under one add-on whose
// transforms: section is given, each event shown as the fields asked for
// ("field=v1|v2", "field=" when absent).
func xformEvents(t *testing.T, props, transforms string, lines string, fields ...string) []string {
	t.Helper()
	a := loadTestAddons(t, map[string]string{"x.yml": "props:\n  st:\n    SHOULD_LINEMERGE: \"false\"\n" + props + "transforms:\n" + transforms})
	path := filepath.Join(t.TempDir(), "x.log")
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	var out []string
	err := ScanWith(path, Meta{Sourcetype: "st", Host: "h1", Source: "x.log"}, ReadOptions{Addons: a}, func(r event.Row, p *Problem) bool {
		if p != nil {
			t.Fatalf("problem: %v", p)
		}
		var parts []string
		for _, f := range fields {
			parts = append(parts, f+"="+strings.Join(r.Get(f), "|"))
		}
		out = append(out, strings.Join(parts, " "))
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// One row per transforms.conf.spec behaviour of index-time transforms.
func TestIndexTransforms(t *testing.T) {
	for _, c := range []struct {
		name, props, transforms, lines string
		fields                         []string
		want                           []string
	}{
		{"WRITE_META with the default FORMAT <stanza>::$1",
			"    TRANSFORMS-a: env\n", "  env:\n    REGEX: env=(\\w+)\n    WRITE_META: \"true\"\n",
			"env=prod x\nnothing\n", []string{"env"}, []string{"env=prod", "env="}},
		{"a quoted FORMAT value keeps its spaces",
			"    TRANSFORMS-a: u\n", "  u:\n    REGEX: user=\"([^\"]+)\"\n    FORMAT: 'user::\"$1\" role::admin'\n    WRITE_META: \"true\"\n",
			"user=\"john smith\"\n", []string{"user", "role"}, []string{"user=john smith role=admin"}},
		{"REPEAT_MATCH writes every match",
			"    TRANSFORMS-a: ip\n", "  ip:\n    REGEX: ip=(\\S+)\n    FORMAT: ip::$1\n    WRITE_META: \"true\"\n    REPEAT_MATCH: \"true\"\n",
			"ip=1.1.1.1 ip=2.2.2.2\n", []string{"ip"}, []string{"ip=1.1.1.1|2.2.2.2"}},
		{"without REPEAT_MATCH only the first match",
			"    TRANSFORMS-a: ip\n", "  ip:\n    REGEX: ip=(\\S+)\n    FORMAT: ip::$1\n    WRITE_META: \"true\"\n",
			"ip=1.1.1.1 ip=2.2.2.2\n", []string{"ip"}, []string{"ip=1.1.1.1"}},
		{"DEST_KEY MetaData:Host takes host::<value>",
			"    TRANSFORMS-a: h\n", "  h:\n    REGEX: from (\\S+)\n    FORMAT: host::$1\n    DEST_KEY: MetaData:Host\n",
			"from web01\nlocal\n", []string{"host"}, []string{"host=web01", "host=h1"}},
		{"DEST_KEY MetaData:Sourcetype with a group-less REGEX",
			"    TRANSFORMS-a: s\n", "  s:\n    REGEX: ^J\\s\n    FORMAT: sourcetype::st:j\n    DEST_KEY: MetaData:Sourcetype\n",
			"J one\nplain\n", []string{"sourcetype"}, []string{"sourcetype=st:j", "sourcetype=st"}},
		{"$0 is what DEST_KEY held",
			"    TRANSFORMS-a: s\n", "  s:\n    REGEX: (.)\n    FORMAT: $0-x\n    DEST_KEY: MetaData:Source\n",
			"a\n", []string{"source"}, []string{"source=x.log-x"}},
		{"queue = nullQueue drops the event, the rest are read",
			"    TRANSFORMS-a: drop\n", "  drop:\n    REGEX: DEBUG\n    FORMAT: nullQueue\n    DEST_KEY: queue\n",
			"INFO one\nDEBUG two\nINFO three\n", []string{"_raw"}, []string{"_raw=INFO one", "_raw=INFO three"}},
		{"DEST_KEY _raw rewrites the event text",
			"    TRANSFORMS-a: mask\n", "  mask:\n    REGEX: ^(.*pw=)\\S+(.*)$\n    FORMAT: $1xxx$2\n    DEST_KEY: _raw\n",
			"a pw=secret b\n", []string{"_raw"}, []string{"_raw=a pw=xxx b"}},
		{"DEFAULT_VALUE when the REGEX does not match",
			"    TRANSFORMS-a: d\n", "  d:\n    REGEX: zone=(\\w+)\n    FORMAT: $1\n    DEST_KEY: _MetaData:Index\n    DEFAULT_VALUE: other\n",
			"zone=dmz\nnone\n", []string{"index"}, []string{"index=dmz", "index=other"}},
		{"a group the REGEX lacks stays as written",
			"    TRANSFORMS-a: f\n", "  f:\n    REGEX: (a)\n    FORMAT: f::$1$7\n    WRITE_META: \"true\"\n",
			"a\n", []string{"f"}, []string{"f=a$7"}},
		{"INGEST_EVAL = adds a value each time (the spec's a=5, a=a+2)",
			"    TRANSFORMS-a: e\n", "  e:\n    INGEST_EVAL: a=5, a=a+2\n",
			"x\n", []string{"a"}, []string{"a=5|7"}},
		{"INGEST_EVAL := replaces and := null() removes",
			"    TRANSFORMS-a: e\n", "  e:\n    INGEST_EVAL: a=1, a:=2, b=3, b:=null()\n",
			"x\n", []string{"a", "b"}, []string{"a=2 b="}},
		{"INGEST_EVAL sets metadata and [int] truncates",
			"    TRANSFORMS-a: e\n", "  e:\n    INGEST_EVAL: host=upper(host), n[int]=7/2\n",
			"x\n", []string{"host", "n"}, []string{"host=H1 n=3"}},
		{"INGEST_EVAL queue=nullQueue drops",
			"    TRANSFORMS-a: e\n", "  e:\n    INGEST_EVAL: queue=if(match(_raw, \"^#\"), \"nullQueue\", \"indexQueue\")\n",
			"# comment\nkept\n", []string{"_raw"}, []string{"_raw=kept"}},
		{"a multivalue field reads as its first value unless $mv:",
			"    TRANSFORMS-a: ip, e\n", "  ip:\n    REGEX: ip=(\\S+)\n    FORMAT: ip::$1\n    WRITE_META: \"true\"\n    REPEAT_MATCH: \"true\"\n  e:\n    INGEST_EVAL: first=ip, all=mvcount($mv:ip$)\n",
			"ip=1 ip=2\n", []string{"first", "all"}, []string{"first=1 all=2"}},
		{"classes run in ASCII order, each class's transforms in the order written",
			"    TRANSFORMS-b: three\n    TRANSFORMS-a: one, two\n", "  one:\n    INGEST_EVAL: s=\"1\"\n  two:\n    INGEST_EVAL: s:=s.\"2\"\n  three:\n    INGEST_EVAL: s:=s.\"3\"\n",
			"x\n", []string{"s"}, []string{"s=123"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := xformEvents(t, c.props, c.transforms, c.lines, c.fields...)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// The stanzas chosen are those of the event's metadata as read: a
// transform that changes the sourcetype does not bring the new
// sourcetype's TRANSFORMS in (Splunk picks props once per event).
func TestIndexTransformsChosenOnce(t *testing.T) {
	got := xformEvents(t, "    TRANSFORMS-a: s\n  other:\n    TRANSFORMS-a: mark\n",
		"  s:\n    REGEX: .\n    FORMAT: sourcetype::other\n    DEST_KEY: MetaData:Sourcetype\n  mark:\n    INGEST_EVAL: marked=1\n",
		"x\n", "sourcetype", "marked")
	if want := []string{"sourcetype=other marked="}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// What is wrong with a transform is named at load time.
func TestIndexTransformErrors(t *testing.T) {
	for _, c := range []struct{ props, transforms, want string }{
		{"    TRANSFORMS-a: t\n", "  t:\n    REGEX: (a)\n    FORMAT: a::$1\n", "no INGEST_EVAL, DEST_KEY or WRITE_META"},
		{"    REPORT-a: t\n", "  t:\n    REGEX: (a)\n    FORMAT: a::$1\n    WRITE_META: \"true\"\n", "is an index-time transform"},
		{"    TRANSFORMS-a: t\n", "  t:\n    REGEX: (a)\n    FORMAT: x\n    DEST_KEY: MetaData:Nope\n", "unknown KEY \"MetaData:Nope\""},
		{"    TRANSFORMS-a: t\n", "  t:\n    REGEX: (a)\n    DEST_KEY: _raw\n", "FORMAT is required with DEST_KEY"},
		{"    TRANSFORMS-a: t\n", "  t:\n    REGEX: (a)\n    CLONE_SOURCETYPE: st2\n", "CLONE_SOURCETYPE: not modelled"},
		{"    TRANSFORMS-a: t\n", "  t:\n    INGEST_EVAL: a==1\n", "is not an assignment"},
		{"    TRANSFORMS-a: missing\n", "  t:\n    INGEST_EVAL: a=1\n", "no transform \"missing\""},
	} {
		fsys := map[string]string{"x.yml": "props:\n  st:\n" + c.props + "transforms:\n" + c.transforms}
		_, err := loadAddonsErr(fsys)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s%s: err %v, want %q", c.props, c.transforms, err, c.want)
		}
	}
}

func loadAddonsErr(files map[string]string) (*Addons, error) {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return LoadAddons(fsys, EngineCompilers())
}

// A real add-on's TRANSFORMS- settings and their transforms.conf stanzas
// map onto the same model; the one that cannot run is named and the
// others still run.
func TestLoadAddonConfIndexTransforms(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-x")
	writeConf(t, ta, "default/props.conf", `[st]
SHOULD_LINEMERGE = false
TRANSFORMS-meta = aid, clone, ingest_time
`)
	writeConf(t, ta, "default/transforms.conf", `[aid]
REGEX = "aid":\s*"(\w+)"
FORMAT = host_aid::"$1"
WRITE_META = true

[clone]
REGEX = .
CLONE_SOURCETYPE = st:copy

[ingest_time]
INGEST_EVAL = seen=1
`)
	a, problems, err := LoadAddonConf([]string{ta}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Msg, "CLONE_SOURCETYPE: not modelled") || problems[0].Key != "TRANSFORMS-meta" {
		t.Errorf("problems %v, want one naming CLONE_SOURCETYPE", problems)
	}
	path := filepath.Join(t.TempDir(), "x.json")
	if err := os.WriteFile(path, []byte(`{"aid": "abc123"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, _, err := ReadFileWith(path, Meta{Sourcetype: "st"}, ReadOptions{Addons: a})
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	if got := rows[0].Get("host_aid").First() + " " + rows[0].Get("seen").First(); got != "abc123 1" {
		t.Errorf("host_aid and seen: %q", got)
	}
}
