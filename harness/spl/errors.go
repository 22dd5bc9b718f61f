package spl

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one SPL problem. Pos is a byte offset into the text that was
// parsed (the expanded query). When the error went through an Expansion,
// Macro/File/Offset say where the offending text was written: Macro == ""
// means the caller's own search text, else Offset is into that macro's
// definition.
type Error struct {
	Pos    Pos
	Msg    string
	Macro  string
	File   string
	Offset int
	// Resolved is true once Macro/File/Offset have been filled.
	Resolved bool
}

func (e *Error) Error() string {
	if !e.Resolved {
		return fmt.Sprintf("offset %d: %s", e.Pos, e.Msg)
	}
	if e.Macro == "" {
		return fmt.Sprintf("search offset %d: %s", e.Offset, e.Msg)
	}
	where := "macro `" + e.Macro + "`"
	if e.File != "" {
		where += " (" + e.File + ")"
	}
	return fmt.Sprintf("%s offset %d: %s", where, e.Offset, e.Msg)
}

// ErrorList collects errors sorted by position, like go/scanner.ErrorList.
type ErrorList []*Error

func (l *ErrorList) add(pos Pos, msg string) { *l = append(*l, &Error{Pos: pos, Msg: msg}) }

// sortDedup orders errors by position and drops exact duplicates.
func (l ErrorList) sortDedup() ErrorList {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos < l[j].Pos })
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Pos == l[i-1].Pos && e.Msg == l[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	b.WriteString(l[0].Error())
	fmt.Fprintf(&b, " (and %d more errors)", len(l)-1)
	return b.String()
}

// Err returns nil for an empty list, else the list itself.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
