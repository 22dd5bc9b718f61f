package validate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/dactest/dactest/harness/content"
)

// lookupFiles applies contentctl's lookup rules: exactly one of filename
// and collection; match_type written WILDCARD(field); the file present; and
// a CSV whose rows all have the header's number of columns.
func (r *run) lookupFiles() {
	for _, name := range keys(r.tree.Lookups) {
		l := r.tree.Lookups[name]
		r.lookupSource(l)
		if l.MatchType != "" && !strings.HasPrefix(l.MatchType, "WILDCARD(") && !strings.HasSuffix(l.MatchType, ")") {
			r.report("lookup-match-type", content.PosOf(l.File, content.NodeAt(l.Node, "match_type")),
				"match_type %s is not WILDCARD(field)", quote(l.MatchType))
		}
		if l.CSVPath != "" && r.tree.FS != nil {
			r.lookupCSV(l)
		}
	}
}

func (r *run) lookupSource(l *content.Lookup) {
	switch {
	case l.Filename != "" && l.Collection != "":
		r.report("lookup-source", content.PosOf(l.File, content.NodeAt(l.Node, "collection")),
			"lookup has both filename and collection")
	case l.Filename == "" && l.Collection == "":
		r.report("lookup-source", content.PosOf(l.File, content.NodeAt(l.Node, "name")),
			"lookup has neither filename nor collection")
	}
}

func (r *run) lookupCSV(l *content.Lookup) {
	f, err := r.tree.FS.Open(l.CSVPath)
	if err != nil {
		r.report("lookup-file", content.PosOf(l.File, content.NodeAt(l.Node, "filename")),
			"lookup file %s not found", l.CSVPath)
		return
	}
	defer f.Close()
	if path.Ext(l.CSVPath) != ".csv" {
		return // ML models are opaque
	}
	if pos, msg := csvProblem(f, fileName(r.tree.Label, l.CSVPath)); msg != "" {
		r.report("lookup-csv", pos, "%s", msg)
	}
}

// csvProblem returns the first structural problem of a CSV: no header, or
// a row whose column count differs from the header's.
func csvProblem(f fs.File, file string) (content.Pos, string) {
	cr := csv.NewReader(f)
	cr.LazyQuotes = true // Splunk tolerates stray quotes; only shape matters
	if _, err := cr.Read(); err != nil {
		return content.Pos{File: file, Line: 1, Col: 1}, "CSV has no header row"
	}
	for {
		_, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return content.Pos{}, ""
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return content.Pos{File: file, Line: pe.Line, Col: max(pe.Column, 1)}, "CSV " + pe.Err.Error()
		}
		if err != nil {
			return content.Pos{File: file, Line: 1, Col: 1}, fmt.Sprintf("CSV unreadable: %v", err)
		}
	}
}

// fileName names a path of the tree's fs in messages, like content does.
func fileName(label, p string) string {
	if label == "" || label == "." {
		return p
	}
	return strings.TrimSuffix(label, "/") + "/" + p
}
