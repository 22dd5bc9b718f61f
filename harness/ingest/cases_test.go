package ingest

import (
	"testing"
)

// Values the wide acceptance cases' searches compare against, as the EVTX
// reader renders them (hex, as in XmlWinEventLog).
func TestCaseValuesRenderAsWindows(t *testing.T) {
	const mitre = "evtx-to-mitre/"
	for _, c := range []struct {
		file string
		want map[string]string
	}{
		{mitre + "TA0006-Credential Access/T1558-Steal or Forge Kerberos Tickets/ID4769-Kerberoast ticket with low encryption.evtx",
			map[string]string{"EventID": "4769", "TicketEncryptionType": "0x17", "TicketOptions": "0x40810000"}},
		{mitre + "TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID4688,4697,5140-5145 PSexec remote execution + admin share.evtx",
			map[string]string{"EventID": "5145", "AccessMask": "0x2", "ObjectType": "File"}},
		{mitre + "TA0006-Credential Access/T1110.xxx-Brut force/ID 4776,4625-AccountRestore local bruteforce.evtx",
			map[string]string{"EventID": "4625", "LogonType": "2", "Status": "0xc000006d", "IpAddress": "-"}},
		{mitre + "TA0003-Persistence/T1543.003-Create or Modify System Process-Windows Service/ID7045-New service for Mimikatz +npcap.evtx",
			map[string]string{"EventID": "7045", "ServiceType": "kernel mode driver"}},
	} {
		f := findRow(t, corpus(t, c.file), c.want)
		t.Logf("%s: %d fields", c.want["EventID"], len(f))
	}
}

// ESCU's wineventlog_system macro is eventtype=wineventlog_system: a System
// 7045 event carries it, with the fields the 7045 detections group by.
func TestSystem7045Fields(t *testing.T) {
	a := defaultAddons(t)
	path := corpus(t, "evtx-to-mitre/TA0003-Persistence/T1543.003-Create or Modify System Process-Windows Service/ID7045-New service for Mimikatz +npcap.evtx")
	rows, _, err := ReadFile(path, Meta{Source: "XmlWinEventLog:System", Sourcetype: "XmlWinEventLog"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		a.Apply(r)
		if r.Get("EventCode").First() != "7045" {
			continue
		}
		n++
		if r.Get("eventtype").String() != "windows_event_signature\nwineventlog_system" {
			t.Errorf("eventtype = %q", r.Get("eventtype"))
		}
		for _, f := range []string{"ImagePath", "ServiceName", "ServiceType", "StartType", "UserID", "Computer", "dest"} {
			if r.Get(f).Null() {
				t.Errorf("7045 lacks %s", f)
			}
		}
	}
	if n == 0 {
		t.Fatal("no 7045 event")
	}
}
