package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// The Sigma regression data ships an evtx_dump JSON rendering beside each
// EVTX. Its typed values are an independent check of ours: every EventData
// and System value must agree - numbers as decimal, hex-typed values as 0x.., strings
// as they are, GUIDs the same apart from the braces Windows adds. evtx_dump
// trims trailing blanks (Windows keeps them: see the certutil capture's
// CommandLine), so those are not compared.
func TestEVTXAgreesWithEvtxDump(t *testing.T) {
	root := corpus(t, "sigma/regression_data")
	var pairs []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".evtx") {
			pairs = append(pairs, p)
		}
		return nil
	})
	events, values := 0, 0
	for _, p := range pairs {
		dump, err := readEvtxDump(strings.TrimSuffix(p, ".evtx") + ".json")
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		rows, problems, err := ReadFile(p, Meta{})
		if err != nil || len(problems) > 0 {
			t.Errorf("%s: %v %v", p, err, problems)
			continue
		}
		for _, r := range rows {
			f := fieldsOf(r.Get(event.Raw).First())
			want, ok := dump[strings.Join(f["EventRecordID"], "")]
			if !ok {
				t.Errorf("%s: record %v not in evtx_dump", p, f["EventRecordID"])
				continue
			}
			events++
			for name, v := range want {
				values++
				// evtx_dump decodes XML entities; the add-on's regexes keep them
				got := strings.TrimRight(decodeEntities([]byte(strings.Join(f[dataFieldName([]byte(name))], "|"))), " ")
				if got != v && strings.Trim(got, "{}") != v && !dumpDiffers[name+"="+got] {
					t.Errorf("%s record %v: %s = %q, evtx_dump %q", filepath.Base(p), f["EventRecordID"], name, got, v)
				}
			}
		}
	}
	t.Logf("%d EVTX files, %d events, %d System and EventData values agree with evtx_dump", len(pairs), events, values)
	if events < 200 {
		t.Errorf("only %d events compared", events)
	}
}

// dumpDiffers are values where the evtx_dump JSON does not match its EVTX:
// the EVTX bytes hold "Explorer.EXE" (strings -el shows it) while the JSON
// says "Explorer.exe".
var dumpDiffers = map[string]bool{`ParentCommandLine=C:\Windows\Explorer.EXE`: true}

// addSystem adds the System values evtx_dump renders as Windows does
// (TimeCreated is left out: evtx_dump prints microseconds only).
func addSystem(vals map[string]string, sys map[string]any) {
	for _, k := range []string{"EventID", "Version", "Level", "Task", "Opcode", "Keywords", "EventRecordID", "Channel", "Computer"} {
		switch v := sys[k].(type) {
		case string, json.Number:
			vals[k] = fmt.Sprint(v)
		case map[string]any: // EventID with Qualifiers: {"#attributes":..., "#text": n}
			if t, ok := v["#text"]; ok {
				vals[k] = fmt.Sprint(t)
			}
		}
	}
	attrs := map[string][2]string{"Provider": {"Name", "Name"}, "Execution": {"ProcessID", "ThreadID"}, "Security": {"UserID", "UserID"}}
	for el, names := range attrs {
		m, _ := sys[el].(map[string]any)
		a, _ := m["#attributes"].(map[string]any)
		for _, n := range names {
			if v, ok := a[n]; ok {
				vals[n] = fmt.Sprint(v)
			}
		}
	}
}

// readEvtxDump maps EventRecordID to the event's flat EventData values
// rendered as text (empty values left out: they yield no field).
func readEvtxDump(path string) (map[string]map[string]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	out := map[string]map[string]string{}
	dec := json.NewDecoder(fh)
	dec.UseNumber()
	for {
		var doc struct {
			Event struct {
				System    map[string]any
				EventData map[string]any
			}
		}
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		vals := map[string]string{}
		for k, v := range doc.Event.EventData {
			var s string
			switch t := v.(type) {
			case string:
				s = t
			case json.Number:
				s = t.String()
			case bool:
				s = fmt.Sprint(t)
			default:
				continue // nested (Binary arrays, #attributes): not compared
			}
			if s != "" && k != "#attributes" {
				vals[k] = s
			}
		}
		addSystem(vals, doc.Event.System)
		out[fmt.Sprint(doc.Event.System["EventRecordID"])] = vals
	}
}
