package ingest

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// INGEST_EVAL (transforms.conf.spec): comma-separated assignments
// "<name>[<type>] (= | :=) <eval expression>", run in order, each seeing
// the ones before it.
//
//   - The KEYs (_raw, _time, host, source, sourcetype, index, queue) are
//     the event's metadata: an assignment replaces it; queue = "nullQueue"
//     drops the event.
//   - Any other name is an indexed field. "=" adds the values to the
//     field even when it exists ("a=5, a=a+2" gives a::5 a::7); ":="
//     replaces it, and ":= null()" removes it. A multivalue result adds
//     every value.
//   - A name in an expression reads the field's first value;
//     $mv:<name>$ reads all its values. $pd:<key>$ and $field:<name>$
//     name a KEY and a _meta field.

type ingestAssign struct {
	target  string
	replace bool // ":="
	asInt   bool // [int]
	eval    func(event.Row) event.Value
	mv      map[string]bool // fields read as $mv:<name>$
}

// ingestKeys are the names an INGEST_EVAL writes as event metadata.
var ingestKeys = map[string]bool{event.Raw: true, event.Time: true, event.Host: true, event.Source: true,
	event.Sourcetype: true, "index": true, "queue": true}

var (
	ingestTarget = regexp.MustCompile(`^\s*(\$(?:pd:|field:)?[^$]+\$|[A-Za-z_][\w.:-]*?)\s*(?:\[([\w-]+)\])?\s*(:=|=)`)
	ingestVarRef = regexp.MustCompile(`\$(?:pd|field|mv):([^$]+)\$`)
)

func compileIngestEval(src string, c Compilers) ([]ingestAssign, error) {
	if c.Eval == nil {
		return nil, fmt.Errorf("no SPL eval compiler")
	}
	var out []ingestAssign
	for _, part := range splitTopLevel(src, ',') {
		if strings.TrimSpace(part) == "" {
			continue
		}
		m := ingestTarget.FindStringSubmatchIndex(part)
		if m == nil || strings.HasPrefix(part[m[1]:], "=") {
			return nil, fmt.Errorf("%q is not an assignment <name>=<expression>", strings.TrimSpace(part))
		}
		a := ingestAssign{target: ingestName(part[m[2]:m[3]]), replace: part[m[6]:m[7]] == ":="}
		if m[4] >= 0 {
			typ := part[m[4]:m[5]]
			if !ingestTypes[typ] {
				return nil, fmt.Errorf("%s: unknown type [%s] (want int, float, float32, float-sf, float32-sf or string)", a.target, typ)
			}
			a.asInt = typ == "int"
		}
		for _, ref := range ingestVarRef.FindAllStringSubmatch(part[m[1]:], -1) {
			if strings.HasPrefix(ref[0], "$mv:") {
				if a.mv == nil {
					a.mv = map[string]bool{}
				}
				a.mv[ref[1]] = true
			}
		}
		expr := ingestVarRef.ReplaceAllString(part[m[1]:], "'$1'")
		f, err := c.Eval(expr)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", a.target, err)
		}
		a.eval = f
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no assignment")
	}
	return out, nil
}

var ingestTypes = map[string]bool{"int": true, "float": true, "float32": true, "float-sf": true, "float32-sf": true, "string": true}

// ingestName strips $pd:...$ / $field:...$ to the bare name.
func ingestName(s string) string {
	if strings.HasPrefix(s, "$") {
		s = strings.Trim(s, "$")
		s = strings.TrimPrefix(strings.TrimPrefix(s, "pd:"), "field:")
	}
	return s
}

// applyIngestEval runs the assignments in order; false drops the event.
func applyIngestEval(assigns []ingestAssign, row event.Row) bool {
	for _, a := range assigns {
		v := a.eval(firstValues(row, a.mv))
		if a.asInt {
			v = truncInts(v)
		}
		switch {
		case a.target == "queue":
			if v.First() == "nullQueue" {
				return false
			}
		case ingestKeys[a.target]:
			if !v.Null() {
				row[a.target] = event.Single(v.First())
			}
		case a.replace && v.Null():
			delete(row, a.target)
		case a.replace:
			row[a.target] = append(event.Value(nil), v...)
		default:
			// a fresh slice: the old one may be shared with other rows
			row[a.target] = append(append(event.Value(nil), row[a.target]...), v...)
		}
	}
	return true
}

// firstValues is row as an INGEST_EVAL expression sees it: each
// multivalue field but those in mv cut to its first value. row itself
// is returned when nothing needs cutting.
func firstValues(row event.Row, mv map[string]bool) event.Row {
	var view event.Row
	for k, v := range row {
		if len(v) < 2 || mv[k] {
			continue
		}
		if view == nil {
			view = make(event.Row, len(row))
			for k2, v2 := range row {
				view[k2] = v2
			}
		}
		view[k] = v[:1]
	}
	if view == nil {
		return row
	}
	return view
}

func truncInts(v event.Value) event.Value {
	out := make(event.Value, 0, len(v))
	for _, s := range v {
		if f, ok := event.ParseNumber(s); ok {
			s = event.FormatNumber(math.Trunc(f))
		}
		out = append(out, s)
	}
	return out
}

// splitTopLevel splits s at sep outside quotes and parentheses.
func splitTopLevel(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
