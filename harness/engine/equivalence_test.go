package engine

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

// randomSearch builds a random search expression over the procs fixture.
func randomSearch(r *rand.Rand, depth int) string {
	leaves := []string{
		"host=h1", "host=H*", "user=bob", "user!=alice", "n>5", "n<=7", "proc=*.exe",
		"proc IN (cmd.exe, net*)", "tag=report", "NOT user=*", "nosuch=*", `proc="cmd.exe"`,
	}
	if depth == 0 || r.Intn(3) == 0 {
		return leaves[r.Intn(len(leaves))]
	}
	a, b := randomSearch(r, depth-1), randomSearch(r, depth-1)
	switch r.Intn(3) {
	case 0:
		return "(" + a + " OR " + b + ")"
	case 1:
		return a + " " + b
	}
	return "NOT (" + a + ")"
}

// The base search runs on columns and later searches on rows: both
// compilations of the same tree must agree on every event.
func TestRowAndColumnMatchersAgree(t *testing.T) {
	ds := NewDataset(parseEvents(t, procs))
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 500; i++ {
		text := randomSearch(r, 4)
		x, err := spl.ParseSearchExpr(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		tree := compileSearchTree(x, &errs{})
		byRow, byCol := tree.rowMatcher(), tree.indexMatcher(ds.column)
		for j, row := range ds.rows {
			if byRow(row) != byCol(j) {
				t.Fatalf("%s: row %d: row matcher %v, column matcher %v", text, j, byRow(row), byCol(j))
			}
		}
	}
}

// A search written as SPL text and the same search after `search` later in
// the pipeline select the same events.
func TestBaseSearchEqualsLaterSearch(t *testing.T) {
	env := testEnv(t)
	events := parseEvents(t, procs)
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 200; i++ {
		text := randomSearch(r, 3)
		a, err := runSPL(t, env, events, text+" | table _time")
		if err != nil {
			t.Fatal(err)
		}
		b, err := runSPL(t, env, events, "* | search "+text+" | table _time")
		if err != nil {
			t.Fatal(err)
		}
		if renderTable(a.Table) != renderTable(b.Table) {
			t.Fatalf("%s:\n%s\nvs\n%s", text, renderTable(a.Table), strings.TrimSpace(renderTable(b.Table)))
		}
	}
}
