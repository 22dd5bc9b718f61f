package fieldflow

import (
	"strings"

	"github.com/dactest/dactest/harness/spl"
)

// Stage is one pipeline command and the fields it outputs.
type Stage struct {
	Command string  // lower-case command name
	At      spl.Pos // where the command starts in the expanded text
	Out     Fields
	// Closer is the index of the last stage (this one or earlier) that
	// fixed the set of fields, e.g. a stats or table; -1 while open.
	Closer int
}

// Analyze returns the output of every stage of q, in order. The first
// stage of a search that starts without '|' is the base search, whose
// output is every event field.
func Analyze(q *spl.Query) []Stage {
	if q == nil {
		return nil
	}
	return analyze(q.Commands, Fields{Names: map[string]bool{}}, true)
}

// AnalyzeFrom is Analyze with the base search outputting base (e.g. the
// fields its data sources document) instead of every event field. A
// search that starts with a generating command is analysed as by Analyze.
func AnalyzeFrom(q *spl.Query, base Fields) []Stage {
	if q == nil || len(q.Commands) == 0 {
		return nil
	}
	if _, ok := q.Commands[0].(*spl.SearchCommand); !ok {
		return Analyze(q)
	}
	st := analyze(q.Commands, base, false)
	for i := range st {
		if st[i].Closer < 0 && !st[i].Out.Open {
			st[i].Closer = 0 // the base search fixed the fields
		}
	}
	return st
}

// Final is the output of the last stage (all event fields for an empty
// query).
func Final(stages []Stage) Stage {
	if len(stages) == 0 {
		return Stage{Out: AllEvents(), Closer: -1}
	}
	return stages[len(stages)-1]
}

func analyze(cmds []spl.Command, in Fields, generating bool) []Stage {
	out := make([]Stage, 0, len(cmds))
	closer := -1
	for i, c := range cmds {
		f := step(c, in, generating && i == 0)
		if !f.Open && (in.Open || closes(c)) {
			closer = i
		}
		if f.Open {
			closer = -1
		}
		out = append(out, Stage{Command: c.CommandName(), At: c.Position(), Out: f, Closer: closer})
		in = f
	}
	return out
}

// closes reports commands that replace the field set even on closed input.
func closes(c spl.Command) bool {
	switch c := c.(type) {
	case *spl.StatsCommand:
		return c.Name == "stats"
	case *spl.TstatsCommand:
		return true
	case *spl.FieldListCommand:
		return c.Name == "table" || c.Name == "fields"
	}
	return false
}

// step is one command's effect on the fields.
func step(c spl.Command, in Fields, first bool) Fields {
	switch c := c.(type) {
	case *spl.SearchCommand:
		if first {
			return AllEvents()
		}
		return in
	case *spl.WhereCommand:
		return in
	case *spl.EvalCommand:
		for _, a := range c.Assignments {
			in = in.with(a.Field)
		}
		return in
	case *spl.StatsCommand:
		return statsStep(c, in)
	case *spl.TstatsCommand:
		return tstatsStep(c)
	case *spl.RenameCommand:
		for _, p := range c.Pairs {
			in = rename(in, p.From, p.To)
		}
		return in
	case *spl.FillnullCommand:
		return in.with(c.Fields...)
	case *spl.ConvertCommand:
		for _, it := range c.Items {
			in = in.with(it.As)
		}
		return in
	case *spl.FieldListCommand:
		return fieldList(c, in)
	case *spl.GenericCommand:
		return generic(c, in, first)
	}
	return AllEvents()
}

func statsStep(c *spl.StatsCommand, in Fields) Fields {
	names := aggNames(c.Aggs)
	for _, b := range c.By {
		names = append(names, b.Name)
	}
	out := Closed(names...)
	if c.Name != "stats" { // eventstats, streamstats add to the events
		out = in.with(names...)
	}
	for _, a := range c.Aggs {
		out = union(out, wildcardAgg(a, in))
	}
	return out
}

// wildcardAgg is what values(*) AS * (or values(X.*) AS *) outputs: one
// field per input field matching the argument, renamed like rename does.
func wildcardAgg(a spl.Aggregation, in Fields) Fields {
	f, ok := a.Arg.(*spl.FieldRef)
	if !ok || !hasWildcard(f.Name) {
		return Closed()
	}
	to := a.As
	if to == "" {
		to = written(a) + "(" + f.Name + ")"
	}
	return rename(in.keep([]string{f.Name}), f.Name, to)
}

func tstatsStep(c *spl.TstatsCommand) Fields {
	for _, o := range c.Options {
		if o.Key == "prestats" && isTrue(o.Value) {
			return AllEvents() // prestats rows feed a later stats
		}
	}
	names := aggNames(c.Aggs)
	for _, b := range c.By {
		names = append(names, b.Name)
	}
	return Closed(names...)
}

// aggNames is each aggregation's output name: AS, else Splunk's default
// "func(field)" or "count" for a bare count.
func aggNames(aggs []spl.Aggregation) []string {
	out := make([]string, 0, len(aggs))
	for _, a := range aggs {
		if n := AggName(a); !hasWildcard(n) {
			out = append(out, n)
		}
	}
	return out
}

// AggName is the output field name of one aggregation.
func AggName(a spl.Aggregation) string {
	if a.As != "" {
		return a.As
	}
	if a.Arg == nil && a.Func != "sparkline" {
		return written(a) // count, Count
	}
	if a.Arg == nil {
		return spl.AggString(a)
	}
	if f, ok := a.Arg.(*spl.FieldRef); ok {
		return written(a) + "(" + f.Name + ")"
	}
	return spl.AggString(a)
}

// written is the function name as the search wrote it, which is what
// Splunk names the output field (values(x), not VALUES(x) lower-cased).
func written(a spl.Aggregation) string {
	if a.Written != "" {
		return a.Written
	}
	return a.Func + a.Param
}

// rename moves fields matching from to to; * in both carries the matched
// text across (rename Processes.* AS *).
func rename(in Fields, from, to string) Fields {
	g := in.clone()
	for n := range in.Names {
		if caps, ok := wildcard(from, n); ok {
			delete(g.Names, n)
			g.Names[fill(to, caps)] = true
		}
	}
	switch {
	case in.Open && !hasWildcard(from):
		// The open part may hold from; it is now called to.
		g = g.without(from).with(to)
	case in.Open:
		// Any name may now come from a renamed field: stop restricting.
		g.Patterns, g.Removed = nil, nil
	}
	return g
}

// fill substitutes captured wildcard text into the *s of pattern.
func fill(pattern string, caps []string) string {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '*' && len(caps) > 0 {
			b.WriteString(caps[0])
			caps = caps[1:]
			continue
		}
		b.WriteByte(pattern[i])
	}
	return b.String()
}

func fieldList(c *spl.FieldListCommand, in Fields) Fields {
	switch {
	case c.Name == "fields" && c.Remove:
		for _, f := range c.Fields {
			in = in.without(f)
		}
		return in
	case c.Name == "table" || c.Name == "fields":
		return in.keep(c.Fields)
	}
	return in // dedup
}

func isTrue(v string) bool {
	switch strings.ToLower(v) {
	case "t", "true", "1", "yes":
		return true
	}
	return false
}
