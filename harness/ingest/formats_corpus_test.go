package ingest

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Every OTRF Security-Datasets archive reads without a whole-file error.
// The only problems are members that hold no log: packet captures, macOS
// resource forks and password-protected members, each named.
func TestOTRFArchives(t *testing.T) {
	var archives []string
	filepath.Walk(corpus(t, "otrf"), func(p string, info os.FileInfo, err error) error {
		if err == nil && (strings.HasSuffix(p, ".zip") || strings.HasSuffix(p, ".tar.gz")) {
			archives = append(archives, p)
		}
		return nil
	})
	if len(archives) < 139 {
		t.Fatalf("%d archives, want the 139 of the corpus", len(archives))
	}
	total, explained := 0, 0
	for _, a := range archives {
		rows, problems, err := ReadFile(a, Meta{})
		if err != nil {
			t.Errorf("%s: %v", a, err)
			continue
		}
		for _, p := range problems {
			if !strings.HasPrefix(p.Path, a+"#") || !(strings.Contains(p.Msg, "not a log format") || strings.Contains(p.Msg, "encrypted")) {
				t.Errorf("unexplained problem: %v", p)
			}
			explained++
		}
		for _, r := range rows {
			if _, ok := r.Time(); !ok && !zeekScriptRecord(r) {
				t.Errorf("%s: event without _time: %.200s", a, r.Get(event.Raw).First())
				break
			}
		}
		total += len(rows)
	}
	// 235,798 events when this test was written (pcap-only archives give none,
	// Zeek TSV "#" header lines are not events).
	if total != 235798 {
		t.Errorf("%d events from %d archives, want 235798", total, len(archives))
	}
	t.Logf("%d archives: %d events, %d explained problems", len(archives), total, explained)
}

// zeekScriptRecord: Zeek's loaded_scripts / packet_filter JSON records
// carry no timestamp; at the start of a log there is no earlier event's
// time to take either, so they have no _time.
func zeekScriptRecord(r event.Row) bool {
	s := r.Get("@stream").First()
	return s == "loaded_scripts" || s == "packet_filter"
}

// attackDataLines counts the non-blank lines of a tar.gz's members with
// the standard library alone: the independent count the reader must match.
func attackDataLines(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	n := 0
	for {
		if _, err := tr.Next(); err != nil {
			break
		}
		sc := bufio.NewScanner(tr)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) != "" {
				n++
			}
		}
	}
	return n
}

// attack_data's three NXLog captures: every line an event with fields.
func TestAttackDataTarGz(t *testing.T) {
	for _, rel := range attackDataTarGz {
		p := corpus(t, rel)
		rows, problems, err := ReadFile(p, Meta{Sourcetype: "_json"})
		if err != nil || len(problems) > 0 {
			t.Fatalf("%s: %v %v", rel, err, problems)
		}
		if want := attackDataLines(t, p); len(rows) != want || want < 7000 {
			t.Errorf("%s: %d events, want %d lines", rel, len(rows), want)
		}
		for _, r := range rows {
			if _, ok := r.Time(); !ok || r.Get("EventID") == nil || r.Get("Channel") == nil {
				t.Fatalf("%s: event without _time, EventID or Channel: %.300v", rel, r)
			}
		}
	}
	// The first T1027 record: a Sysmon 10 whose EventTime (UTC) is _time.
	rows, _, _ := ReadFile(corpus(t, attackDataTarGz[0]), Meta{})
	r := rows[0]
	for f, want := range map[string]string{"_time": "1596260806", "EventID": "10", "GrantedAccess": "0x1400",
		"Keywords": "-9223372036854775808", "TargetImage": `C:\Windows\system32\winlogon.exe`} {
		if got := r.Get(f).First(); got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
}

// CloudTrail-shaped records from OTRF: spath names for nested identities.
func TestOTRFCloudTrail(t *testing.T) {
	rows, problems, err := ReadFile(corpus(t, "otrf/datasets/atomic/aws/collection/ec2_proxy_s3_exfiltration.zip"), Meta{Sourcetype: "aws:cloudtrail"})
	if err != nil || len(problems) > 0 || len(rows) != 103 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	r := rows[0]
	for f, want := range map[string]string{"userIdentity.arn": "arn:aws:iam::123456789123:user/pedro",
		"eventName": "DescribeInstanceTypes", "requestParameters.DescribeInstanceTypesRequest.MaxResults": "100",
		"responseElements": "null", "_time": "1600044263"} {
		if got := r.Get(f).First(); got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
	found := false
	for _, r := range rows {
		if v := r.Get("requestParameters.instancesSet.items{}.instanceId"); v != nil {
			found = v.First() == "i-044b1baf4c96e1b62"
			break
		}
	}
	if !found {
		t.Error("no requestParameters.instancesSet.items{}.instanceId")
	}
}

// Sigma's evtx_dump JSON (pretty-printed, one object per record) gives as
// many events as the EVTX it was dumped from, at the same _time.
func TestSigmaEvtxDumpJSON(t *testing.T) {
	var files []string
	filepath.Walk(corpus(t, "sigma/regression_data"), func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 200 {
		t.Fatalf("%d evtx_dump files", len(files))
	}
	events := 0
	for _, js := range files {
		rows, problems, err := ReadFile(js, Meta{})
		if err != nil || len(problems) > 0 {
			t.Fatalf("%s: %v %v", js, err, problems)
		}
		evtxRows, _, err := ReadFile(strings.TrimSuffix(js, ".json")+".evtx", Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(evtxRows) {
			t.Errorf("%s: %d JSON events, %d EVTX events", js, len(rows), len(evtxRows))
			continue
		}
		for i := range rows {
			if rows[i].Get(event.Time).First() != evtxRows[i].Get(event.Time).First() || rows[i].Get("Event.System.EventID") == nil {
				t.Errorf("%s #%d: _time %v vs EVTX %v", js, i, rows[i].Get(event.Time), evtxRows[i].Get(event.Time))
			}
		}
		events += len(rows)
	}
	t.Logf("%d evtx_dump files, %d events", len(files), events)
}

// OTRF's other non-Windows shapes: a CSV export of S3 honeybucket alerts
// and Linux audit records as line text.
func TestOTRFCSVAndAudit(t *testing.T) {
	rows, problems, err := ReadFile(corpus(t, "otrf/datasets/atomic/aws/discovery/aws_s3_honeybucketlogs.zip"), Meta{})
	if err != nil || len(problems) > 0 || len(rows) != 301 {
		t.Fatalf("honeybucket CSV: %d rows, %v, %v", len(rows), problems, err)
	}
	for f, want := range map[string]string{"Event_Name": "ListObjects", "Source_IP": "177.131.167.145", "_time": "1645205697"} {
		if got := rows[0].Get(f).First(); got != want {
			t.Errorf("CSV %s = %q, want %q", f, got, want)
		}
	}
	rows, problems, err = ReadFile(corpus(t, "otrf/datasets/atomic/linux/discovery/host/sh_arp_cache.zip"), Meta{Sourcetype: "linux:audit"})
	if err != nil || len(problems) > 0 || len(rows) != 12 {
		t.Fatalf("audit: %d rows, %v, %v", len(rows), problems, err)
	}
	if got := rows[0].Get(event.Time).First(); got != "1604994496.155" {
		t.Errorf("audit _time %s", got)
	}
}
