package ingest

import (
	"reflect"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

func TestScanStopsEarly(t *testing.T) {
	for _, rel := range []string{certutilRaw, procdumpDir + "Security.evtx"} {
		n := 0
		err := Scan(corpus(t, rel), Meta{}, func(r event.Row, p *Problem) bool {
			n++
			return n < 3
		})
		if err != nil || n != 3 {
			t.Errorf("%s: %d yields, %v", rel, n, err)
		}
	}
}

func TestApplyAllMatchesApply(t *testing.T) {
	a := defaultAddons(t)
	one, _, err := ReadFile(corpus(t, procdumpDir+"Microsoft-Windows-Sysmon%4Operational.evtx"), Meta{Source: sysmonMeta, Sourcetype: "XmlWinEventLog"})
	if err != nil {
		t.Fatal(err)
	}
	all, _, _ := ReadFile(corpus(t, procdumpDir+"Microsoft-Windows-Sysmon%4Operational.evtx"), Meta{Source: sysmonMeta, Sourcetype: "XmlWinEventLog"})
	for _, r := range one {
		a.Apply(r)
	}
	a.ApplyAll(all)
	if !reflect.DeepEqual(one, all) {
		t.Fatal("ApplyAll differs from Apply")
	}
}
