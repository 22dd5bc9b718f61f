// Package fieldflow computes which fields each stage of an SPL pipeline
// outputs, from the parsed AST. It is deliberately conservative: a stage it
// cannot model outputs an open set ("any event field may be here"), so a
// field is only ever reported missing when the analysis is sure of it.
package fieldflow

import "sort"

// Fields is the set of fields a stage outputs. Names are known to be
// present. When Open, any other field may be present too, except those in
// Removed and, if Patterns is set, those matching none of them.
type Fields struct {
	Names    map[string]bool
	Open     bool
	Removed  map[string]bool
	Patterns []string // restricts Open (table/fields with an open input)
}

// Closed returns a set holding exactly names.
func Closed(names ...string) Fields {
	f := Fields{Names: map[string]bool{}}
	for _, n := range names {
		f.Names[n] = true
	}
	return f
}

// AllEvents is what a base search outputs: every field of the events.
func AllEvents() Fields { return Fields{Names: map[string]bool{}, Open: true} }

// Has reports whether name may be an output field.
func (f Fields) Has(name string) bool {
	if f.Names[name] {
		return true
	}
	if !f.Open || f.Removed[name] {
		return false
	}
	return f.Patterns == nil || matchAny(f.Patterns, name)
}

// List returns the known names, sorted.
func (f Fields) List() []string {
	out := make([]string, 0, len(f.Names))
	for n := range f.Names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (f Fields) clone() Fields {
	g := Fields{Names: make(map[string]bool, len(f.Names)), Open: f.Open, Patterns: f.Patterns}
	for n := range f.Names {
		g.Names[n] = true
	}
	if len(f.Removed) > 0 {
		g.Removed = make(map[string]bool, len(f.Removed))
		for n := range f.Removed {
			g.Removed[n] = true
		}
	}
	return g
}

// with returns f plus names.
func (f Fields) with(names ...string) Fields {
	g := f.clone()
	for _, n := range names {
		if n != "" {
			g.Names[n] = true
			delete(g.Removed, n)
		}
	}
	return g
}

// without returns f minus the fields matching pattern.
func (f Fields) without(pattern string) Fields {
	g := f.clone()
	for n := range g.Names {
		if match(pattern, n) {
			delete(g.Names, n)
		}
	}
	if g.Open {
		if !hasWildcard(pattern) {
			if g.Removed == nil {
				g.Removed = map[string]bool{}
			}
			g.Removed[pattern] = true
		} else if pattern == "*" {
			g.Open = false
		}
	}
	return g
}

// union is what a command appending rows of another pipeline outputs.
func union(a, b Fields) Fields {
	g := a.with(b.List()...)
	if b.Open {
		g.Open, g.Removed, g.Patterns = true, nil, nil
	}
	return g
}

// keep restricts f to fields matching any of patterns (table, fields +).
func (f Fields) keep(patterns []string) Fields {
	g := Fields{Names: map[string]bool{}}
	for n := range f.Names {
		if matchAny(patterns, n) {
			g.Names[n] = true
		}
	}
	if f.Open {
		// A literal name kept from an open input may be there; a pattern
		// keeps the open part restricted to it.
		g.Open, g.Removed, g.Patterns = true, f.Removed, patterns
	}
	return g
}

func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if match(p, name) {
			return true
		}
	}
	return false
}

// match is Splunk's field wildcard match: * matches any run of characters,
// everything else matches itself.
func match(pattern, name string) bool {
	if !hasWildcard(pattern) {
		return pattern == name
	}
	_, ok := wildcard(pattern, name)
	return ok
}

// wildcard matches pattern against name and returns what each * captured,
// in order (the leftmost-shortest way, as Splunk's rename does).
func wildcard(pattern, name string) ([]string, bool) {
	star := indexByte(pattern, '*')
	if star < 0 {
		return nil, pattern == name
	}
	prefix, rest := pattern[:star], pattern[star+1:]
	if len(name) < len(prefix) || name[:len(prefix)] != prefix {
		return nil, false
	}
	name = name[len(prefix):]
	for i := 0; i <= len(name); i++ {
		if caps, ok := wildcard(rest, name[i:]); ok {
			return append([]string{name[:i]}, caps...), true
		}
	}
	return nil, false
}

func hasWildcard(s string) bool { return indexByte(s, '*') >= 0 }

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
