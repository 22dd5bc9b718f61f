package runner

import (
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/spl"
)

// Coverage is how much of a content tree the engine can run: the share of
// detections whose search compiles with no unsupported piece (production
// ones separately), every command and function the searches use, and the
// pieces still missing with the engine's reason.
type Coverage struct {
	All        Share        `json:"all"`        // every detection not deprecated
	Production Share        `json:"production"` // status: production
	Pieces     []PieceUse   `json:"pieces"`
	Missing    []MissingUse `json:"missing"`
}

// Share counts detections and those that compile with no problem.
type Share struct {
	Detections int `json:"detections"`
	Runnable   int `json:"runnable"`
}

// Percent is the runnable share, 0 for an empty tree.
func (s Share) Percent() float64 {
	if s.Detections == 0 {
		return 0
	}
	return 100 * float64(s.Runnable) / float64(s.Detections)
}

// PieceUse is one command or function: how many detections use it and in
// how many of them the engine reported it (or one of its options)
// unsupported.
type PieceUse struct {
	Kind        string `json:"kind"` // command | function | stats function
	Name        string `json:"name"`
	Detections  int    `json:"detections"`
	Production  int    `json:"production"`
	Unsupported int    `json:"unsupported"`
}

// Supported says whether no detection hit a problem with this piece.
func (p PieceUse) Supported() bool { return p.Unsupported == 0 }

// MissingUse is one problem (as the engine names it) with the detections
// hitting it, production ones separately, and the engine's reason.
type MissingUse struct {
	What       string   `json:"what"`
	Kind       string   `json:"kind"`
	Reason     string   `json:"reason,omitempty"`
	Detections int      `json:"detections"`
	Production int      `json:"production"`
	Examples   []string `json:"examples"` // up to three detection files
}

// Coverage compiles every detection of the tree that is not deprecated
// and measures what the engine runs.
func (c *Compiler) Coverage(tree *content.Tree) Coverage {
	var cov Coverage
	pieces := map[[2]string]*PieceUse{}
	missing := map[string]*MissingUse{}
	for _, d := range tree.Detections {
		if d.Status == "deprecated" {
			continue
		}
		prod := d.Status == "production"
		comp := c.Get(tree, d)
		ok := comp.Status() == Pass
		cov.All.add(ok)
		if prod {
			cov.Production.add(ok)
		}
		for key := range usedPieces(comp.Expanded) {
			p := pieces[key]
			if p == nil {
				p = &PieceUse{Kind: key[0], Name: key[1]}
				pieces[key] = p
			}
			p.count(prod, pieceFailed(key, comp.Problems))
		}
		for _, pr := range distinctProblems(comp.Problems) {
			countMissing(missing, pr, d, prod)
		}
	}
	cov.Pieces = sortedPieces(pieces)
	cov.Missing = sortedMissing(missing)
	return cov
}

func (s *Share) add(ok bool) {
	s.Detections++
	if ok {
		s.Runnable++
	}
}

func (p *PieceUse) count(prod, failed bool) {
	p.Detections++
	if prod {
		p.Production++
	}
	if failed {
		p.Unsupported++
	}
}

func countMissing(m map[string]*MissingUse, pr Problem, d *content.Detection, prod bool) {
	key := pr.Kind + "\x00" + pr.What
	u := m[key]
	if u == nil {
		u = &MissingUse{What: pr.What, Kind: pr.Kind, Reason: pr.Msg}
		m[key] = u
	}
	u.Detections++
	if prod {
		u.Production++
	}
	if len(u.Examples) < 3 {
		u.Examples = append(u.Examples, d.File)
	}
}

// distinctProblems keeps one problem per (kind, what) in a detection.
func distinctProblems(ps []Problem) []Problem {
	seen := map[string]bool{}
	var out []Problem
	for _, p := range ps {
		k := p.Kind + "\x00" + p.What
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// usedPieces parses the expanded search again and names every command,
// eval function and stats function in it (subsearches included). A search
// that does not expand or parse uses nothing we can name.
func usedPieces(expanded string) map[[2]string]bool {
	out := map[[2]string]bool{}
	if expanded == "" {
		return out
	}
	q, err := spl.Parse(expanded)
	if err != nil {
		return out
	}
	spl.WalkQuery(q, func(n spl.Node) bool {
		switch n := n.(type) {
		case spl.Command:
			out[[2]string{"command", strings.ToLower(n.CommandName())}] = true
			for _, a := range aggregations(n) {
				out[[2]string{"stats function", a.Func + a.Param}] = true
			}
		case *spl.Call:
			out[[2]string{"function", strings.ToLower(n.Func)}] = true
		}
		return true
	})
	return out
}

func aggregations(c spl.Command) []spl.Aggregation {
	switch c := c.(type) {
	case *spl.StatsCommand:
		return c.Aggs
	case *spl.TstatsCommand:
		return c.Aggs
	}
	return nil
}

// pieceFailed says whether a problem names the piece: "command map",
// "transaction option maxevents", "function mvmap", "stats function perc".
func pieceFailed(key [2]string, ps []Problem) bool {
	for _, p := range ps {
		if p.Kind != engine.KindUnsupported {
			continue
		}
		switch key[0] {
		case "command":
			if p.What == "command "+key[1] || strings.HasPrefix(p.What, key[1]+" ") {
				return true
			}
		case "function":
			if p.What == "function "+key[1] {
				return true
			}
		default: // stats function: "stats function perc95", "tstats function ..."
			if strings.HasSuffix(p.What, " function "+key[1]) {
				return true
			}
		}
	}
	return false
}

func sortedPieces(m map[[2]string]*PieceUse) []PieceUse {
	out := make([]PieceUse, 0, len(m))
	for _, p := range m {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Detections != b.Detections {
			return a.Detections > b.Detections
		}
		return a.Name < b.Name
	})
	return out
}

func sortedMissing(m map[string]*MissingUse) []MissingUse {
	out := make([]MissingUse, 0, len(m))
	for _, u := range m {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Production != b.Production {
			return a.Production > b.Production
		}
		if a.Detections != b.Detections {
			return a.Detections > b.Detections
		}
		return a.What < b.What
	})
	return out
}
