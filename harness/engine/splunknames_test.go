package engine

import (
	"strings"
	"testing"
)

// Real Splunk names must never be reported as invalid ("Splunk has no such
// ..."): at worst dactest lacks them (unsupported).
//   - avg, sum: Search Reference 9.4, "Statistical eval functions" (avg(x,y)
//     "is equivalent to sum(x,y)/(mvcount(x) + mvcount(y))").
//   - mv_to_json_array: Search Reference 8.1+, "Multivalue eval functions".
//   - awssnsalert: Search Reference 9.4, search-commands/awssnsalert.
//   - discretize: an alias of bucket/bin (Command quick reference).
//   - collapse, dump, noop, prjob, runshellscript: Search Reference 9.3,
//     "About internal commands" (dump: internal-commands/dump).
func TestRealSplunkNamesAreNotInvalid(t *testing.T) {
	for _, fn := range []string{"avg", "sum", "mv_to_json_array"} {
		_, err := runSPL(t, testEnv(t), nil, `* | eval x=`+fn+`(a)`)
		if err != nil && strings.Contains(err.Error(), "invalid function") {
			t.Errorf("eval function %s: %v", fn, err)
		}
	}
	for _, cmd := range []string{"awssnsalert", "discretize", "collapse", "dump", "noop", "prjob", "runshellscript"} {
		_, err := runSPL(t, testEnv(t), nil, `* | `+cmd)
		if err != nil && strings.Contains(err.Error(), "invalid command") {
			t.Errorf("command %s: %v", cmd, err)
		}
	}
}
