package runner

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
)

// lookupTables reads the CSV lookups of a tree with their transforms
// settings. Lookups without a CSV (KV-store collections, ML models) get a
// reason instead, so a search using one is reported unsupported with that
// reason; a CSV lookup whose file is missing or broken gets one in broken,
// so a search using it is invalid: the content is wrong.
func lookupTables(tree *content.Tree) (tables map[string]*engine.Lookup, noTable, broken map[string]string) {
	tables, noTable, broken = map[string]*engine.Lookup{}, map[string]string{}, map[string]string{}
	unloaded(tree, broken)
	if tree.FS == nil {
		return tables, noTable, broken
	}
	for name, l := range tree.Lookups {
		switch {
		case l.Collection != "":
			noTable[name] = fmt.Sprintf("KV-store collection %q (%s): dactest has no snapshot of its contents", l.Collection, l.File)
		case l.CSVPath == "" || !isCSV(l.Filename):
			noTable[name] = fmt.Sprintf("%s is not a CSV table (%s)", l.Filename, l.File)
		default:
			t, err := readLookup(tree.FS, l)
			if err != nil {
				broken[name] = fmt.Sprintf("%s: cannot read %s: %v", l.File, l.Filename, err)
				continue
			}
			tables[name] = t
		}
	}
	return tables, noTable, broken
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

// unloaded notes each lookup definition file that does not load, under
// the file's stem (security_content names the file for the lookup): a
// search using it would otherwise read as using a lookup some app ships.
func unloaded(tree *content.Tree, broken map[string]string) {
	for _, f := range tree.Findings {
		file := filepath.ToSlash(f.Pos.File)
		if f.Severity != content.SeverityError || path.Base(path.Dir(file)) != "lookups" || path.Ext(file) != ".yml" {
			continue
		}
		name := strings.TrimSuffix(path.Base(file), ".yml")
		if _, seen := broken[name]; !seen {
			broken[name] = fmt.Sprintf("%s does not load (%s at %s): the content's lookup definition is broken", path.Base(file), f.Message, f.Pos)
		}
	}
}
