package spl

// SearchCommand is `search <expr>` (also the implicit first command).
// Expr is nil for an empty search (`search *` is a SearchTerm "*").
type SearchCommand struct {
	At   Pos
	Expr SearchExpr
}

// WhereCommand is `where <eval expr>`.
type WhereCommand struct {
	At   Pos
	Expr Expr
}

// EvalCommand is `eval a=expr, b=expr`.
type EvalCommand struct {
	At          Pos
	Assignments []Assignment
}

// Assignment is one eval field=expr.
type Assignment struct {
	At    Pos
	Field string
	Expr  Expr
}

// StatsCommand is stats/eventstats/streamstats: options, aggregations, by.
type StatsCommand struct {
	At      Pos
	Name    string // stats, eventstats, streamstats
	Options []Option
	Aggs    []Aggregation
	By      []ByField
}

// TstatsCommand is `| tstats [options] aggs from datamodel=DM.Node [where expr] [by ...]`.
// Datamodel is "Endpoint"; Node is "Processes" (empty for the root).
type TstatsCommand struct {
	At        Pos
	Options   []Option
	Aggs      []Aggregation
	Datamodel string
	Node      string
	Where     SearchExpr
	By        []ByField
}

// RenameCommand is `rename a AS b, c* AS d*`.
type RenameCommand struct {
	At    Pos
	Pairs []RenamePair
}

// RenamePair is one old AS new (either may hold * wildcards).
type RenamePair struct {
	At       Pos
	From, To string
}

// FillnullCommand is `fillnull [value=V] [field ...]`. Value defaults to "0".
type FillnullCommand struct {
	At     Pos
	Value  string
	Fields []string
}

// ConvertCommand is `convert [timeformat=F] ctime(f) [AS g] ...`.
type ConvertCommand struct {
	At         Pos
	Timeformat string // empty means Splunk's default %m/%d/%Y %H:%M:%S
	Items      []Conversion
}

// Conversion is one convert function applied to a field (wildcards allowed).
type Conversion struct {
	At    Pos
	Func  string // ctime, mktime, dur2sec, ...
	Field string
	As    string
}

// FieldListCommand is table, fields (with Remove for `fields -`), dedup,
// mvexpand... any command whose arguments are a list of field names plus
// options.
type FieldListCommand struct {
	At      Pos
	Name    string
	Remove  bool
	Options []Option
	Fields  []string
}

// GenericCommand is any command the parser knows only by name: its raw
// argument text is kept so the engine can name it as unsupported.
// ArgsAt is the position of the first byte of Args (comments blanked).
type GenericCommand struct {
	At          Pos
	Name        string
	Args        string
	Subsearches []*Query
	ArgsAt      Pos
}

func (c *SearchCommand) Position() Pos    { return c.At }
func (c *WhereCommand) Position() Pos     { return c.At }
func (c *EvalCommand) Position() Pos      { return c.At }
func (c *StatsCommand) Position() Pos     { return c.At }
func (c *TstatsCommand) Position() Pos    { return c.At }
func (c *RenameCommand) Position() Pos    { return c.At }
func (c *FillnullCommand) Position() Pos  { return c.At }
func (c *ConvertCommand) Position() Pos   { return c.At }
func (c *FieldListCommand) Position() Pos { return c.At }
func (c *GenericCommand) Position() Pos   { return c.At }

func (*SearchCommand) CommandName() string      { return "search" }
func (*WhereCommand) CommandName() string       { return "where" }
func (*EvalCommand) CommandName() string        { return "eval" }
func (c *StatsCommand) CommandName() string     { return c.Name }
func (*TstatsCommand) CommandName() string      { return "tstats" }
func (*RenameCommand) CommandName() string      { return "rename" }
func (*FillnullCommand) CommandName() string    { return "fillnull" }
func (*ConvertCommand) CommandName() string     { return "convert" }
func (c *FieldListCommand) CommandName() string { return c.Name }
func (c *GenericCommand) CommandName() string   { return c.Name }
