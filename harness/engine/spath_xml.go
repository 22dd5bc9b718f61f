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
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	var path []string
	var text []strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF || err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			text = append(text, strings.Builder{})
			name := strings.Join(path, ".")
			for _, a := range t.Attr {
				key := name + "{@" + a.Name.Local + "}"
				out[key] = append(out[key], a.Value)
			}
		case xml.CharData:
			if len(text) > 0 {
				text[len(text)-1].Write(t)
			}
		case xml.EndElement:
			if len(path) == 0 {
				continue
			}
			if s := strings.TrimSpace(text[len(text)-1].String()); s != "" {
				name := strings.Join(path, ".")
				out[name] = append(out[name], s)
			}
			path, text = path[:len(path)-1], text[:len(text)-1]
		}
	}
}
