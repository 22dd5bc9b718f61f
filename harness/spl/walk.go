package spl

// WalkQuery calls f for every command of q and, depth first, every node
// inside it (search and eval expressions, aggregation arguments,
// subsearch commands). If f returns false the node's children are skipped.
func WalkQuery(q *Query, f func(Node) bool) {
	if q == nil {
		return
	}
	for _, c := range q.Commands {
		Walk(c, f)
	}
}

// Walk calls f for n and, if f returns true, for each node inside it.
func Walk(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case *SearchCommand:
		walkSearch(n.Expr, f)
	case *WhereCommand:
		walkExpr(n.Expr, f)
	case *EvalCommand:
		for _, a := range n.Assignments {
			walkExpr(a.Expr, f)
		}
	case *StatsCommand:
		walkAggs(n.Aggs, f)
	case *TstatsCommand:
		walkAggs(n.Aggs, f)
		walkSearch(n.Where, f)
	case *GenericCommand:
		for _, q := range n.Subsearches {
			WalkQuery(q, f)
		}
	case *SearchAnd:
		for _, t := range n.Terms {
			Walk(t, f)
		}
	case *SearchOr:
		for _, t := range n.Terms {
			Walk(t, f)
		}
	case *SearchNot:
		walkSearch(n.X, f)
	case *SearchSubsearch:
		WalkQuery(n.Query, f)
	case *Call:
		for _, a := range n.Args {
			walkExpr(a, f)
		}
	case *Binary:
		walkExpr(n.L, f)
		walkExpr(n.R, f)
	case *Unary:
		walkExpr(n.X, f)
	case *InList:
		walkExpr(n.X, f)
		for _, a := range n.List {
			walkExpr(a, f)
		}
	}
}

// walkSearch and walkExpr avoid passing a typed nil inside a Node.
func walkSearch(x SearchExpr, f func(Node) bool) {
	if x != nil {
		Walk(x, f)
	}
}

func walkExpr(x Expr, f func(Node) bool) {
	if x != nil {
		Walk(x, f)
	}
}

func walkAggs(aggs []Aggregation, f func(Node) bool) {
	for _, a := range aggs {
		walkExpr(a.Arg, f)
	}
}
