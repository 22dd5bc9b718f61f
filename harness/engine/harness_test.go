package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/internal/testenv"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// The semantics suite is written as compact text: events one per line,
// fields separated by ';', name=value, multivalue elements separated by '|'.
// Expected tables: first line the columns, then one line per row, cells
// separated by ';', '∅' for null, '|' between multivalue elements. An
// expectation starting with "error:" expects a compile error containing the
// rest.

const nullCell = "∅"

// semCase is one behaviour: events in, SPL, expected rows out.
type semCase struct {
	name   string
	events string
	spl    string
	want   string
}

func parseEvents(t testing.TB, text string) []event.Row {
	var rows []event.Row
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		r := event.Row{}
		for _, f := range strings.Split(line, ";") {
			name, val, ok := strings.Cut(strings.TrimSpace(f), "=")
			if !ok {
				t.Fatalf("bad event field %q", f)
			}
			r[name] = event.Value(strings.Split(val, "|"))
		}
		rows = append(rows, r)
	}
	return rows
}

var testNow = time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)

func testEnv(t testing.TB) *Env {
	set, err := datamodel.CIM()
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Datamodels: set, Now: testNow}
}

func runSPL(t testing.TB, env *Env, events []event.Row, text string) (*Result, error) {
	q, err := spl.Parse(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	p, err := Compile(q, env)
	if err != nil {
		return nil, err
	}
	return p.Run(context.Background(), NewDataset(events))
}

func renderTable(tb event.Table) string {
	lines := []string{strings.Join(tb.Columns, ";")}
	for _, r := range tb.Rows {
		cells := make([]string, len(tb.Columns))
		for i, c := range tb.Columns {
			if v := r[c]; v.Null() {
				cells[i] = nullCell
			} else {
				cells[i] = strings.Join(v, "|")
			}
		}
		lines = append(lines, strings.Join(cells, ";"))
	}
	return strings.Join(lines, "\n")
}

func normalizeWant(s string) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		lines = append(lines, strings.TrimSpace(l))
	}
	return strings.Join(lines, "\n")
}

func runSemCases(t *testing.T, cases []semCase) { runSemCasesEnv(t, testEnv(t), cases) }

func runSemCasesEnv(t *testing.T, env *Env, cases []semCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := runSPL(t, env, parseEvents(t, c.events), c.spl)
			want := normalizeWant(c.want)
			if msg, isErr := strings.CutPrefix(want, "error:"); isErr {
				if err == nil || !strings.Contains(err.Error(), strings.TrimSpace(msg)) {
					t.Fatalf("%s\nwant error containing %q, got %v", c.spl, msg, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s\nerror: %v", c.spl, err)
			}
			if got := renderTable(res.Table); got != want {
				t.Errorf("%s\n got:\n%s\nwant:\n%s", c.spl, got, want)
			}
		})
	}
}

// sharedDir is ../shared beside the repository root.
func sharedDir(t testing.TB) string { return testenv.SharedDir(t) }
