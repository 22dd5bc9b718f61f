package engine

import (
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

const logons = `
_time=1; EventCode=4742; id=A
_time=2; EventCode=4742; id=B
_time=3; EventCode=4624; TargetLogonId=A; user=u1
_time=4; EventCode=4624; TargetLogonId=B; user=u2
_time=5; EventCode=4624; TargetLogonId=C; user=u3
`

// Map rows follow the Search Reference, "map": the search runs once per
// input result with $field$ replaced by that result's value, at most
// maxsearches (default 10) times.
func TestMapSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"map runs the search per row", logons, `EventCode=4742 | rename id as TargetLogonId | map search="search EventCode=4624 TargetLogonId=$TargetLogonId$" | table user`, "user\nu2\nu1"},
		{"map maxsearches caps the searches", logons, `EventCode=4742 | map maxsearches=1 search="search EventCode=4624 TargetLogonId=$id$" | table user`, "user\nu2"},
		{"map missing token field is empty", logons, `EventCode=4742 | map search="search EventCode=4624 user=$nope$*" | table user`, "user\nu3\nu2\nu1\nu3\nu2\nu1"},
		{"map over no rows is empty", logons, `EventCode=1 | map search="search EventCode=4624" | table user`, "user"},
		{"map with pipeline inside", logons, `EventCode=4742 | map search="search TargetLogonId=$id$ | eval who=upper(user)" | table who`, "who\nU2\nU1"},
		{"map saved search unsupported", logons, `EventCode=4742 | map mysaved`, "error: map saved search"},
		{"map unsupported piece named", logons, `EventCode=4742 | map search="search x=$id$ | iplocation ip"`, "error: command iplocation"},
		{"map without search invalid", logons, `EventCode=4742 | map maxsearches=3`, "error: needs search="},
	})
}

// Macros inside map's quoted search are expanded when map runs it, as
// ESCU's `map search="search `wineventlog_security` ..."` relies on.
func TestMapMacros(t *testing.T) {
	env := testEnv(t)
	env.Macros = spl.Macros{}
	env.Macros.Add(spl.Macro{Name: "logons", Definition: "EventCode=4624"})
	runSemCasesEnv(t, env, []semCase{
		{"map expands macros", logons, "EventCode=4742 | map search=\"search `logons` TargetLogonId=$id$\" | table user", "user\nu2\nu1"},
		{"map unknown macro", logons, "EventCode=4742 | map search=\"search `nosuch` x=$id$\" | table user", "error: nosuch"},
	})
	runSemCases(t, []semCase{
		{"map macros need a table", logons, "EventCode=4742 | map search=\"search `logons` TargetLogonId=$id$\"", "error: map search with macros"},
	})
}
