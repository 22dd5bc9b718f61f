package engine

import (
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

const tasks = `
_time=100; EventCode=4698; Task_Name=\A; user=u1; _raw=created A
_time=110; EventCode=4699; Task_Name=\A; user=u2; _raw=deleted A
_time=200; EventCode=4698; Task_Name=\B; user=u1; _raw=created B
_time=500; EventCode=4699; Task_Name=\B; user=u1; _raw=deleted B
_time=600; EventCode=4699; Task_Name=\C; _raw=deleted C
_time=700; EventCode=4698; Task_Name=\D; _raw=created D
`

// Search Reference, transaction, mvlist: false (the default) makes each
// merged field a set of unique values ordered alphabetically; true keeps
// every event's value in arrival order.
const txnWords = `
_time=100; k=1; v=zeta
_time=200; k=1; v=alpha
_time=300; k=1; v=zeta
`

const txnWords2 = `
_time=100; k=1; v=zeta; w=b
_time=200; k=1; v=alpha; w=a
_time=300; k=1; v=zeta; w=b
`

func TestTransactionMultivalues(t *testing.T) {
	runSemCases(t, []semCase{
		{"a set in alphabetical order by default", txnWords, `* | transaction k | table v`, "v\nalpha|zeta"},
		{"every value in arrival order with mvlist", txnWords, `* | transaction k mvlist=true | table v`, "v\nzeta|alpha|zeta"},
		{"duration in microseconds, without float noise", `
_time=1700000000.000001; k=1
_time=1700000040.049842; k=1
`, `* | transaction k | table duration`, "duration\n40.049841"},
		{"mvlist=<field-list> lists only those fields", txnWords2, `* | transaction k mvlist=v | table v w`, "v;w\nzeta|alpha|zeta;a|b"},
	})
}

func TestTransaction(t *testing.T) {
	runSemCases(t, []semCase{
		// Short-lived scheduled task: created then deleted.
		{"start and end", tasks, `* | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) | table _time Task_Name duration eventcount user`,
			"_time;Task_Name;duration;eventcount;user\n200;\\B;300;2;u1\n100;\\A;10;2;u1|u2"},
		{"raw of members oldest first", tasks, `Task_Name="\\A" | transaction Task_Name | table _raw`, "_raw\ncreated A\ndeleted A"},
		{"evicted kept with closed_txn", tasks, `* | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) keepevicted=true | table Task_Name closed_txn`,
			"Task_Name;closed_txn\n\\D;0\n\\C;0\n\\B;1\n\\A;1"},
		{"no constraints groups all", tasks, `* | transaction user | table user eventcount`, "user;eventcount\nu2;1\nu1;3"},
		{"maxspan splits", tasks, `* | transaction user maxspan=150s | table _time eventcount`, "_time;eventcount\n500;1\n110;1\n100;2"},
		{"maxpause splits", tasks, `* | transaction user maxpause=50s | table _time eventcount`, "_time;eventcount\n500;1\n200;1\n110;1\n100;1"},
		{"then filter on duration", tasks, `* | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) | where duration<30 | table Task_Name`, "Task_Name\n\\A"},
		{"eval filters unsupported", tasks, `* | transaction Task_Name startswith=eval(x=1)`, "error: transaction startswith=eval"},
		{"a subsearch in startswith is unsupported, not everything", tasks, `* | transaction Task_Name startswith=([| makeresults | eval EventCode=4698 | table EventCode])`, "error: transaction startswith with a subsearch"},
		{"unknown option", tasks, `* | transaction Task_Name maxevents=3`, "error: transaction option maxevents"},
	})
}

// splitArgs must always make progress, whatever the text.
func TestSplitArgsTerminates(t *testing.T) {
	for _, s := range []string{"=", "a==b", "(", `"`, "x=(", "=(", `a="b`, "((a)", ",,=,", `x=")"`} {
		splitArgs(&spl.GenericCommand{Name: "x", Args: s})
	}
}
