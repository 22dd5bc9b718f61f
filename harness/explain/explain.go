// Package explain says why a detection's search does not fire on a
// dataset: the row count after every pipeline stage and, for the stage
// that drops everything, the events that came nearest to passing with the
// conditions each failed (missing field, value differs, by-field null).
//
// It re-runs the compiled program with a tracer and judges each condition
// of the blocking stage through the engine's own matchers
// (engine.CompileSearchExpr, CompileCondition, NodeProjection), so the
// explanation can never disagree with the verdict.
package explain

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// MaxNearest is how many nearest events an explanation lists.
const MaxNearest = 3

// Explanation is a pipeline's row counts and, when a stage leaves no row,
// why.
type Explanation struct {
	Stages  []Stage  `json:"stages"`
	Blocked *Blocked `json:"blocked,omitempty"`
}

// Stage is one command with the rows that entered and left it.
type Stage struct {
	Command string `json:"command"`
	Text    string `json:"text"` // the command as SPL, macros expanded
	In      int    `json:"in"`
	Out     int    `json:"out"`
}

// Blocked is the first stage that left no row, with the nearest inputs.
type Blocked struct {
	Stage      int    `json:"stage"` // index into Stages
	Command    string `json:"command"`
	Considered int    `json:"considered"` // events or rows examined
	Nearest    []Near `json:"nearest,omitempty"`
	Note       string `json:"note,omitempty"` // when conditions cannot be broken down
}

// Near is one input row and the conditions it failed; fewer is nearer.
type Near struct {
	Index  int       `json:"index"` // position among the stage's input
	Time   string    `json:"time,omitempty"`
	Failed []Failure `json:"failed"`
}

// Failure kinds.
const (
	MissingField  = "missing field"
	ValueDiffers  = "value differs"
	TermAbsent    = "term not in _raw"
	NegationMatch = "negated condition matched"
	ByFieldNull   = "by-field null"
	WhereFalse    = "where condition false"
	WhereNull     = "where condition null"
	NoAlternative = "no alternative holds" // an OR: Alternatives says why each failed
)

// Failure is one condition an input row did not meet.
type Failure struct {
	Condition string   `json:"condition"`
	Field     string   `json:"field,omitempty"`
	Kind      string   `json:"kind"`
	Got       []string `json:"got,omitempty"`  // the row's value(s)
	Want      string   `json:"want,omitempty"` // the pattern or expression
	Scope     string   `json:"scope,omitempty"`
	// Similar is, for a missing field or a null by-field, the row's field
	// nearest in name (see similarField).
	Similar string `json:"similar,omitempty"`
	// Alternatives are, for an OR that fails (NoAlternative), the failed
	// conditions of each alternative in order, every leaf with its values.
	Alternatives [][]Failure `json:"alternatives,omitempty"`
}

// cost ranks failures for nearness: a condition counts one; an OR counts
// as its cheapest alternative, the fewest changes that would let it hold.
func cost(fs []Failure) int {
	n := 0
	for _, f := range fs {
		if len(f.Alternatives) == 0 {
			n++
			continue
		}
		least := -1
		for _, alt := range f.Alternatives {
			if c := cost(alt); least < 0 || c < least {
				least = c
			}
		}
		n += max(least, 1)
	}
	return n
}

// Input is what an explanation needs: the parsed (expanded) query the
// program was compiled from, the program, its environment and the data.
type Input struct {
	Query   *spl.Query
	Program *engine.Program
	Env     *engine.Env
	Data    *engine.Dataset
}

// Run traces the program over the data and explains the first stage that
// leaves no row. A pipeline that returns rows has no Blocked part.
func Run(ctx context.Context, in Input) (*Explanation, error) {
	tr := &tracer{}
	if _, err := in.Program.RunTrace(ctx, in.Data, tr); err != nil {
		return nil, err
	}
	x := &Explanation{}
	for _, s := range tr.stages {
		x.Stages = append(x.Stages, Stage{Command: s.command, Text: commandText(in.Query, s.pos), In: len(s.in), Out: len(s.out)})
	}
	for i, s := range tr.stages {
		if len(s.out) > 0 {
			continue
		}
		b, err := blockedAt(in, s)
		if err != nil {
			return nil, err
		}
		b.Stage = i
		x.Blocked = b
		break
	}
	return x, nil
}

type traced struct {
	command string
	pos     spl.Pos
	in, out []event.Row
}

type tracer struct{ stages []traced }

func (t *tracer) Stage(command string, pos spl.Pos, in, out []event.Row) {
	t.stages = append(t.stages, traced{command, pos, in, out})
}

// commandAt finds the query command a stage was compiled from.
func commandAt(q *spl.Query, pos spl.Pos) spl.Command {
	if q == nil {
		return nil
	}
	for _, c := range q.Commands {
		if c.Position() == pos {
			return c
		}
	}
	return nil
}

func commandText(q *spl.Query, pos spl.Pos) string {
	if c := commandAt(q, pos); c != nil {
		return spl.CommandString(c)
	}
	return ""
}

func blockedAt(in Input, s traced) (*Blocked, error) {
	b := &Blocked{Command: s.command, Considered: len(s.in)}
	if len(s.in) == 0 {
		b.Note = "no input rows: the dataset has no events"
		return b, nil
	}
	var judge rowJudge
	var err error
	switch c := commandAt(in.Query, s.pos).(type) {
	case *spl.SearchCommand:
		judge, err = searchJudge(c.Expr, "")
	case *spl.TstatsCommand:
		judge, err = tstatsJudge(c, in.Env)
	case *spl.WhereCommand:
		judge, err = whereJudge(c.Expr, in.Env)
	case *spl.StatsCommand:
		judge = statsJudge(c)
	}
	if err != nil {
		return nil, fmt.Errorf("explain %s: %w", s.command, err)
	}
	if judge == nil {
		b.Note = fmt.Sprintf("`%s` left no row; explain breaks down search, where, tstats and stats by-fields only", s.command)
		return b, nil
	}
	b.Nearest = nearest(s.in, judge, MaxNearest)
	if len(b.Nearest) == 0 {
		b.Note = "every input row meets each condition on its own; the rows are dropped by the command as a whole"
	}
	return b, nil
}

// rowJudge lists the conditions one input row fails.
type rowJudge func(event.Row) []Failure

// nearest returns the k rows failing the fewest conditions, in input order
// among equals.
func nearest(rows []event.Row, judge rowJudge, k int) []Near {
	var best []Near
	for i, r := range rows {
		f := judge(r)
		if len(f) == 0 {
			continue
		}
		if len(best) == k && cost(f) >= cost(best[k-1].Failed) {
			continue
		}
		n := Near{Index: i, Time: timeOf(r), Failed: f}
		best = insertNear(best, n, k)
	}
	return best
}

// timeOf renders an event's _time (epoch seconds) in UTC.
func timeOf(r event.Row) string {
	secs, ok := r.Time()
	if !ok {
		return r.Get(event.Time).First()
	}
	whole := math.Floor(secs)
	return time.Unix(int64(whole), int64((secs-whole)*1e9)).UTC().Format("2006-01-02T15:04:05.000Z")
}

func insertNear(best []Near, n Near, k int) []Near {
	at := len(best)
	for at > 0 && cost(best[at-1].Failed) > cost(n.Failed) {
		at--
	}
	best = append(best, Near{})
	copy(best[at+1:], best[at:])
	best[at] = n
	if len(best) > k {
		best = best[:k]
	}
	return best
}
