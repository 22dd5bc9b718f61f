package engine

import (
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// funcSpec describes one eval function: its arity and how to build it from
// its compiled arguments. Boolean functions are marked so eval can refuse to
// store their result in a field, as Splunk does.
type funcSpec struct {
	min, max int // max < 0: variadic
	boolean  bool
	build    func(c *compiler, n *spl.Call, args []evalFn) evalFn
}

// funcs is the eval function table. Anything not listed is a compile error.
var funcs map[string]funcSpec

func init() {
	funcs = map[string]funcSpec{
		"if":        {3, 3, false, buildIf},
		"case":      {2, -1, false, buildCase},
		"coalesce":  {1, -1, false, buildCoalesce},
		"isnull":    {1, 1, true, unary(func(v val) val { return boolVal(v.isNull()) })},
		"isnotnull": {1, 1, true, unary(func(v val) val { return boolVal(!v.isNull()) })},
		"isnum":     {1, 1, true, unary(isNum)},
		"isstr":     {1, 1, true, unary(isStr)},
		"null":      {0, 0, false, constant(nullVal)},
		"true":      {0, 0, true, constant(trueVal)},
		"false":     {0, 0, true, constant(falseVal)},
		"lower":     {1, 1, false, unary(textFn(strings.ToLower))},
		"upper":     {1, 1, false, unary(textFn(strings.ToUpper))},
		"trim":      {1, 2, false, buildTrim(strings.Trim)},
		"ltrim":     {1, 2, false, buildTrim(strings.TrimLeft)},
		"rtrim":     {1, 2, false, buildTrim(strings.TrimRight)},
		"len":       {1, 1, false, unary(lenFn)},
		"substr":    {2, 3, false, buildSubstr},
		"replace":   {3, 3, false, buildReplace},
		"split":     {2, 2, false, buildSplit},
		"mvcount":   {1, 1, false, unary(mvcount)},
		"mvindex":   {2, 3, false, buildMvindex},
		"mvjoin":    {2, 2, false, buildMvjoin},
		"mvappend":  {1, -1, false, buildMvappend},
		"mvdedup":   {1, 1, false, unary(mvdedup)},
		"mvsort":    {1, 1, false, unary(mvsort)},
		"tostring":  {1, 2, false, buildTostring},
		"tonumber":  {1, 2, false, buildTonumber},
		"round":     {1, 2, false, buildRound},
		"abs":       {1, 1, false, unary(mathFn(math.Abs))},
		"ceil":      {1, 1, false, unary(mathFn(math.Ceil))},
		"ceiling":   {1, 1, false, unary(mathFn(math.Ceil))},
		"floor":     {1, 1, false, unary(mathFn(math.Floor))},
		"min":       {1, -1, false, buildExtreme(-1)},
		"max":       {1, -1, false, buildExtreme(1)},
		"now":       {0, 0, false, buildNow},
		"time":      {0, 0, false, buildTime},
		"strftime":  {2, 2, false, buildStrftime},
		"cidrmatch": {2, 2, true, buildCidrmatch},
		"like":      {2, 2, true, buildLike},
		"match":     {2, 2, true, buildMatch},
	}
}

func constant(v val) func(*compiler, *spl.Call, []evalFn) evalFn {
	return func(*compiler, *spl.Call, []evalFn) evalFn { return func(event.Row) val { return v } }
}

func unary(f func(val) val) func(*compiler, *spl.Call, []evalFn) evalFn {
	return func(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
		x := a[0]
		return func(r event.Row) val { return f(x(r)) }
	}
}

// call compiles a function call after checking it exists and its arity.
func (c *compiler) call(n *spl.Call) evalFn {
	if n.Func == "in" && len(n.Args) >= 2 {
		// in(x, v1, v2, ...) is what `x IN (v1, v2, ...)` stands for in eval
		// and where: one function, one semantics
		return c.inList(&spl.InList{At: n.At, X: n.Args[0], List: n.Args[1:]})
	}
	spec, ok := funcs[n.Func]
	if !ok && !splunkFunctions[n.Func] {
		c.errs.invalid(n.At, "function "+n.Func, joinHint("Splunk has no such eval function", didYouMean(n.Func, splunkFunctions)))
		return func(event.Row) val { return nullVal }
	}
	if !ok {
		c.errs.unsupported(n.At, "function "+n.Func, "")
		return func(event.Row) val { return nullVal }
	}
	if len(n.Args) < spec.min || spec.max >= 0 && len(n.Args) > spec.max {
		c.errs.invalid(n.At, "function "+n.Func, "wrong number of arguments")
		return func(event.Row) val { return nullVal }
	}
	args := make([]evalFn, len(n.Args))
	for i, a := range n.Args {
		args[i] = c.expr(a)
	}
	return spec.build(c, n, args)
}

// notBoolean reports expressions that can never be boolean (a field, a
// string or number literal): Splunk rejects them as conditions.
func notBoolean(x spl.Expr) bool {
	switch n := x.(type) {
	case *spl.FieldRef:
		return true
	case *spl.Literal:
		return n.Kind != spl.LitBool
	}
	return false
}

func buildIf(c *compiler, n *spl.Call, a []evalFn) evalFn {
	if notBoolean(n.Args[0]) {
		c.errs.invalid(n.Args[0].Position(), "function if", "the condition must be boolean")
	}
	return func(r event.Row) val {
		if a[0](r).truthy() {
			return a[1](r)
		}
		return a[2](r)
	}
}

func buildCase(c *compiler, n *spl.Call, a []evalFn) evalFn {
	if len(a)%2 != 0 {
		c.errs.invalid(n.At, "function case", "needs condition, value pairs")
	}
	for i := 0; i < len(n.Args); i += 2 {
		if notBoolean(n.Args[i]) {
			c.errs.invalid(n.Args[i].Position(), "function case", "each condition must be boolean")
		}
	}
	if sw, ok := caseSwitch(n, a); ok {
		return sw
	}
	return caseChain(a)
}

// caseChain tries each condition in turn.
func caseChain(a []evalFn) evalFn {
	return func(r event.Row) val {
		for i := 0; i+1 < len(a); i += 2 {
			if a[i](r).truthy() {
				return a[i+1](r)
			}
		}
		return nullVal
	}
}

func buildCoalesce(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		for _, f := range a {
			if v := f(r); !v.isNull() {
				return v
			}
		}
		return nullVal
	}
}

func isNum(v val) val {
	if v.k == kNum {
		return trueVal
	}
	if v.k == kStr {
		_, ok := event.ParseNumber(v.s)
		return boolVal(ok)
	}
	return falseVal
}

func isStr(v val) val {
	if v.k != kStr {
		return falseVal
	}
	_, ok := event.ParseNumber(v.s)
	return boolVal(!ok)
}

func textFn(f func(string) string) func(val) val {
	return func(v val) val {
		if v.k == kMV {
			out := make([]string, len(v.mv))
			for i, s := range v.mv {
				out[i] = f(s)
			}
			return mvVal(out)
		}
		s, ok := v.str()
		if !ok {
			return nullVal
		}
		return strVal(f(s))
	}
}

// buildTrim trims spaces and tabs by default, or the characters given.
func buildTrim(f func(string, string) string) func(*compiler, *spl.Call, []evalFn) evalFn {
	return func(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
		return func(r event.Row) val {
			s, ok := a[0](r).str()
			if !ok {
				return nullVal
			}
			cut := " \t"
			if len(a) > 1 {
				if cut, ok = a[1](r).str(); !ok {
					return nullVal
				}
			}
			return strVal(f(s, cut))
		}
	}
}

func lenFn(v val) val {
	s, ok := v.str()
	if !ok {
		return nullVal
	}
	return numVal(float64(utf8.RuneCountInString(s)))
}

// buildSubstr is substr(X, start[, length]) with a 1-based start; a
// negative start counts from the end.
func buildSubstr(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		s, ok := a[0](r).str()
		start, okS := a[1](r).num()
		if !ok || !okS {
			return nullVal
		}
		rs := []rune(s)
		i := int(start) - 1
		if start < 0 {
			i = len(rs) + int(start)
		}
		i = max(0, min(i, len(rs)))
		j := len(rs)
		if len(a) > 2 {
			n, ok := a[2](r).num()
			if !ok {
				return nullVal
			}
			j = max(i, min(len(rs), i+int(n)))
		}
		return strVal(string(rs[i:j]))
	}
}

func buildSplit(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		s, ok := a[0](r).str()
		sep, okSep := a[1](r).str()
		if !ok || !okSep {
			return nullVal
		}
		return mvVal(strings.Split(s, sep))
	}
}

func mvcount(v val) val {
	if v.isNull() || v.k == kBool {
		return nullVal
	}
	return numVal(float64(len(v.items())))
}

// buildMvindex is mvindex(X, start[, end]) with 0-based, inclusive,
// negative-from-end indexes; out of range gives null.
func buildMvindex(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		items := a[0](r).items()
		s, ok := a[1](r).num()
		if !ok || len(items) == 0 {
			return nullVal
		}
		i := mvPos(int(s), len(items))
		j := i
		if len(a) > 2 {
			e, ok := a[2](r).num()
			if !ok {
				return nullVal
			}
			j = mvPos(int(e), len(items))
		}
		if i < 0 || i >= len(items) || j < i {
			return nullVal
		}
		return mvVal(items[i:min(j+1, len(items))])
	}
}

func mvPos(i, n int) int {
	if i < 0 {
		return n + i
	}
	return i
}

func buildMvjoin(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		items := a[0](r).items()
		sep, ok := a[1](r).str()
		if len(items) == 0 || !ok {
			return nullVal
		}
		return strVal(strings.Join(items, sep))
	}
}

func buildMvappend(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		var out []string
		for _, f := range a {
			out = append(out, f(r).items()...)
		}
		return mvVal(out)
	}
}

func mvdedup(v val) val {
	seen := map[string]bool{}
	var out []string
	for _, s := range v.items() {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return mvVal(out)
}

func mvsort(v val) val {
	out := append([]string(nil), v.items()...)
	sortStrings(out)
	return mvVal(out)
}

// buildTostring renders a value; the optional format is hex, commas or
// duration as in Splunk's tostring(X, Y).
func buildTostring(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		v := a[0](r)
		if len(a) == 1 {
			if v.k == kBool {
				return strVal(strings.Title(strconv.FormatBool(v.b))) //nolint:staticcheck // ASCII only
			}
			if s, ok := v.str(); ok {
				return strVal(s)
			}
			return nullVal
		}
		f, ok := v.num()
		format, okF := a[1](r).str()
		if !ok || !okF {
			return nullVal
		}
		return formatNumber(f, format)
	}
}

func formatNumber(f float64, format string) val {
	switch format {
	case "binary":
		return binaryString(f)
	case "hex":
		return strVal("0x" + strings.ToUpper(strconv.FormatInt(int64(f), 16)))
	case "commas":
		return strVal(commas(math.Round(f*100) / 100))
	case "duration":
		s := int64(f)
		return strVal(pad2(s/3600) + ":" + pad2(s/60%60) + ":" + pad2(s%60))
	}
	return nullVal
}

// binaryString is tostring(X, "binary"): only integers in 0..2^53-1 are
// accepted (search reference, tostring; "tostring(9, \"binary\")" is 1001).
func binaryString(f float64) val {
	if f != math.Trunc(f) || f < 0 || f > bitMax {
		return nullVal
	}
	return strVal(strconv.FormatUint(uint64(f), 2))
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

func commas(f float64) string {
	s := event.FormatNumber(f)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// buildTonumber is tonumber(<str>[, <base>]) (search reference,
// "Conversion functions"): a number stays as it is; text is read in base
// 10, or the base given (2 to 36). Text with a leading or trailing space
// gives null, as does text that is not a number. In base 16 a "0x"
// prefix is allowed: the reference's bitwise examples read
// tonumber("0xFFFFFFFF", 16).
func buildTonumber(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		v := a[0](r)
		if v.k == kNum {
			return v
		}
		s, ok := v.str()
		if !ok || s != strings.TrimSpace(s) {
			return nullVal
		}
		base := 10.0
		if len(a) == 2 {
			if base, ok = a[1](r).num(); !ok {
				return nullVal
			}
		}
		return parseInBase(s, base)
	}
}

// parseInBase reads s as a number in base (an integer from 2 to 36).
func parseInBase(s string, base float64) val {
	if base != math.Trunc(base) || base < 2 || base > 36 {
		return nullVal
	}
	if base == 10 {
		if f, ok := event.ParseNumber(s); ok {
			return numVal(f)
		}
		return nullVal
	}
	digits, neg := strings.CutPrefix(s, "-")
	if base == 16 {
		if d, ok := strings.CutPrefix(digits, "0x"); ok {
			digits = d
		} else {
			digits = strings.TrimPrefix(digits, "0X")
		}
	}
	n, err := strconv.ParseUint(digits, int(base), 64)
	if err != nil {
		return nullVal
	}
	if neg {
		return numVal(-float64(n))
	}
	return numVal(float64(n))
}

// buildRound rounds half away from zero to Y decimals (default 0).
func buildRound(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		f, ok := a[0](r).num()
		if !ok {
			return nullVal
		}
		digits := 0.0
		if len(a) > 1 {
			if digits, ok = a[1](r).num(); !ok {
				return nullVal
			}
		}
		p := math.Pow(10, digits)
		return numVal(math.Round(f*p) / p)
	}
}

func mathFn(f func(float64) float64) func(val) val {
	return func(v val) val {
		x, ok := v.num()
		if !ok {
			return nullVal
		}
		return numVal(f(x))
	}
}

// buildExtreme is eval min/max: numbers compare numerically and rank below
// strings, which compare lexicographically.
func buildExtreme(sign int) func(*compiler, *spl.Call, []evalFn) evalFn {
	return func(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
		return func(r event.Row) val {
			var best val
			for _, f := range a {
				for _, v := range f(r).itemVals() {
					if v.isNull() || v.k == kBool {
						continue
					}
					if best.isNull() || sign*mixedCompare(v, best) > 0 {
						best = v
					}
				}
			}
			return best
		}
	}
}

func mixedCompare(a, b val) int {
	x, okA := a.num()
	y, okB := b.num()
	switch {
	case okA && okB:
		return cmpFloat(x, y)
	case okA:
		return -1
	case okB:
		return 1
	}
	return strings.Compare(a.s, b.s)
}

// buildNow is now(): the time the search started, in whole seconds. With
// Env.Now zero that is the run's replay now (timebound.go): the function
// here is the wall clock, and Compile recompiles the program for each
// run with Env.Now set to the dataset's replay now (Program.clock).
func buildNow(c *compiler, _ *spl.Call, _ []evalFn) evalFn {
	if c.env == nil || c.env.Now.IsZero() {
		c.readsClock = true
	}
	now := float64(c.env.now().Unix())
	return func(event.Row) val { return numVal(now) }
}

// buildTime is time(): unlike now() (the search's start, whole seconds)
// Splunk's time() is the wall clock with microseconds. Env.Now, when
// set, stands for the clock so that runs repeat; zero, the run's replay
// now stands for it as for now(), keeping its sub-second part.
func buildTime(c *compiler, _ *spl.Call, _ []evalFn) evalFn {
	if c.env != nil && !c.env.Now.IsZero() {
		t := float64(c.env.Now.UnixMicro()) / 1e6
		return func(event.Row) val { return numVal(t) }
	}
	c.readsClock = true
	return func(event.Row) val { return numVal(float64(time.Now().UnixMicro()) / 1e6) }
}

func buildStrftime(c *compiler, n *spl.Call, a []evalFn) evalFn {
	if lit, ok := n.Args[1].(*spl.Literal); ok {
		if bad := unknownStrftimeVerb(lit.Value); bad != "" {
			c.errs.unsupported(lit.At, "strftime format variable "+bad, "")
		}
	}
	return func(r event.Row) val {
		t, ok := a[0](r).num()
		format, okF := a[1](r).str()
		if !ok || !okF {
			return nullVal
		}
		return strVal(strftime(t, format))
	}
}

// buildCidrmatch is cidrmatch(cidr, ip): false for text that is not an IP.
func buildCidrmatch(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		c, ok := a[0](r).str()
		if !ok {
			return nullVal
		}
		pfx, err := netip.ParsePrefix(c)
		if err != nil {
			return falseVal
		}
		for _, s := range a[1](r).items() {
			if ip, err := netip.ParseAddr(s); err == nil && pfx.Contains(ip) {
				return trueVal
			}
		}
		return falseVal
	}
}

func buildLike(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return likeOp(a[0], a[1])
}
