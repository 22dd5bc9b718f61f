package runner

import (
	"bytes"
	"fmt"
	"io/fs"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
)

// lookupTables reads the CSV lookups of a tree with their transforms
// settings. KV-store collections and ML models have no CSV and are left
// out, so a search using one fails to compile naming the lookup. Tables
// that cannot be read are returned as errors for the caller to report.
func lookupTables(tree *content.Tree) (map[string]*engine.Lookup, map[string]error) {
	tables := map[string]*engine.Lookup{}
	broken := map[string]error{}
	if tree.FS == nil {
		return tables, broken
	}
	for name, l := range tree.Lookups {
		if l.CSVPath == "" || !isCSV(l.Filename) {
			continue
		}
		t, err := readLookup(tree.FS, l)
		if err != nil {
			broken[name] = fmt.Errorf("%s: lookup %s: %w", l.File, name, err)
			continue
		}
		tables[name] = t
	}
	return tables, broken
}

func isCSV(name string) bool {
	return len(name) > 4 && (name[len(name)-4:] == ".csv" || name[len(name)-4:] == ".CSV")
}

func readLookup(fsys fs.FS, l *content.Lookup) (*engine.Lookup, error) {
	data, err := fs.ReadFile(fsys, l.CSVPath)
	if err != nil {
		return nil, err
	}
	t, err := engine.ReadLookupCSV(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	t.SetMatchType(l.MatchType)
	if l.CaseSensitiveMatch != nil {
		t.CaseSensitive = *l.CaseSensitiveMatch
	}
	if l.MinMatches != nil {
		t.MinMatches = *l.MinMatches
	}
	if l.MaxMatches != nil {
		t.MaxMatches = *l.MaxMatches
	}
	t.DefaultMatch = l.DefaultMatch
	return t, nil
}
