package engine

import (
	"fmt"
	"strings"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// tstatsOptions lists the options accepted. summariesonly,
// allow_old_summaries and chunk_size choose where Splunk reads data from
// (accelerated summaries or raw events) or how it batches; replayed events
// are all "summarized", so they change nothing here.
var tstatsOptions = map[string]bool{
	"summariesonly": true, "allow_old_summaries": true, "chunk_size": true, "fillnull_value": true,
}

// tstats compiles `| tstats aggs from datamodel=DM.Node [where ...] [by ...]`
// over the node's projection of the dataset (see projector).
func (c *compiler) tstats(n *spl.TstatsCommand, p *Program) applyFn {
	g := &grouping{}
	for _, o := range n.Options {
		if !tstatsOptions[o.Key] {
			c.errs.unsupported(o.At, "tstats option "+o.Key, "")
		}
		if o.Key == "fillnull_value" {
			v := o.Value
			g.fill = &v
		}
	}
	if n.Datamodel == "" {
		c.errs.unsupported(n.At, "tstats without datamodel", "only data-model tstats is supported")
		return nil
	}
	var projs []*projector
	for _, x := range c.tstatsDatasets(n) {
		if x == nil {
			return nil
		}
		projs = append(projs, c.projectNode(n.At, x))
	}
	if len(projs) == 0 {
		return nil
	}
	where := compileSearchTree(n.Where, c.errs)
	where.reportTimeBounds(c.errs)
	g.aggs = c.aggSpecs(n.Aggs, "tstats")
	g.by = c.tstatsBy(n.By)
	p.Warnings = append(p.Warnings, unknownFields(projs, n)...)
	used := tstatsFields(n)
	return func(rc *runCtx, _ frame) (frame, error) {
		w := where
		if where.hasSub() {
			// a subsearch in the where clause runs first and stands for
			// the condition its rows make; unbound it matched everything
			var err error
			if w, err = where.bind(rc); err != nil {
				return frame{}, err
			}
		}
		var rows []event.Row
		for _, proj := range projs {
			rows = append(rows, proj.rows(rc.ds, w, used)...)
		}
		return g.run(rows), nil
	}
}

// tstatsFields lists the node fields the aggregations and by-clause read;
// only those are materialised for the events that pass the where clause.
func tstatsFields(n *spl.TstatsCommand) []string {
	out := []string{event.Time} // earliest/latest order by it
	for _, b := range n.By {
		out = append(out, b.Name)
	}
	for _, a := range n.Aggs {
		walkExprFields(a.Arg, func(f string) { out = append(out, f) })
	}
	return dedupStrings(out)
}

// rows evaluates tstats over the dataset by columns: node membership and
// each field's column are cached in the dataset, the where clause is
// tested on columns, and a small row holding only the used fields is built
// for each event that passes.
func (p *projector) rows(ds *Dataset, where *snode, used []string) []event.Row {
	members := ds.nodeMembers(p.key, p.match)
	col := func(name string) []event.Value { return p.column(ds, name) }
	m := where.indexMatcher(col)
	cols := make([][]event.Value, len(used))
	for i, f := range used {
		cols[i] = col(f)
	}
	var out []event.Row
	for _, i := range members {
		if !m(i) {
			continue
		}
		r := make(event.Row, len(used))
		for k, f := range used {
			if v := cols[k][i]; v != nil {
				r[f] = v
			}
		}
		out = append(out, r)
	}
	return out
}

// column maps a tstats field name (Root.field, or a meta field) to the
// dataset column holding it; names the node does not define are null.
func (p *projector) column(ds *Dataset, name string) []event.Value {
	if isMeta(name) {
		return ds.column(name)
	}
	if name == nodenameField {
		return ds.derivedColumn(p.key+"|"+name, p.nodenames)
	}
	fc, ok := p.byName[name]
	if !ok {
		return make([]event.Value, ds.Len())
	}
	if fc.calc == nil && fc.in == nil {
		return ds.column(fc.from)
	}
	// A field's qualified name identifies it (its owner and name) within
	// the model, so the column is shared by every projection of the model.
	return ds.derivedColumn(p.model+"|"+name, fc.value)
}

// tstatsBy compiles the by-clause. span= is an option of the whole clause
// that buckets _time, wherever it is written (`by host span=1h _time` is
// common), so it is moved onto the _time field.
func (c *compiler) tstatsBy(by []spl.ByField) []byKey {
	keys := make([]byKey, len(by))
	var span string
	var spanAt spl.Pos
	hasTime := false
	for i, b := range by {
		keys[i] = byKey{field: b.Name}
		hasTime = hasTime || b.Name == event.Time
		if b.Span != "" {
			span, spanAt = b.Span, b.At
		}
	}
	if span == "" {
		return keys
	}
	secs, ok := parseSpan(span)
	if !ok || !hasTime {
		c.errs.unsupported(spanAt, "tstats span "+span, "span needs _time and a span in s, m, h or d")
		return keys
	}
	for i := range keys {
		if keys[i].field == event.Time {
			keys[i].span = secs
		}
	}
	return keys
}

// projector maps raw events to a data-model node's rows: an event belongs
// to the node when it matches the constraints of the node and all its
// ancestors; its row holds _time, host, source, sourcetype and, for every
// field of the node, its ancestors and its descendants, the field under
// its qualified name (see datamodel.Field.QualifiedName; calculated fields
// evaluated on the event).
//
// Splunk names a data-model field by the dataset that defines it:
// All_Certificates.src (defined by the root) and
// All_Certificates.SSL.ssl_issuer (defined by the child SSL), whichever
// dataset is searched. A search over a dataset can also read the fields
// of the datasets below it (`from datamodel=Change.All_Changes ... by
// All_Changes.Instance_Changes.instance_type`): an event has such a field
// only when it meets that descendant's constraints, and null otherwise.
type projector struct {
	key    string
	model  string          // key of the data model, for columns shared by its nodes
	fields map[string]bool // qualified names the projection defines
	match  matcher
	copy   []fieldCopy          // the node's and its ancestors' fields
	byName map[string]fieldCopy // also the descendants' fields
	// nodes are the node and its descendants with their lineage paths
	// (Authentication.Failed_Authentication), for `where nodename=...`.
	nodes []nodePath
}

type nodePath struct {
	path  string
	match matcher
}

// nodenameField is tstats' pseudo-field naming the datasets an event is in.
const nodenameField = "nodename"

type fieldCopy struct {
	to, from string
	calc     evalFn
	// in is set for a descendant's field: the event is in that dataset.
	in matcher
}

// value is the field's value on one event.
func (fc fieldCopy) value(r event.Row) event.Value {
	if fc.in != nil && !fc.in(r) {
		return nil
	}
	if fc.calc != nil {
		return fc.calc(r).toValue()
	}
	return r[fc.from]
}

var projectedMeta = []string{event.Time, event.Host, event.Source, event.Sourcetype, "index"}

// projector projects `datamodel Model[.Node]`: the named dataset, or the
// model's only root dataset (see modelDataset).
func (c *compiler) projector(at spl.Pos, model, node string) *projector {
	n := c.modelDataset(at, model, node)
	if n == nil {
		return nil
	}
	return c.projectNode(at, n)
}

func (c *compiler) projectNode(at spl.Pos, n *datamodel.Node) *projector {
	p := &projector{
		key:    fmt.Sprintf("%p|%s.%s", c.env.Datamodels, n.Model().Name, n.Name),
		model:  fmt.Sprintf("%p|%s", c.env.Datamodels, n.Model().Name),
		fields: map[string]bool{},
		byName: map[string]fieldCopy{},
	}
	p.match = c.constraints(at, n)
	for _, f := range n.AllFields() {
		if fc, ok := c.fieldCopy(at, f); ok {
			p.add(fc)
			p.copy = append(p.copy, fc)
		}
	}
	for _, d := range n.Descendants() {
		own := d.OwnFields()
		if len(own) == 0 {
			continue
		}
		in := c.constraints(at, d)
		for _, f := range own {
			if fc, ok := c.fieldCopy(at, f); ok {
				fc.in = in
				p.add(fc)
			}
		}
	}
	p.nodes = c.subtree(at, n)
	return p
}

// subtree lists n and every dataset below it with compiled constraints.
func (c *compiler) subtree(at spl.Pos, n *datamodel.Node) []nodePath {
	var out []nodePath
	for _, x := range n.Model().Objects {
		lineage := x.Lineage()
		inside := false
		names := make([]string, len(lineage))
		for i, l := range lineage {
			names[i] = l.Name
			inside = inside || l == n
		}
		if inside {
			out = append(out, nodePath{path: strings.Join(names, "."), match: c.constraints(at, x)})
		}
	}
	return out
}

// nodenames is the nodename value of one event: the paths of the datasets
// (below the queried one) whose constraints it meets.
func (p *projector) nodenames(r event.Row) event.Value {
	var v event.Value
	for _, n := range p.nodes {
		if n.match(r) {
			v = append(v, n.path)
		}
	}
	return v
}

// fieldCopy compiles one data-model field: it reads the event's field of
// the same name, or evaluates the calculation.
func (c *compiler) fieldCopy(at spl.Pos, f datamodel.Field) (fieldCopy, bool) {
	fc := fieldCopy{to: f.QualifiedName(), from: f.Name}
	if f.Eval != "" {
		x, err := spl.ParseEvalExpr(f.Eval)
		if err != nil {
			c.errs.invalid(at, "datamodel field "+fc.to, err.Error())
			return fc, false
		}
		fc.calc = c.expr(x)
	}
	return fc, true
}

func (p *projector) add(fc fieldCopy) {
	p.fields[fc.to] = true
	p.byName[fc.to] = fc
}

// constraints compiles the constraint searches of the node's lineage.
func (c *compiler) constraints(at spl.Pos, n *datamodel.Node) matcher {
	var ms []matcher
	for _, x := range n.Lineage() {
		expr, err := spl.ParseSearchExpr(x.Constraint)
		if err != nil {
			c.errs.invalid(at, "datamodel constraint of "+x.Name, err.Error())
			continue
		}
		ms = append(ms, compileSearch(expr, c.errs))
	}
	return andMatchers(ms)
}

// unknownFields warns about fields tstats names that none of the nodes it
// reads defines: Splunk quietly returns null for them, which is rarely
// intended.
func unknownFields(projs []*projector, n *spl.TstatsCommand) []*CompileError {
	var ws []*CompileError
	var names []string
	for _, p := range projs {
		names = append(names, strings.TrimSuffix(p.key[strings.Index(p.key, "|")+1:], "."))
	}
	check := func(pos spl.Pos, name string) {
		if isMeta(name) || name == nodenameField {
			return
		}
		for _, p := range projs {
			if p.fields[name] {
				return
			}
		}
		ws = append(ws, &CompileError{Pos: pos, Kind: KindInvalid, What: "tstats field " + name,
			Msg: "not defined by data model node " + strings.Join(names, " or ")})
	}
	for _, b := range n.By {
		check(b.At, b.Name)
	}
	for _, a := range n.Aggs {
		if f, ok := a.Arg.(*spl.FieldRef); ok {
			check(f.At, f.Name)
		}
	}
	walkSearchFields(n.Where, check)
	return ws
}

func isMeta(name string) bool {
	for _, m := range projectedMeta {
		if name == m {
			return true
		}
	}
	return false
}

func walkSearchFields(x spl.SearchExpr, f func(spl.Pos, string)) {
	switch n := x.(type) {
	case *spl.SearchAnd:
		for _, t := range n.Terms {
			walkSearchFields(t, f)
		}
	case *spl.SearchOr:
		for _, t := range n.Terms {
			walkSearchFields(t, f)
		}
	case *spl.SearchNot:
		walkSearchFields(n.X, f)
	case *spl.SearchCompare:
		f(n.At, n.Field)
	case *spl.SearchIn:
		f(n.At, n.Field)
	}
}
