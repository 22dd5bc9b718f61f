package engine

import "testing"

// Wildcard fields in stats functions (stats reference: "<stats-func>(
// <wc-field>) [AS <wc-field>]"): one aggregation per matching field of the
// input, not the by-fields nor internal fields; each * of the AS name is
// what the pattern's * matched. security_content collapses events with
// `stats latest(*) AS * by dest process_guid`.
func TestStatsWildcardSemantics(t *testing.T) {
	const procs = `
_time=1; host=a; user=bob; proc=cmd.exe; pid=4
_time=2; host=a; user=eve; proc=net.exe
_time=3; host=b; user=amy; proc=sc.exe; pid=9
`
	runSemCases(t, []semCase{
		{"values(*) AS * by host", procs, `* | stats values(*) AS * by host | table host user proc pid`, "host;user;proc;pid\na;bob|eve;cmd.exe|net.exe;4\nb;amy;sc.exe;9"},
		{"latest(*) AS * keeps the newest values", procs, `* | stats latest(*) AS * by host | table host user pid`, "host;user;pid\na;eve;4\nb;amy;9"},
		{"the by-field is not aggregated", procs, `* | stats count(*) AS n_* by host | table host n_user n_host`, "host;n_user;n_host\na;2;∅\nb;1;∅"},
		{"internal fields need _*", procs, `* | stats max(*) AS m_* | table m_pid m__time`, "m_pid;m__time\n9;∅"},
		{"_* does match them", procs, `* | stats max(_*) AS m_* | table m_time`, "m_time\n3"},
		{"the AS * takes what the pattern's * matched", procs, `* | stats dc(p*) AS distinct_* | table distinct_roc distinct_id`, "distinct_roc;distinct_id\n3;2"},
		{"no AS: the default names", procs, `* | stats dc(p*) | table dc(proc) dc(pid)`, "dc(proc);dc(pid)\n3;2"},
		{"eventstats", procs, `* | eventstats values(user*) AS all_user* | where proc="sc.exe" | table all_user`, "all_user\namy|bob|eve"},
		{"streamstats", procs, `* | sort _time | streamstats dc(user*) AS seen_user* | table seen_user`, "seen_user\n1\n2\n3"},
		{"tstats has no wildcard", procs, `| tstats values(*) from datamodel=Endpoint.Processes`, "error: wildcard"},
	})
}
