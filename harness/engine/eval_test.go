package engine

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

const one = `_time=1700000000; a=Hello; b=hello; n=42; f=3.14159; s=10; mv=x|y|z; ip=10.1.2.3; path=C:\Windows\System32\cmd.exe; empty=`

func TestEvalSemantics(t *testing.T) {
	ev := func(name, expr, want string) semCase {
		return semCase{name, one, "* | eval r=" + expr + " | table r", "r\n" + want}
	}
	runSemCases(t, []semCase{
		// = in eval is case-sensitive and exact (where/eval reference),
		// unlike search.
		{"where equality case-sensitive", one, `* | where a="hello" | table a`, "a"},
		{"where equality exact", one, `* | where a="Hello" | table a`, "a\nHello"},
		{"where field to field", one, `* | where lower(a)=b | table b`, "b\nhello"},
		{"where numeric compare", one, `* | where n > 5 | table n`, "n\n42"},
		{"where numeric not lexicographic", one, `* | where s > 9 | table s`, "s\n10"},
		{"where string not wildcard", one, `* | where a="Hel*" | table a`, "a"},
		{"where null comparison is false", one, `* | where missing="x" | table a`, "a"},
		{"where NOT null comparison is null", one, `* | where NOT missing="x" | table a`, "a"},
		{"where isnull", one, `* | where isnull(missing) | table a`, "a\nHello"},
		{"where multivalue any", one, `* | where mv="y" | table a`, "a\nHello"},
		{"where like percent", one, `* | where like(path, "C:%cmd.exe") | table a`, "a\nHello"},
		{"where like underscore", one, `* | where like(a, "H_llo") | table a`, "a\nHello"},
		{"where like case-sensitive", one, `* | where like(a, "h%") | table a`, "a"},
		{"where LIKE operator", one, `* | where a LIKE "He%" | table a`, "a\nHello"},
		{"where match regex", one, `* | where match(path, "(?i)system32\\\\cmd") | table a`, "a\nHello"},
		{"where match unanchored", one, `* | where match(a, "ell") | table a`, "a\nHello"},
		{"where IN", one, `* | where a IN ("x", "Hello") | table a`, "a\nHello"},
		{"where NOT IN", one, `* | where a NOT IN ("x", "Hello") | table a`, "a"},
		{"where IN is case-sensitive", one, `* | where a IN ("hello", "x") | table a`, "a"},
		{"where IN any value of a multivalue", one, `* | where mv IN ("q", "z") | table a`, "a\nHello"},
		{"where IN numeric text compares as numbers", one, `* | where n IN ("42.0", "x") | table n`, "n\n42"},
		{"where IN number against text list", one, `* | where n IN ("x", "42") | table n`, "n\n42"},
		// searchmatch(X): search-command semantics, so case-insensitive.
		{"searchmatch", one, `* | eval r=if(searchmatch("a=hello"), "y", "n") | table r`, "r\ny"},
		{"searchmatch no match", one, `* | where searchmatch("a=x* OR n=41") | table a`, "a"},
		{"searchmatch with a subsearch is unsupported, not a match-all", one, `* | where searchmatch("[| makeresults | eval a=\"x\" | table a]")`, "error: subsearch"},
		{"searchmatch of a field is unsupported", one, `* | eval r=searchmatch(a)`, "error: searchmatch of a field"},
		{"in() function as IN", one, `* | where in(a, "x", "Hello") | table a`, "a\nHello"},
		{"in() is case-sensitive", one, `* | eval r=if(in(a, "hello"), "y", "n") | table r`, "r\nn"},
		{"where IN numbers", one, `* | where n IN (41, 42) | table n`, "n\n42"},
		{"where IN number matches numerically", one, `* | where f IN (3.141590) | table n`, "n\n42"},
		{"where IN mixed list", one, `* | where a IN (1, "Hello") | table a`, "a\nHello"},
		{"where IN text never equals a number", one, `* | where a IN (0) | table a`, "a"},
		{"where IN bool is never in", one, `* | where (n>1) IN ("true", 1) | table a`, "a"},
		{"where IN null is not true", one, `* | where missing IN ("x") OR missing NOT IN ("x") | table a`, "a"},
		{"where AND OR", one, `* | where n=1 OR (a="Hello" AND s=10) | table a`, "a\nHello"},
		{"where cidrmatch", one, `* | where cidrmatch("10.0.0.0/8", ip) | table ip`, "ip\n10.1.2.3"},
		{"where cidrmatch miss", one, `* | where cidrmatch("192.168.0.0/16", ip) | table ip`, "ip"},
		ev("if true", `if(n>10, "big", "small")`, "big"),
		ev("if false", `if(n>100, "big", "small")`, "small"),
		ev("if null condition takes else", `if(missing>1, "y", "n")`, "n"),
		ev("case first match", `case(n<10, "low", n<100, "mid", true(), "high")`, "mid"),
		ev("case no match is null", `case(n<10, "low")`, nullCell),
		ev("coalesce keeps empty string", `len(coalesce(missing, empty, a))`, "0"),
		ev("coalesce skips null", `coalesce(missing, a)`, "Hello"),
		ev("null()", `null()`, nullCell),
		ev("lower", `lower(a)`, "hello"),
		ev("upper", `upper(a)`, "HELLO"),
		ev("len", `len(a)`, "5"),
		ev("substr from 2", `substr(a, 2)`, "ello"),
		ev("substr with length", `substr(a, 1, 3)`, "Hel"),
		ev("substr negative start", `substr(a, -3)`, "llo"),
		ev("replace regex", `replace(a, "l+", "L")`, "HeLo"),
		ev("replace backreference", `replace(a, "(H)(e)", "\\2\\1")`, "eHllo"),
		ev("split", `split("a,b,c", ",")`, "a|b|c"),
		ev("mvcount", `mvcount(mv)`, "3"),
		ev("mvcount single", `mvcount(a)`, "1"),
		ev("mvcount null", `mvcount(missing)`, nullCell),
		ev("mvindex", `mvindex(mv, 1)`, "y"),
		ev("mvindex negative", `mvindex(mv, -1)`, "z"),
		ev("mvindex range inclusive", `mvindex(mv, 0, 1)`, "x|y"),
		ev("mvindex out of range", `mvindex(mv, 5)`, nullCell),
		ev("mvjoin", `mvjoin(mv, ";")`, "x;y;z"),
		ev("mvappend", `mvappend(a, mv, "k")`, "Hello|x|y|z|k"),
		ev("tostring number", `tostring(n)`, "42"),
		ev("tostring hex", `tostring(255, "hex")`, "0xFF"),
		ev("tostring commas", `tostring(1234567, "commas")`, "1,234,567"),
		ev("tostring duration", `tostring(3725, "duration")`, "01:02:05"),
		ev("tonumber", `tonumber("12") + 1`, "13"),
		ev("tonumber hex base", `tonumber("FF", 16)`, "255"),
		ev("tonumber text is null", `tonumber("abc")`, nullCell),
		ev("round", `round(f)`, "3"),
		ev("round digits", `round(f, 2)`, "3.14"),
		ev("arithmetic on field text", `n * 2 + 1`, "85"),
		ev("division", `n / 4`, "10.5"),
		ev("modulo", `n % 5`, "2"),
		// "Division by zero results in a null field" (eval command usage).
		ev("division by zero null", `n / 0`, nullCell),
		ev("arithmetic on text is null", `a + 1`, nullCell),
		ev("plus concatenates strings", `"ab" + "cd"`, "abcd"),
		ev("dot concatenates", `a . "-" . n`, "Hello-42"),
		ev("concat with null is null", `a . missing`, nullCell),
		ev("unary minus", `-n`, "-42"),
		ev("now fixed by env", `now()`, "1704164645"),
		ev("time() keeps the clock's microseconds", `time()`, "1704164645.123456"),
		ev("strftime", `strftime(_time, "%Y-%m-%d %H:%M:%S")`, "2023-11-14 22:13:20"),
		ev("strftime subseconds", `strftime(1.5, "%S.%3N")`, "01.500"),
		// Search Reference, "Date and time format variables": %Q is
		// milliseconds unless %6Q/%9Q; %f microseconds; %k the hour with a
		// space; %c, %+, %x, %X as the docs show them for US English.
		ev("strftime %Q %3Q %6Q %9Q %f", `strftime(1700000000.123456, "%Q|%3Q|%6Q|%9Q|%f")`, "123|123|123456|123456001|123456"),
		ev("strftime %k pads with a space", `strftime(1700000000 - 20*3600, "[%k]%H")`, "[ 2]02"),
		ev("strftime %c and %+", `strftime(1700000000, "%c|%+")`, "Tue Nov 14 22:13:20 2023|Tue Nov 14 22:13:20 UTC 2023"),
		ev("strftime %x and %X", `strftime(1700000000 - 13*3600, "%x %X")`, "11/14/2023 9:13:20"),
		ev("strftime %z %:z %::z", `strftime(0, "%z|%:z|%::z|%Z")`, "+0000|+00:00|+00:00:00|UTC"),
		ev("strftime %V %U %u %j", `strftime(1700000000, "%V|%U|%u|%j")`, "46|46|2|318"),
		ev("strftime keeps a variable it cannot render from data", `strftime(0, a)`, "Hello"),
		{"strftime refuses an unknown variable in a literal format", one, `* | eval r=strftime(_time, "%Y %Ez")`, "error: strftime format variable %Ez"},
		{"convert refuses one in timeformat", one, `* | convert timeformat="%Y %q" ctime(_time)`, "error: convert timeformat variable %q"},
		ev("isnum", `if(isnum(n), "y", "n")`, "y"),
		ev("isstr", `if(isstr(a), "y", "n")`, "y"),
		ev("isnotnull", `if(isnotnull(a), "y", "n")`, "y"),
		ev("abs", `abs(-3)`, "3"),
		ev("floor", `floor(f)`, "3"),
		ev("ceiling", `ceiling(f)`, "4"),
		ev("min mixed", `min(3, 1, 2)`, "1"),
		ev("max text after numbers", `max(3, "abc")`, "abc"),
		ev("trim", `trim("  x  ")`, "x"),
		ev("mvdedup", `mvdedup(mvappend("a","b","a"))`, "a|b"),
		ev("mvsort", `mvsort(mvappend("b","a","c"))`, "a|b|c"),
		ev("string literal compare numbers", `if("10" < "9", "num", "str")`, "str"),
		ev("number literals compare", `if(10 < 9, "lt", "ge")`, "ge"),
		ev("relative_time minus days", `relative_time(1700000000, "-1d")`, "1699913600"),
		ev("relative_time snap day", `relative_time(1700000000, "-1d@d")`, "1699833600"),
		ev("relative_time snap then offset", `relative_time(1700000000, "@h+30m")`, "1700001000"),
		ev("relative_time now()", `relative_time(now(), "-70m@m")`, "1704160440"),
		ev("relative_time bad spec", `relative_time(1, "yesterday")`, nullCell),
		// 1700000000 is Tuesday 2023-11-14 22:13:20 UTC
		ev("relative_time @w0 is Sunday", `relative_time(1700000000, "@w0")`, "1699747200"),
		ev("relative_time @w1 is Monday", `relative_time(1700000000, "@w1")`, "1699833600"),
		ev("relative_time @w2 on a Tuesday is that day", `relative_time(1700000000, "@w2")`, "1699920000"),
		ev("relative_time @w7 is @w0", `relative_time(1700000000, "@w7")`, "1699747200"),
		ev("relative_time -7d@w1", `relative_time(1700000000, "-7d@w1")`, "1699228800"),
		ev("relative_time @q", `relative_time(1700000000, "@q")`, "1696118400"),
		ev("relative_time -1q", `relative_time(1700000000, "-1qtr")`, "1692051200"),
		ev("urldecode", `urldecode("a%20b%2Fc+d")`, "a b/c d"),
		ev("mvfind", `mvfind(mv, "^z")`, "2"),
		ev("mvfind none", `mvfind(mv, "q")`, nullCell),
		ev("mvfilter", `mvfilter(mv!="y")`, "x|z"),
		ev("md5", `md5("abc")`, "900150983cd24fb0d6963f7d28e17f72"),
		ev("sha256", `sha256("")`, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
		ev("strptime date", `strptime("2024-01-02", "%Y-%m-%d")`, "1704153600"),
		ev("strptime with fraction", `strptime("2024-01-02T00:00:01.500", "%Y-%m-%dT%H:%M:%S.%3N")`, "1704153601.5"),
		ev("strptime %s%N: %s takes 10 digits, %N the rest", `strptime("1713805173418", "%s%N")`, "1713805173.418"),
		ev("strptime %s", `strptime("1713805173", "%s")`, "1713805173"),
		ev("strptime %s.%3N", `strptime("1713805173.418", "%s.%3N")`, "1713805173.418"),
		ev("strptime %s with text left over is null", `strptime("1713805173418", "%s")`, nullCell),
		ev("strptime %s%3N with too few digits is null", `strptime("171380517341", "%s%3N")`, nullCell),
		ev("strptime mismatch null", `strptime("Jan 2", "%Y-%m-%d")`, nullCell),
		// As C's strptime: literal text matches itself (it was read as a
		// Go layout: "15" an hour, "PM" a meridiem), %Z names a zone.
		ev("strptime literal digits are text", `strptime("v15 2019-07-18", "v15 %Y-%m-%d")`, "1563408000"),
		ev("strptime literal PM is text", `strptime("PM 2019-07-18", "PM %Y-%m-%d")`, "1563408000"),
		ev("strptime literal day name must match", `strptime("Tuesday 2019-07-18", "Monday %Y-%m-%d")`, nullCell),
		ev("strptime %A reads a day name", `strptime("Thursday 2019-07-18", "%A %Y-%m-%d")`, "1563408000"),
		ev("strptime %Z EST is -05:00", `strptime("2019-07-18 09:30:00 EST", "%Y-%m-%d %H:%M:%S %Z")`, "1563460200"),
		ev("strptime %Z unknown zone is null", `strptime("2019-07-18 09:30:00 XYZ", "%Y-%m-%d %H:%M:%S %Z")`, nullCell),
		ev("strptime %z with a colon", `strptime("2019-07-18T09:30:00+02:00", "%Y-%m-%dT%H:%M:%S%z")`, "1563435000"),
		ev("strptime %I %p", `strptime("07/18/2019 09:30:00 PM", "%m/%d/%Y %I:%M:%S %p")`, "1563485400"),
		ev("strptime %b and %e", `strptime("Jul  8 2019", "%b %e %Y")`, "1562544000"),
		ev("strptime 30 February is null", `strptime("2019-02-30", "%Y-%m-%d")`, nullCell),
		ev("strptime text left over is null", `strptime("2019-07-18 x", "%Y-%m-%d")`, nullCell),
		{"strptime unknown verb", one, `* | eval r=strptime(a, "%G")`, "error: strptime format %G"},
		ev("sqrt", `sqrt(16)`, "4"),
		ev("pow", `pow(2, 10)`, "1024"),
		ev("log default base 10", `log(1000)`, "3"),
		ev("ln", `round(ln(exp(2)), 6)`, "2"),
		ev("mvzip", `mvzip(mv, split("1,2", ","), "=")`, "x=1|y=2"),
		ev("mvmap", `mvmap(mv, upper(mv))`, "X|Y|Z"),
		{"mvfilter needs one field", one, `* | eval r=mvfilter(a=b)`, "error: must name exactly one field"},
		{"eval chain sees earlier", one, `* | eval x=n+1, y=x*2 | table x y`, "x;y\n43;86"},
		{"eval overwrites field", one, `* | eval a="new" | table a`, "a\nnew"},
		{"eval null removes field", one, `* | eval a=null() | table a`, "a\n" + nullCell},
		// "Numbers and strings can be assigned to fields, while booleans
		// cannot be assigned" (eval command usage).
		{"eval boolean rejected", one, `* | eval b=n>1`, "error: a field cannot be assigned a boolean"},
		{"if condition must be boolean", one, `* | eval r=if(a, 1, 2)`, "error: the condition must be boolean"},
		{"case condition must be boolean", one, `* | eval r=case("x", 1)`, "error: each condition must be boolean"},
		{"where must be boolean", one, `* | where a`, "error: the expression must be boolean"},
		// Splunk rejects a function it does not have ("The 'x' function is
		// unsupported or undefined"): a typo is invalid, with a hint; a
		// real Splunk function dactest lacks is unsupported.
		{"unknown function", one, `* | eval b=nosuchfn(mv, x)`, "error: invalid function nosuchfn: Splunk has no such eval function"},
		{"misspelt function", one, `* | eval b=lowr(a)`, "error: invalid function lowr: Splunk has no such eval function; did you mean lower?"},
		{"Splunk function not implemented", one, `* | eval b=printf("%d", n)`, "error: unsupported function printf"},
		{"wrong arity", one, `* | eval b=lower(a, b)`, "error: wrong number of arguments"},
		// Splunk regexes are PCRE: look-around and backreferences work
		// (regexp2 takes the patterns RE2 rejects).
		{"lookahead supported", one, `* | where match(a, "H(?=ello)") | table a`, "a\nHello"},
		{"negative lookbehind", one, `* | where match(b, "(?<!x)ello") | table b`, "b\nhello"},
		{"backreference", one, `* | where match(a, "(l)\\1") | table a`, "a\nHello"},
		{"lookahead in replace", one, `* | eval r=replace(path, "(.*\\\\)(?=.*\.exe$)", "") | table r`, "r\ncmd.exe"},
		{"malformed regex is an error", one, `* | where match(a, "(")`, "error: unsupported regex"},
	})
}

func TestCompileEvalAPI(t *testing.T) {
	f, err := CompileEval(`if(isnull(process_name), replace(process, "^.*\\\\", ""), process_name)`)
	if err != nil {
		t.Fatal(err)
	}
	got := f(event.Row{"process": {`C:\Windows\cmd.exe`}})
	if got.First() != "cmd.exe" {
		t.Fatalf("got %q", got)
	}
	if _, err := CompileEval(`a=1`); err == nil {
		t.Fatal("boolean eval accepted")
	}
	if _, err := CompileEval(`nosuch(a)`); err == nil {
		t.Fatal("unknown function accepted")
	}
}

func TestCompileSearchAPI(t *testing.T) {
	m, err := CompileSearch(`tag=process tag=report`)
	if err != nil {
		t.Fatal(err)
	}
	if !m(event.Row{"tag": {"process", "report", "execution"}}) || m(event.Row{"tag": {"process"}}) {
		t.Fatal("tag constraint")
	}
	if _, err := CompileSearch(`earliest=-1h`); err == nil {
		t.Fatal("time modifier accepted")
	}
}

// An EVAL that copies a field hands back the field's own value (no copy),
// but capped: appending to either field never shows in the other.
func TestEvalFieldCopyDoesNotAlias(t *testing.T) {
	f, err := CompileEval(`coalesce(a, "none")`)
	if err != nil {
		t.Fatal(err)
	}
	backing := make([]string, 1, 4)
	backing[0] = "x"
	row := event.Row{"a": backing}
	row["b"] = f(row)
	row["b"] = append(row["b"], "from b")
	row["a"] = append(row["a"], "from a")
	if got := row["b"]; len(got) != 2 || got[1] != "from b" {
		t.Errorf("b = %q, want [x from b]", got)
	}
	if got := row["a"]; len(got) != 2 || got[1] != "from a" {
		t.Errorf("a = %q, want [x from a]", got)
	}
}
