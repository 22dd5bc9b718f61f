package report

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func renderHTML(t *testing.T) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), doc
}

// walk calls f on every element.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

func TestHTMLIsSelfContained(t *testing.T) {
	_, doc := renderHTML(t)
	scripts := 0
	walk(doc, func(n *html.Node) {
		for _, a := range []string{"src", "href"} {
			if v, ok := attr(n, a); ok {
				t.Errorf("<%s %s=%q>: the report must not load anything", n.Data, a, v)
			}
		}
		if n.Data == "script" {
			scripts++
		}
	})
	if scripts != 1 {
		t.Errorf("want the one inline script, got %d", scripts)
	}
}

func TestHTMLListsEveryTestWorstFirst(t *testing.T) {
	_, doc := renderHTML(t)
	var statuses []string
	var failing *html.Node
	walk(doc, func(n *html.Node) {
		if n.Data == "tbody" && hasClass(n, "t") {
			st, _ := attr(n, "data-status")
			statuses = append(statuses, st)
			if st == "fail" {
				failing = n
			}
		}
	})
	want := "fail error unsupported skip pass pass"
	if got := strings.Join(statuses, " "); got != want {
		t.Fatalf("tests in order %q, want %q", got, want)
	}
	if !hasClass(failing, "bad") {
		t.Error("the failing test is not marked for opening")
	}
	body := text(failing)
	for _, s := range []string{"risk object user is null in 1 of 3 row(s)", "detections/endpoint/fail_detection.yml",
		"T1003.001, T1059", "3 (expected ≥ 1)", "data/fail.log", "first 2 of 3 rows"} {
		if !strings.Contains(body, s) {
			t.Errorf("failing test details lack %q", s)
		}
	}
}

func TestHTMLResultRowsAndStages(t *testing.T) {
	_, doc := renderHTML(t)
	var results, stages [][]string
	walk(doc, func(n *html.Node) {
		if n.Data != "table" {
			return
		}
		var rows [][]string
		walk(n, func(tr *html.Node) {
			if tr.Data != "tr" {
				return
			}
			var cells []string
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, text(c))
				}
			}
			rows = append(rows, cells)
		})
		switch {
		case hasClass(n, "results") && results == nil:
			results = rows
		case hasClass(n, "stages") && stages == nil:
			stages = rows
		}
	})
	wantResults := [][]string{
		{"user", "dest", "count"},
		{"alice|admin", "<script>alert(1)</script>", "3"}, // text, not markup
		{"null", "host-a\nhost-b", "1"},
	}
	if strings.Join(flat(results), "¦") != strings.Join(flat(wantResults), "¦") {
		t.Errorf("result rows %q, want %q", results, wantResults)
	}
	wantStages := [][]string{{"stage", "in", "out"}, {"search", "10", "4"}, {"stats", "4", "3"}}
	if strings.Join(flat(stages), "¦") != strings.Join(flat(wantStages), "¦") {
		t.Errorf("stages %q, want %q", stages, wantStages)
	}
}

func TestHTMLShowsRiskEventsNotableAndExplanation(t *testing.T) {
	_, doc := renderHTML(t)
	var risk [][]string
	var explanation, page string
	walk(doc, func(n *html.Node) {
		switch {
		case n.Data == "table" && hasClass(n, "risk"):
			walk(n, func(tr *html.Node) {
				if tr.Data == "tr" {
					var cells []string
					for c := tr.FirstChild; c != nil; c = c.NextSibling {
						if c.Type == html.ElementNode {
							cells = append(cells, text(c))
						}
					}
					risk = append(risk, cells)
				}
			})
		case n.Data == "pre" && hasClass(n, "explain"):
			explanation = text(n)
		case n.Data == "body":
			page = text(n)
		}
	})
	want := [][]string{
		{"row", "risk_object", "type", "score", "risk_message", "threat_object", "ATT&CK"},
		{"0", "alice", "user", "56", "alice ran <b>procdump</b>", "procdump.exe", "T1003.001"},
	}
	if strings.Join(flat(risk), "¦") != strings.Join(flat(want), "¦") {
		t.Errorf("risk events %q, want %q", risk, want)
	}
	for _, s := range []string{"Risk events (first 1 of 2)", "search_name: ESCU - Pass Detection - Rule", "security_domainendpoint",
		"Integration problems", "risk message keeps $process$"} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	if !strings.Contains(explanation, "✗ where") || !strings.Contains(explanation, `where count>5 is false (count is "3")`) {
		t.Errorf("explanation %q", explanation)
	}
}

func TestHTMLEscapesFieldValues(t *testing.T) {
	raw, _ := renderHTML(t)
	if strings.Contains(raw, "<script>alert(1)") || strings.Contains(raw, "<b>procdump") {
		t.Error("a field value injected markup")
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}
