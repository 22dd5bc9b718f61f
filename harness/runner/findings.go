package runner

import (
	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
)

// Search findings' check ids. A search our parser rejects is a warning,
// not an error: contentctl does not parse SPL, and a rejection may be our
// parser's gap rather than the author's mistake.
const (
	CheckSPLParse       = "spl-parse"
	CheckSPLMacro       = "spl-macro"
	CheckSPLInvalid     = "spl-invalid"
	CheckSPLUnsupported = "spl-unsupported"
)

// SearchFindings compiles every detection that is not deprecated and turns
// each problem into a positioned finding.
func (c *Compiler) SearchFindings(tree *content.Tree) []content.Finding {
	var out []content.Finding
	seen := map[string]bool{}
	for _, d := range tree.Detections {
		if d.Status == "deprecated" || d.Search == "" && d.SearchPos.Line == 0 {
			continue // no search: key at all is the schema check's finding
		}
		comp := c.Get(tree, d)
		for _, p := range append(append([]Problem(nil), comp.Problems...), comp.Warnings...) {
			f := problemFinding(p)
			// A problem inside a shared macro is one finding, not one per user.
			if key := f.String(); !seen[key] {
				seen[key] = true
				out = append(out, f)
			}
		}
	}
	return out
}

func problemFinding(p Problem) content.Finding {
	f := content.Finding{Pos: p.Pos, Message: p.What}
	if p.Msg != "" && p.Msg != p.What {
		f.Message += ": " + p.Msg
	}
	switch p.Kind {
	case engine.KindUnsupported:
		f.Check, f.Severity = CheckSPLUnsupported, content.SeverityInfo
		f.Message = "dactest cannot run this search yet: " + f.Message
		f.Hint = "tests of this detection report 'unsupported' until the engine supports it"
	case "macro":
		// A warning: contentctl accepts macros that Enterprise Security
		// ships (get_asset, get_identity4events) without a file for them.
		f.Check, f.Severity = CheckSPLMacro, content.SeverityWarning
		f.Hint = "define the macro under macros/ or fix its name and argument count"
	case "parse":
		f.Check, f.Severity = CheckSPLParse, content.SeverityWarning
		f.Hint = "check the SPL syntax at this position"
	default:
		f.Check, f.Severity = CheckSPLInvalid, content.SeverityWarning
	}
	return f
}
