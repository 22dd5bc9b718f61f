package engine

import (
	"context"
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

// Sysmon-like process events, tagged as the Sysmon add-on's eventtypes do.
const sysmon = `
_time=3600; tag=process|report; dest=ws1; user=alice; process_name=certutil.exe; process=certutil.exe -exportPFX -p x my; parent_process_name=cmd.exe; process_id=10; process_guid=g1
_time=3700; tag=process|report; dest=ws1; user=alice; process_name=CertUtil.exe; process=certutil -urlcache; parent_process_name=cmd.exe; process_id=11; process_guid=g1
_time=7300; tag=process|report; dest=ws2; process_name=certutil.exe; process=certutil.exe -exportpfx; parent_process_name=explorer.exe; process_id=12
_time=7400; tag=process; dest=ws3; user=bob; process_name=certutil.exe; process=certutil -exportPFX
_time=7500; tag=network|communicate; dest=ws1; src=10.0.0.1; dest_port=443; app=ssl
`

func TestTstatsSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		// Only events matching the node's constraints (tag=process
		// tag=report) are in Endpoint.Processes.
		{"count node", sysmon, `| tstats count from datamodel=Endpoint.Processes`, "count\n3"},
		{"count empty node is zero row", sysmon, `| tstats count from datamodel=Endpoint.Registry`, "count\n0"},
		{"where search semantics", sysmon, `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=certutil.exe`, "count\n3"},
		{"where wildcard case-insensitive", sysmon, `| tstats count from datamodel=Endpoint.Processes where Processes.process="*-exportPFX*" by Processes.process_id`, "Processes.process_id;count\n10;1\n12;1"},
		// process_guid has no CIM calculation: the third event lacks it.
		{"by drops null without fillnull_value", sysmon, `| tstats count from datamodel=Endpoint.Processes by Processes.process_guid`, "Processes.process_guid;count\ng1;2"},
		// CIM 6.1.0 Endpoint.Processes: user = if(isnull(user) OR user="","unknown",user).
		{"CIM fills user with unknown", sysmon, `| tstats count from datamodel=Endpoint.Processes by Processes.user`, "Processes.user;count\nalice;2\nunknown;1"},
		// security_content passes fillnull_value=null: null by-fields become
		// the string "null" instead of dropping the row.
		{"fillnull_value fills by-field", sysmon, `| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count from datamodel=Endpoint.Processes by Processes.process_guid`, "Processes.process_guid;count\ng1;2\nnull;1"},
		{"aggregations", sysmon, `| tstats count min(_time) as firstTime max(_time) as lastTime values(Processes.process_id) as pids dc(Processes.dest) from datamodel=Endpoint.Processes`, "count;firstTime;lastTime;pids;dc(Processes.dest)\n3;3600;7300;10|11|12;2"},
		{"span buckets _time", sysmon, `| tstats count from datamodel=Endpoint.Processes by _time span=1h`, "_time;count\n3600;2\n7200;1"},
		{"span minutes", sysmon, `| tstats count from datamodel=Endpoint.Processes by _time span=30m`, "_time;count\n3600;2\n7200;1"},
		{"host source meta fields", `_time=1; tag=process|report; host=H; dest=d`, `| tstats count from datamodel=Endpoint.Processes by host`, "host;count\nH;1"},
		{"network traffic node", sysmon, `| tstats count from datamodel=Network_Traffic.All_Traffic by All_Traffic.dest_port`, "All_Traffic.dest_port;count\n443;1"},
		{"child node adds constraint", `_time=1; tag=authentication; action=failure; user=a
_time=2; tag=authentication; action=success; user=b`, `| tstats count from datamodel=Authentication.Failed_Authentication by Authentication.user`, "Authentication.user;count\na;1"},
		{"nodename selects child dataset", `_time=1; tag=authentication; action=failure; user=a
_time=2; tag=authentication; action=success; user=b`, `| tstats count from datamodel=Authentication where nodename=Authentication.Successful_Authentication by Authentication.user`, "Authentication.user;count\nb;1"},
		{"nodename root path", `_time=1; tag=network|resolution|dns; query=x`, `| tstats count from datamodel=Network_Resolution where nodename=DNS by DNS.query`, "DNS.query;count\nx;1"},
		{"root excludes computer accounts", `_time=1; tag=authentication; action=success; user=PC$
_time=2; tag=authentication; action=success; user=b`, `| tstats count from datamodel=Authentication by Authentication.user`, "Authentication.user;count\nb;1"},
		{"calculated field", `_time=1; tag=web; url=http://x/abc`, `| tstats count from datamodel=Web by Web.url_length`, "Web.url_length;count\n12;1"},
		{"drop_dm_object_name then ctime", sysmon, `| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=certutil.exe by Processes.dest | rename Processes.* AS * | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)`, "dest;count;firstTime\nws1;2;1970-01-01T01:00:00\nws2;1;1970-01-01T02:01:40"},
		{"multivalue by splits in tstats", `_time=1; tag=process|report; dest=a|b; process_name=x`, `| tstats count from datamodel=Endpoint.Processes by Processes.dest`, "Processes.dest;count\na;1\nb;1"},
		{"where IN on node field", sysmon, `| tstats count from datamodel=Endpoint.Processes where Processes.process_id IN (10, 12) by Processes.dest`, "Processes.dest;count\nws1;1\nws2;1"},
		{"where NOT on node field", sysmon, `| tstats count from datamodel=Endpoint.Processes where NOT Processes.user=alice by Processes.dest`, "Processes.dest;count\nws2;1"},
		// A subsearch in where runs first and stands for its rows'
		// condition (Search Manual, "About subsearches"); unbound it
		// matched every event.
		{"where subsearch", sysmon, `| tstats count from datamodel=Endpoint.Processes where [| makeresults | eval Processes.dest="ws2" | table Processes.dest] by Processes.dest`, "Processes.dest;count\nws2;1"},
		{"where subsearch with no match", sysmon, `| tstats count from datamodel=Endpoint.Processes where [| makeresults | eval Processes.dest="nowhere" | table Processes.dest]`, "count\n0"},
		{"values of _time", sysmon, `| tstats values(_time) as t from datamodel=Endpoint.Processes where Processes.dest=ws1`, "t\n3600|3700"},
		{"unknown option", sysmon, `| tstats prestats=true count from datamodel=Endpoint.Processes`, "error: unsupported tstats option prestats"},
		{"a data model dactest does not define is unsupported", sysmon, `| tstats count from datamodel=Nope.Processes`, "error: unsupported datamodel Nope"},
		{"an unknown node of a known model is invalid", sysmon, `| tstats count from datamodel=Endpoint.Nope`, "error: invalid datamodel Endpoint.Nope"},
		{"unknown node", sysmon, `| tstats count from datamodel=Endpoint.Nope`, "error: has no dataset"},
		{"tstats later in pipeline", sysmon, `* | tstats count from datamodel=Endpoint.Processes`, "error: only as the first command"},
		{"bad span", sysmon, `| tstats count from datamodel=Endpoint.Processes by _time span=1mon`, "error: tstats span 1mon"},
	})
}

func TestTstatsUnknownFieldWarns(t *testing.T) {
	q, err := spl.Parse(`| tstats count from datamodel=Endpoint.Processes by Processes.original_file_nam`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compile(q, testEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].What != "tstats field Processes.original_file_nam" {
		t.Fatalf("warnings = %v", p.Warnings)
	}
	// Splunk returns null for it, so every row is dropped.
	res, err := p.Run(context.Background(), NewDataset(parseEvents(t, sysmon)))
	if err != nil || len(res.Table.Rows) != 0 {
		t.Fatalf("rows = %v, %v", res.Table.Rows, err)
	}
}

func TestStageCounts(t *testing.T) {
	res, err := runSPL(t, testEnv(t), parseEvents(t, sysmon),
		`| tstats count from datamodel=Endpoint.Processes where Processes.process_name=certutil.exe by Processes.user | where count > 5`)
	if err != nil {
		t.Fatal(err)
	}
	want := []StageCount{{"tstats", 2, 5, 2}, {"where", 111, 2, 0}} // users alice and unknown (CIM fill)
	if len(res.Stages) != 2 || res.Stages[0] != want[0] || res.Stages[1] != want[1] {
		t.Fatalf("stages = %+v", res.Stages)
	}
}
