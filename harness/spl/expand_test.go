package spl

import (
	"strings"
	"testing"
)

func testMacros() Macros {
	ms := Macros{}
	for _, m := range []Macro{
		{Name: "m", Definition: "x=1", File: "m.yml"},
		{Name: "f", Params: []string{"a", "b"}, Definition: "rename $a$.* AS $b$", File: "f.yml"},
		{Name: "outer", Definition: "`inner` | stats count", File: "outer.yml"},
		{Name: "inner", Definition: "search *", File: "inner.yml"},
		{Name: "loop1", Definition: "`loop2`", File: "l1.yml"},
		{Name: "loop2", Definition: "a `loop1`", File: "l2.yml"},
		{Name: "self", Definition: "`self`", File: "s.yml"},
		{Name: "bad", Definition: "x `nosuch` y", File: "bad.yml"},
		{Name: "nostats", Definition: "stats", File: "nostats.yml"},
		{Name: "two", Definition: "zero-arg", File: "two0.yml"},
		{Name: "two", Params: []string{"p"}, Definition: "one-arg $p$", File: "two1.yml"},
		{Name: "defined_filter", Definition: "search x=1", File: "df.yml"},
		{Name: "q", Params: []string{"v"}, Definition: `eval y=$v$`, File: "q.yml"},
	} {
		ms.Add(m)
	}
	return ms
}

func TestExpand(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a `m` b", "a x=1 b"},
		{"| tstats count | `f(Processes, y)`", "| tstats count | rename Processes.* AS y"},
		{"`outer`", "search * | stats count"},
		{"`two` `two(7)`", "zero-arg one-arg 7"},
		// Undefined *_filter macros default to `search *`; a definition wins.
		{"a | `some_detection_filter`", "a | search *"},
		{"a | `defined_filter`", "a | search x=1"},
		{"a | `drop_dm_object_name(Web)`", "a | rename Web.* AS *"},
		// Macros inside quoted values are not expanded (Knowledge Manager
		// Manual, "Use search macros in searches").
		{"eval x=split(p, \"`\") | `m`", "eval x=split(p, \"`\") | x=1"},
		{"a \"`m`\"", "a \"`m`\""},
		// Comments are left for Parse to blank.
		{"a ```c `m` c``` b", "a ```c `m` c``` b"},
		// Quoted argument with a comma.
		{"`q(\"a,b\")`", "eval y=\"a,b\""},
	}
	for _, tt := range tests {
		e, err := Expand(tt.in, testMacros())
		if err != nil {
			t.Errorf("Expand(%q): %v", tt.in, err)
			continue
		}
		if e.Text != tt.want {
			t.Errorf("Expand(%q) = %q, want %q", tt.in, e.Text, tt.want)
		}
	}
}

func TestExpandOrigin(t *testing.T) {
	search := "a `f(Procs, y)` `m`"
	e, err := Expand(search, testMacros())
	if err != nil {
		t.Fatal(err)
	}
	// e.Text == "a rename Procs.* AS y x=1"
	tests := []struct {
		at       string // substring of e.Text whose start we look up
		macro    string
		file     string
		offset   int
		fromCall bool // offset is into the caller's search text
	}{
		{"a ", "", "", 0, true},
		{"rename", "f", "f.yml", 0, false},
		{"Procs", "", "", strings.Index(search, "Procs"), true},
		{".* AS", "f", "f.yml", len("rename $a$"), false},
		{"y x", "", "", strings.Index(search, "y)"), true},
		{"=1", "m", "m.yml", 1, false},
	}
	for _, tt := range tests {
		p := strings.Index(e.Text, tt.at)
		macro, file, off := e.Origin(Pos(p))
		if macro != tt.macro || file != tt.file || off != tt.offset {
			t.Errorf("Origin(%d %q) = %q %q %d, want %q %q %d", p, tt.at, macro, file, off, tt.macro, tt.file, tt.offset)
		}
	}
	// The end of the text (where "unexpected end" errors sit) maps just
	// past the last byte: here the end of m's definition "x=1".
	if macro, _, off := e.Origin(Pos(len(e.Text))); macro != "m" || off != 3 {
		t.Errorf("Origin(end) = %q %d, want m 3", macro, off)
	}
}

func TestExpandErrors(t *testing.T) {
	tests := []struct {
		in     string
		macro  string
		offset int
		msg    string
	}{
		{"a `nosuch` b", "", 2, "undefined macro `nosuch`"},
		{"a `f(x)`", "", 2, "undefined macro `f(1)`"},
		{"a | `bad`", "bad", 2, "undefined macro `nosuch`"},
		{"`loop1`", "loop2", 2, "macro cycle: loop1 -> loop2 -> loop1"},
		{"`self`", "self", 0, "macro cycle"},
		{"a `m", "", 2, "unterminated macro call"},
		{"a `not a name`", "", 2, "malformed macro call"},
	}
	for _, tt := range tests {
		_, err := Expand(tt.in, testMacros())
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Expand(%q): err = %v, want *Error", tt.in, err)
			continue
		}
		if e.Macro != tt.macro || e.Offset != tt.offset || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Expand(%q): got %q @%d %q, want %q @%d %q", tt.in, e.Macro, e.Offset, e.Msg, tt.macro, tt.offset, tt.msg)
		}
	}
}

// TestParseErrorThroughMacro checks that a parse error inside a macro's
// text points back into that macro's definition.
func TestParseErrorThroughMacro(t *testing.T) {
	e, err := Expand("index=x | `nostats`", testMacros())
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Parse()
	list, ok := err.(ErrorList)
	if !ok || len(list) != 1 {
		t.Fatalf("err = %v, want one error", err)
	}
	if x := list[0]; x.Macro != "nostats" || x.File != "nostats.yml" || x.Offset != 0 {
		t.Errorf("got %q %q %d, want nostats nostats.yml 0", x.Macro, x.File, x.Offset)
	}
	if !strings.Contains(list[0].Error(), "macro `nostats` (nostats.yml) offset 0") {
		t.Errorf("message %q does not name the macro", list[0].Error())
	}
}

func TestMacroKey(t *testing.T) {
	if got := MacroKey("m", 0); got != "m" {
		t.Errorf("MacroKey(m, 0) = %q", got)
	}
	if got := MacroKey("m", 2); got != "m(2)" {
		t.Errorf("MacroKey(m, 2) = %q", got)
	}
}
