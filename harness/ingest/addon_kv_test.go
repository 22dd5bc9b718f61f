package ingest

import (
	"reflect"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// KV_MODE = auto: key=value pairs, quotes dropped, a bare value ends at
// whitespace (op=adding user gives op=adding), keys cleaned, the first
// value of a key kept. The linux:audit records are the security_content
// data sources' example_log lines.
func TestAutoKV(t *testing.T) {
	for name, tc := range map[string]struct {
		raw  string
		want map[string]string
	}{
		"quoted and bare": {`type=EXECVE msg=audit(1723044684.257:15795): argc=3 a0="sudo" a1="LD_PRELOAD=./myfopen.so"`,
			map[string]string{"type": "EXECVE", "msg": "audit(1723044684.257:15795):", "argc": "3", "a0": "sudo", "a1": "LD_PRELOAD=./myfopen.so"}},
		"pairs inside msg='...' and a key right after its closing quote": {`type=ADD_USER msg=audit(1.2:3): pid=1 msg='op=adding user id=1002 res=success'UID="root"`,
			map[string]string{"type": "ADD_USER", "msg": "audit(1.2:3):", "pid": "1", "op": "adding", "id": "1002", "res": "success", "UID": "root"}},
		"empty value gives no field; a dotted key is cleaned": {`a= b.c=1,d=2;e='x y'`,
			map[string]string{"b_c": "1", "d": "2", "e": "x y"}},
		"no pair": {`just text = not a pair`, map[string]string{}},
		// Splunk's field list for this example (security_content
		// data_sources/kubernetes_falco.yml) has evt_type.
		"a key right after an opening parenthesis": {`terminal (evt_type=execve user=root`,
			map[string]string{"evt_type": "execve", "user": "root"}},
	} {
		row := event.Row{event.Raw: event.Single(tc.raw)}
		extractAutoKVInto(row)
		got := map[string]string{}
		for k, v := range row {
			if k != event.Raw {
				got[k] = v.First()
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", name, got, tc.want)
		}
	}
}

func TestAutoKVKeepsExistingFields(t *testing.T) {
	row := event.Row{event.Raw: event.Single(`host=evil user=a`), event.Host: event.Single("h1")}
	extractAutoKVInto(row)
	if row.Get(event.Host).First() != "h1" || row.Get("user").First() != "a" {
		t.Errorf("row = %v", row)
	}
}

func FuzzAutoKV(f *testing.F) {
	for _, s := range []string{`a=1 b="2" c='d=3'e=4`, `'=''`, `x="`, `k=v'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		row := event.Row{event.Raw: event.Single(raw)}
		extractAutoKVInto(row)
		for k, v := range row {
			if k != event.Raw && (k == "" || v.First() == "") {
				t.Fatalf("empty key or value: %q=%q from %q", k, v.First(), raw)
			}
		}
	})
}
