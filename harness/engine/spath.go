package engine

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// spath extracts values from JSON held in a field (input=, default _raw).
// With path= (or a bare path) it stores every value at that path in
// output= (default: the path); without a path it extracts every leaf,
// named by its path with {} for array levels (spath reference). XML is
// read too (spath_xml.go): element paths and {@attribute}s; a numeric
// {N} step is JSON-only. Extracted fields replace fields of the same name.
// Text that is neither extracts nothing.
func (c *compiler) spath(n *spl.GenericCommand) applyFn {
	input, output, path := event.Raw, "", ""
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "input":
			input = a.Value
		case "output":
			output = a.Value
		case "path":
			path = a.Value
		case "":
			path = a.Value
		default:
			c.errs.unsupported(a.At, "spath option "+a.Key, "")
		}
	}
	if output == "" {
		output = path
	}
	steps := parseJSONPath(path)
	return mapRows(func(r event.Row) event.Row {
		v := r[input]
		if v.Null() {
			return r
		}
		if looksXML(v.First()) {
			return spathXML(r, v.First(), path, output)
		}
		doc, ok := parseJSONVal(strVal(v.First()))
		if !ok {
			return r
		}
		out := r.Clone()
		if path == "" {
			fields := event.Row{}
			flatten(doc, "", fields)
			for k, vals := range fields {
				out[k] = vals // replaces a field of the same name, as path mode does
			}
			return out
		}
		var vals event.Value
		walkJSON(doc, steps, func(x any) { vals = append(vals, jsonText(x)) })
		out.Set(output, vals)
		return out
	})
}

// jsonStep is one path element: a key, then optional array selection
// (index -1 for {} meaning every element, -2 for none).
type jsonStep struct {
	key   string
	index int
}

func parseJSONPath(p string) []jsonStep {
	var steps []jsonStep
	for _, part := range strings.Split(p, ".") {
		st := jsonStep{key: part, index: -2}
		if i := strings.IndexByte(part, '{'); i >= 0 && strings.HasSuffix(part, "}") {
			st.key = part[:i]
			st.index = -1
			if n, err := strconv.Atoi(part[i+1 : len(part)-1]); err == nil {
				st.index = n
			}
		}
		steps = append(steps, st)
	}
	return steps
}

// walkJSON calls f with every value at the path; arrays met without an
// explicit selection are searched through, as spath does.
func walkJSON(x any, steps []jsonStep, f func(any)) {
	if arr, ok := x.([]any); ok && (len(steps) == 0 || steps[0].key != "") {
		if len(steps) == 0 {
			f(x)
			return
		}
		for _, e := range arr {
			walkJSON(e, steps, f)
		}
		return
	}
	if len(steps) == 0 {
		f(x)
		return
	}
	st := steps[0]
	if st.key != "" {
		obj, ok := x.(map[string]any)
		if !ok {
			return
		}
		if x, ok = obj[st.key]; !ok {
			return
		}
	}
	if st.index == -2 {
		walkJSON(x, steps[1:], f)
		return
	}
	arr, ok := x.([]any)
	if !ok {
		return
	}
	for i, e := range arr {
		if st.index == -1 || st.index == i {
			walkJSON(e, steps[1:], f)
		}
	}
}

func jsonText(x any) string {
	switch v := x.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	case nil:
		return "null"
	case float64:
		return event.FormatNumber(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return string(marshalPlain(x)) // <, >, & as they are, as Splunk writes them
}

// flatten stores every leaf of doc in r, named by its path.
func flatten(x any, prefix string, r event.Row) {
	switch v := x.(type) {
	case map[string]any:
		for k, e := range v {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flatten(e, name, r)
		}
	case []any:
		for _, e := range v {
			flatten(e, prefix+"{}", r)
		}
	default:
		if prefix != "" {
			r[prefix] = append(r[prefix][:len(r[prefix]):len(r[prefix])], jsonText(v))
		}
	}
}

// spathXML is spath over an XML value: every path without one, else the
// values at the path (an element's text, or elem{@attr}).
func spathXML(r event.Row, doc, path, output string) event.Row {
	fields := flattenXML(doc)
	out := r.Clone()
	if path == "" {
		for k, vals := range fields {
			out[k] = vals
		}
		return out
	}
	out.Set(output, fields[path])
	return out
}
