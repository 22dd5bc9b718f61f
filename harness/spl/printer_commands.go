package spl

import "strings"

func writeCommand(b *strings.Builder, c Command) {
	switch n := c.(type) {
	case *SearchCommand:
		b.WriteString("search")
		if n.Expr != nil {
			b.WriteString(" " + SearchString(n.Expr))
		}
	case *WhereCommand:
		b.WriteString("where " + ExprString(n.Expr))
	case *EvalCommand:
		parts := make([]string, len(n.Assignments))
		for i, a := range n.Assignments {
			parts[i] = fieldName(a.Field) + "=" + ExprString(a.Expr)
		}
		b.WriteString("eval " + strings.Join(parts, ", "))
	case *StatsCommand:
		b.WriteString(n.Name)
		writeStats(b, n.Options, n.Aggs, "", nil, n.By)
	case *TstatsCommand:
		from := n.Datamodel
		if n.Node != "" {
			from += "." + n.Node
		}
		b.WriteString("tstats")
		writeStats(b, n.Options, n.Aggs, from, n.Where, n.By)
	case *RenameCommand:
		parts := make([]string, len(n.Pairs))
		for i, p := range n.Pairs {
			parts[i] = fieldName(p.From) + " AS " + fieldName(p.To)
		}
		b.WriteString("rename " + strings.Join(parts, ", "))
	case *FillnullCommand:
		b.WriteString("fillnull value=" + quote(n.Value))
		writeFields(b, n.Fields)
	case *ConvertCommand:
		writeConvert(b, n)
	case *FieldListCommand:
		writeFieldList(b, n)
	case *GenericCommand:
		b.WriteString(n.Name)
		if n.Args != "" {
			b.WriteString(" " + n.Args)
		}
	}
}

func writeStats(b *strings.Builder, opts []Option, aggs []Aggregation, from string, where SearchExpr, by []ByField) {
	writeOptions(b, opts)
	for i, a := range aggs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + AggString(a))
	}
	if from != "" {
		b.WriteString(" from datamodel=" + from)
	}
	if where != nil {
		b.WriteString(" where " + SearchString(where))
	}
	if len(by) > 0 {
		b.WriteString(" by")
		for i, f := range by {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(" " + fieldName(f.Name))
			if f.Span != "" {
				b.WriteString(" span=" + f.Span)
			}
		}
	}
}

// AggString renders one aggregation, e.g. values(x) AS y.
func AggString(a Aggregation) string {
	s := a.Func + a.Param
	switch arg := a.Arg.(type) {
	case nil:
		if a.Func == "sparkline" && a.Param != "" {
			s = "sparkline(" + a.Param + ")"
		}
	case *FieldRef:
		s += "(" + fieldName(arg.Name) + ")"
	case *Call:
		if arg.Func == "eval" && len(arg.Args) == 1 {
			s += "(eval(" + ExprString(arg.Args[0]) + "))"
		} else {
			s += "(" + ExprString(arg) + ")"
		}
	default:
		s += "(" + ExprString(arg) + ")"
	}
	if a.As != "" {
		s += " AS " + fieldName(a.As)
	}
	return s
}

func writeConvert(b *strings.Builder, n *ConvertCommand) {
	b.WriteString("convert")
	if n.Timeformat != "" {
		b.WriteString(" timeformat=" + quote(n.Timeformat))
	}
	for _, it := range n.Items {
		b.WriteString(" " + it.Func + "(" + fieldName(it.Field) + ")")
		if it.As != "" {
			b.WriteString(" AS " + fieldName(it.As))
		}
	}
}

func writeOptions(b *strings.Builder, opts []Option) {
	for _, o := range opts {
		v := o.Value
		if v == "" || strings.ContainsAny(v, " \t\n\r\"(),=|`[]") {
			v = quote(v)
		}
		b.WriteString(" " + o.Key + "=" + v)
	}
}

func writeFields(b *strings.Builder, fields []string) {
	for _, f := range fields {
		b.WriteString(" " + fieldName(f))
	}
}

// fieldName quotes a field name that would not re-parse as one word.
func fieldName(f string) string {
	if f == "" || strings.ContainsAny(f, " \t\n\r\"(),=|[]'`") {
		return quote(f)
	}
	return f
}

// writeFieldList prints dedup's pseudo-options in their own syntax: the
// limit as a leading number and sortby as a trailing clause.
func writeFieldList(b *strings.Builder, n *FieldListCommand) {
	b.WriteString(n.Name)
	if n.Remove {
		b.WriteString(" -")
	}
	var opts []Option
	sortby := ""
	for _, o := range n.Options {
		switch {
		case n.Name == "dedup" && o.Key == "limit":
			b.WriteString(" " + o.Value)
		case n.Name == "dedup" && o.Key == "sortby":
			sortby = o.Value
		default:
			opts = append(opts, o)
		}
	}
	writeFields(b, n.Fields)
	writeOptions(b, opts)
	if sortby != "" {
		b.WriteString(" sortby " + sortby)
	}
}
