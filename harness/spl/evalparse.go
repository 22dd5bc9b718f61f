package spl

import "strings"

// evalParser is a recursive-descent parser over eval tokens. Precedence,
// lowest first (Splunk's eval/where order: AND before OR):
// OR XOR < AND < NOT < comparison (= == != < > <= >= LIKE) < IN
// < + - . < * / % < unary -.
type evalParser struct {
	p    *parser
	toks []token
	i    int
}

// maxEvalDepth bounds nesting so hostile input cannot exhaust the stack.
const maxEvalDepth = 200

func (e *evalParser) peek() token { return e.toks[e.i] }
func (e *evalParser) next() token {
	t := e.toks[e.i]
	if t.kind != tEOF {
		e.i++
	}
	return t
}

func (e *evalParser) isOp(op string) bool {
	t := e.peek()
	return t.kind == tOp && t.text == op
}

func (e *evalParser) isKw(kw string) bool {
	t := e.peek()
	return t.kind == tKeyword && t.text == kw
}

func (e *evalParser) expect(op string) token {
	t := e.next()
	if t.kind != tOp || t.text != op {
		e.p.fail(t.pos, "expected %q, found %s", op, describe(t))
	}
	return t
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tString:
		return `string "` + t.text + `"`
	}
	return "'" + t.text + "'"
}

func (e *evalParser) enter(pos int) {
	e.p.depth++
	if e.p.depth > maxEvalDepth {
		e.p.fail(pos, "expression nested too deeply")
	}
}

func (e *evalParser) leave() { e.p.depth-- }

func (e *evalParser) parseExpr() Expr {
	t := e.peek()
	e.enter(t.pos)
	defer e.leave()
	return e.parseOr()
}

func (e *evalParser) parseOr() Expr {
	x := e.parseAnd()
	for e.isKw("OR") || e.isKw("XOR") {
		op := e.next()
		x = &Binary{At: Pos(op.pos), Op: op.text, L: x, R: e.parseAnd()}
	}
	return x
}

func (e *evalParser) parseAnd() Expr {
	x := e.parseNot()
	for e.isKw("AND") {
		op := e.next()
		x = &Binary{At: Pos(op.pos), Op: op.text, L: x, R: e.parseNot()}
	}
	return x
}

func (e *evalParser) parseNot() Expr {
	if e.isKw("NOT") {
		op := e.next()
		e.enter(op.pos)
		defer e.leave()
		return &Unary{At: Pos(op.pos), Op: "NOT", X: e.parseNot()}
	}
	return e.parseCompare()
}

var compareOps = map[string]bool{"=": true, "==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}

func (e *evalParser) parseCompare() Expr {
	x := e.parseIn()
	for {
		t := e.peek()
		switch {
		case t.kind == tOp && compareOps[t.text]:
			e.next()
			x = &Binary{At: Pos(t.pos), Op: t.text, L: x, R: e.parseIn()}
		case t.kind == tKeyword && t.text == "LIKE":
			e.next()
			x = &Binary{At: Pos(t.pos), Op: "LIKE", L: x, R: e.parseIn()}
		case t.kind == tKeyword && t.text == "NOT" && e.nextIsKw("LIKE"):
			e.next()
			e.next()
			like := &Binary{At: Pos(t.pos), Op: "LIKE", L: x, R: e.parseIn()}
			x = &Unary{At: Pos(t.pos), Op: "NOT", X: like}
		default:
			return x
		}
	}
}

func (e *evalParser) nextIsKw(kw string) bool {
	t := e.toks[min(e.i+1, len(e.toks)-1)]
	return t.kind == tKeyword && t.text == kw
}

// parseIn handles X IN (a, b) and X NOT IN (a, b).
func (e *evalParser) parseIn() Expr {
	x := e.parseAdd()
	for {
		t := e.peek()
		not := t.kind == tKeyword && t.text == "NOT" && e.nextIsKw("IN")
		if !(t.kind == tKeyword && t.text == "IN") && !not {
			return x
		}
		e.next()
		if not {
			e.next()
		}
		x = &InList{At: Pos(t.pos), X: x, List: e.parseArgs(), Not: not}
	}
}

func (e *evalParser) parseAdd() Expr {
	x := e.parseMul()
	for e.isOp("+") || e.isOp("-") || e.isOp(".") {
		op := e.next()
		x = &Binary{At: Pos(op.pos), Op: op.text, L: x, R: e.parseMul()}
	}
	return x
}

func (e *evalParser) parseMul() Expr {
	x := e.parseUnary()
	for e.isOp("*") || e.isOp("/") || e.isOp("%") {
		op := e.next()
		x = &Binary{At: Pos(op.pos), Op: op.text, L: x, R: e.parseUnary()}
	}
	return x
}

// parseUnary folds -<number> into a negative number literal.
func (e *evalParser) parseUnary() Expr {
	if e.isOp("-") || e.isOp("+") {
		op := e.next()
		e.enter(op.pos)
		defer e.leave()
		x := e.parseUnary()
		if lit, ok := x.(*Literal); ok && lit.Kind == LitNumber && op.text == "-" && !strings.HasPrefix(lit.Value, "-") {
			return &Literal{At: Pos(op.pos), Kind: LitNumber, Value: "-" + lit.Value}
		}
		if op.text == "+" {
			return x
		}
		return &Unary{At: Pos(op.pos), Op: "-", X: x}
	}
	return e.parsePrimary()
}

func (e *evalParser) parsePrimary() Expr {
	t := e.next()
	switch t.kind {
	case tNumber:
		return &Literal{At: Pos(t.pos), Kind: LitNumber, Value: t.text}
	case tString:
		return &Literal{At: Pos(t.pos), Kind: LitString, Value: t.text}
	case tQField:
		return &FieldRef{At: Pos(t.pos), Name: t.text}
	case tIdent:
		if e.isOp("(") {
			return &Call{At: Pos(t.pos), Func: strings.ToLower(t.text), Args: e.parseArgs()}
		}
		return &FieldRef{At: Pos(t.pos), Name: t.text}
	case tKeyword:
		// like(x, "a%") and in(x, "a", "b") are also functions.
		if (t.text == "LIKE" || t.text == "IN") && e.isOp("(") {
			return &Call{At: Pos(t.pos), Func: strings.ToLower(t.text), Args: e.parseArgs()}
		}
	case tOp:
		if t.text == "(" {
			x := e.parseExpr()
			e.expect(")")
			return x
		}
	}
	e.p.fail(t.pos, "unexpected %s in expression", describe(t))
	return nil
}

// parseArgs parses "(a, b, ...)" (possibly empty).
func (e *evalParser) parseArgs() []Expr {
	e.expect("(")
	var args []Expr
	if e.isOp(")") {
		e.next()
		return args
	}
	for {
		args = append(args, e.parseExpr())
		if e.isOp(",") {
			e.next()
			continue
		}
		e.expect(")")
		return args
	}
}

// evalExprAt parses s[start:end] as one whole eval expression.
func (p *parser) evalExprAt(start, end int) Expr {
	e := &evalParser{p: p, toks: p.lexEval(start, end)}
	if e.peek().kind == tEOF {
		p.fail(start, "missing expression")
	}
	x := e.parseExpr()
	if t := e.peek(); t.kind != tEOF {
		p.fail(t.pos, "unexpected %s after expression", describe(t))
	}
	return x
}
