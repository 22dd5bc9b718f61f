package explain

import (
	"fmt"
	"io"
	"strings"
)

// Text writes an explanation for people: one line per stage, then the
// nearest events of the blocking stage with each failed condition.
func Text(w io.Writer, x *Explanation) {
	for i, s := range x.Stages {
		mark := "  "
		if x.Blocked != nil && x.Blocked.Stage == i {
			mark = "✗ "
		}
		fmt.Fprintf(w, "%s%-9s %6d → %-6d %s\n", mark, s.Command, s.In, s.Out, clip(s.Text, 100))
	}
	b := x.Blocked
	if b == nil {
		return
	}
	fmt.Fprintf(w, "\nnothing left after `%s` (%d input row(s) examined)\n", b.Command, b.Considered)
	if b.Note != "" {
		fmt.Fprintln(w, b.Note)
	}
	for _, n := range b.Nearest {
		fmt.Fprintf(w, "nearest: input row %d%s fails %d condition(s):\n", n.Index, timeNote(n.Time), len(n.Failed))
		for _, f := range n.Failed {
			writeFailure(w, f, "  ")
		}
	}
}

// writeFailure prints one failure; an OR lists each alternative's failed
// conditions beneath it, numbered.
func writeFailure(w io.Writer, f Failure, indent string) {
	if len(f.Alternatives) == 0 {
		fmt.Fprintf(w, "%s- %s\n", indent, f.String())
		return
	}
	fmt.Fprintf(w, "%s- %s\n", indent, f.heading())
	for i, alt := range f.Alternatives {
		fmt.Fprintf(w, "%s    alternative %d fails:\n", indent, i+1)
		for _, a := range alt {
			writeFailure(w, a, indent+"      ")
		}
	}
}

// heading names an OR that failed, with its scope.
func (f Failure) heading() string {
	s := fmt.Sprintf("none of the %d alternatives of %s holds", len(f.Alternatives), f.Condition)
	if f.Scope != "" {
		s += " [" + f.Scope + "]"
	}
	return s
}

// String is one failed condition in words.
func (f Failure) String() string {
	var s string
	switch f.Kind {
	case MissingField:
		s = fmt.Sprintf("%s: field %s is missing", f.Condition, f.Field)
	case ValueDiffers:
		s = fmt.Sprintf("%s: %s is %s, want %s", f.Condition, f.Field, quoteAll(f.Got), f.Want)
	case ByFieldNull:
		s = fmt.Sprintf("by-field %s is null, so the row is dropped", f.Field)
	case NoAlternative:
		alts := make([]string, len(f.Alternatives))
		for i, alt := range f.Alternatives {
			parts := make([]string, len(alt))
			for j, a := range alt {
				parts[j] = a.String()
			}
			alts[i] = fmt.Sprintf("(%d) %s", i+1, strings.Join(parts, "; "))
		}
		return f.heading() + ": " + strings.Join(alts, " ")
	case WhereFalse, WhereNull:
		s = fmt.Sprintf("where %s is %s", f.Condition, strings.TrimPrefix(f.Kind, "where condition "))
		if f.Field != "" {
			s += fmt.Sprintf(" (%s is %s)", f.Field, quoteAll(f.Got))
		}
	default:
		s = fmt.Sprintf("%s: %s", f.Condition, f.Kind)
	}
	if f.Similar != "" {
		s += fmt.Sprintf(" (the row has %s: a typo?)", f.Similar)
	}
	if f.Scope != "" {
		s += " [" + f.Scope + "]"
	}
	return s
}

// Summary is a one-line account of the blocking stage, for report
// messages: the failing conditions of the nearest event.
func (x *Explanation) Summary() string {
	if x == nil || x.Blocked == nil {
		return ""
	}
	b := x.Blocked
	if len(b.Nearest) == 0 {
		return fmt.Sprintf("`%s` left no row: %s", b.Command, b.Note)
	}
	var parts []string
	for _, f := range b.Nearest[0].Failed {
		parts = append(parts, f.String())
	}
	return fmt.Sprintf("nearest of %d row(s) into `%s` fails: %s", b.Considered, b.Command, strings.Join(parts, "; "))
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = `"` + v + `"` // as written in the event: Windows paths stay readable
	}
	return strings.Join(q, ", ")
}

func timeNote(t string) string {
	if t == "" {
		return ""
	}
	return " (_time " + t + ")"
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
