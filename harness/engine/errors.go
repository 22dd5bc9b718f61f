package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/spl"
)

// Error kinds.
const (
	KindUnsupported = "unsupported" // valid SPL the engine does not implement
	KindInvalid     = "invalid"     // SPL Splunk itself would reject or cannot mean
)

// CompileError is one problem found while compiling a query. What names the
// construct ("command transaction", "function mvmap", "tstats option
// prestats") so a report can group errors across detections.
type CompileError struct {
	Pos  spl.Pos
	Kind string
	What string
	Msg  string
}

func (e *CompileError) Error() string {
	if e.Msg == "" {
		return fmt.Sprintf("%d: %s %s", e.Pos, e.Kind, e.What)
	}
	return fmt.Sprintf("%d: %s %s: %s", e.Pos, e.Kind, e.What, e.Msg)
}

// ErrorList collects every compile error of a query instead of stopping at
// the first, like go/scanner.ErrorList.
type ErrorList []*CompileError

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Err returns nil for an empty list, the sorted list otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos < l[j].Pos })
	return l
}

// errs is the collector compile functions append to. subsearch, when set
// by Compile, compiles a [subsearch] inside a search expression; where it
// is nil (CompileSearch, data-model constraints) subsearches are errors.
type errs struct {
	list      ErrorList
	subsearch func(*spl.Query) *Program
}

func (e *errs) unsupported(pos spl.Pos, what, msg string) {
	e.list = append(e.list, &CompileError{Pos: pos, Kind: KindUnsupported, What: what, Msg: msg})
}

func (e *errs) invalid(pos spl.Pos, what, msg string) {
	e.list = append(e.list, &CompileError{Pos: pos, Kind: KindInvalid, What: what, Msg: msg})
}
