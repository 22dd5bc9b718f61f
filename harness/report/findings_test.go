package report

import "github.com/dactest/dactest/harness/content"

func findingsFixture() []content.Finding {
	return []content.Finding{
		{Pos: content.Pos{File: "/repo/detections/a,b.yml", Line: 3, Col: 7}, Severity: "error", Check: "type-enum",
			Message: `type "x" 100%`, Hint: "use TTP"},
		{Pos: content.Pos{File: "/repo/macros/m.yml"}, Severity: "info", Check: "spl-unsupported", Message: "cannot run"},
	}
}
