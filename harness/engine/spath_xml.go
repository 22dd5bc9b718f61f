package engine

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// looksXML: spath reads a value that starts with '<' as XML.
func looksXML(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), "<")
}

// flattenXML extracts every element's text and attribute of an XML value
// (a fragment with several top elements too, as UserData_Xml is), named
// by the element path: RuleAndFileData.PolicyName, and for an attribute
// desc.locDesc{@locale} (spath reference). Repeated elements give a
// multivalue in document order. It stops at the first syntax error,
// keeping what it read.
func flattenXML(doc string) map[string]event.Value {
	out := map[string]event.Value{}
	walkXML(doc, func(path []string, attrs []xml.Attr) {
		name := strings.Join(path, ".")
		for _, a := range attrs {
			key := name + "{@" + a.Name.Local + "}"
			out[key] = append(out[key], a.Value)
		}
	}, func(path []string, text string, _ bool) {
		if text != "" {
			name := strings.Join(path, ".")
			out[name] = append(out[name], text)
		}
	})
	return out
}

// walkXML reads an XML value leniently (a fragment, loose entities) and
// calls open for each element with its path and attributes, and close
// with its path, its own text trimmed, and whether it had no child
// element. A syntax error ends the walk.
func walkXML(doc string, open func(path []string, attrs []xml.Attr), close func(path []string, text string, leaf bool)) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	var path []string
	var text []strings.Builder
	var leaf []bool
	for {
		tok, err := d.Token()
		if err == io.EOF || err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(leaf) > 0 {
				leaf[len(leaf)-1] = false
			}
			path, text, leaf = append(path, t.Name.Local), append(text, strings.Builder{}), append(leaf, true)
			open(path, t.Attr)
		case xml.CharData:
			if len(text) > 0 {
				text[len(text)-1].Write(t)
			}
		case xml.EndElement:
			if len(path) == 0 {
				continue
			}
			last := len(path) - 1
			close(path, strings.TrimSpace(text[last].String()), leaf[last])
			path, text, leaf = path[:last], text[:last], leaf[:last]
		}
	}
}
