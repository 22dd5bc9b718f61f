package engine

import (
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// generating compiles generating commands other than search and tstats.
func (c *compiler) generating(cmd spl.Command) applyFn {
	n, ok := cmd.(*spl.GenericCommand)
	if !ok {
		return nil
	}
	switch n.Name {
	case "from":
		return c.fromDatamodel(n)
	case "inputlookup":
		return c.inputlookup(n)
	case "makeresults":
		return c.makeresults(n)
	}
	return nil
}

// fromDatamodel is `| from datamodel DM.Node` (also datamodel:DM.Node):
// the events of the node with their own field names, plus the node's
// calculated fields.
func (c *compiler) fromDatamodel(n *spl.GenericCommand) applyFn {
	spec := strings.TrimSpace(n.Args)
	spec = strings.TrimPrefix(spec, "datamodel")
	spec = strings.TrimLeft(spec, " :=")
	model, node, _ := strings.Cut(strings.Trim(spec, `"`), ".")
	if model == "" || strings.ContainsAny(spec, " |") {
		c.errs.unsupported(n.At, "from "+n.Args, "only `from datamodel DM.Node`")
		return nil
	}
	proj := c.projector(n.At, model, node)
	if proj == nil {
		return nil
	}
	key := proj.key + "|from"
	return func(rc *runCtx, _ frame) (frame, error) {
		return frame{rows: rc.ds.project(key, proj.events)}, nil
	}
}

// events keeps the events of the node, unprefixed, adding calculated
// fields.
func (p *projector) events(all []event.Row) []event.Row {
	var out []event.Row
	for _, e := range all {
		if !p.match(e) {
			continue
		}
		r := e
		cloned := false
		for _, fc := range p.copy {
			if fc.calc == nil {
				continue
			}
			if !cloned {
				r, cloned = e.Clone(), true
			}
			r.Set(fc.from, fc.calc(e).toValue())
		}
		out = append(out, r)
	}
	return out
}

// inputlookup returns a lookup table's rows: `| inputlookup name` (a
// trailing .csv is accepted, as Splunk resolves file names too).
func (c *compiler) inputlookup(n *spl.GenericCommand) applyFn {
	args := splitArgs(n)
	if len(args) != 1 || args[0].Key != "" {
		c.errs.unsupported(n.At, "inputlookup arguments "+n.Args, "only a lookup name")
		return nil
	}
	name := args[0].Value
	t := c.env.Lookups[name]
	if t == nil {
		t = c.env.Lookups[strings.TrimSuffix(name, ".csv")]
	}
	if t == nil {
		c.missingLookup(args[0].At, name)
		return nil
	}
	return func(*runCtx, frame) (frame, error) {
		rows := make([]event.Row, 0, len(t.Rows))
		for _, rec := range t.Rows {
			r := event.Row{}
			for i, f := range t.Fields {
				if i < len(rec) && rec[i] != "" {
					r[f] = event.Value{rec[i]}
				}
			}
			rows = append(rows, r)
		}
		return frame{rows: rows, cols: append([]string(nil), t.Fields...)}, nil
	}
}
