package engine

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// matcher is a compiled search-command expression.
type matcher func(event.Row) bool

func matchAll(event.Row) bool { return true }

// timeModifiers are search-time arguments, not fields: the harness replays a
// fixed dataset, so a time window would silently change which events count.
var timeModifiers = map[string]bool{
	"earliest": true, "latest": true, "starttime": true, "endtime": true,
	"starthoursago": true, "endhoursago": true, "startdaysago": true,
	"enddaysago": true, "startminutesago": true, "endminutesago": true,
	"daysago": true, "hoursago": true, "minutesago": true,
}

// snode is a compiled search expression: a tree of AND/OR/NOT over leaves
// that each test one field's value. Keeping it a tree (not closures right
// away) lets the same compiled search run over map rows in a pipeline and
// over a dataset's columns as the first command.
type snode struct {
	op    byte // 'A' and, 'O' or, 'N' not, 'L' leaf, '*' all, 'S' subsearch
	kids  []*snode
	field string
	pred  func(event.Value) bool
	sub   *Program // for 'S': its rows become the condition at run time
	spec  string   // for 'T' (earliest/latest in field): the time, bound at run time
	at    spl.Pos  // for 'T': where it is written
}

var noneNode = &snode{op: 'O'} // an empty OR matches nothing

var allNode = &snode{op: '*'}

func leaf(field string, pred func(event.Value) bool) *snode {
	return &snode{op: 'L', field: field, pred: pred}
}

// compileSearch turns a search-command expression into a row matcher. A
// nil expression matches everything (`search` with no terms).
func compileSearch(x spl.SearchExpr, e *errs) matcher {
	tree := compileSearchTree(x, e)
	tree.reportTimeBounds(e)
	tree.reportSubsearches(e)
	return tree.rowMatcher()
}

// reportSubsearches names subsearches where nothing runs them first: a
// row matcher would take an unbound one for "match everything".
func (n *snode) reportSubsearches(e *errs) {
	if n.op == 'S' {
		e.unsupported(n.at, "subsearch", "not run here: only in a search command or tstats where")
	}
	for _, k := range n.kids {
		k.reportSubsearches(e)
	}
}

// reportTimeBounds names time modifiers where nothing binds them at run
// time (eventtypes, transaction conditions, tstats where).
func (n *snode) reportTimeBounds(e *errs) {
	if n.op == 'T' {
		e.unsupported(n.at, "time modifier "+n.field, "only in a search command")
	}
	for _, k := range n.kids {
		k.reportTimeBounds(e)
	}
}

func compileSearchTree(x spl.SearchExpr, e *errs) *snode {
	switch n := x.(type) {
	case nil:
		return allNode
	case *spl.SearchAnd:
		return &snode{op: 'A', kids: compileAll(n.Terms, e)}
	case *spl.SearchOr:
		if m := sameFieldOr(n, e); m != nil {
			return m
		}
		return &snode{op: 'O', kids: compileAll(n.Terms, e)}
	case *spl.SearchNot:
		return &snode{op: 'N', kids: []*snode{compileSearchTree(n.X, e)}}
	case *spl.SearchCompare:
		return compileCompare(n, e)
	case *spl.SearchIn:
		return compileSearchIn(n, e)
	case *spl.SearchTerm:
		return compileTerm(n, e)
	case *spl.SearchSubsearch:
		if e.subsearch == nil {
			e.unsupported(n.At, "subsearch", "not available here")
			return allNode
		}
		return &snode{op: 'S', sub: e.subsearch(n.Query), at: n.At}
	}
	e.invalid(x.Position(), "search expression", "unknown node")
	return allNode
}

func compileAll(xs []spl.SearchExpr, e *errs) []*snode {
	ns := make([]*snode, len(xs))
	for i, x := range xs {
		ns[i] = compileSearchTree(x, e)
	}
	return ns
}

// rowMatcher builds the closure tree that tests map rows.
func (n *snode) rowMatcher() matcher {
	switch n.op {
	case 'L':
		field, pred := n.field, n.pred
		return func(r event.Row) bool { return pred(r[field]) }
	case 'N':
		m := n.kids[0].rowMatcher()
		return func(r event.Row) bool { return !m(r) }
	case 'A', 'O':
		if len(n.kids) == 0 {
			return func(event.Row) bool { return n.op == 'A' }
		}
		ms := make([]matcher, len(n.kids))
		for i, k := range n.kids {
			ms[i] = k.rowMatcher()
		}
		if n.op == 'A' {
			return andMatchers(ms)
		}
		return orMatchers(ms)
	}
	return matchAll
}

// indexMatcher builds the closure tree that tests row i of a dataset's
// columns: each field is looked up once per run, not once per event.
func (n *snode) indexMatcher(column func(string) []event.Value) func(int) bool {
	switch n.op {
	case 'L':
		col, pred := column(n.field), n.pred
		return func(i int) bool { return pred(col[i]) }
	case 'N':
		m := n.kids[0].indexMatcher(column)
		return func(i int) bool { return !m(i) }
	case 'A', 'O':
		if len(n.kids) == 0 {
			and := n.op == 'A'
			return func(int) bool { return and }
		}
		ms := make([]func(int) bool, len(n.kids))
		for i, k := range n.kids {
			ms[i] = k.indexMatcher(column)
		}
		return combineIndex(n.op == 'A', ms)
	}
	return func(int) bool { return true }
}

// hasSub reports whether the tree holds a subsearch, which must be run
// (bind) before matching.
func (n *snode) hasSub() bool {
	if n.op == 'S' || n.op == 'T' {
		return true
	}
	for _, k := range n.kids {
		if k.hasSub() {
			return true
		}
	}
	return false
}

// bind runs the tree's subsearches and replaces each by the condition its
// rows stand for: ( f1=v1 f2=v2 ) OR ( ... ), as Splunk's format does.
// Internal fields (leading _) are left out; no rows matches nothing.
func (n *snode) bind(rc *runCtx) (*snode, error) {
	if n.op == 'T' {
		return n.bindTime(rc), nil
	}
	if n.op == 'S' {
		rows, err := n.sub.rows(rc)
		if err != nil {
			return nil, err
		}
		return rowsCondition(rows), nil
	}
	if len(n.kids) == 0 {
		return n, nil
	}
	c := *n
	c.kids = make([]*snode, len(n.kids))
	for i, k := range n.kids {
		b, err := k.bind(rc)
		if err != nil {
			return nil, err
		}
		c.kids[i] = b
	}
	return &c, nil
}

func rowsCondition(rows []event.Row) *snode {
	or := &snode{op: 'O'}
	for _, r := range rows {
		and := &snode{op: 'A'}
		for _, name := range r.Names() {
			if strings.HasPrefix(name, "_") {
				continue
			}
			ms := make([]func(event.Value) bool, len(r[name]))
			for i, v := range r[name] {
				ms[i] = valueMatcher(v)
			}
			and.kids = append(and.kids, leaf(name, anyOf(ms)))
		}
		if len(and.kids) > 0 {
			or.kids = append(or.kids, and)
		}
	}
	return or
}

func anyOf(ms []func(event.Value) bool) func(event.Value) bool {
	return func(v event.Value) bool {
		for _, m := range ms {
			if m(v) {
				return true
			}
		}
		return false
	}
}

func combineIndex(and bool, ms []func(int) bool) func(int) bool {
	switch {
	case len(ms) == 1:
		return ms[0]
	case and:
		return func(i int) bool {
			for _, m := range ms {
				if !m(i) {
					return false
				}
			}
			return true
		}
	}
	return func(i int) bool {
		for _, m := range ms {
			if m(i) {
				return true
			}
		}
		return false
	}
}

func andMatchers(ms []matcher) matcher {
	if len(ms) == 1 {
		return ms[0]
	}
	return func(r event.Row) bool {
		for _, m := range ms {
			if !m(r) {
				return false
			}
		}
		return true
	}
}

func orMatchers(ms []matcher) matcher {
	if len(ms) == 1 {
		return ms[0]
	}
	return func(r event.Row) bool {
		for _, m := range ms {
			if m(r) {
				return true
			}
		}
		return false
	}
}

func checkSearchField(pos spl.Pos, field string, e *errs) bool {
	if timeModifiers[strings.ToLower(field)] {
		e.unsupported(pos, "time modifier "+field, "deprecated; use earliest=/latest=")
		return false
	}
	if strings.Contains(field, "*") {
		e.unsupported(pos, "wildcard field name "+field, "")
		return false
	}
	return true
}

// compileCompare implements field OP value. `=` matches when any value of
// the field matches the pattern; `!=` only when the field exists and no
// value matches, so `NOT f=v` and `f!=v` differ on events without f
// (Splunk search reference, "search command: Usage", NOT vs !=).
func compileCompare(n *spl.SearchCompare, e *errs) *snode {
	if k := strings.ToLower(n.Field); k == "earliest" || k == "latest" {
		return compileTimeBound(n, e)
	}
	if !checkSearchField(n.At, n.Field, e) {
		return allNode
	}
	if n.Field == "index" && n.Value == "*" && n.Op == "=" {
		// index is a default field every Splunk event has ("Use default
		// fields"); replayed events carry none, so index=* is every event.
		return allNode
	}
	switch n.Op {
	case "=", "==":
		return leaf(n.Field, valueMatcher(n.Value))
	case "!=":
		eq := valueMatcher(n.Value)
		return leaf(n.Field, func(v event.Value) bool { return len(v) > 0 && !eq(v) })
	case "<", "<=", ">", ">=":
		return leaf(n.Field, orderMatcher(n.Op, n.Value))
	}
	e.invalid(n.At, "search operator "+n.Op, "")
	return allNode
}

// valueMatcher matches a field value against a search value: a wildcard
// pattern, or a CIDR block when the value is one (the search command
// supports CIDR notation, Splunk search reference "search").
func valueMatcher(val string) func(event.Value) bool {
	p := newPattern(val)
	if pfx, err := netip.ParsePrefix(val); err == nil {
		return func(v event.Value) bool {
			for _, s := range v {
				if ip, err := netip.ParseAddr(s); err == nil && pfx.Contains(ip) {
					return true
				}
			}
			return p.matchAny(v)
		}
	}
	return p.matchAny
}

// orderMatcher compares numerically when the value is a number (field
// values that are not numbers then never match) and lexicographically when
// it is not; any value of a multivalue field may satisfy it.
func orderMatcher(op, val string) func(event.Value) bool {
	want, wantNum := event.ParseNumber(val)
	return func(v event.Value) bool {
		for _, s := range v {
			var c int
			if wantNum {
				f, ok := event.ParseNumber(s)
				if !ok {
					continue // a number never orders against text
				}
				c = cmpFloat(f, want)
			} else {
				c = strings.Compare(s, val)
			}
			if orderHolds(op, c) {
				return true
			}
		}
		return false
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func orderHolds(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "!=":
		return c != 0
	}
	return c == 0
}

// sameFieldOr compiles `f=a OR f=b ...` like `f IN (a, b)`: one field
// lookup instead of one per term (macros such as process_procdump are
// built this way).
func sameFieldOr(n *spl.SearchOr, e *errs) *snode {
	in := &spl.SearchIn{At: n.At}
	for _, t := range n.Terms {
		c, ok := t.(*spl.SearchCompare)
		if !ok || c.Op != "=" || in.Field != "" && c.Field != in.Field {
			return nil
		}
		in.Field = c.Field
		in.Values = append(in.Values, c.Value)
	}
	return compileSearchIn(in, e)
}

// compileSearchIn is field IN (v1, v2): any value matching any listed
// pattern.
func compileSearchIn(n *spl.SearchIn, e *errs) *snode {
	if !checkSearchField(n.At, n.Field, e) {
		return allNode
	}
	for _, v := range n.Values {
		if n.Field == "index" && v == "*" {
			return allNode // every event has an index (see compileCompare)
		}
	}
	ms := make([]func(event.Value) bool, len(n.Values))
	for i, v := range n.Values {
		ms[i] = valueMatcher(v)
	}
	return leaf(n.Field, func(v event.Value) bool {
		for _, m := range ms {
			if m(v) {
				return true
			}
		}
		return false
	})
}

// compileTerm matches a bare keyword or quoted phrase against _raw,
// case-insensitively. Splunk matches terms against the tokens of the event,
// so a term must start and end at a token boundary (any character that is
// not a letter or digit); `*` inside the term spans anything.
func compileTerm(n *spl.SearchTerm, e *errs) *snode {
	if n.Text == "" {
		e.invalid(n.At, "search term", "empty")
		return allNode
	}
	if strings.Trim(n.Text, "*") == "" && n.Directive == "" {
		return allNode
	}
	re := termRegexp(n.Text, n.Directive)
	return leaf(event.Raw, func(v event.Value) bool {
		for _, s := range v {
			if re.MatchString(s) {
				return true
			}
		}
		return false
	})
}

// termRegexp builds the term's matcher. CASE(x) matches case-sensitively;
// TERM(x) must be bounded by major breakers on both sides: the default
// segmenters.conf MAJOR set, [ ] < > ( ) { } | ! ; , ' " * & ? + "--"
// and whitespace (so TERM finds a host name inside XML or JSON text).
func termRegexp(term, directive string) *regexp.Regexp {
	// Go regexps are UTF-8; an invalid byte stands for U+FFFD, which is
	// what a replayed event holding it decodes to.
	term = strings.ToValidUTF8(term, "\uFFFD")
	var b strings.Builder
	if directive == "CASE" {
		b.WriteString(`(?s)`)
	} else {
		b.WriteString(`(?is)`)
	}
	bound := isWordByte(term[0])
	if directive == "TERM" {
		b.WriteString(`(?:^|` + majorBreaker + `)`)
	} else if bound {
		b.WriteString(`(?:^|[^\pL\pN])`)
	}
	for i, piece := range strings.Split(term, "*") {
		if i > 0 {
			b.WriteString(`.*?`)
		}
		b.WriteString(regexp.QuoteMeta(piece))
	}
	switch {
	case directive == "TERM":
		b.WriteString(`(?:$|` + majorBreaker + `)`)
	case isWordByte(term[len(term)-1]):
		b.WriteString(`(?:$|[^\pL\pN])`)
	}
	return regexp.MustCompile(b.String())
}

const majorBreaker = `[\s\[\]<>(){}|!;,'"*&?+]|--`

func isWordByte(c byte) bool {
	return c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
