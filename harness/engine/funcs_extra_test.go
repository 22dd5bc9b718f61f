package engine

import "testing"

// Eval functions from Splunk's search reference (evaluation functions by
// category); `one` is the shared test event (a=Hello, n=42, mv=x|y|z).
func TestMoreEvalFunctions(t *testing.T) {
	ev := func(name, expr, want string) semCase {
		return semCase{name, one, "* | eval r=" + expr + " | table r", "r\n" + want}
	}
	runSemCases(t, []semCase{
		ev("nullif equal is null", `nullif(a, "Hello")`, nullCell),
		ev("nullif differs keeps X", `nullif(a, "hello")`, "Hello"),
		ev("nullif numeric equality", `nullif(n, 42.0)`, nullCell),
		ev("validate first failing message", `validate(n>0, "neg", n<10, "big")`, "big"),
		ev("validate all true is null", `validate(n>0, "neg")`, nullCell),
		ev("typeof number field", `typeof(n)`, "Number"),
		ev("typeof string", `typeof(a)`, "String"),
		ev("typeof boolean", `typeof(n>1)`, "Boolean"),
		ev("typeof missing", `typeof(missing)`, "Invalid"),
		ev("typeof multivalue", `typeof(mv)`, "Multivalue"),
		ev("mvrange", `mvrange(1, 4)`, "1|2|3"),
		ev("mvrange step", `mvrange(0, 10, 4)`, "0|4|8"),
		ev("pi", `round(pi(), 4)`, "3.1416"),
		ev("exact", `exact(n)`, "42"),
		ev("atan2", `round(atan2(1, 1), 4)`, "0.7854"),
		ev("hypot", `hypot(3, 4)`, "5"),
		ev("cos 0", `cos(0)`, "1"),
		{"isint", one, `* | where isint(n) AND NOT isint(f) AND NOT isint(a) | table a`, "a\nHello"},
		{"isbool", one, `* | where isbool(n>1) AND NOT isbool(n) | table a`, "a\nHello"},
	})
}
