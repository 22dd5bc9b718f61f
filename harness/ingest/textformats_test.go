package ingest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
)

func TestSniffHint(t *testing.T) {
	cases := []struct {
		head, name string
		want       Format
	}{
		{"ElfFile\x00...", "a.log", FormatEVTX},
		{"\x1f\x8b\x08", "a.json.gz", FormatGzip},
		{"PK\x03\x04", "a.zip", FormatZip},
		{strings.Repeat("\x00", 257) + "ustar\x0000", "a.tar", FormatTar},
		{"\xef\xbb\xbf \n<Event xmlns='x'>", "a.raw", FormatXMLWinEventLog},
		{"  {\"a\":1}", "a.log", FormatJSON},
		{"[{\"a\":1}]", "a.txt", FormatJSON},
		{"01/14/2021 11:41:39 PM\r\nLogName=Security\r\n", "a.log", FormatWinEventLogText},
		{"#separator \\x09\n#set_separator\t,\n", "conn.log", FormatZeekTSV},
		{"Event Type,Event Name\nAwsApiCall,ListObjects\n", "a.csv", FormatCSV},
		{"Event Type,Event Name\nAwsApiCall,ListObjects\n", "a.log", FormatLines}, // CSV only by name
		{"Jan  2 15:04:05 host sshd[1]: Accepted password\n", "auth.log", FormatLines},
		{"\xd4\xc3\xb2\xa1\x02\x00", "a.cap", FormatUnknown},
		{"", "empty.log", FormatUnknown},
	}
	for _, c := range cases {
		if got := SniffHint([]byte(c.head), c.name); got != c.want {
			t.Errorf("%q (%s): %v, want %v", c.head, c.name, got, c.want)
		}
	}
	if Sniff([]byte("{}")) != FormatJSON {
		t.Error("Sniff ignores content")
	}
}

// Splunk assigns a timestamp found in the event, and "if an event doesn't
// have a time or date, use the timestamp from the most recent previous
// event of the same source" (Getting Data In, "How Splunk extracts
// timestamps", docs.splunk.com/Documentation/Splunk/latest/Data/
// HowSplunkextractstimestamps). Its later fallbacks (the file's name or
// modification time, then index time) are not modelled: a source whose
// first events have no stamp leaves them without _time.
func TestLineTextTime(t *testing.T) {
	content := "2021-01-14T23:41:40.5Z first\n" +
		"Jan  2 03:04:05 host sshd[1]: second\n" +
		"no stamp: third\n" +
		"type=SYSCALL msg=audit(1604994496.155:92733): arch=c000003e\n" +
		"node=h1 type=EXECVE msg=audit(1604994497.001:1): argc=2\n" +
		"2021-01-14 23:41:40,250 +0100 sixth\n" +
		"\n  \n"
	rows, problems, err := readString(t, "x.log", content, ReadOptions{Year: 2021})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	// Splunk's [default] props (no stanza names this sourcetype): a line
	// without a timestamp joins the event before it.
	want := []string{"1610667700.5", "1609556645", "1604994496.155", "1604994497.001", "1610664100.25"}
	if got := firsts(rows, event.Time); !reflect.DeepEqual(got, want) {
		t.Errorf("_time %v, want %v", got, want)
	}
	if rows[1].Get(event.Raw).First() != "Jan  2 03:04:05 host sshd[1]: second\nno stamp: third" {
		t.Errorf("_raw %q", rows[1].Get(event.Raw))
	}
	// A zone for zoneless stamps.
	ny, _ := time.LoadLocation("America/New_York")
	rows, _, _ = readString(t, "y.log", "2021-01-14 23:41:40 x\n", ReadOptions{Location: ny})
	if got := rows[0].Get(event.Time).First(); got != "1610685700" {
		t.Errorf("New York _time %s", got)
	}
}

func TestCSV(t *testing.T) {
	content := "Event Type,Event Name,User ID,Event DateTime,Note\n" +
		"AwsApiCall,ListObjects,\"{'type': 'AWSAccount', 'id': 'x'}\",2022-02-18T17:34:57Z,\n" +
		"AwsApiCall,GetObject,\"multi\nline\",,extra,more\n" +
		"bad,\"quote\"x,1,2,3\n" +
		"AwsApiCall,PutObject,u,2022-02-18T17:35:00Z,n\n"
	rows, problems, err := readStringAs(t, "h.csv", content, Meta{Sourcetype: "csv"}, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || len(problems) != 1 || problems[0].Record != 3 || !strings.Contains(problems[0].Msg, "bad CSV record") {
		t.Fatalf("%d rows, problems %v", len(rows), problems)
	}
	r := rows[0]
	for f, want := range map[string]string{"Event_Type": "AwsApiCall", "User_ID": "{'type': 'AWSAccount', 'id': 'x'}", "_time": "1645205697"} {
		if got := r.Get(f).First(); got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
	if r.Get("Note") != nil {
		t.Error("empty value gave a field")
	}
	if rows[1].Get("User_ID").First() != "multi\nline" || rows[1].Get("EXTRA_FIELD_1").First() != "more" ||
		rows[1].Get(event.Time).First() != "1645205697" || rows[1].Get(event.Raw).First() != "AwsApiCall,GetObject,\"multi\nline\",,extra,more" {
		t.Errorf("row 2: %v", rows[1])
	}
}

// Splunk reads a CSV header into fields only under INDEXED_EXTRACTIONS =
// csv: the csv sourcetype (automatic source typing gives it to a .csv
// file monitored without a sourcetype) or props that set it. Under any
// other sourcetype the header is text of an event ([default] line merging
// joins these undated lines into one).
func TestCSVHeaderNeedsIndexedExtractions(t *testing.T) {
	content := "user,action\nbob,failure\n"
	for _, c := range []struct {
		sourcetype string
		header     bool
	}{{"", true}, {"csv", true}, {"vpn:csv", false}} {
		rows, _, err := readStringAs(t, "logins.csv", content, Meta{Sourcetype: c.sourcetype}, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		last := rows[len(rows)-1]
		headerInRaw := strings.HasPrefix(rows[0].Get(event.Raw).First(), "user,action")
		if got := last.Get("user").First() == "bob"; got != c.header || headerInRaw == c.header {
			t.Errorf("sourcetype %q: %d rows, user=%q, first _raw %q; header read: want %v", c.sourcetype, len(rows), last.Get("user"), rows[0].Get(event.Raw), c.header)
		}
	}
}

func TestZeekTSV(t *testing.T) {
	content := "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n" +
		"#fields\tts\tuid\tid.orig_h\tservice\ttunnel_parents\n#types\ttime\tstring\taddr\tstring\tset[string]\n" +
		"1692161622.036086\tCnsu5\t192.168.1.41\tdns\t(empty)\n" +
		"1692161629.312072\tCgOr\t192.168.1.41\t-\ta,b\n#close\t2023-08-16-01-28-55\n"
	rows, problems, err := readString(t, "conn.log", content, ReadOptions{})
	if err != nil || len(problems) > 0 || len(rows) != 2 {
		t.Fatal(len(rows), problems, err)
	}
	if rows[0].Get(event.Time).First() != "1692161622.036086" || rows[0].Get("id.orig_h").First() != "192.168.1.41" ||
		rows[0].Get("tunnel_parents") != nil || rows[1].Get("service") != nil ||
		!reflect.DeepEqual([]string(rows[1].Get("tunnel_parents")), []string{"a", "b"}) {
		t.Errorf("rows %v", rows)
	}
}

func TestParseISOTime(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	cases := []struct {
		in   string
		want string // epoch text, "" when not a timestamp
	}{
		{"2020-06-10T02:50:56.537Z", "1591757456.537"},
		{"2020-08-01 05:46:46", "1596260806"},
		{"2021-01-14T23:41:40.145335200Z", "1610667700.145335"},
		{"2021-01-14T23:41:40+01:00", "1610664100"},
		{"2021-01-14 23:41:40 -0130", "1610673100"},
		{"2021-01-14 23:41:40,5", "1610667700.5"},
		{"2021-02-30T00:00:00Z", ""},
		{"2021-01-14T24:00:00Z", ""},
		{"2021-01-14T23:41:40+1", ""},
		{"2021-01-14T23:41:40 extra", ""},
		{"2021-01-14T23:41:40.", ""},
		{"14/01/2021 23:41:40", ""},
	}
	for _, c := range cases {
		tm, ok := parseISOTime(c.in, time.UTC)
		if got := timeOrEmpty(tm, ok); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
	if tm, _ := parseISOTime("2021-01-14 23:41:40", ny); epochText(tm) != "1610685700" {
		t.Errorf("zoneless in New York: %v", tm)
	}
}

func timeOrEmpty(t time.Time, ok bool) string {
	if !ok {
		return ""
	}
	return epochText(t)
}

// A bad CSV record is named by file line, and a quote left open says how
// many lines it swallowed.
func TestCSVBadRecordByFileLine(t *testing.T) {
	content := "user,action\nalice,ok\n\"bob,ok\ncarol,ok\ndave,ok\n"
	rows, problems, err := readStringAs(t, "q.csv", content, Meta{Sourcetype: "csv"}, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := `bad CSV record on line 3: extraneous or missing " in quoted-field (line 5, column 8); a quote opened on line 3 and not closed ran this record over 3 lines, lost with it`
	if len(rows) != 1 || len(problems) != 1 || problems[0].Msg != want {
		t.Errorf("%d rows, problems %v\nwant %s", len(rows), problems, want)
	}
}
