package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/spl"
)

// Choosing the dataset a data-model search reads.
//
// Splunk's tstats syntax is
//
//	FROM datamodel=<data_model_name>.<root_dataset_name>
//	    [where nodename = <root_dataset_name>.<...>.<target_dataset_name>]
//
// (Search Reference, tstats, 9.x/10.x): the nodename value is a dataset's
// lineage path, starting at its root dataset and without the model name
// (Processes, All_Traffic.Blocked_Traffic,
// Authentication.Failed_Authentication). nodename is a field of every
// data-model row naming the datasets the row is in, so it filters like any
// other field; dactest also uses it to pick which dataset(s) to project.
//
// A model with several root datasets (Endpoint: Ports, Processes,
// Services, Filesystem, Registry) named without a root and without a
// nodename that says which one is refused with the list of choices, rather
// than quietly reading whichever root is defined first.

// modelDataset resolves `datamodel=Model[.Node]` without a where clause
// (`| from datamodel`): the named dataset, or the model's only root.
func (c *compiler) modelDataset(at spl.Pos, model, node string) *datamodel.Node {
	if c.env.Datamodels == nil {
		c.errs.invalid(at, "tstats", "no data models configured")
		return nil
	}
	m, known := c.env.Datamodels.Model(model)
	if !known {
		// CIM defines it and Splunk would run it; dactest lacks its definition.
		c.errs.unsupported(at, "datamodel "+model, "no definition of this data model in dactest yet")
		return nil
	}
	if node == "" {
		roots := modelRoots(m)
		if len(roots) == 1 {
			return roots[0]
		}
		c.errs.invalid(at, "datamodel "+model, "the model has "+strconv.Itoa(len(roots))+" root datasets ("+
			strings.Join(nodeNames(roots), ", ")+"); name one, e.g. datamodel="+model+"."+roots[0].Name+
			" or `where nodename="+roots[0].Name+"`")
		return nil
	}
	n, err := c.env.Datamodels.Node(model, node)
	if err != nil {
		c.errs.invalid(at, "datamodel "+model+"."+node, err.Error())
		return nil
	}
	return n
}

// tstatsDatasets resolves the datasets a tstats command reads: the one
// its where clause selects with a top-level `nodename=<path>`, else the
// dataset named in datamodel=, else the model's only root. A where clause
// that names datasets under several roots only inside OR/NOT (`(nodename=
// Processes ...) OR (nodename=Filesystem ...)`) reads every root of the
// model and lets the nodename terms filter the rows.
func (c *compiler) tstatsDatasets(n *spl.TstatsCommand) []*datamodel.Node {
	if c.env.Datamodels == nil {
		c.errs.invalid(n.At, "tstats", "no data models configured")
		return nil
	}
	m, known := c.env.Datamodels.Model(n.Datamodel)
	if !known {
		return []*datamodel.Node{c.modelDataset(n.At, n.Datamodel, n.Node)} // reports it
	}
	paths := datasetPaths(m)
	var base *datamodel.Node
	if n.Node != "" {
		if base = c.modelDataset(n.At, n.Datamodel, n.Node); base == nil {
			return nil
		}
	}
	ok := true
	var named []*datamodel.Node // datasets named by nodename= terms
	for _, t := range nodenameTerms(n.Where) {
		if strings.Contains(t.Value, "*") {
			continue // a pattern filters; it does not name one dataset
		}
		x := paths[strings.ToLower(t.Value)]
		if x == nil {
			c.errs.invalid(t.At, "nodename "+t.Value, unknownPathMsg(m, t.Value, paths))
			ok = false
			continue
		}
		if base != nil && !within(x, base) {
			c.errs.invalid(t.At, "nodename "+t.Value, "dataset "+lineagePath(x)+" is not inside datamodel="+
				n.Datamodel+"."+n.Node+" (nodename names "+lineagePath(base)+" or a dataset below it)")
			ok = false
			continue
		}
		if t.Op == "=" {
			named = append(named, x)
		}
	}
	if !ok {
		return nil
	}
	if sel := selectedDataset(n.Where, paths); sel != nil {
		return []*datamodel.Node{sel}
	}
	if base != nil {
		return []*datamodel.Node{base}
	}
	roots := modelRoots(m)
	if len(roots) == 1 || len(named) == 0 {
		return []*datamodel.Node{c.modelDataset(n.At, n.Datamodel, "")}
	}
	return roots
}

// selectedDataset is the dataset a where clause pins with a nodename=path
// term every row must meet (a top-level AND term), if exactly one.
func selectedDataset(where spl.SearchExpr, paths map[string]*datamodel.Node) *datamodel.Node {
	var sel *datamodel.Node
	count := 0
	for _, t := range conjuncts(where) {
		cmp, isCmp := t.(*spl.SearchCompare)
		if !isCmp || cmp.Field != nodenameField || cmp.Op != "=" {
			continue
		}
		if x := paths[strings.ToLower(cmp.Value)]; x != nil {
			sel = x
			count++
		}
	}
	if count != 1 {
		return nil
	}
	return sel
}

// conjuncts flattens the top-level AND of a where clause.
func conjuncts(x spl.SearchExpr) []spl.SearchExpr {
	if a, ok := x.(*spl.SearchAnd); ok {
		var out []spl.SearchExpr
		for _, t := range a.Terms {
			out = append(out, conjuncts(t)...)
		}
		return out
	}
	if x == nil {
		return nil
	}
	return []spl.SearchExpr{x}
}

// nodenameTerms lists every `nodename=v` / `nodename!=v` in the clause.
func nodenameTerms(x spl.SearchExpr) []*spl.SearchCompare {
	var out []*spl.SearchCompare
	var walk func(spl.SearchExpr)
	walk = func(x spl.SearchExpr) {
		switch n := x.(type) {
		case *spl.SearchAnd:
			for _, t := range n.Terms {
				walk(t)
			}
		case *spl.SearchOr:
			for _, t := range n.Terms {
				walk(t)
			}
		case *spl.SearchNot:
			walk(n.X)
		case *spl.SearchCompare:
			if n.Field == nodenameField && (n.Op == "=" || n.Op == "!=") {
				out = append(out, n)
			}
		}
	}
	walk(x)
	return out
}

// unknownPathMsg explains a nodename that is no dataset path of the model,
// listing the valid paths and the likely intended one.
func unknownPathMsg(m *datamodel.Model, value string, paths map[string]*datamodel.Node) string {
	msg := "data model " + m.Name + " has no dataset with this path"
	if rest, cut := strings.CutPrefix(strings.ToLower(value), strings.ToLower(m.Name)+"."); cut {
		if x := paths[rest]; x != nil {
			msg += "; nodename paths start at a root dataset, not the model name: did you mean nodename=" + lineagePath(x) + "?"
			return msg
		}
	}
	all := make([]string, 0, len(paths))
	for _, x := range paths {
		all = append(all, lineagePath(x))
	}
	sort.Strings(all)
	return msg + " (paths start at a root dataset: " + strings.Join(all, ", ") + ")"
}

// datasetPaths maps every dataset's lineage path, lower-cased, to it.
func datasetPaths(m *datamodel.Model) map[string]*datamodel.Node {
	out := map[string]*datamodel.Node{}
	for _, x := range m.Objects {
		out[strings.ToLower(lineagePath(x))] = x
	}
	return out
}

func lineagePath(n *datamodel.Node) string {
	return strings.Join(nodeNames(n.Lineage()), ".")
}

func within(x, base *datamodel.Node) bool {
	for _, l := range x.Lineage() {
		if l == base {
			return true
		}
	}
	return false
}

func modelRoots(m *datamodel.Model) []*datamodel.Node {
	var out []*datamodel.Node
	for _, x := range m.Objects {
		if x.Parent == "" {
			out = append(out, x)
		}
	}
	return out
}

func nodeNames(ns []*datamodel.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Name
	}
	return out
}
