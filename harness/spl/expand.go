package spl

import (
	"fmt"
	"strconv"
	"strings"
)

// Macro is one search macro (macros.conf stanza / ESCU macros/*.yml).
type Macro struct {
	Name       string
	Params     []string
	Definition string
	File       string
}

// Macros is a macro table keyed like Splunk's macros.conf: "name" for a
// macro without arguments, "name(N)" for one taking N arguments.
type Macros map[string]Macro

// MacroKey returns the table key for a macro name and argument count.
func MacroKey(name string, arity int) string {
	if arity == 0 {
		return name
	}
	return name + "(" + strconv.Itoa(arity) + ")"
}

// Add stores m under its key.
func (ms Macros) Add(m Macro) { ms[MacroKey(m.Name, len(m.Params))] = m }

// lookup finds a macro, falling back to the built-ins ESCU relies on when
// no file defines them: any `*_filter` is the empty filter `search *`,
// and CIM's drop_dm_object_name(X) is `rename X.* AS *`.
func (ms Macros) lookup(name string, arity int) (Macro, bool) {
	if m, ok := ms[MacroKey(name, arity)]; ok {
		return m, true
	}
	switch {
	case arity == 0 && strings.HasSuffix(name, "_filter"):
		return Macro{Name: name, Definition: "search *", File: "<built-in>"}, true
	case arity == 1 && name == "drop_dm_object_name":
		return Macro{Name: name, Params: []string{"object"}, Definition: "rename $object$.* AS *", File: "<built-in>"}, true
	}
	return Macro{}, false
}

// Expansion is a macro-expanded search and the map back to its sources.
type Expansion struct {
	Text   string
	origin []origin // one per byte of Text
	macros []Macro  // origin.macro indexes this (-1: the caller's text)
}

type origin struct {
	macro  int32
	offset int32
}

// Origin maps an offset in the expanded text to where it was written:
// macro == "" means the caller's search (offset into it); otherwise the
// macro's name, file and the offset into its definition.
func (e *Expansion) Origin(p Pos) (macro string, file string, offset int) {
	if len(e.origin) == 0 {
		return "", "", int(p)
	}
	i, past := int(p), 0
	if i >= len(e.origin) {
		i, past = len(e.origin)-1, int(p)-(len(e.origin)-1)
	}
	if i < 0 {
		i = 0
	}
	o := e.origin[i]
	if o.macro < 0 {
		return "", "", int(o.offset) + past
	}
	m := e.macros[o.macro]
	return m.Name, m.File, int(o.offset) + past
}

// Resolve fills Macro/File/Offset on every *Error in err (an *Error or
// ErrorList) from the expansion, and returns err.
func (e *Expansion) Resolve(err error) error {
	fill := func(x *Error) {
		if !x.Resolved {
			x.Macro, x.File, x.Offset = e.Origin(x.Pos)
			x.Resolved = true
		}
	}
	switch v := err.(type) {
	case *Error:
		fill(v)
	case ErrorList:
		for _, x := range v {
			fill(x)
		}
	}
	return err
}

// Parse parses the expanded text, with errors pointing back to their origin.
func (e *Expansion) Parse() (*Query, error) {
	q, err := Parse(e.Text)
	return q, e.Resolve(err)
}

// Limits on expansion, so cyclic or explosive macro sets fail cleanly.
const (
	maxMacroDepth = 50
	maxExpanded   = 1 << 20
)

// Expand replaces `name` and `name(a, b)` macro calls in search,
// recursively, substituting $param$ tokens. ```comments``` are left in
// place (Parse blanks them). Errors are resolved *Error values: undefined
// macros, wrong arity, cycles, unterminated calls.
func Expand(search string, macros Macros) (*Expansion, error) {
	x := &expander{macros: macros, out: &Expansion{}}
	locs := make([]origin, len(search))
	for i := range locs {
		locs[i] = origin{macro: -1, offset: int32(i)}
	}
	text, org, err := x.expand(search, locs, nil)
	if err != nil {
		return nil, err
	}
	x.out.Text, x.out.origin = text, org
	return x.out, nil
}

type expander struct {
	macros Macros
	out    *Expansion
}

// errAt builds a resolved error for the text at locs[i].
func (x *expander) errAt(locs []origin, i int, format string, args ...any) error {
	e := &Error{Msg: fmt.Sprintf(format, args...), Resolved: true}
	if len(locs) > 0 {
		o := locs[min(i, len(locs)-1)]
		e.Offset = int(o.offset)
		if o.macro >= 0 {
			m := x.out.macros[o.macro]
			e.Macro, e.File = m.Name, m.File
		}
	}
	e.Pos = Pos(e.Offset)
	return e
}

// expand expands text whose bytes came from locs; stack holds the macros
// being expanded (for cycle detection).
func (x *expander) expand(text string, locs []origin, stack []string) (string, []origin, error) {
	var b strings.Builder
	var org []origin
	for i := 0; i < len(text); {
		// "Macros inside of quoted values are not expanded" (Knowledge
		// Manager Manual, Use search macros in searches).
		c := text[i]
		if c == '\\' && i+1 < len(text) {
			// \" outside quotes is a literal quote, not a quoted value
			b.WriteString(text[i : i+2])
			org = append(org, locs[i:i+2]...)
			i += 2
			continue
		}
		if c == '"' {
			j := skipQuoted(text, i)
			b.WriteString(text[i:j])
			org = append(org, locs[i:j]...)
			i = j
			continue
		}
		if strings.HasPrefix(text[i:], "```") {
			j := len(text)
			if k := strings.Index(text[i+3:], "```"); k >= 0 {
				j = i + 3 + k + 3
			}
			b.WriteString(text[i:j])
			org = append(org, locs[i:j]...)
			i = j
			continue
		}
		if c != '`' {
			b.WriteByte(c)
			org = append(org, locs[i])
			i++
			continue
		}
		end := strings.IndexByte(text[i+1:], '`')
		if end < 0 {
			return "", nil, x.errAt(locs, i, "unterminated macro call (missing closing backtick)")
		}
		call := text[i+1 : i+1+end]
		s, o, err := x.call(call, locs[i+1:i+1+end], locs, i, stack)
		if err != nil {
			return "", nil, err
		}
		b.WriteString(s)
		org = append(org, o...)
		if b.Len() > maxExpanded {
			return "", nil, x.errAt(locs, i, "macro expansion exceeds %d bytes", maxExpanded)
		}
		i += end + 2
	}
	return b.String(), org, nil
}

// call expands one macro call `call` (without backticks) found at locs[at].
func (x *expander) call(call string, callLocs, locs []origin, at int, stack []string) (string, []origin, error) {
	name, args, argLocs, ok := splitMacroCall(call, callLocs)
	if !ok {
		return "", nil, x.errAt(locs, at, "malformed macro call `%s`", call)
	}
	m, found := x.macros.lookup(name, len(args))
	if !found {
		return "", nil, x.errAt(locs, at, "undefined macro `%s`", MacroKey(name, len(args)))
	}
	for _, s := range stack {
		if s == MacroKey(name, len(args)) {
			return "", nil, x.errAt(locs, at, "macro cycle: %s -> %s", strings.Join(stack, " -> "), s)
		}
	}
	if len(stack) >= maxMacroDepth {
		return "", nil, x.errAt(locs, at, "macros nested deeper than %d", maxMacroDepth)
	}
	id := int32(len(x.out.macros))
	x.out.macros = append(x.out.macros, m)
	body, bodyLocs := substitute(m, id, args, argLocs)
	return x.expand(body, bodyLocs, append(stack, MacroKey(name, len(args))))
}

// substitute replaces $param$ tokens in m's definition with the call's
// arguments; each byte keeps its origin (definition or argument text).
func substitute(m Macro, id int32, args []string, argLocs [][]origin) (string, []origin) {
	def := m.Definition
	var b strings.Builder
	var org []origin
	for i := 0; i < len(def); {
		if def[i] == '$' {
			if k, n := matchParam(def[i:], m.Params); k >= 0 {
				b.WriteString(args[k])
				org = append(org, argLocs[k]...)
				i += n
				continue
			}
		}
		b.WriteByte(def[i])
		org = append(org, origin{macro: id, offset: int32(i)})
		i++
	}
	return b.String(), org
}

// matchParam reports which parameter the "$name$" at the start of s is,
// and its length; -1 when it is not a parameter token.
func matchParam(s string, params []string) (int, int) {
	for k, p := range params {
		tok := "$" + p + "$"
		if strings.HasPrefix(s, tok) {
			return k, len(tok)
		}
	}
	return -1, 0
}

// splitMacroCall splits `name(a, b)` into name and trimmed arguments
// (commas inside double quotes or parentheses do not split).
func splitMacroCall(call string, locs []origin) (string, []string, [][]origin, bool) {
	open := strings.IndexByte(call, '(')
	if open < 0 {
		name := strings.TrimSpace(call)
		return name, nil, nil, validMacroName(name)
	}
	name := strings.TrimSpace(call[:open])
	closeAt := strings.LastIndexByte(call, ')')
	if closeAt < open || strings.TrimSpace(call[closeAt+1:]) != "" || !validMacroName(name) {
		return "", nil, nil, false
	}
	var args []string
	var argLocs [][]origin
	depth, from := 0, open+1
	addArg := func(to int) {
		s, e := trimSpan(call, from, to)
		args = append(args, call[s:e])
		argLocs = append(argLocs, locs[s:e])
	}
	for j := open + 1; j < closeAt; j++ {
		switch call[j] {
		case '"':
			j = min(skipQuoted(call[:closeAt], j), closeAt) - 1
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				addArg(j)
				from = j + 1
			}
		}
	}
	addArg(closeAt)
	if len(args) == 1 && args[0] == "" {
		args, argLocs = nil, nil
	}
	return name, args, argLocs, true
}

func validMacroName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c == '-' || c == '.' || c == ':' || isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'z') {
			return false
		}
	}
	return true
}
