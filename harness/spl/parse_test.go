package spl

import (
	"strings"
	"testing"
)

func TestParseSearchExpr(t *testing.T) {
	tests := []struct{ in, want string }{
		// Splunk search: OR binds tighter than AND (Search Manual,
		// "Boolean expressions": search evaluates OR before AND).
		{`a b OR c`, `a AND (b OR c)`},
		{`a OR b c`, `(a OR b) AND c`},
		{`a AND b OR c AND d`, `a AND (b OR c) AND d`},
		{`(a b) OR c`, `(a AND b) OR c`},
		{`NOT a b`, `NOT a AND b`},
		{`NOT (a OR b)`, `NOT (a OR b)`},
		// operators must be capitalized; lower-case words are terms.
		{`a or b`, `a AND or AND b`},
		{`a and not b`, `a AND and AND not AND b`},
		{`x=1`, `x=1`},
		{`x = 1`, `x=1`},
		{`count > 5`, `count>5`},
		{`count>=5 n<=3 m<2`, `count>=5 AND n<=3 AND m<2`},
		{`user!=root`, `user!=root`},
		{`Processes.process_name=certutil.exe`, `Processes.process_name=certutil.exe`},
		{`a.b{}.c=x`, `a.b{}.c=x`},
		{`host::web01`, `host::web01`},
		{`sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational`, `sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational`},
		{`url=http://x.com/a?b=c`, `url="http://x.com/a?b=c"`},
		// \\ is one literal backslash, quoted or not (Search Manual, "Backslashes").
		{`ImageLoaded="\\\\*"`, `ImageLoaded="\\\\*"`},
		{`p=*\\windows\\*`, `p=*\\windows\\*`},
		{`p="C:\Windows\*"`, `p="C:\\Windows\\*"`},
		{`"a \"quoted\" phrase"`, `"a \"quoted\" phrase"`},
		{`*`, `*`},
		{`x IN (a, "b c", *x*)`, `x IN (a, "b c", *x*)`},
		{`x IN(a,b)`, `x IN (a, b)`},
		// IN must be upper-case in search; lower-case "in" is a term.
		{`x in (a,b)`, `x AND in AND "a,b"`},
		{`NOT x IN (a)`, `NOT x IN (a)`},
		{`TERM(10.0.0.1) CASE(Admin)`, `TERM(10.0.0.1) AND CASE(Admin)`},
		{`index=main earliest=-24h`, `index=main AND earliest=-24h`},
		{`x=""`, `x=""`},
		{`cmd=*foo(1)*`, `cmd="*foo(1)*"`},
		{`(x=1 OR y=2)`, `x=1 OR y=2`},
		{`a [| inputlookup t | fields x]`, `a AND [| inputlookup t | fields x]`},
	}
	for _, tt := range tests {
		x, err := ParseSearchExpr(tt.in)
		if err != nil {
			t.Errorf("ParseSearchExpr(%q): %v", tt.in, err)
			continue
		}
		if got := SearchString(x); got != tt.want {
			t.Errorf("ParseSearchExpr(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestSearchValues(t *testing.T) {
	x, err := ParseSearchExpr(`ImageLoaded="\\\\*" p=*\\a`)
	if err != nil {
		t.Fatal(err)
	}
	and := x.(*SearchAnd)
	if c := and.Terms[0].(*SearchCompare); c.Value != `\\*` || !c.Quoted {
		t.Errorf("got %q quoted=%v, want \\\\* quoted", c.Value, c.Quoted)
	}
	if c := and.Terms[1].(*SearchCompare); c.Value != `*\a` || c.Quoted {
		t.Errorf("got %q, want *\\a", c.Value)
	}
}

func TestParseEvalExpr(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a OR b AND c`, `('a' OR ('b' AND 'c'))`},
		{`a AND b OR c`, `(('a' AND 'b') OR 'c')`},
		{`a XOR b`, `('a' XOR 'b')`},
		{`NOT a AND b`, `((NOT 'a') AND 'b')`},
		{`NOT a=1`, `(NOT ('a' = 1))`},
		{`x > 30 and y >= z`, `(('x' > 30) AND ('y' >= 'z'))`},
		{`1 + 2 * 3`, `(1 + (2 * 3))`},
		{`(1 + 2) * 3`, `((1 + 2) * 3)`},
		{`a . "x" . b`, `(('a' . "x") . 'b')`},
		{`-x * 2`, `((-'x') * 2)`},
		{`-1.5`, `-1.5`},
		{`10 % 3 - 1`, `((10 % 3) - 1)`},
		{`'Processes.process' = "a b"`, `('Processes.process' = "a b")`},
		// An unspaced dot joins a field name; a spaced one concatenates.
		{`Processes.process_name == "x"`, `('Processes.process_name' == "x")`},
		{`v.w`, `'v.w'`},
		{`v . w`, `('v' . 'w')`},
		{`v."-".w`, `(('v' . "-") . 'w')`},
		{`x IN ("a", "b")`, `('x' IN ("a", "b"))`},
		{`x NOT IN ("a")`, `('x' NOT IN ("a"))`},
		{`a = b IN (1)`, `('a' = ('b' IN (1)))`},
		{`x LIKE "a%"`, `('x' LIKE "a%")`},
		{`x like "%\\Scripts\\%"`, `('x' LIKE "%\\Scripts\\%")`},
		{`x NOT LIKE "a%"`, `(NOT ('x' LIKE "a%"))`},
		{`like(x, "a%")`, `like('x', "a%")`},
		{`IF(isnull(x), true(), null())`, `if(isnull('x'), true(), null())`},
		{`case(a=1, "one", 1=1, "other")`, `case(('a' = 1), "one", (1 = 1), "other")`},
		{`in(x, "a", "b")`, `in('x', "a", "b")`},
		{`now() - 3600`, `(now() - 3600)`},
		{`a != b`, `('a' != 'b')`},
		{`x < 1e3`, `('x' < 1e3)`},
		{`mvindex(split(x, "\\"), -1)`, `mvindex(split('x', "\\"), -1)`},
	}
	for _, tt := range tests {
		x, err := ParseEvalExpr(tt.in)
		if err != nil {
			t.Errorf("ParseEvalExpr(%q): %v", tt.in, err)
			continue
		}
		if got := ExprString(x); got != tt.want {
			t.Errorf("ParseEvalExpr(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{`index=x a | stats count`, `| search index=x AND a | stats count`},
		{`search a`, `| search a`},
		{`| SEARCH a | Where x=1`, `| search a | where ('x' = 1)`},
		{`a | eval x=1, 'y z'=lower(w)`, `| search a | eval x=1, "y z"=lower('w')`},
		{`a | stats count min(_time) as firstTime max(_time) AS lastTime values(x) as y dc(z) by a, b c`,
			`| search a | stats count, min(_time) AS firstTime, max(_time) AS lastTime, values(x) AS y, dc(z) by a, b, c`},
		{`a | stats allnum=t perc95(x) count(eval(x="y")) as n sparkline(count, 1h)`,
			`| search a | stats allnum=t perc95(x), count(eval(('x' = "y"))) AS n, sparkline(count, 1h)`},
		{`a | eventstats avg(x) as m by h | streamstats window=5 current=f count`,
			`| search a | eventstats avg(x) AS m by h | streamstats window=5 current=f count`},
		{"| tstats summariesonly=true allow_old_summaries=true fillnull_value=null count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=certutil.exe (Processes.process=*urlcache* OR Processes.process=*verifyctl*) by Processes.dest Processes.user _time span=1h",
			`| tstats summariesonly=true allow_old_summaries=true fillnull_value=null count, min(_time) AS firstTime from datamodel=Endpoint.Processes where Processes.process_name=certutil.exe AND (Processes.process=*urlcache* OR Processes.process=*verifyctl*) by Processes.dest, Processes.user, _time span=1h`},
		{`| tstats count from datamodel = Network_Resolution by DNS.query`,
			`| tstats count from datamodel=Network_Resolution by DNS.query`},
		{`| tstats count from datamodel Endpoint.Registry where nodename=Endpoint.Registry Registry.x=1 by Registry.dest`,
			`| tstats count from datamodel=Endpoint.Registry where nodename=Endpoint.Registry AND Registry.x=1 by Registry.dest`},
		{`| tstats prestats=t count WHERE index=_internal BY host`, `| tstats prestats=t count where index=_internal by host`},
		{`a | rename a as b, c* AS d*, "x y" as z`, `| search a | rename a AS b, c* AS d*, "x y" AS z`},
		{`a | rename Processes.* as *`, `| search a | rename Processes.* AS *`},
		{`a | fillnull`, `| search a | fillnull value="0"`},
		{`a | fillnull value="N/A" x y`, `| search a | fillnull value="N/A" x y`},
		{`a | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) AS f mktime(x)`,
			`| search a | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) AS f mktime(x)`},
		{`a | table a b, c | fields - x* | fields + y | dedup 2 a b keepempty=true`,
			`| search a | table a b c | fields - x* | fields y | dedup 2 a b keepempty=true`},
		{`a | lookup t f as g OUTPUT h | rex field=x "(?<a>b|c)"`, `| search a | lookup t f as g OUTPUT h | rex field=x "(?<a>b|c)"`},
		{`a | join type=left x [| tstats count from datamodel=Endpoint.Processes by x]`,
			`| search a | join type=left x [| tstats count from datamodel=Endpoint.Processes by x]`},
		{"a ```a comment | with pipe``` | stats count", `| search a | stats count`},
		{`a "x|y" | stats count`, `| search a AND "x|y" | stats count`},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos Pos
		msg string
	}{
		{`a (b`, 2, "unclosed '('"},
		{`a OR`, 2, "OR without a right operand"},
		{`OR a`, 0, "OR without a left operand"},
		{`AND a`, 0, "AND without a left operand"},
		{`a AND`, 2, "AND without a right operand"},
		{`(a AND) b`, 3, "AND without a right operand"},
		{`| tstats count where a AND by x`, 23, "AND without a right operand"},
		{`NOT`, 0, "NOT without an operand"},
		{`x="abc`, 2, "unterminated"},
		{`a | where x=`, 12, "unexpected end"},
		{`a | | stats count`, 3, "empty command"},
		{`a | stats`, 4, "at least one aggregation"},
		{`a | eval x=1 y=2`, 13, "separated by commas"},
		{`a | rename x y`, 13, "expected AS"},
		{`a [| stats`, 2, "unclosed '['"},
		{``, 0, "empty search"},
		{`a | eval x=(1`, 13, `expected ")"`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		list, ok := err.(ErrorList)
		if !ok || len(list) == 0 {
			t.Errorf("Parse(%q): err = %v, want ErrorList", tt.in, err)
			continue
		}
		if e := list[0]; e.Pos != tt.pos || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Parse(%q): got %d %q, want %d %q", tt.in, e.Pos, e.Msg, tt.pos, tt.msg)
		}
	}
}

// TestPositions checks that nodes carry the byte offset where they start.
func TestPositions(t *testing.T) {
	src := `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest | eval x=lower(y) | stats values(z) AS w`
	q, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	ts := q.Commands[0].(*TstatsCommand)
	ev := q.Commands[1].(*EvalCommand)
	st := q.Commands[2].(*StatsCommand)
	tests := []struct {
		name string
		got  Pos
		want string // the text that must start at got
	}{
		{"tstats", ts.At, "tstats count"},
		{"agg", ts.Aggs[0].At, "count from"},
		{"where", ts.Where.Position(), "Processes.process_name=cmd.exe"},
		{"by", ts.By[0].At, "Processes.dest"},
		{"eval", ev.At, "eval x"},
		{"assign", ev.Assignments[0].At, "x=lower"},
		{"call", ev.Assignments[0].Expr.Position(), "lower(y)"},
		{"arg", ev.Assignments[0].Expr.(*Call).Args[0].Position(), "y)"},
		{"stats agg", st.Aggs[0].At, "values(z)"},
		{"stats arg", st.Aggs[0].Arg.Position(), "z) AS"},
	}
	for _, tt := range tests {
		if !strings.HasPrefix(src[tt.got:], tt.want) {
			t.Errorf("%s at %d: %q does not start with %q", tt.name, tt.got, src[tt.got:], tt.want)
		}
	}
	if ts.Datamodel != "Endpoint" || ts.Node != "Processes" {
		t.Errorf("datamodel %q node %q", ts.Datamodel, ts.Node)
	}
}

// TestSubsearches checks that [ ... ] is parsed recursively in search
// expressions and in commands the parser keeps as GenericCommand, and that
// foreach's [ ... ] is a pipeline of commands rather than a search.
func TestSubsearches(t *testing.T) {
	q, err := Parse(`a | join type=left h [| tstats count from datamodel=X by h] | foreach *_count [ eval <<FIELD>>='<<FIELD>>' + 1 ] | search [| inputlookup t | fields u]`)
	if err != nil {
		t.Fatal(err)
	}
	join := q.Commands[1].(*GenericCommand)
	if len(join.Subsearches) != 1 || join.Subsearches[0].Commands[0].CommandName() != "tstats" {
		t.Errorf("join subsearch = %v", join.Subsearches)
	}
	fe := q.Commands[2].(*GenericCommand)
	if ev, ok := fe.Subsearches[0].Commands[0].(*EvalCommand); !ok || ev.Assignments[0].Field != "<<FIELD>>" {
		t.Errorf("foreach pipeline = %v", fe.Subsearches[0])
	}
	ss := q.Commands[3].(*SearchCommand).Expr.(*SearchSubsearch)
	if got := ss.Query.String(); got != "| inputlookup t | fields u" {
		t.Errorf("subsearch = %s", got)
	}
}

func TestWalk(t *testing.T) {
	q, err := Parse(`a x=1 | eval y=lower(z) | stats count(eval(w>1)) | join k [search v=2 | where u="a"]`)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	WalkQuery(q, func(n Node) bool {
		switch n := n.(type) {
		case *FieldRef:
			seen = append(seen, "ref:"+n.Name)
		case *SearchCompare:
			seen = append(seen, "cmp:"+n.Field)
		case *SearchTerm:
			seen = append(seen, "term:"+n.Text)
		}
		return true
	})
	want := "term:a cmp:x ref:z ref:w cmp:v ref:u"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("walk saw %q, want %q", got, want)
	}
}

func TestGenericArgsAt(t *testing.T) {
	src := "a |  lookup   t f OUTPUT g"
	q, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	g := q.Commands[1].(*GenericCommand)
	if g.Args != "t f OUTPUT g" || src[g.ArgsAt:] != g.Args {
		t.Errorf("Args %q at %d", g.Args, g.ArgsAt)
	}
}
