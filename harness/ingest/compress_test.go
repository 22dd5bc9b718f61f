package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/dactest/dactest/harness/event"
)

const otrfMsfMic = "otrf/datasets/atomic/windows/collection/host/msf_record_mic.zip"

// A .tar.gz cut in half: the events before the cut are kept and one
// problem names the archive and the member it cut.
func TestTruncatedTarGz(t *testing.T) {
	src := corpus(t, attackDataTarGz[0])
	full, _, err := ReadFile(src, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.tar.gz")
	os.WriteFile(p, data[:len(data)/2], 0o644)
	rows, problems, err := ReadFile(p, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Path != p+"#attack_data.txt" || !strings.Contains(problems[0].Msg, "unexpected EOF") {
		t.Fatalf("problems %v, want one naming %s#attack_data.txt", problems, p)
	}
	if len(rows) == 0 || len(rows) >= len(full) {
		t.Fatalf("%d events kept of %d", len(rows), len(full))
	}
	for i, r := range rows {
		if r.Get(event.Raw).First() != full[i].Get(event.Raw).First() {
			t.Fatalf("event %d differs from the intact archive's", i)
		}
	}
}

// A .zip cut short loses its central directory: members are then read
// from their local headers, and the cut member is the one problem.
func TestTruncatedZip(t *testing.T) {
	src := corpus(t, otrfMsfMic)
	full, _, err := ReadFile(src, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(src)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	member := zr.File[0].Name
	p := filepath.Join(t.TempDir(), "cut.zip")
	os.WriteFile(p, data[:len(data)*6/10], 0o644)
	rows, problems, err := ReadFile(p, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Path != p+"#"+member {
		t.Fatalf("problems %v, want one naming %s#%s", problems, p, member)
	}
	if len(rows) == 0 || len(rows) >= len(full) {
		t.Fatalf("%d events kept of %d", len(rows), len(full))
	}
}

// A .gz of JSON lines is read in place; cut, it keeps what came before.
func TestGzipJSONLines(t *testing.T) {
	var lines bytes.Buffer
	for i := 0; i < 5000; i++ {
		lines.WriteString(`{"@timestamp":"2020-01-01T00:00:00Z","n":` + strings.Repeat("1", 1+i%5) + "}\n")
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(lines.Bytes())
	w.Close()
	dir := t.TempDir()
	whole, cut := filepath.Join(dir, "d.json.gz"), filepath.Join(dir, "cut.json.gz")
	os.WriteFile(whole, gz.Bytes(), 0o644)
	os.WriteFile(cut, gz.Bytes()[:gz.Len()/2], 0o644)
	rows, problems, err := ReadFile(whole, Meta{})
	if err != nil || len(problems) > 0 || len(rows) != 5000 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	rows, problems, err = ReadFile(cut, Meta{})
	if err != nil || len(problems) != 1 || problems[0].Path != cut || len(rows) == 0 || len(rows) >= 5000 {
		t.Fatalf("cut: %d rows, %v, %v", len(rows), problems, err)
	}
}

// Members are chosen by "#pattern" in the path or ReadOptions.Members.
func TestMemberSelection(t *testing.T) {
	zeek := corpus(t, "otrf/datasets/compound/apt29/day1/zeek/SCRANTON-zeek_logs.zip")
	all, _, _ := ReadFile(zeek, Meta{})
	dns, _, err := ReadFile(zeek+"#dns.log", Meta{})
	if err != nil || len(dns) == 0 || len(dns) >= len(all) {
		t.Fatalf("#dns.log: %d of %d, %v", len(dns), len(all), err)
	}
	for _, r := range dns {
		if r.Get("@stream").First() != "dns" {
			t.Fatalf("not a dns record: %v", r.Get(event.Raw))
		}
	}
	var viaOpts int
	ScanWith(zeek, Meta{}, ReadOptions{Members: []string{"dns.*", "http.log"}}, func(r event.Row, p *Problem) bool {
		viaOpts++
		return true
	})
	http, _, _ := ReadFile(zeek+"#http.log", Meta{})
	if viaOpts != len(dns)+len(http) {
		t.Errorf("Members dns.*, http.log: %d events, want %d", viaOpts, len(dns)+len(http))
	}
	tarMember, _, err := ReadFile(corpus(t, attackDataTarGz[1])+"#attack_data.txt", Meta{})
	if err != nil || len(tarMember) < 7000 {
		t.Errorf("tar.gz member: %d, %v", len(tarMember), err)
	}
	_, _, err = ReadFile(zeek+"#nope.log", Meta{})
	if err == nil || !strings.Contains(err.Error(), `no member matches ["nope.log"]`) || !strings.Contains(err.Error(), "conn.log") {
		t.Errorf("no match: %v", err)
	}
	_, _, err = ReadFile(corpus(t, certutilRaw)+"#x", Meta{})
	if err == nil || !strings.Contains(err.Error(), "not an archive") {
		t.Errorf("selector on a plain file: %v", err)
	}
}

// A password-protected member is named as such, not read as garbage.
func TestEncryptedZipMember(t *testing.T) {
	_, problems, err := ReadFile(corpus(t, "otrf/datasets/compound/apt29/day2/pcaps/SCRANTON.zip"), Meta{})
	if err != nil || len(problems) != 2 {
		t.Fatalf("%v %v", problems, err)
	}
	for _, p := range problems {
		if !strings.Contains(p.Msg, "encrypted") {
			t.Errorf("problem %v", p)
		}
	}
}

func TestUnknownFormatSaysWhatItSaw(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{
		"\x0a\x0d\x0d\x0a\x1c\x00\x00\x00": "a pcapng capture (starts 0a 0d 0d 0a",
		"":                                 "an empty file",
		"\x01\x02\x03\x00\x05":             "binary data (starts 01 02 03 00 05)",
	} {
		p := filepath.Join(dir, "x.log")
		os.WriteFile(p, []byte(content), 0o644)
		_, _, err := ReadFile(p, Meta{})
		if err == nil || !strings.Contains(err.Error(), p+": unknown dataset format: "+want) {
			t.Errorf("%q: %v, want %q", content, err, want)
		}
	}
}

// UTF-16 text with a byte order mark is decoded, as Splunk's CHARSET=AUTO
// reads it: here the WinEventLog text a PowerShell export would write.
func TestUTF16Text(t *testing.T) {
	units := utf16.Encode([]rune(winText4624))
	le := []byte{0xff, 0xfe}
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
	}
	rows, problems, err := readString(t, "wel16.log", string(le), ReadOptions{})
	if err != nil || len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	if rows[0].Get("EventCode").First() != "4624" || rows[0].Get("Account_Name").First() != "WIN-DC-1$" {
		t.Errorf("row %v", rows[0])
	}
}

// A .gz of XmlWinEventLog text cut short keeps the whole records before
// the cut (the XML reader used to drop everything it had read).
func TestTruncatedXMLGz(t *testing.T) {
	var xml strings.Builder
	for i := 0; i < 400; i++ {
		xml.WriteString("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1</EventID><TimeCreated SystemTime='2024-01-02T03:04:05.0000000Z'/><Computer>ws1</Computer></System><EventData><Data Name='CommandLine'>cmd /c echo " + strings.Repeat("x", i%50) + "</Data></EventData></Event>\n")
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(xml.String()))
	w.Close()
	p := filepath.Join(t.TempDir(), "sysmon.log.gz")
	os.WriteFile(p, gz.Bytes()[:gz.Len()/2], 0o644)
	rows, problems, err := ReadFile(p, Meta{Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "xmlwineventlog"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 100 || len(rows) >= 400 {
		t.Errorf("%d events kept of 400", len(rows))
	}
	if len(problems) == 0 || !strings.Contains(problems[len(problems)-1].Msg, "unexpected EOF") {
		t.Errorf("problems %v, want the cut named", problems)
	}
}

// An EVTX inside a cut .gz keeps the whole chunks before the cut, like a
// cut .evtx does; it lost every record while saying the ones before the
// cut were read.
func TestTruncatedEVTXGz(t *testing.T) {
	data, err := os.ReadFile(corpus(t, "evtx-to-mitre/TA0007-Discovery/T1069-Permission Groups Discovery/ID4799-4624-Local admin group enumerated by SharpHound.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data[:4096+2*65536+20000]) // two whole chunks, then 20000 bytes of the third
	w.Close()
	p := filepath.Join(t.TempDir(), "security.evtx.gz")
	if err := os.WriteFile(p, gz.Bytes()[:gz.Len()-10], 0o644); err != nil { // and the gzip stream cut
		t.Fatal(err)
	}
	rows, problems, err := ReadFile(p, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 50 {
		t.Errorf("%d records kept, want the two whole chunks' 50", len(rows))
	}
	if len(problems) == 0 || !strings.Contains(problems[len(problems)-1].Msg, "unexpected EOF") {
		t.Errorf("problems %v, want the cut named", problems)
	}
}
