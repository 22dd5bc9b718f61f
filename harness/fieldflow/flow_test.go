package fieldflow

import (
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

func final(t *testing.T, search string) Stage {
	t.Helper()
	q, err := spl.Parse(search)
	if err != nil {
		t.Fatalf("parse %q: %v", search, err)
	}
	return Final(Analyze(q))
}

// Each row: after the search, has lists fields that must be outputs and
// lacks fields that must not. Semantics from the Splunk Search Reference
// page of each command (stats "Usage": only aggregations and by-fields are
// output; rename "Usage" wildcards; table/fields keep only what is listed;
// lookup OUTPUT; rex named groups; iplocation's City/Country/Region/lat/lon).
func TestOutputs(t *testing.T) {
	cases := []struct {
		search     string
		has, lacks []string
	}{
		{"index=x", []string{"anything", "dest"}, nil},
		{"index=x | stats count by dest", []string{"count", "dest"}, []string{"user", "process"}},
		{"index=x | stats count min(_time) as firstTime values(p) by dest", []string{"firstTime", "values(p)"}, []string{"p", "_time"}},
		{"index=x | stats dc(user) AS users, perc95(bytes)", []string{"users", "perc95(bytes)"}, []string{"user"}},
		{"index=x | stats Count, DC(user)", []string{"Count", "DC(user)"}, []string{"count", "dc(user)"}},
		{"index=x | stats values(*) as * by dest", []string{"user", "dest"}, nil},
		{"index=x | stats count by dest | eventstats avg(count) as avg", []string{"avg", "count"}, []string{"user"}},
		{"| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.user | rename Processes.* AS *",
			[]string{"dest", "user", "count"}, []string{"Processes.dest", "process"}},
		{"| tstats prestats=t count from datamodel=Endpoint.Processes by Processes.dest", []string{"x"}, nil},
		{"index=x | stats count by a | rename a AS b", []string{"b"}, []string{"a"}},
		{"index=x | rename a AS b", []string{"b", "c"}, []string{"a"}},
		{"index=x | table dest user", []string{"dest", "user"}, []string{"process"}},
		{"index=x | table dest, proc*", []string{"dest", "process"}, []string{"user"}},
		{"index=x | fields - user", []string{"dest"}, []string{"user"}},
		{"index=x | stats count by a, b | fields - b", []string{"a"}, []string{"b"}},
		{"index=x | stats count by a | eval b=1, c=a", []string{"a", "b", "c"}, []string{"d"}},
		{"index=x | stats count by a | fillnull value=0 b", []string{"b"}, []string{"d"}},
		{"index=x | stats count by a | convert ctime(a) AS t", []string{"a", "t"}, []string{"d"}},
		{"index=x | stats count by a | lookup l a OUTPUT b AS c, d", []string{"c", "d"}, []string{"b"}},
		{"index=x | stats count by a | lookup l a", []string{"anything"}, nil},
		{`index=x | stats count by a | rex field=a "(?<user>\w+)@(?P<domain>.+)"`, []string{"user", "domain"}, []string{"b"}},
		{"index=x | stats count by ip | iplocation prefix=src_ ip", []string{"src_City", "src_Country", "src_lat"}, []string{"City"}},
		{"index=x | stats count by a | strcat a \"-\" a b", []string{"b"}, []string{"c"}},
		{"index=x | stats count by a | top limit=5 a by b", []string{"a", "b", "count", "percent"}, []string{"c"}},
		{"index=x | stats count by a | join a [search index=y | stats count by a, u]", []string{"u"}, []string{"v"}},
		{"index=x | stats count by a | unknowncmd", []string{"anything"}, nil},
		{"index=x | stats count by a | sort - count | head 5 | where count>1 | search a=1", []string{"a"}, []string{"b"}},
		{"| inputlookup t.csv", []string{"anything"}, nil},
		{"| makeresults", []string{"_time"}, []string{"a"}},
	}
	for _, c := range cases {
		st := final(t, c.search)
		for _, f := range c.has {
			if !st.Out.Has(f) {
				t.Errorf("%q: %s should be an output (got %v open=%v)", c.search, f, st.Out.List(), st.Out.Open)
			}
		}
		for _, f := range c.lacks {
			if st.Out.Has(f) {
				t.Errorf("%q: %s should not be an output (got %v open=%v)", c.search, f, st.Out.List(), st.Out.Open)
			}
		}
	}
}

// Closer names the stage that fixed the field set, so messages can point
// at it; an open tail has none.
func TestCloser(t *testing.T) {
	st := Analyze(mustParse(t, "index=x | stats count by a | eval b=1 | table a b | sort a"))
	if got := Final(st).Closer; got != 3 {
		t.Fatalf("closer = %d, want 3 (table)", got)
	}
	if got := Final(Analyze(mustParse(t, "index=x | eval a=1"))).Closer; got != -1 {
		t.Fatalf("closer = %d, want -1", got)
	}
}

func mustParse(t *testing.T, s string) *spl.Query {
	t.Helper()
	q, err := spl.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestWildcard(t *testing.T) {
	cases := []struct {
		pattern, name string
		ok            bool
		caps          []string
	}{
		{"Processes.*", "Processes.dest", true, []string{"dest"}},
		{"*", "", true, []string{""}},
		{"a*b*c", "axxbyyc", true, []string{"xx", "yy"}},
		{"a*", "ba", false, nil},
		{"a?", "a?", true, nil},
	}
	for _, c := range cases {
		caps, ok := wildcard(c.pattern, c.name)
		if ok != c.ok || len(caps) != len(c.caps) {
			t.Errorf("wildcard(%q,%q) = %v %v", c.pattern, c.name, caps, ok)
			continue
		}
		for i := range caps {
			if caps[i] != c.caps[i] {
				t.Errorf("wildcard(%q,%q) = %v", c.pattern, c.name, caps)
			}
		}
	}
}

func TestAnalyzeFrom(t *testing.T) {
	base := Closed("dest", "user", "EventID")
	st := AnalyzeFrom(mustParse(t, "EventID=7 | eval x=1 | stats count by dest, x"), base)
	if in := st[1].Out; !in.Has("x") || !in.Has("user") || in.Has("process") {
		t.Fatalf("eval stage: %v", in.List())
	}
	if st[1].Closer != 0 {
		t.Fatalf("closer %d", st[1].Closer)
	}
	// A generating command is not a base search: open as before.
	if !Final(AnalyzeFrom(mustParse(t, "| inputlookup t.csv"), base)).Out.Has("anything") {
		t.Fatal("inputlookup should be open")
	}
}
