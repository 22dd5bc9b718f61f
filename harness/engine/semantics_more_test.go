package engine

import (
	"strings"
	"testing"
)

// Rows for the value model and the commands the first suites left thin.
// Expectations follow Splunk's Search Reference; the source is named on
// rows whose answer is not obvious from the SPL.

// mixed has numeric-looking strings, dotted and spaced field names, an
// empty value and multivalues.
const mixed = `
_time=10; Processes.process=cmd.exe /c whoami; Processes.user=alice; v=9; w=10; x=0010; e=; mv=b|a|c|a; k=K1
_time=20; Processes.process=net.exe user; Processes.user=bob; v=100; w=9; x=10; mv=z; k=k1
`

func TestValueModelSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		// Command names are case-insensitive; field names are not
		// (Search Manual, "Field names are case sensitive").
		{"command names any case", procs, `* | STATS count BY host`, "host;count\nh1;2\nh2;2\nh3;1"},
		{"eval and table upper case", procs, `* | EVAL z=1 | TABLE z | HEAD 1`, "z\n1"},
		// A text value against a number compares as text ("abc" > "9").
		{"where mixed case", procs, `* | Where n>9 | Table n`, "n\nabc\n10"},
		{"field name case-sensitive in eval", procs, `* | eval z=if(isnull(HOST), "t", "f") | table z | head 1`, "z\nt"},
		// Dotted names need single quotes in eval (eval reference: "field
		// names that contain ... periods ... must be in single quotes").
		{"dotted field in eval", mixed, `* | eval p=upper('Processes.user') | table p`, "p\nBOB\nALICE"},
		{"dotted field in search", mixed, `Processes.user=bob | table Processes.process`, "Processes.process\nnet.exe user"},
		{"dotted field in stats by", mixed, `* | stats count by Processes.user`, "Processes.user;count\nalice;1\nbob;1"},
		{"rename to spaced name", mixed, `* | rename Processes.user AS "Search Name" | table "Search Name"`, "Search Name\nbob\nalice"},
		{"stats AS quoted name", mixed, `* | stats count AS "Event Count"`, "Event Count\n2"},
		{"single-quoted spaced field in where", mixed, `* | rename Processes.user AS "the user" | where 'the user'="bob" | table v`, "v\n100"},
		// Numeric-looking strings compare as numbers in eval/where and
		// search (where reference: numbers compare numerically).
		{"where field numbers numeric", mixed, `* | where v < w | table v`, "v\n9"},
		{"where leading zeros numeric equal", mixed, `* | where x=10 | table x`, "x\n10\n0010"},
		{"search leading zeros numeric compare", mixed, `x>=10 | table x`, "x\n10\n0010"},
		{"search equality is textual", mixed, `x=10 | table x`, "x\n10"},
		{"eval plus numbers adds", mixed, `* | eval s=v+w | table s`, "s\n109\n19"},
		{"eval dot concatenates", mixed, `* | eval s=v."-".w | table s`, "s\n100-9\n9-10"},
		// Unquoted a.b is one field name, not a concatenation: ESCU
		// writes eval x=Processes.process.
		{"unspaced dot is a field name", mixed, `* | eval s=Processes.user | table s`, "s\nbob\nalice"},
		{"sort numeric field numerically", mixed, `* | sort v | table v`, "v\n9\n100"},
		{"sort str() lexicographic", mixed, `* | sort str(v) | table v`, "v\n100\n9"},
		{"max numeric not lexicographic", mixed, `* | stats max(v) AS m`, "m\n100"},
		{"values lexicographic even for numbers", mixed, `* | stats values(v) AS vs`, "vs\n100|9"},
		// null versus empty string: "" is a value (isnull reference).
		{"empty value is not null", mixed, `* | where isnotnull(e) | table v`, "v\n9"},
		{"empty string has length 0", mixed, `* | where isnotnull(e) | eval l=len(e) | table l`, "l\n0"},
		{"eval empty string kept", procs, `* | eval z="" | where isnotnull(z) | stats count`, "count\n5"},
		{"null() removes the field", procs, `* | eval host=null() | stats count(host) AS c`, "c\n0"},
		{"coalesce skips null not empty", mixed, `* | eval c=coalesce(e, "dflt") | table c k`, "c;k\ndflt;k1\n;K1"},
		{"fillnull leaves empty alone", mixed, `* | fillnull value=X e | table e k`, "e;k\nX;k1\n;K1"},
		{"count(field) counts empty values", mixed, `* | stats count(e) AS c`, "c\n1"},
		{"isnull on missing", mixed, `* | where isnull(nosuch) | stats count`, "count\n2"},
		{"null plus number is null", procs, `* | eval z=nosuch+1 | where isnull(z) | stats count`, "count\n5"},
		{"if on null condition takes else", procs, `* | eval z=if(nosuch=1, "y", "n") | stats values(z) AS z`, "z\nn"},
		{"case with no match is null", procs, `* | eval z=case(n=99, "x") | stats count(z) AS c`, "c\n0"},
		{"case true() default", procs, `* | eval z=case(n=99, "x", true(), "other") | stats values(z) AS z`, "z\nother"},
		// Multivalue fields everywhere.
		{"search value case-insensitive", mixed, `k=K1 | stats count`, "count\n2"},
		{"search matches any value", mixed, `mv=a | table k`, "k\nK1"},
		{"where matches any value", mixed, `* | where mv="c" | table k`, "k\nK1"},
		{"mvcount", mixed, `* | eval c=mvcount(mv) | table c`, "c\n1\n4"},
		{"mvindex negative", mixed, `* | eval c=mvindex(mv, -1) | table c`, "c\nz\na"},
		{"mvindex range inclusive", mixed, `_time=10 | eval c=mvindex(mv, 1, 2) | table c`, "c\na|c"},
		{"mvdedup keeps first order", mixed, `_time=10 | eval c=mvdedup(mv) | table c`, "c\nb|a|c"},
		{"mvsort lexicographic", mixed, `_time=10 | eval c=mvsort(mv) | table c`, "c\na|a|b|c"},
		{"mvjoin", mixed, `_time=10 | eval c=mvjoin(mv, "+") | table c`, "c\nb+a+c+a"},
		{"mvfind first index", mixed, `_time=10 | eval c=mvfind(mv, "^c$") | table c`, "c\n2"},
		{"mvfilter", mixed, `_time=10 | eval c=mvfilter(mv!="a") | table c`, "c\nb|c"},
		{"mvappend skips null", mixed, `_time=10 | eval c=mvappend("x", nosuch, "y") | table c`, "c\nx|y"},
		{"mvzip pairs", procs, `host=h3 | eval c=mvzip(user, user, "=") | table c`, "c\nbob=bob|carol=carol"},
		// makemv: "if delim="," and field="a,,b", by default does not
		// produce any value for the empty string" (makemv reference).
		{"makemv drops empty items", `s=a,,b`, `* | makemv delim="," s | eval n=mvcount(s) | table n`, "n\n2"},
		{"mvexpand then count", mixed, `_time=10 | mvexpand mv | stats count`, "count\n4"},
		{"stats values dedups multivalue", mixed, `* | stats values(mv) AS v`, "v\na|b|c|z"},
		{"stats dc over multivalue", mixed, `* | stats dc(mv) AS d`, "d\n4"},
		{"stats by multivalue splits", procs, `host=h3 | stats count by user`, "user;count\nbob;1\ncarol;1"},
		{"makemv delim", `s=a,b,c`, `* | makemv delim="," s | eval n=mvcount(s) | table n`, "n\n3"},
		// tonumber/tostring (eval reference, conversion functions).
		{"tonumber hex base", procs, `host=h3 | eval z=tonumber("1F", 16) | table z`, "z\n31"},
		{"tonumber of text is null", procs, `host=h3 | eval z=tonumber("abc") | where isnull(z) | stats count`, "count\n1"},
		{"tostring hex", procs, `host=h3 | eval z=tostring(255, "hex") | table z`, "z\n0xFF"},
		{"tostring commas", procs, `host=h3 | eval z=tostring(1234567, "commas") | table z`, "z\n1,234,567"},
		{"isnum on numeric string field", mixed, `* | where isnum(x) | stats count`, "count\n2"},
		{"regex command lookbehind", mixed, `* | regex Processes.process="(?<!net)\.exe" | table k`, "k\nK1"},
		{"regex command negated", mixed, `* | regex Processes.process!="^net" | table k`, "k\nK1"},
	})
}

// nums: five numeric values, one text value, one event without v.
const nums = `
_time=1; v=1; t=a; g=x
_time=2; v=2; t=b; g=x
_time=3; v=3; t=a; g=y
_time=4; v=4; t=c; g=y
_time=5; v=5; t=a; g=y
_time=6; v=text; g=z
_time=7; g=z
`

// Stats functions (Search Reference, "Statistical and charting
// functions"). Percentile rows use ranks where nearest-rank and
// interpolation agree.
func TestStatsFunctionSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"perc25", nums, `* | stats perc25(v) AS p`, "p\n2"},
		{"p75 alias", nums, `* | stats p75(v) AS p`, "p\n4"},
		{"exactperc50", nums, `* | stats exactperc50(v) AS p`, "p\n3"},
		{"perc100 is max", nums, `* | stats perc100(v) AS p`, "p\n5"},
		{"perc default name", nums, `* | stats perc50(v)`, "perc50(v)\n3"},
		{"median odd count", nums, `* | stats median(v) AS m`, "m\n3"},
		{"mode", nums, `* | stats mode(t) AS m`, "m\na"},
		{"range", nums, `* | stats range(v) AS r`, "r\n4"},
		{"range by group", nums, `* | stats range(v) AS r by g`, "g;r\nx;1\ny;2\nz;∅"},
		{"sum ignores text", nums, `* | stats sum(v) AS s`, "s\n15"},
		{"avg ignores text", nums, `* | stats avg(v) AS a`, "a\n3"},
		{"varp", nums, `* | stats varp(v) AS x`, "x\n2"},
		{"var sample", nums, `* | stats var(v) AS x`, "x\n2.5"},
		{"sumsq", nums, `g=x | stats sumsq(v) AS x`, "x\n5"},
		{"count counts events", nums, `* | stats count`, "count\n7"},
		{"count(field) skips missing", nums, `* | stats count(v) AS c`, "c\n6"},
		{"dc", nums, `* | stats dc(t) AS d`, "d\n3"},
		{"distinct_count alias", nums, `* | stats distinct_count(t) AS d`, "d\n3"},
		{"min over mixed is numeric", nums, `* | stats min(v) AS m`, "m\n1"},
		{"max over text only", nums, `g=z | stats max(v) AS m`, "m\ntext"},
		{"first is newest event", nums, `* | stats first(v) AS f`, "f\ntext"},
		{"last is oldest event", nums, `* | stats last(v) AS l`, "l\n1"},
		{"earliest by _time", nums, `* | stats earliest(t) AS e`, "e\na"},
		{"latest by _time", nums, `* | stats latest(t) AS l`, "l\na"},
		{"earliest_time", nums, `* | stats earliest_time(t) AS e`, "e\n1"},
		{"latest_time", nums, `* | stats latest_time(t) AS l`, "l\n5"},
		{"list keeps order and duplicates", nums, `* | stats list(t) AS l`, "l\na|c|a|b|a"},
		{"values sorted distinct", nums, `* | stats values(t) AS v`, "v\na|b|c"},
		{"count(eval()) counts true", nums, `g!=z | stats count(eval(v>2)) AS c`, "c\n3"},
		// "text">2 compares as text, so it is true too.
		{"count(eval()) text compare", nums, `* | stats count(eval(v>2)) AS c`, "c\n4"},
		{"sum(eval())", nums, `* | stats sum(eval(v*2)) AS s`, "s\n30"},
		{"dc(eval())", nums, `* | stats dc(eval(upper(t))) AS d`, "d\n3"},
		{"values(eval()) by", nums, `* | stats values(eval(t."!")) AS v by g`, "g;v\nx;a!|b!\ny;a!|c!\nz;∅"},
		{"eval() needs AS", nums, `* | stats count(eval(v>2))`, "error: needs AS"},
		{"sparkline stub", nums, `* | stats sparkline count by g`, "g;sparkline;count\nx;##__SPARKLINE__##|2;2\ny;##__SPARKLINE__##|3;3\nz;##__SPARKLINE__##|2;2"},
		{"sum over no numbers is null", nums, `g=z | stats sum(nosuch) AS s | table s`, "s\n∅"},
		{"stats renames with AS then sort", nums, `* | stats count AS c by g | sort - c`, "g;c\ny;3\nx;2\nz;2"},
		{"eventstats adds group totals", nums, `g=x | eventstats sum(v) AS total | table v total`, "v;total\n2;3\n1;3"},
		{"eventstats by keeps all rows", nums, `* | eventstats count AS n by g | stats max(n) AS m`, "m\n3"},
	})
}

// streamstats (Search Reference, "streamstats"): running aggregates in
// pipeline order (newest event first for raw events).
func TestStreamstatsSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"running count", procs, `* | streamstats count | table host count`, "host;count\nh3;1\nh2;2\nh2;3\nh1;4\nh1;5"},
		{"running count by", procs, `* | streamstats count by host | table host count`, "host;count\nh3;1\nh2;1\nh2;2\nh1;1\nh1;2"},
		{"running sum ignores text", procs, `* | streamstats sum(n) AS s | table s`, "s\n2\n2\n9\n19\n24"},
		{"current=f excludes the row", procs, `* | streamstats current=f sum(n) AS s | where _time<1040 | table s`, "s\n2\n2\n9\n19"},
		{"window=2", procs, `* | streamstats window=2 sum(n) AS s | table s`, "s\n2\n2\n7\n17\n15"},
		{"window per group", procs, `* | streamstats window=1 global=f max(n) AS m by host | table m`, "m\n2\nabc\n7\n10\n5"},
		{"streamstats values", procs, `* | streamstats dc(proc) AS d | table d`, "d\n1\n2\n2\n3\n3"},
		{"after sort ascending", procs, `* | sort _time | streamstats count AS i | table _time i`, "_time;i\n1000;1\n1010;2\n1020;3\n1030;4\n1040;5"},
		{"missing by-field passes through", nums, `* | streamstats count AS c by t | table c`, "c\n∅\n∅\n1\n1\n2\n1\n3"},
		{"streamstats unknown option", procs, `* | streamstats reset_on_change=t count`, "error: streamstats option reset_on_change"},
	})
}

// lookupSettings builds lookups with the transforms.conf settings ESCU's
// lookups/*.yml carry (Admin Manual, transforms.conf: match_type,
// case_sensitive_match, min_matches, max_matches, default_match).
func lookupSettings(t *testing.T) *Env {
	env := testEnv(t)
	read := func(csv string) *Lookup {
		l, err := ReadLookupCSV(strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	nocase := read("process,note\ncmd.exe,shell\n")
	nocase.CaseSensitive = false
	dflt := read("process,note\ncmd.exe,shell\n")
	dflt.MinMatches, dflt.DefaultMatch = 1, "unknown"
	multi := read("process,note\ncmd.exe,first\ncmd.exe,second\n")
	// default_match fills up to min_matches, keeping the matches found
	// (Knowledge Manager Manual 9.4, lookup field matching rules: "one or
	// more times until the min_matches threshold is reached").
	fill := read("process,note\ncmd.exe,shell\n")
	fill.MinMatches, fill.DefaultMatch = 3, "unknown"
	one := read("process,note\ncmd.exe,first\ncmd.exe,second\n")
	one.MaxMatches = 1
	wildCase := read("domain,isutility\n*.anydesk.com,true\n")
	wildCase.SetMatchType("WILDCARD(domain)")
	env.Lookups = map[string]*Lookup{"nocase": nocase, "dflt": dflt, "multi": multi, "fill": fill, "one": one, "wildcase": wildCase, "allow": testLookups(t)["allow"], "remote": testLookups(t)["remote"]}
	env.NoTable = map[string]string{"kv_seen": `KV-store collection "kv_seen": dactest has no snapshot of its contents`}
	return env
}

func TestLookupSettingsSemantics(t *testing.T) {
	runSemCasesEnv(t, lookupSettings(t), []semCase{
		{"case_sensitive_match=false", `proc=CMD.EXE`, `* | lookup nocase process AS proc OUTPUT note | table note`, "note\nshell"},
		{"case-sensitive default misses", `proc=CMD.EXE`, `* | lookup allow process AS proc OUTPUT note | table note`, "note\n∅"},
		{"default_match below min_matches", `proc=calc.exe`, `* | lookup dflt process AS proc OUTPUT note | table note`, "note\nunknown"},
		{"default_match not used on match", `proc=cmd.exe`, `* | lookup dflt process AS proc OUTPUT note | table note`, "note\nshell"},
		{"default_match fills to min_matches", `proc=cmd.exe`, `* | lookup fill process AS proc OUTPUT note | table note`, "note\nshell|unknown|unknown"},
		{"default_match min_matches times", `proc=calc.exe`, `* | lookup fill process AS proc OUTPUT note | table note`, "note\nunknown|unknown|unknown"},
		{"several matches are multivalue", `proc=cmd.exe`, `* | lookup multi process AS proc OUTPUT note | table note`, "note\nfirst|second"},
		{"max_matches=1 keeps the first", `proc=cmd.exe`, `* | lookup one process AS proc OUTPUT note | table note`, "note\nfirst"},
		{"WILDCARD case-sensitive by default", `q=Download.AnyDesk.com`, `* | lookup wildcase domain AS q OUTPUT isutility | table isutility`, "isutility\n∅"},
		{"WILDCARD matches", `q=download.anydesk.com`, `* | lookup wildcase domain AS q OUTPUT isutility | table isutility`, "isutility\ntrue"},
		{"WILDCARD star is not a regex", `q=download.anydeskXcom`, `* | lookup wildcase domain AS q OUTPUT isutility | table isutility`, "isutility\n∅"},
		{"lookup without AS uses the same name", `process=cmd.exe`, `* | lookup nocase process OUTPUT note | table note`, "note\nshell"},
		{"lookup on missing input field outputs nothing", `x=1`, `* | lookup nocase process AS proc OUTPUT note | table note`, "note\n∅"},
		{"KV-store lookup needs data", `proc=x`, `* | lookup kv_seen process AS proc`, "error: no snapshot of its contents"},
		{"KV-store inputlookup needs data", ``, `| inputlookup kv_seen`, "error: KV-store"},
	})
}
