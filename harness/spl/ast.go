// Package spl is the SPL front end: macro expansion, lexer, parser and the
// AST the engine compiles. Every node carries the byte offset where it starts
// in the expanded query; a Source maps that back to file:line:col.
package spl

// Pos is a byte offset into the expanded query text.
type Pos int

// Node is any AST node.
type Node interface{ Position() Pos }

// Query is a parsed search: a pipeline of commands. A query that does not
// start with '|' has an implicit leading `search` command.
type Query struct {
	Commands []Command
}

// Command is one pipeline stage.
type Command interface {
	Node
	CommandName() string // lower-case command name as written
}

// ---- search-command expressions (search, tstats where, where-less filters) ----

// SearchExpr is a boolean expression with `search` semantics: implicit AND
// between terms, OR binding tighter than AND, values matched
// case-insensitively with * wildcards.
type SearchExpr interface {
	Node
	searchExpr()
}

// SearchAnd is the conjunction of its terms (explicit AND or juxtaposition).
type SearchAnd struct {
	At    Pos
	Terms []SearchExpr
}

// SearchOr is the disjunction of its terms.
type SearchOr struct {
	At    Pos
	Terms []SearchExpr
}

// SearchNot negates its operand.
type SearchNot struct {
	At Pos
	X  SearchExpr
}

// SearchCompare is field OP value, e.g. Processes.process_name=certutil.exe.
// Op is one of = != < <= > >=. Value has quotes removed and \\ \" escapes
// resolved; Quoted records that it was quoted (wildcards still apply).
type SearchCompare struct {
	At     Pos
	Field  string
	Op     string
	Value  string
	Quoted bool
}

// SearchIn is field IN (v1, v2, ...).
type SearchIn struct {
	At     Pos
	Field  string
	Values []string
}

// SearchTerm is a bare keyword or quoted phrase matched against _raw.
// Directive is "TERM" or "CASE" for TERM(x)/CASE(x) (Text is then x),
// else empty.
type SearchTerm struct {
	At        Pos
	Text      string
	Quoted    bool
	Directive string
}

// SearchSubsearch is a [ ... ] subsearch used as a filter.
type SearchSubsearch struct {
	At    Pos
	Query *Query
}

func (n *SearchAnd) Position() Pos       { return n.At }
func (n *SearchOr) Position() Pos        { return n.At }
func (n *SearchNot) Position() Pos       { return n.At }
func (n *SearchCompare) Position() Pos   { return n.At }
func (n *SearchIn) Position() Pos        { return n.At }
func (n *SearchTerm) Position() Pos      { return n.At }
func (n *SearchSubsearch) Position() Pos { return n.At }
func (*SearchAnd) searchExpr()           {}
func (*SearchOr) searchExpr()            {}
func (*SearchNot) searchExpr()           {}
func (*SearchCompare) searchExpr()       {}
func (*SearchIn) searchExpr()            {}
func (*SearchTerm) searchExpr()          {}
func (*SearchSubsearch) searchExpr()     {}

// ---- eval expressions (eval, where, stats eval(...)) ----

// Expr is an eval-language expression.
type Expr interface {
	Node
	expr()
}

// LitKind says what a literal is.
type LitKind int

const (
	LitString LitKind = iota
	LitNumber
	LitBool
	LitNull
)

// Literal is a constant. Value holds the text (unquoted for strings).
type Literal struct {
	At    Pos
	Kind  LitKind
	Value string
}

// FieldRef names a field: bare, or single-quoted ('Processes.process').
type FieldRef struct {
	At   Pos
	Name string
}

// Call is a function call, Func lower-cased.
type Call struct {
	At   Pos
	Func string
	Args []Expr
}

// Binary is L Op R. Op is upper-case for words (AND OR XOR LIKE) and the
// symbol otherwise (+ - * / % . = == != < <= > >=).
type Binary struct {
	At   Pos
	Op   string
	L, R Expr
}

// Unary is NOT X or -X.
type Unary struct {
	At Pos
	Op string
	X  Expr
}

// InList is X IN (a, b, ...), or NOT IN when Not.
type InList struct {
	At   Pos
	X    Expr
	List []Expr
	Not  bool
}

func (n *Literal) Position() Pos  { return n.At }
func (n *FieldRef) Position() Pos { return n.At }
func (n *Call) Position() Pos     { return n.At }
func (n *Binary) Position() Pos   { return n.At }
func (n *Unary) Position() Pos    { return n.At }
func (n *InList) Position() Pos   { return n.At }
func (*Literal) expr()            {}
func (*FieldRef) expr()           {}
func (*Call) expr()               {}
func (*Binary) expr()             {}
func (*Unary) expr()              {}
func (*InList) expr()             {}

// ---- shared pieces ----

// Option is a key=value command option (summariesonly=true, span=1h).
type Option struct {
	At    Pos
	Key   string // lower-cased
	Value string
}

// Aggregation is one stats/tstats/eventstats/streamstats function:
// count, count(field), values(x) AS y, perc95(x), count(eval(...)).
// Func is lower-cased without its numeric suffix (perc95 -> "perc", Param "95").
// Arg is nil for a bare count; a *FieldRef for a field; any Expr for eval(...).
type Aggregation struct {
	At    Pos
	Func  string
	Param string
	Arg   Expr
	As    string // output name; empty means Splunk's default ("count", "values(x)")
	// Written is the function name as written (Count, perc95), for the
	// default output name.
	Written string
}

// ByField is a by-clause field, with an optional span= for _time buckets.
type ByField struct {
	At   Pos
	Name string
	Span string
}
