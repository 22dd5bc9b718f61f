package engine

import (
	"math"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// Splunk's bitwise eval functions (search reference, "Bitwise
// functions"): every argument must be a nonnegative integer of at most 53
// bits ("numbers that are negative or greater than 53 bits return null"),
// and every result is kept within those 53 bits.
func init() {
	for k, v := range map[string]funcSpec{
		"bit_and":         {2, -1, false, bitFold(func(a, b uint64) uint64 { return a & b })},
		"bit_or":          {2, -1, false, bitFold(func(a, b uint64) uint64 { return a | b })},
		"bit_xor":         {2, -1, false, bitFold(func(a, b uint64) uint64 { return a ^ b })},
		"bit_not":         {1, 2, false, buildBitNot},
		"bit_shift_left":  {2, 2, false, bitFold(shiftLeft53)},
		"bit_shift_right": {2, 2, false, bitFold(shiftRight53)},
	} {
		funcs[k] = v
	}
}

// bitMax is 2^53-1, the largest value the bitwise functions take and the
// mask every result stays under.
const bitMax = 1<<53 - 1

// bitFold applies f left to right over the arguments; any argument that
// is not an integer in 0..2^53-1 makes the result null.
func bitFold(f func(a, b uint64) uint64) func(*compiler, *spl.Call, []evalFn) evalFn {
	return func(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
		return func(r event.Row) val {
			acc, ok := bitArg(a[0](r))
			if !ok {
				return nullVal
			}
			for _, g := range a[1:] {
				b, ok := bitArg(g(r))
				if !ok {
					return nullVal
				}
				acc = f(acc, b)
			}
			return numVal(float64(acc))
		}
	}
}

// shiftLeft53 drops the bits pushed past bit 53: the reference's
// bit_shift_left(3, 52) is 4503599627370496 and an offset of 53 or more
// gives 0.
func shiftLeft53(x, n uint64) uint64 {
	if n >= 53 {
		return 0
	}
	return x << n & bitMax
}

func shiftRight53(x, n uint64) uint64 {
	if n >= 53 {
		return 0
	}
	return x >> n
}

// buildBitNot is bit_not(X[, bitmask]): the inverted bits of X ANDed with
// the bitmask, whose default 2^53-1 keeps all 53 (the reference's
// bit_not(9) is 9007199254740982 and bit_not(9, 15) is 6).
func buildBitNot(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		x, ok := bitArg(a[0](r))
		mask := uint64(bitMax)
		if len(a) == 2 {
			m, okM := bitArg(a[1](r))
			ok, mask = ok && okM, m
		}
		if !ok {
			return nullVal
		}
		return numVal(float64(^x & mask & bitMax))
	}
}

// bitArg reads an argument of a bitwise function: an integer in
// 0..2^53-1, or not ok.
func bitArg(v val) (uint64, bool) {
	f, ok := v.num()
	if !ok || f != math.Trunc(f) || f < 0 || f > bitMax {
		return 0, false
	}
	return uint64(f), true
}
