package engine

import "testing"

// makeresults (Search Reference 9.4): count results, 1 by default, with
// only _time unless annotate=true adds _raw, host, source, sourcetype,
// splunk_server and splunk_server_group.
func TestMakeresultsSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"one result by default", `x=1`, `| makeresults | stats count`, "count\n1"},
		{"count results", `x=1`, `| makeresults count=3 | streamstats count AS n | stats sum(n) AS s`, "s\n6"},
		{"only _time", `x=1`, `| makeresults | eval has_raw=if(isnull(_raw), "no", "yes") | table has_raw`, "has_raw\nno"},
		{"annotate names the metadata columns", `x=1`, `| makeresults annotate=true | fields - _time | eval k=1`, "_raw;host;source;sourcetype;splunk_server;splunk_server_group;k\n∅;∅;∅;∅;dactest;∅;1"},
		{"does not read the events", `x=1`, `| makeresults | where isnotnull(x) | stats count`, "count\n0"},
		{"inline data is not modelled", ``, `| makeresults format=csv data="a,b"`, "error: makeresults format=csv"},
		{"count must be a number", ``, `| makeresults count=many`, "error: count must be a whole number"},
	})
}
