package engine

import (
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// subProgram compiles a command's [subsearch]; it runs over the same
// dataset as the main search.
func (c *compiler) subProgram(n *spl.GenericCommand) *Program {
	if len(n.Subsearches) != 1 {
		c.errs.invalid(n.At, "command "+n.Name, "needs exactly one [subsearch]")
		return nil
	}
	return c.subQuery(n.Subsearches[0])
}

// subQuery compiles a subsearch's pipeline into the same error list.
func (c *compiler) subQuery(q *spl.Query) *Program {
	p := &Program{}
	for i, cmd := range q.Commands {
		if s, ok := c.command(cmd, i == 0, p); ok {
			p.stages = append(p.stages, s)
		}
	}
	return p
}

func (p *Program) rows(rc *runCtx) ([]event.Row, error) {
	res, err := p.Run(rc.ctx, rc.ds)
	if err != nil {
		return nil, err
	}
	return res.Table.Rows, nil
}

// argsBeforeSubsearch returns the command's arguments without the
// [subsearch] part.
func argsBeforeSubsearch(n *spl.GenericCommand) *spl.GenericCommand {
	c := *n
	if i := strings.IndexByte(c.Args, '['); i >= 0 {
		c.Args = c.Args[:i]
	}
	return &c
}

// joinSpec is a compiled join.
type joinSpec struct {
	sub       *Program
	fields    []string
	keep      bool // type=left/outer
	max       int  // matches per row; 0 = all
	overwrite bool
}

// join combines each row with the subsearch rows that have the same values
// of the join fields (compared exactly). type=inner (default) drops rows
// without a match, left/outer keeps them; max=N (default 1, 0 = all)
// limits matches per row; subsearch fields overwrite the row's unless
// overwrite=false (join reference).
func (c *compiler) join(n *spl.GenericCommand) applyFn {
	j := &joinSpec{sub: c.subProgram(n), max: 1, overwrite: true}
	for _, a := range splitArgs(argsBeforeSubsearch(n)) {
		c.joinOption(j, a)
	}
	if len(j.fields) == 0 {
		c.errs.unsupported(n.At, "join without fields", "")
	}
	if j.sub == nil {
		return nil
	}
	return j.apply
}

func (c *compiler) joinOption(j *joinSpec, a cmdArg) {
	switch a.Key {
	case "type":
		switch strings.ToLower(a.Value) {
		case "left", "outer":
			j.keep = true
		case "inner":
		default:
			c.errs.unsupported(a.At, "join type "+a.Value, "")
		}
	case "max":
		j.max, _ = strconv.Atoi(a.Value)
	case "overwrite":
		j.overwrite = isTrue(a.Value)
	case "":
		j.fields = append(j.fields, a.Value)
	default:
		c.errs.unsupported(a.At, "join option "+a.Key, "")
	}
}

func (j *joinSpec) apply(rc *runCtx, f frame) (frame, error) {
	subRows, err := j.sub.rows(rc)
	if err != nil {
		return frame{}, err
	}
	index := map[string][]event.Row{}
	for _, s := range subRows {
		if k, ok := groupKey(s, j.fields); ok {
			index[k] = append(index[k], s)
		}
	}
	var out []event.Row
	for _, r := range f.rows {
		k, ok := groupKey(r, j.fields)
		matches := index[k]
		if !ok || len(matches) == 0 {
			if j.keep {
				out = append(out, r)
			}
			continue
		}
		if j.max > 0 && len(matches) > j.max {
			matches = matches[:j.max]
		}
		for _, m := range matches {
			out = append(out, merge(r, m, j.overwrite))
		}
	}
	return frame{rows: out}, nil
}

func merge(r, sub event.Row, overwrite bool) event.Row {
	out := r.Clone()
	for k, v := range sub {
		if _, exists := out[k]; exists && !overwrite {
			continue
		}
		out[k] = v
	}
	return out
}

// appendCmd adds the subsearch's rows after the current rows.
func (c *compiler) appendCmd(n *spl.GenericCommand) applyFn {
	for _, a := range splitArgs(argsBeforeSubsearch(n)) {
		c.errs.unsupported(a.At, "append option "+a.Key, "")
	}
	sub := c.subProgram(n)
	if sub == nil {
		return nil
	}
	return func(rc *runCtx, f frame) (frame, error) {
		subRows, err := sub.rows(rc)
		if err != nil {
			return frame{}, err
		}
		out := append(append([]event.Row(nil), f.rows...), subRows...)
		return frame{rows: out}, nil
	}
}
