package inspect

import (
	"reflect"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

func TestCollect(t *testing.T) {
	rows := []event.Row{
		{"_raw": event.Single("a"), "EventCode": event.Single("1")},
		{"_raw": event.Single("b"), "EventCode": event.Single("1")},
		{"_raw": event.Single("c"), "EventCode": event.Single("4688"), "tag": event.Value{"process", "report", "process"}},
	}
	apply := func(rs []event.Row) {
		for _, r := range rs {
			r["process_name"] = event.Single("certutil.exe")
		}
		rs[0]["EventCode"] = event.Single("1") // overwritten, still from ingest
	}
	got := Collect(rows, apply, 1)
	byName := map[string]Field{}
	for _, f := range got {
		byName[f.Name] = f
	}
	cases := []struct {
		name string
		want Field
	}{
		{"EventCode", Field{Name: "EventCode", Events: 3, Coverage: 1, Distinct: 2, Samples: []Sample{{"1", 2}}, Origins: []string{OriginIngest}}},
		{"process_name", Field{Name: "process_name", Events: 3, Coverage: 1, Distinct: 1, Samples: []Sample{{"certutil.exe", 3}}, Origins: []string{OriginAddon}}},
		// a value repeated inside one event counts once for that event
		{"tag", Field{Name: "tag", Events: 1, Coverage: 1.0 / 3, Distinct: 2, Samples: []Sample{{"process", 1}}, Origins: []string{OriginIngest}, Multi: true}},
	}
	for _, tc := range cases {
		if !reflect.DeepEqual(byName[tc.name], tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, byName[tc.name], tc.want)
		}
	}
	if len(got) != 4 || got[0].Name != "EventCode" || got[1].Name != "_raw" {
		t.Errorf("fields not sorted by name or missing: %+v", got)
	}
}
