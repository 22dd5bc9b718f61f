package ingest

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/Velocidex/ordereddict"
)

// renderedEvent is one EVTX record as XmlWinEventLog text.
type renderedEvent struct {
	xml, systemTime, computer string
}

const eventNS = "http://schemas.microsoft.com/win/2004/08/events/event"

// xmlRenderer writes the velocidex record tree in Windows' XML layout:
// single-quoted attributes, no whitespace between elements, empty elements
// self-closed.
type xmlRenderer struct {
	sb   strings.Builder
	args *argRenderer
	out  renderedEvent
}

func renderEventXML(ev any, args *argRenderer) renderedEvent {
	r := &xmlRenderer{args: args}
	root, _ := ev.(*ordereddict.Dict)
	var body *ordereddict.Dict
	if root != nil {
		if e, ok := root.Get("Event"); ok {
			body, _ = e.(*ordereddict.Dict)
		}
	}
	r.sb.WriteString("<Event xmlns='" + eventNS + "'>")
	if body != nil {
		for _, k := range body.Keys() {
			v, _ := body.Get(k)
			switch k {
			case "System":
				r.system(v)
			case "EventData":
				r.eventData(v)
			default:
				r.generic(k, v)
			}
		}
	}
	r.sb.WriteString("</Event>")
	r.out.xml = r.sb.String()
	return r.out
}

func (r *xmlRenderer) system(v any) {
	d, _ := v.(*ordereddict.Dict)
	if d == nil {
		r.sb.WriteString("<System/>")
		return
	}
	r.sb.WriteString("<System>")
	for _, k := range d.Keys() {
		child, _ := d.Get(k)
		if attrs, ok := systemAttrs[k]; ok {
			r.attrElement(k, child, attrs)
			continue
		}
		text := r.text(child)
		if k == "Computer" {
			r.out.computer = text
		}
		r.element(k, text)
	}
	r.sb.WriteString("</System>")
}

// attrElement writes a System element whose dict keys are attributes
// (Provider, TimeCreated, Execution, ...), with an optional text Value.
func (r *xmlRenderer) attrElement(name string, v any, attrs map[string]string) {
	d, ok := v.(*ordereddict.Dict)
	if !ok {
		r.element(name, r.text(v))
		return
	}
	r.sb.WriteString("<" + name)
	var text string
	hasText := false
	for _, k := range d.Keys() {
		av, _ := d.Get(k)
		if k == "Value" {
			text, hasText = r.text(av), true
			continue
		}
		s := r.text(av)
		if name == "TimeCreated" && k == "SystemTime" {
			r.out.systemTime = s
		}
		r.sb.WriteString(" " + k + "='" + escapeXML(s, true) + "'")
	}
	if !hasText {
		r.sb.WriteString("/>")
		return
	}
	r.sb.WriteString(">" + escapeXML(text, false) + "</" + name + ">")
}

func (r *xmlRenderer) eventData(v any) {
	d, _ := v.(*ordereddict.Dict)
	if d == nil || d.Len() == 0 {
		r.sb.WriteString("<EventData/>")
		return
	}
	r.sb.WriteString("<EventData>")
	if raw, ok := d.Get("Data"); ok && !isNormalized(d) {
		r.dataItems(raw)
		for _, k := range d.Keys() {
			if k != "Data" {
				cv, _ := d.Get(k)
				r.generic(k, cv)
			}
		}
	} else {
		for _, k := range d.Keys() {
			cv, _ := d.Get(k)
			r.data(k, r.text(cv))
		}
	}
	r.sb.WriteString("</EventData>")
}

// isNormalized tells velocidex's flattened Name->value EventData from the
// raw form it leaves when an element lacked a value.
func isNormalized(d *ordereddict.Dict) bool {
	v, _ := d.Get("Data")
	switch v.(type) {
	case []any, *ordereddict.Dict:
		return false
	}
	return true
}

// dataItems writes the unflattened Data list: dicts with Name and Value.
func (r *xmlRenderer) dataItems(v any) {
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	for _, it := range items {
		d, ok := it.(*ordereddict.Dict)
		if !ok {
			r.element("Data", r.text(it))
			continue
		}
		name, hasName := d.Get("Name")
		val, _ := d.Get("Value")
		if !hasName {
			r.element("Data", r.text(val))
			continue
		}
		r.data(r.text(name), r.text(val))
	}
}

func (r *xmlRenderer) data(name, text string) {
	r.sb.WriteString("<Data Name='" + escapeXML(name, true) + "'>" + escapeXML(text, false) + "</Data>")
}

func (r *xmlRenderer) element(name, text string) {
	if text == "" {
		r.sb.WriteString("<" + name + "/>")
		return
	}
	r.sb.WriteString("<" + name + ">" + escapeXML(text, false) + "</" + name + ">")
}

// generic writes UserData and anything else as nested elements.
func (r *xmlRenderer) generic(name string, v any) {
	switch t := v.(type) {
	case *ordereddict.Dict:
		r.sb.WriteString("<" + name + ">")
		for _, k := range t.Keys() {
			cv, _ := t.Get(k)
			if k == "Value" {
				r.sb.WriteString(escapeXML(r.text(cv), false))
				continue
			}
			r.generic(k, cv)
		}
		r.sb.WriteString("</" + name + ">")
	case []any:
		for _, it := range t {
			r.generic(name, it)
		}
	default:
		r.element(name, r.text(v))
	}
}

// text renders one leaf value as Windows does.
func (r *xmlRenderer) text(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		t = strings.TrimRight(t, "\x00")
		if r.args.guids[t] {
			return "{" + t + "}"
		}
		if s, ok := r.args.raw[t]; ok {
			return s
		}
		return t
	case uint8:
		return r.args.intText(uint64(t))
	case uint16:
		return r.args.intText(uint64(t))
	case uint32:
		return r.args.intText(uint64(t))
	case uint64:
		return r.args.intText(t)
	case float64:
		if s, ok := r.args.fileTimes[t]; ok {
			return s
		}
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case []byte:
		return strings.ToUpper(hex.EncodeToString(t))
	case []string:
		return strings.Join(t, " ")
	case []any:
		parts := make([]string, len(t))
		for i, p := range t {
			parts[i] = r.text(p)
		}
		return strings.Join(parts, " ")
	case *ordereddict.Dict:
		if val, ok := t.Get("Value"); ok {
			return r.text(val)
		}
		return ""
	}
	return ""
}

// escapeXML escapes text the way Windows renders event XML.
func escapeXML(s string, attr bool) string {
	if !strings.ContainsAny(s, "&<>'\"") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			sb.WriteString("&amp;")
		case '<':
			sb.WriteString("&lt;")
		case '>':
			sb.WriteString("&gt;")
		case '\'':
			if attr {
				sb.WriteString("&apos;")
			} else {
				sb.WriteByte(c)
			}
		case '"':
			if attr {
				sb.WriteString("&quot;")
			} else {
				sb.WriteByte(c)
			}
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}
