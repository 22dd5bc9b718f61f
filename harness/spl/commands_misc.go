package spl

import "strings"

// renameCommand parses `rename a AS b, "c d" AS e, x* AS y*`.
func (p *parser) renameCommand(c cmdSpan) Command {
	a := &argScanner{p: p, pos: c.args, end: c.end}
	cmd := &RenameCommand{At: Pos(c.at)}
	for {
		t := a.peek()
		if t.kind == aEOF {
			if len(cmd.Pairs) == 0 {
				p.fail(c.at, "rename needs at least one 'field AS newname'")
			}
			return cmd
		}
		if t.kind == ',' {
			a.next()
			continue
		}
		from := a.name("field to rename")
		if as := a.next(); !as.isWord("as") {
			p.fail(as.pos, "expected AS after %s, found %s", from.text, describeArg(as))
		}
		to := a.name("new field name")
		cmd.Pairs = append(cmd.Pairs, RenamePair{At: Pos(from.pos), From: from.text, To: to.text})
	}
}

// fillnullCommand parses `fillnull [value=V] [field ...]`.
func (p *parser) fillnullCommand(c cmdSpan) Command {
	a := &argScanner{p: p, pos: c.args, end: c.end}
	cmd := &FillnullCommand{At: Pos(c.at), Value: "0"}
	a.items(func(o Option) {
		if o.Key != "value" {
			p.fail(int(o.At), "unknown fillnull option %s", o.Key)
		}
		cmd.Value = o.Value
	}, func() { cmd.Fields = append(cmd.Fields, a.name("field name").text) })
	return cmd
}

// convertCommand parses `convert [timeformat=F] func(field) [AS name] ...`.
func (p *parser) convertCommand(c cmdSpan) Command {
	a := &argScanner{p: p, pos: c.args, end: c.end}
	cmd := &ConvertCommand{At: Pos(c.at)}
	a.items(func(o Option) {
		if o.Key != "timeformat" {
			p.fail(int(o.At), "unknown convert option %s", o.Key)
		}
		cmd.Timeformat = o.Value
	}, func() { cmd.Items = append(cmd.Items, a.conversion()) })
	if len(cmd.Items) == 0 {
		p.fail(c.at, "convert needs at least one conversion")
	}
	return cmd
}

// items walks a command's arguments to their end: commas separate,
// key=value options go to opt, anything else is an item the caller reads.
func (a *argScanner) items(opt func(Option), item func()) {
	for {
		switch t := a.peek(); {
		case t.kind == aEOF:
			return
		case t.kind == ',':
			a.next()
		default:
			if o, ok := a.option(); ok {
				opt(o)
				continue
			}
			item()
		}
	}
}

func (a *argScanner) conversion() Conversion {
	fn := a.next()
	if fn.kind != aWord || !validFuncName(fn.text) {
		a.p.fail(fn.pos, "expected conversion function, found %s", describeArg(fn))
	}
	a.expect('(')
	f := a.name("field name")
	a.expect(')')
	conv := Conversion{At: Pos(fn.pos), Func: strings.ToLower(fn.text), Field: f.text}
	if a.peek().isWord("as") {
		a.next()
		conv.As = a.name("name after AS").text
	}
	return conv
}

// fieldListCommand parses table/fields/dedup: options and field names.
// `fields - a b` sets Remove; `fields + a` is the default. A leading
// number for dedup (dedup 3 x) becomes option limit=3. dedup's sortby
// clause is kept as option sortby with the raw clause text.
func (p *parser) fieldListCommand(c cmdSpan) Command {
	a := &argScanner{p: p, pos: c.args, end: c.end}
	cmd := &FieldListCommand{At: Pos(c.at), Name: c.name}
	if t := a.peek(); c.name == "fields" && t.kind == aWord && (t.text == "-" || t.text == "+") {
		a.next()
		cmd.Remove = t.text == "-"
	}
	if t := a.peek(); c.name == "dedup" && t.kind == aWord && !t.quoted && t.text != "" && strings.Trim(t.text, "0123456789") == "" {
		a.next()
		cmd.Options = append(cmd.Options, Option{At: Pos(t.pos), Key: "limit", Value: t.text})
	}
	for {
		t := a.peek()
		switch {
		case t.kind == aEOF:
			return cmd
		case t.kind == ',':
			a.next()
			continue
		case c.name == "dedup" && t.isWord("sortby"):
			a.next()
			cmd.Options = append(cmd.Options, Option{At: Pos(t.pos), Key: "sortby", Value: a.sortKeys()})
			return cmd
		}
		if o, ok := a.option(); ok {
			cmd.Options = append(cmd.Options, o)
			continue
		}
		// MLTK output fields such as predicted(x) are plain field names.
		cmd.Fields = append(cmd.Fields, a.rawName("field name").text)
	}
}

// sortKeys reads dedup's `sortby -a +b num(c)` clause to the end of the
// command, returning the keys separated by single spaces.
func (a *argScanner) sortKeys() string {
	var keys []string
	for {
		switch t := a.peek(); t.kind {
		case aEOF:
			if len(keys) == 0 {
				a.p.fail(t.pos, "sortby needs at least one field")
			}
			return strings.Join(keys, " ")
		case ',':
			a.next()
		default:
			k := a.rawName("sort field")
			if k.quoted || k.kind == aString {
				k.text = quote(k.text) // keep the clause re-parsable
			}
			keys = append(keys, k.text)
		}
	}
}
