package engine

import (
	"strings"
	"testing"
)

func testLookups(t *testing.T) map[string]*Lookup {
	exact, err := ReadLookupCSV(strings.NewReader("process,allow_list,note\ncmd.exe,true,shell\nnet.exe,false,\n"))
	if err != nil {
		t.Fatal(err)
	}
	wild, _ := ReadLookupCSV(strings.NewReader("domain,isutility\n*.anydesk.com,true\nteamviewer.com,true\n"))
	wild.SetMatchType("WILDCARD(domain)")
	wild.CaseSensitive = false
	nets, _ := ReadLookupCSV(strings.NewReader("cidr,zone\n10.0.0.0/8,internal\n"))
	nets.SetMatchType("CIDR(cidr)")
	return map[string]*Lookup{"allow": exact, "remote": wild, "zones": nets}
}

func TestLookupCommand(t *testing.T) {
	env := testEnv(t)
	env.Lookups = testLookups(t)
	rows := []semCase{
		{"lookup OUTPUT", procs, `host=h1 | lookup allow process AS proc OUTPUT allow_list | table proc allow_list`, "proc;allow_list\npowershell.exe;∅\ncmd.exe;true"},
		{"lookup all outputs", procs, `host=h3 | lookup allow process AS proc | table proc allow_list note`, "proc;allow_list;note\nnet.exe;false;∅"},
		{"lookup OUTPUT AS", procs, `host=h3 | lookup allow process AS proc OUTPUT allow_list AS ok | table ok`, "ok\nfalse"},
		{"lookup case-sensitive by default", `proc=CMD.EXE`, `* | lookup allow process AS proc OUTPUT allow_list | table allow_list`, "allow_list\n∅"},
		{"lookup OUTPUT clears on no match", `proc=x; allow_list=old`, `* | lookup allow process AS proc OUTPUT allow_list | table allow_list`, "allow_list\n∅"},
		{"lookup OUTPUTNEW keeps existing", `proc=cmd.exe; allow_list=old`, `* | lookup allow process AS proc OUTPUTNEW allow_list | table allow_list`, "allow_list\nold"},
		{"lookup update=true accepted", `proc=cmd.exe`, `* | lookup update=true allow process AS proc OUTPUT note | table note`, "note\nshell"},
		{"lookup wildcard case-insensitive", `q=Download.AnyDesk.com`, `* | lookup remote domain AS q OUTPUT isutility | table isutility`, "isutility\ntrue"},
		{"lookup CIDR", `ip=10.2.3.4`, `* | lookup zones cidr AS ip OUTPUT zone | table zone`, "zone\ninternal"},
		{"lookup then where filter", procs, `* | lookup allow process AS proc OUTPUT allow_list | where allow_list="false" | table proc`, "proc\nnet.exe"},
		{"inputlookup", ``, `| inputlookup allow | table process allow_list`, "process;allow_list\ncmd.exe;true\nnet.exe;false"},
		{"inputlookup .csv name", ``, `| inputlookup allow.csv | stats count`, "count\n2"},
		{"inputlookup unknown", ``, `| inputlookup nope`, "error: lookup nope"},
		{"lookup unknown field", procs, `* | lookup allow nosuch`, "error: lookup field nosuch"},
	}
	runSemCasesEnv(t, env, rows)
}

func TestSubsearchFilter(t *testing.T) {
	env := testEnv(t)
	env.Lookups = testLookups(t)
	runSemCasesEnv(t, env, []semCase{
		{"subsearch from lookup", procs, `[| inputlookup allow | rename process AS proc | fields proc] | table _time proc`, "_time;proc\n1040;net.exe\n1030;cmd.exe\n1020;cmd.exe\n1000;cmd.exe"},
		{"subsearch AND within row", procs, `[search host=h3 | table host proc] | table _time`, "_time\n1040"},
		{"subsearch in later search", procs, `* | search NOT [search n>6 | table proc] | table proc`, "proc\nnet.exe"},
		{"empty subsearch matches nothing", procs, `[search host=nope | table host] | stats count`, "count\n0"},
		{"subsearch errors reported", procs, `[search x=1 | localop]`, "error: unsupported command localop"},
	})
}
