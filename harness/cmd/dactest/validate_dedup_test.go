package main

import (
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// One undefined macro is one finding: the compiler's spl-macro at the
// place macro-ref already names is dropped, others are kept.
func TestWithoutRepeatedMacros(t *testing.T) {
	at := content.Pos{File: "detections/x.yml", Line: 13, Col: 19}
	elsewhere := content.Pos{File: "detections/y.yml", Line: 2, Col: 1}
	have := []content.Finding{{Pos: at, Check: "macro-ref"}}
	got := withoutRepeatedMacros(have, []content.Finding{
		{Pos: at, Check: runner.CheckSPLMacro},
		{Pos: elsewhere, Check: runner.CheckSPLMacro},
		{Pos: at, Check: runner.CheckSPLInvalid},
	})
	if len(got) != 2 || got[0].Pos != elsewhere || got[1].Check != runner.CheckSPLInvalid {
		t.Errorf("got %+v", got)
	}
}
