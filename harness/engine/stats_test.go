package engine

import "testing"

const procs = `
_time=1000; host=h1; user=alice; proc=cmd.exe; n=5; tag=process|report
_time=1010; host=h1; user=alice; proc=powershell.exe; n=10; tag=process|report
_time=1020; host=h2; user=bob; proc=cmd.exe; n=7; tag=process|report
_time=1030; host=h2; proc=cmd.exe; n=abc; tag=process|report
_time=1040; host=h3; user=bob|carol; proc=net.exe; n=2
`

func TestStatsSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"count", procs, `* | stats count`, "count\n5"},
		{"count over nothing is one zero row", procs, `nomatch=1 | stats count`, "count\n0"},
		{"count by over nothing is no rows", procs, `nomatch=1 | stats count by host`, "host;count"},
		{"count by sorted", procs, `* | stats count by host`, "host;count\nh1;2\nh2;2\nh3;1"},
		// A row whose by-field is null is dropped (stats reference).
		{"null by-field dropped", procs, `* | stats count by user`, "user;count\nalice;2\nbob;2\ncarol;1"},
		// A multivalue by-field puts the event in one group per value.
		{"multivalue by splits", procs, `host=h3 | stats count by user`, "user;count\nbob;1\ncarol;1"},
		{"two by-fields", procs, `* | stats count by host, proc`, "host;proc;count\nh1;cmd.exe;1\nh1;powershell.exe;1\nh2;cmd.exe;2\nh3;net.exe;1"},
		{"count(field) counts values", procs, `* | stats count(user)`, "count(user)\n5"},
		{"dc", procs, `* | stats dc(proc)`, "dc(proc)\n3"},
		{"distinct_count", procs, `* | stats distinct_count(host) as hosts`, "hosts\n3"},
		{"values sorted distinct", procs, `* | stats values(proc)`, "values(proc)\ncmd.exe|net.exe|powershell.exe"},
		{"values lexicographic not numeric", `x=10
x=9
x=100`, `* | stats values(x)`, "values(x)\n10|100|9"},
		{"list keeps order and duplicates", procs, `* | stats list(proc)`, "list(proc)\nnet.exe|cmd.exe|cmd.exe|powershell.exe|cmd.exe"},
		// min/max are numeric over the numeric values (abc ignored).
		{"min numeric", procs, `* | stats min(n) max(n)`, "min(n);max(n)\n2;10"},
		{"max lexicographic when no numbers", procs, `* | stats max(proc) min(proc)`, "max(proc);min(proc)\npowershell.exe;cmd.exe"},
		{"sum ignores text", procs, `* | stats sum(n)`, "sum(n)\n24"},
		{"avg", procs, `* | stats avg(n)`, "avg(n)\n6"},
		{"range", procs, `* | stats range(n)`, "range(n)\n8"},
		{"earliest latest by _time", procs, `* | stats earliest(proc) latest(proc)`, "earliest(proc);latest(proc)\ncmd.exe;net.exe"},
		// first/last follow result order, newest event first.
		{"first last result order", procs, `* | stats first(proc) last(proc)`, "first(proc);last(proc)\nnet.exe;cmd.exe"},
		{"min max _time", procs, `* | stats min(_time) as firstTime max(_time) as lastTime by host`, "host;firstTime;lastTime\nh1;1000;1010\nh2;1020;1030\nh3;1040;1040"},
		{"AS renames", procs, `* | stats count as total by host | table total`, "total\n2\n2\n1"},
		{"count(eval()) counts true", procs, `* | stats count(eval(proc="cmd.exe")) as c`, "c\n3"},
		{"eval arg needs AS", procs, `* | stats count(eval(proc="x"))`, "error: needs AS"},
		{"by numeric sort", `k=10
k=9
k=100`, `* | stats count by k`, "k;count\n9;1\n10;1\n100;1"},
		{"values of missing field is null", procs, `* | stats values(nosuch) count`, "values(nosuch);count\n∅;5"},
		{"unknown stats function", procs, `* | stats foo(n)`, "error: unsupported stats function foo"},
		{"unknown percentile", procs, `* | stats perc200(n)`, "error: unsupported stats function perc200"},
		// median of an even count is the lower middle value (nearest rank).
		{"median", procs, `* | stats median(n)`, "median(n)\n5"},
		{"perc95", procs, `* | stats perc95(n)`, "perc95(n)\n7"},
		{"upperperc95", procs, `* | stats upperperc95(n)`, "upperperc95(n)\n10"},
		{"stdev sample", `x=2
x=4
x=4
x=4
x=5
x=5
x=7
x=9`, `* | stats stdevp(x) var(x) sumsq(x)`, "stdevp(x);var(x);sumsq(x)\n2;4.571428571428571;232"},
		{"stdev of one value is null", `x=2`, `* | stats stdev(x)`, "stdev(x)\n∅"},
		{"mode", procs, `* | stats mode(proc)`, "mode(proc)\ncmd.exe"},
		{"eventstats adds group aggregate", procs, `* | eventstats count by host | table _time host count`, "_time;host;count\n1040;h3;1\n1030;h2;2\n1020;h2;2\n1010;h1;2\n1000;h1;2"},
		{"eventstats without by", procs, `* | eventstats max(n) as top | head 1 | table _time top`, "_time;top\n1040;10"},
		{"eventstats null by-field gets nothing", procs, `* | eventstats dc(proc) as d by user | table _time d`, "_time;d\n1040;2\n1030;∅\n1020;2\n1010;2\n1000;2"},
		{"stats span unsupported", procs, `* | stats count by _time span=1h`, "error: stats by span"},
	})
}

func TestPipelineCommands(t *testing.T) {
	runSemCases(t, []semCase{
		// rename with wildcards, as drop_dm_object_name does.
		{"rename wildcard prefix", `Processes.dest=h1; Processes.user=u; other=o`, `* | rename Processes.* AS * | table dest user other`, "dest;user;other\nh1;u;o"},
		{"rename plain", procs, `host=h3 | rename proc AS process | table process`, "process\nnet.exe"},
		{"rename quoted name", procs, `host=h3 | rename proc AS "Process Name" | table "Process Name"`, "Process Name\nnet.exe"},
		{"rename overwrites target", `a=1; b=2`, `* | rename a AS b | table a b`, "a;b\n∅;1"},
		{"rename missing field no-op", `a=1`, `* | rename zz AS a | table a`, "a\n1"},
		{"rename suffix wildcard", `x_src=1; x_dst=2`, `* | rename x_* AS y_* | table y_src y_dst`, "y_src;y_dst\n1;2"},
		{"rename in stats columns", procs, `* | stats count by host | rename host AS h`, "h;count\nh1;2\nh2;2\nh3;1"},
		// fillnull with no list fills fields present in some other row.
		{"fillnull default 0", procs, `* | fillnull | table host user`, "host;user\nh3;bob|carol\nh2;0\nh2;bob\nh1;alice\nh1;alice"},
		{"fillnull value", procs, `* | fillnull value=NULL user | table user`, "user\nbob|carol\nNULL\nbob\nalice\nalice"},
		{"fillnull creates listed field", `a=1`, `* | fillnull value=x b | table a b`, "a;b\n1;x"},
		{"fillnull does not invent unseen fields", `a=1`, `* | fillnull | table a zz`, "a;zz\n1;∅"},
		{"fillnull then stats keeps rows", procs, `* | fillnull value=none | stats count by user`, "user;count\nalice;2\nbob;2\ncarol;1\nnone;1"},
		// convert ctime: strftime in UTC; default %m/%d/%Y %H:%M:%S;
		// text that is not a number is left as is (convert reference).
		{"convert ctime timeformat", `t=1610668900.145335`, `* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t) | table t`, "t\n2021-01-15T00:01:40"},
		{"convert ctime default format", `t=0`, `* | convert ctime(t) | table t`, "t\n01/01/1970 00:00:00"},
		{"convert ctime text kept", `t=yesterday`, `* | convert ctime(t) | table t`, "t\nyesterday"},
		{"convert ctime AS", `t=86400`, `* | convert ctime(t) AS day | table t day`, "t;day\n86400;01/02/1970 00:00:00"},
		{"convert missing field", `a=1`, `* | convert ctime(firstTime) | table a firstTime`, "a;firstTime\n1;∅"},
		{"convert wildcard fields", `firstTime=0; lastTime=60`, `* | convert timeformat="%H:%M" ctime(*Time) | table firstTime lastTime`, "firstTime;lastTime\n00:00;00:01"},
		{"convert unsupported function", `a=1`, `* | convert dur2sec(a)`, "error: convert function dur2sec"},
		{"table order and wildcard", procs, `host=h1 | table proc, h*`, "proc;host\npowershell.exe;h1\ncmd.exe;h1"},
		{"table missing field column", procs, `host=h3 | table zz`, "zz\n∅"},
		{"fields keep", procs, `host=h3 | fields proc | table *`, "_time;proc\n1040;net.exe"},
		{"fields remove", procs, `host=h3 | fields - tag n user _time | table *`, "host;proc\nh3;net.exe"},
		{"dedup keeps first", procs, `* | dedup host | table host _time`, "host;_time\nh3;1040\nh2;1030\nh1;1010"},
		{"dedup drops missing", procs, `* | dedup user | table _time`, "_time\n1040\n1020\n1010"},
		{"dedup keepempty", procs, `* | dedup user keepempty=true | table _time`, "_time\n1040\n1030\n1020\n1010"},
		// dedup reference: consecutive=true removes only runs of repeats.
		{"dedup consecutive", procs, `* | dedup proc consecutive=true | table _time`, "_time\n1040\n1030\n1010\n1000"},
		{"dedup not consecutive", procs, `* | dedup proc | table _time`, "_time\n1040\n1030\n1010"},
		{"dedup count", procs, `* | dedup 2 host | table _time`, "_time\n1040\n1030\n1020\n1010\n1000"},
		{"sort ascending numeric", procs, `* | sort n | table n`, "n\n2\n5\n7\n10\nabc"},
		{"sort descending", procs, `* | sort - _time | head 2 | table _time`, "_time\n1040\n1030"},
		{"sort minus prefix", procs, `* | sort -n | table n`, "n\nabc\n10\n7\n5\n2"},
		{"sort two keys", procs, `* | sort host, -_time | table host _time`, "host;_time\nh1;1010\nh1;1000\nh2;1030\nh2;1020\nh3;1040"},
		{"sort str()", `k=10
k=9`, `* | sort str(k) | table k`, "k\n10\n9"},
		{"sort trailing desc reverses", procs, `* | sort n desc | table n`, "n\nabc\n10\n7\n5\n2"},
		{"sort 0 means no limit", procs, `* | sort 0 host | stats count`, "count\n5"},
		{"head default 10", procs, `* | head | stats count`, "count\n5"},
		{"head n", procs, `* | head 2 | table _time`, "_time\n1040\n1030"},
		{"head limit=", procs, `* | head limit=1 | table _time`, "_time\n1040"},
		// tail reference: the last N results, in reverse order.
		{"tail n", procs, `* | tail 2 | table _time`, "_time\n1000\n1010"},
		{"tail default 10", procs, `* | tail | stats count`, "count\n5"},
		{"reverse", procs, `* | head 3 | reverse | table _time`, "_time\n1020\n1030\n1040"},
		// strcat reference: fields and quoted literals into the last
		// field; a missing field is empty unless allrequired=t.
		{"strcat", procs, `* | head 2 | strcat host "/" proc pair | table pair`, "pair\nh3/net.exe\nh2/cmd.exe"},
		{"strcat missing field is empty", procs, `_time=1030 | strcat host ":" user hu | table hu`, "hu\nh2:"},
		{"strcat allrequired", procs, `_time=1030 | strcat allrequired=t host ":" user hu | table hu`, "hu\n∅"},
		{"strcat needs a destination field", procs, `* | strcat host "/"`, "error: needs source fields or quoted strings, then a destination field"},
		{"reverse takes no arguments", procs, `* | reverse 2`, "error: reverse takes no arguments"},
		{"Splunk command not implemented", procs, `* | cluster host`, "error: unsupported command cluster"},
		// Splunk: "Unknown search command 'evl'".
		{"misspelt command", procs, `* | evl x=1`, "error: invalid command evl: Splunk has no such search command; did you mean eval?"},
		{"made-up command", procs, `* | frobnicate`, "error: invalid command frobnicate: Splunk has no such search command"},
		{"lookup unknown table is unsupported, not wrong: another app ships it", procs, `* | lookup foo a`, "error: unsupported lookup foo: not defined in the content tree"},
		{"all errors reported", procs, `* | cluster host | eval x=nosuch(a)`, "error: unsupported command cluster; "},
	})
}

func TestExtraCommands(t *testing.T) {
	runSemCases(t, []semCase{
		{"rex named group", `_raw=user=alice id=42`, `* | rex "user=(?<who>\w+) id=(?<id>\d+)" | table who id`, "who;id\nalice;42"},
		{"rex field=", `url=/a/b/c`, `* | rex field=url "^/(?<first>[^/]+)" | table first`, "first\na"},
		// rex takes a PCRE (rex reference), as regex and match() do:
		// look-ahead works, and max_match collects every match.
		{"rex look-ahead", `_raw=run a.exe then b.exe`, `* | rex max_match=0 "(?<name>\w+)(?=\.exe)" | table name`, "name\na|b"},
		{"rex no match keeps row", `url=x`, `* | rex field=url "^/(?<first>[^/]+)" | table url first`, "url;first\nx;∅"},
		{"rex max_match=0 multivalue", `_raw=a1 a2 a3`, `* | rex max_match=0 "a(?<d>\d)" | table d`, "d\n1|2|3"},
		{"rex missing field keeps row", `a=1`, `* | rex field=zz "(?<x>.)" | table a x`, "a;x\n1;∅"},
		{"rex bad regex", `a=1`, `* | rex "(?<x>[a-"`, "error: unsupported regex"},
		{"regex keeps matches", procs, `* | regex proc="^c" | table proc`, "proc\ncmd.exe\ncmd.exe\ncmd.exe"},
		{"regex negated", procs, `* | regex proc!="^c" | table proc`, "proc\nnet.exe\npowershell.exe"},
		{"regex is case-sensitive", procs, `* | regex proc="^CMD" | table proc`, "proc"},
		{"regex on _raw default", `_raw=hello world`, `* | regex "wor.d" | table _raw`, "_raw\nhello world"},
		{"bucket span _time", procs, `* | bucket span=20s _time | stats count by _time`, "_time;count\n1000;2\n1020;2\n1040;1"},
		{"bin span", procs, `* | bin span=1m _time | stats count by _time`, "_time;count\n960;2\n1020;3"},
		{"bin numeric field", `x=17`, `* | bin span=5 x | table x`, "x\n15"},
		{"bin needs span", procs, `* | bin _time`, "error: needs span="},
		{"join inner", procs, `host=h1 | join proc [search host=h2 | eval h2time=_time | table proc h2time] | table _time proc h2time`, "_time;proc;h2time\n1000;cmd.exe;1030"},
		{"join left keeps unmatched", procs, `host=h1 | join type=left proc [search host=h2 | eval h2time=_time | table proc h2time] | table _time h2time`, "_time;h2time\n1010;∅\n1000;1030"},
		{"join max=0 all matches", procs, `host=h1 | join max=0 proc [search host=h2 | eval h2time=_time | table proc h2time] | table _time h2time`, "_time;h2time\n1000;1030\n1000;1020"},
		{"join overwrite", procs, `host=h1 proc=cmd.exe | join proc [search host=h2 | table proc host] | table host`, "host\nh2"},
		{"join overwrite=false", procs, `host=h1 proc=cmd.exe | join overwrite=false proc [search host=h2 | table proc host] | table host`, "host\nh1"},
		{"join two fields", procs, `* | join host, proc [search n>6 | eval big=1 | table host proc big] | table _time big`, "_time;big\n1030;1\n1020;1\n1010;1"},
		{"join unsupported option", procs, `* | join usetime=true proc [search host=h2]`, "error: join option usetime"},
		{"append", procs, `host=h3 | append [search host=h1 | head 1] | table host`, "host\nh3\nh1"},
		{"spath path", `j={"a":{"b":[{"c":1},{"c":"x"}]}}`, `* | spath input=j path=a.b{}.c | table a.b{}.c`, "a.b{}.c\n1|x"},
		{"spath output", `j={"user":{"arn":"arn:aws:1"}}`, `* | spath input=j output=arn path=user.arn | table arn`, "arn\narn:aws:1"},
		{"spath bare path", `j={"user":{"arn":"A"}}`, `* | spath input=j output=arn user.arn | table arn`, "arn\nA"},
		{"spath index", `j={"a":[10,20]}`, `* | spath input=j output=x path=a{1} | table x`, "x\n20"},
		{"spath keeps big integers exact", `j={"id":12345678901234567}`, `* | spath input=j output=x path=id | table x`, "x\n12345678901234567"},
		{"spath all leaves", `_raw={"a":1,"b":{"c":[true,"z"]}}`, `* | spath | table a b.c{}`, "a;b.c{}\n1;true|z"},
		{"spath not JSON", `_raw=plain text`, `* | spath | table _raw`, "_raw\nplain text"},
		{"spath object value is JSON text", `j={"a":{"b":2}}`, `* | spath input=j path=a | table a`, "a\n{\"b\":2}"},
		{"foreach eval template", `a=null; b=x; _c=null`, `* | foreach * [eval <<FIELD>> = if(<<FIELD>>="null", null(), <<FIELD>>)] | table a b _c`, "a;b;_c\n∅;x;null"},
		{"foreach MATCHSTR", `stdev_x=2; stdev_y=3`, `* | foreach stdev_* [eval double_<<MATCHSTR>> = <<FIELD>> * 2] | table double_x double_y`, "double_x;double_y\n4;6"},
		{"foreach template must be eval", `a=1`, `* | foreach * [search a=1]`, "error: foreach template command search"},
		{"makemv delim", `a=x,y,,z`, `* | makemv delim="," a | table a`, "a\nx|y|z"},
		{"makemv default space", `a=x y`, `* | makemv a | eval n=mvcount(a) | table n`, "n\n2"},
		{"from datamodel keeps field names", sysmon, `| from datamodel Endpoint.Processes | stats count by dest`, "dest;count\nws1;2\nws2;1"},
		{"from datamodel colon", `_time=1; tag=web; url=http://a`, `| from datamodel:Web.Web | table url url_length`, "url;url_length\nhttp://a;8"},
		{"appendpipe", procs, `* | stats count by host | appendpipe [stats sum(count) as count | eval host="total"] | table host count`, "host;count\nh1;2\nh2;2\nh3;1\ntotal;5"},
		{"addtotals listed", `a=1; b=2.5; c=x`, `* | addtotals fieldname=Score a b c | table Score`, "Score\n3.5"},
		{"addtotals all numeric", `a=1; b=2`, `* | addtotals | table Total`, "Total\n3"},
		{"replace wildcard", `src=::ffff:10.1.1.1`, `* | replace "::ffff:*" with * in src | table src`, "src\n10.1.1.1"},
		{"replace literal pairs", `op=%%14674`, `* | replace "%%14674" with "Value Added", "%%14675" with "Value Deleted" in op | table op`, "op\nValue Added"},
		{"replace whole value only", `op=x%%14674`, `* | replace "%%14674" with "V" in op | table op`, "op\nx%%14674"},
		{"fromjson", `Data={"a":"x","b":[1,2],"c":{"d":1}}`, `* | fromjson Data | table a b c`, "a;b;c\nx;1|2;{\"d\":1}"},
		{"xmlkv", `Message=<Event><User>bob</User><Id>4</Id></Event>`, `* | xmlkv Message | table User Id`, "User;Id\nbob;4"},
		{"mvexpand", `_time=1; m=a|b; k=1`, `* | mvexpand m | table m k`, "m;k\na;1\nb;1"},
		{"mvexpand single value kept", `m=a`, `* | mvexpand m | table m`, "m\na"},
	})
}
