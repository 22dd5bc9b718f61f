package engine

import "testing"

// rex mode=sed and makemv tokenizer= (Search Reference, "rex", "makemv").
func TestSedAndTokenizerSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"sed global", `s=a-b-c`, `* | rex field=s mode=sed "s/-/+/g" | table s`, "s\na+b+c"},
		{"sed first match by default", `s=a-b-c`, `* | rex field=s mode=sed "s/-/+/" | table s`, "s\na+b-c"},
		{"sed nth match", `s=a-b-c`, `* | rex field=s mode=sed "s/-/+/2" | table s`, "s\na-b+c"},
		{"sed backreference", `s=user@corp`, `* | rex field=s mode=sed "s/(\w+)@(\w+)/\2\\\\\1/" | table s`, "s\ncorp\\user"},
		{"sed other delimiter", `s=a/b`, `* | rex field=s mode=sed "s|/|_|g" | table s`, "s\na_b"},
		{"sed escaped delimiter", `s=a/b`, `* | rex field=s mode=sed "s/\//_/g" | table s`, "s\na_b"},
		{"sed on multivalue", `s=a-1|b-2`, `* | rex field=s mode=sed "s/-\d//" | table s`, "s\na|b"},
		{"sed missing field unchanged", `x=1`, `* | rex field=s mode=sed "s/a/b/" | table x`, "x\n1"},
		// rex is PCRE in sed mode too: look-around and backreferences
		{"sed look-ahead every match", `s=hello`, `* | rex field=s mode=sed "s/l(?=l)/L/g" | table s`, "s\nheLlo"},
		{"sed look-behind nth match", `s=a1 b1 a1 a1`, `* | rex field=s mode=sed "s/(?<=a)1/X/2" | table s`, "s\na1 b1 aX a1"},
		{"sed look-ahead after multibyte text", `s=é l l`, `* | rex field=s mode=sed "s/l(?= )/L/1" | table s`, "s\né L l"},
		{"sed y transliterates", `s=abcab`, `* | rex field=s mode=sed "y/abc/xyz/" | table s`, "s\nxyzxy"},
		{"sed y needs equal lengths", `s=abc`, `* | rex field=s mode=sed "y/abc/xy/"`, "error: rex sed expression"},
		{"rex unknown mode", `s=abc`, `* | rex field=s mode=xml "a"`, "error: the only mode is sed"},
		{"makemv tokenizer first group", `p=cmd.exe /c whoami`, `* | makemv tokenizer="([\w\.]+)" p | table p`, "p\ncmd.exe|c|whoami"},
		{"makemv tokenizer whole match", `p=a1 b22 c333`, `* | makemv tokenizer="\d+" p | eval n=mvcount(p) | table p n`, "p;n\n1|22|333;3"},
	})
}

// extract with delimiters (Search Reference, "extract": pairdelim and
// kvdelim are lists of delimiter characters).
func TestExtractSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"extract pairs", `_raw=A:1,B: two ,C:x:y`, `* | extract pairdelim="," kvdelim=":" | table A B C`, "A;B;C\n1;two;x:y"},
		{"extract keeps existing fields", `_raw=A:1,B:2; A=old`, `* | extract pairdelim="," kvdelim=":" | table A B`, "A;B\nold;2"},
		{"extract cleans keys", `_raw=Rescan Verdict:Phish`, `* | extract pairdelim=";" kvdelim=":" | table Rescan_Verdict`, "Rescan_Verdict\nPhish"},
		{"extract several pair delimiters", `_raw=a=1&b=2,c=3`, `* | extract pairdelim="&," kvdelim="=" | table a b c`, "a;b;c\n1;2;3"},
		{"extract without delimiters unsupported", `_raw=a=1`, `* | extract`, "error: extract without pairdelim"},
	})
}
