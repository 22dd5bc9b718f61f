package engine

import (
	"strings"

	"github.com/dactest/dactest/harness/spl"
)

// cmdArg is one argument of a command the parser keeps as raw text:
// key=value, or a bare word or quoted string (Key empty).
type cmdArg struct {
	At     spl.Pos
	Key    string
	Value  string
	Quoted bool
}

// splitArgs tokenizes raw command arguments: whitespace and commas
// separate; double quotes group (with \\ and \" escapes); key=value pairs
// are recognised when the key is a plain word.
func splitArgs(n *spl.GenericCommand) []cmdArg {
	s := n.Args
	// Args starts after the name and its whitespace; one space is the usual
	// case, so positions may be off by the extra blanks of odd spacing.
	base := int(n.At) + len(n.Name) + 1
	var out []cmdArg
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' {
			i++
			continue
		}
		start := i
		word, quoted, next := scanWord(s, i)
		if next == i { // a stray '=': keep it as a word so the scan moves on
			word, next = s[i:i+1], i+1
		}
		a := cmdArg{At: spl.Pos(base + start), Value: word, Quoted: quoted}
		if !quoted && next < len(s) && s[next] == '=' && word != "" {
			a.Key = strings.ToLower(word)
			a.Value, a.Quoted, next = scanWord(s, next+1)
		}
		out = append(out, a)
		i = next
	}
	return out
}

func scanWord(s string, i int) (string, bool, int) {
	if i < len(s) && s[i] == '(' {
		return scanParens(s, i)
	}
	if i < len(s) && s[i] == '"' {
		var b strings.Builder
		for j := i + 1; j < len(s); j++ {
			switch {
			case s[j] == '\\' && j+1 < len(s) && (s[j+1] == '\\' || s[j+1] == '"'):
				b.WriteByte(s[j+1])
				j++
			case s[j] == '"':
				return b.String(), true, j + 1
			default:
				b.WriteByte(s[j])
			}
		}
		return b.String(), true, len(s)
	}
	j := i
	for j < len(s) && !strings.ContainsRune(" \t\n\r,=", rune(s[j])) {
		j++
	}
	return s[i:j], false, j
}

// scanParens reads a parenthesised group (startswith=(a=1 b="x")) as one
// word, parentheses included, honouring quotes inside.
func scanParens(s string, i int) (string, bool, int) {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '"':
			for j++; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' {
					j++
				}
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return s[i : j+1], false, j + 1
			}
		}
	}
	return s[i:], false, len(s)
}
