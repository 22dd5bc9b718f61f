package spl

import (
	"testing"
	"time"
)

var fuzzSeeds = []string{
	`index=x a b OR c NOT d (e OR f) x IN (1, "2 3", *4*)`,
	"| tstats `security_content_summariesonly` count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest _time span=1h | `drop_dm_object_name(Processes)`",
	`a | eval x=if(like(y, "%a"), 1, -2.5) . "s", z='a b' | where x > 3 AND NOT y IN ("a")`,
	`a | stats count(eval(x="y")) as n perc95(v) dc(u) by h, k | rename a as b | fillnull value=0 | convert ctime(t)`,
	`a | join type=left x [| inputlookup t | fields x] | foreach * [ eval <<FIELD>>=1 ]`,
	"a ```comment``` | table a \"b c\" | fields - x | dedup 3 x sortby -y",
	`ImageLoaded="\\\\*" p=*\\x TERM(1.2.3.4) "q \" r"`,
	`((((a))))`, `[`, `"`, "`", `a | eval x=((`, `| `, `NOT NOT NOT`,
}

// FuzzParse: Parse never panics or hangs, and whatever parses prints to
// text that parses again to the same printed form.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		q, err := Parse(s)
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("Parse took %v", d)
		}
		if err != nil {
			return
		}
		printed := q.String()
		q2, err := Parse(printed)
		if err != nil {
			t.Fatalf("reparse of %q (from %q): %v", printed, s, err)
		}
		if again := q2.String(); again != printed {
			t.Fatalf("print not stable:\n in %q\n 1st %q\n 2nd %q", s, printed, again)
		}
	})
}

// FuzzExpand: Expand never panics, and Origin accepts every position.
func FuzzExpand(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("`outer` `f(a, b)` `two(\"x,y\")` `loop1`")
	macros := testMacros()
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Expand(s, macros)
		if err != nil {
			return
		}
		for p := 0; p <= len(e.Text); p++ {
			e.Origin(Pos(p))
		}
		_, _ = e.Parse()
	})
}

// FuzzParseExprs covers the two expression entry points.
func FuzzParseExprs(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseSearchExpr(s)
		_, _ = ParseEvalExpr(s)
	})
}

func BenchmarkParseTstats(b *testing.B) {
	search := "| tstats summariesonly=true allow_old_summaries=true fillnull_value=null count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where (Processes.process_name=certutil.exe OR Processes.original_file_name=CertUtil.exe) (Processes.process=*urlcache* Processes.process=*split*) OR Processes.process=*verifyctl* by Processes.action Processes.dest Processes.original_file_name Processes.parent_process Processes.parent_process_exec Processes.parent_process_guid Processes.parent_process_id Processes.parent_process_name Processes.parent_process_path Processes.process Processes.process_exec Processes.process_guid Processes.process_hash Processes.process_id Processes.process_integrity_level Processes.process_name Processes.process_path Processes.user Processes.user_id Processes.vendor_product | rename Processes.* AS * | convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(firstTime) | convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(lastTime) | search *"
	b.SetBytes(int64(len(search)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(search); err != nil {
			b.Fatal(err)
		}
	}
}
