package engine

import "testing"

// Bitwise eval functions, each row a value from Splunk's search
// reference, "Bitwise functions" (Splunk Enterprise 10.0,
// https://help.splunk.com/splunk-enterprise/search/spl-search-reference/10.0/evaluation-functions/bitwise-functions;
// also docs.splunk.com/Documentation/Splunk/9.2.1/SearchReference/BitFunctions).
func TestBitwiseFunctionsAsTheReferenceShows(t *testing.T) {
	ev := func(name, expr, want string) semCase {
		return semCase{name, one, "* | eval r=" + expr + " | table r", "r\n" + want}
	}
	runSemCases(t, []semCase{
		ev("bit_and(12, 9)", `bit_and(12, 9)`, "8"),
		ev("bit_or(4, 2)", `bit_or(4, 2)`, "6"),
		ev("bit_xor(3, 2)", `bit_xor(3, 2)`, "1"),
		ev("example 1: AND of 4, 6", `bit_and(4, 6)`, "4"),
		ev("example 1: OR of 4, 6", `bit_or(4, 6)`, "6"),
		ev("example 1: XOR of 4, 6", `bit_xor(4, 6)`, "2"),
		ev("two or more arguments", `bit_or(1, 2, 4)`, "7"),
		// bit_not's second argument is a bitmask ANDed with the inverted
		// bits, by default 2^53-1; it is not a bit count.
		ev("bit_not(9) keeps 53 bits", `bit_not(9)`, "9007199254740982"),
		ev("bit_not(9) in binary", `tostring(bit_not(9), "binary")`, "11111111111111111111111111111111111111111111111110110"),
		ev("bit_not(9, 15)", `bit_not(9, 15)`, "6"),
		ev("bit_not with a mask from binary 1111", `tostring(bit_not(9, tonumber("1111", 2)), "binary")`, "110"),
		ev("example 4: three-bit mask", `bit_not(9, tonumber("111", 2))`, "6"),
		ev("example 8: matching bits", `tostring(bit_not(bit_xor(tonumber("10011", 2), tonumber("10001", 2)), tonumber("11111", 2)), "binary")`, "11101"),
		ev("bit_shift_left(2, 1)", `bit_shift_left(2, 1)`, "4"),
		ev("bit_shift_left(3, 1)", `bit_shift_left(3, 1)`, "6"),
		ev("bit_shift_left(67, 1)", `bit_shift_left(67, 1)`, "134"),
		ev("bit_shift_left(3, 52) drops bit 54", `bit_shift_left(3, 52)`, "4503599627370496"),
		ev("bit_shift_left(1, 53) is 0", `bit_shift_left(1, 53)`, "0"),
		ev("bit_shift_left(3, 57) is 0", `bit_shift_left(3, 57)`, "0"),
		ev("shift offset 2^53-1 is 0", `bit_shift_left(3, pow(2, 53)-1)`, "0"),
		ev("shift offset 2^53 is null", `bit_shift_left(3, pow(2, 53))`, nullCell),
		ev("value 2^53 is null", `bit_shift_left(pow(2, 53), 1)`, nullCell),
		ev("negative offset is null", `bit_shift_left(3, -2)`, nullCell),
		ev("negative value is null", `bit_shift_right(-3, 1)`, nullCell),
		ev("bit_shift_right(4, 1)", `bit_shift_right(4, 1)`, "2"),
		ev("example 2: right shift of 2", `bit_shift_right(2, 1)`, "1"),
		ev("example 3: binary of a shift", `tostring(bit_shift_left(2, 1), "binary")`, "100"),
		ev("example 5: 2^53 is out of range", `bit_and(pow(2, 53)-1+1, 1)`, nullCell),
		ev("example 6: set flags", `tostring(bit_or(tonumber("00010", 2), tonumber("11001", 2)), "binary")`, "11011"),
		ev("example 7: third flag unset", `bit_and(tonumber("00010", 2), 4)`, "0"),
		ev("example 9: append a flag", `tostring(bit_or(bit_shift_left(tonumber("10001", 2), 1), 1), "binary")`, "100011"),
		ev("example 10: nested, hex input", `bit_and(bit_shift_right(tonumber("0xa3b7514f19ce7", 16), 8), tonumber("0xFFFFFFFF", 16))`, "1964306844"),
		ev("a fraction is null", `bit_and(1.5, 1)`, nullCell),
		ev("a mask out of range is null", `bit_not(9, -1)`, nullCell),
	})
}
