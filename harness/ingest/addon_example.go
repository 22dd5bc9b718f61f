package ingest

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dactest/dactest/harness/event"
)

// ReadExample reads one example event (a data source's example_log) as a
// dataset file holding that text would be read - the format sniffed from
// the content, source/sourcetype/host from meta, line breaking and _time
// from the add-ons' index-time settings - and applies the add-ons,
// so the rows carry the fields a search would see. The text goes through a
// temporary file because the readers stream from files.
func (a *Addons) ReadExample(raw string, meta Meta) ([]event.Row, []Problem, error) {
	dir, err := os.MkdirTemp("", "dactest-example-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "example_log")
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		return nil, nil, err
	}
	var rows []event.Row
	var problems []Problem
	err = ScanWith(path, meta, ReadOptions{Addons: a}, func(r event.Row, p *Problem) bool {
		if p != nil {
			problems = append(problems, *p)
		} else {
			rows = append(rows, r)
		}
		return true
	})
	if err != nil {
		return nil, nil, fmt.Errorf("example_log: %w", err)
	}
	for i := range problems {
		problems[i].Path = "example_log"
	}
	for _, r := range rows {
		a.Apply(r)
	}
	return rows, problems, nil
}
