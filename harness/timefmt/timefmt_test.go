package timefmt

import (
	"strings"
	"testing"
	"time"
)

// TIME_FORMAT variables as Splunk documents them ("Date and time format
// variables", Search Reference; props.conf.spec TIME_FORMAT) and as
// Splunk's own system/default/props.conf (8.2.7) uses them: [syslog]
// "%b %d %H:%M:%S", [splunkd] "%m-%d-%Y %H:%M:%S.%l %z", [mongod]
// "%Y-%m-%dT%H:%M:%S.%3N%Z", [mcollect_stash] "%s.%Q", [mysqld]
// "%y%m%d %k:%M:%S", [apache_error] "[%A %B %d %T %Y]".
func TestTimeFormatParse(t *testing.T) {
	est := time.FixedZone("", -5*3600)
	cases := []struct {
		format, in string
		want       time.Time
		n          int // bytes consumed; 0: all
	}{
		{"%b %d %H:%M:%S", "Jan  2 15:04:05 host sshd[1]:", time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC), 15},
		{"%b %d %H:%M:%S", "May 27 09:28:36", time.Date(2024, 5, 27, 9, 28, 36, 0, time.UTC), 0},
		{"%m-%d-%Y %H:%M:%S.%l %z", "12-03-2026 16:13:57.123 -0500", time.Date(2026, 12, 3, 16, 13, 57, 123e6, est), 0},
		{"%Y-%m-%dT%H:%M:%S.%3N%Z", "2023-10-17T01:24:52.149Z", time.Date(2023, 10, 17, 1, 24, 52, 149e6, time.UTC), 0},
		{"%Y-%m-%dT%H:%M:%S.%6N%z", "2023-10-17T01:24:52.149017+0000", time.Date(2023, 10, 17, 1, 24, 52, 149017e3, time.UTC), 0},
		{"%Y-%m-%dT%H:%M:%S.%9N", "2022-08-09T10:42:47.749450000Z", time.Date(2022, 8, 9, 10, 42, 47, 749450000, time.UTC), 29},
		{"%Y-%m-%dT%H:%M:%S.%N", "2022-08-09T10:42:47.7494", time.Date(2022, 8, 9, 10, 42, 47, 749400000, time.UTC), 0},
		{"%s.%Q", "1723035666.627", time.Date(2024, 8, 7, 13, 1, 6, 627e6, time.UTC), 0},
		{"%s.%3N", "1723035666.627:3663)", time.Date(2024, 8, 7, 13, 1, 6, 627e6, time.UTC), 14},
		{"%s", "1648559031,", time.Unix(1648559031, 0).UTC(), 10},
		{"%s%3N", "1723035666627", time.Date(2024, 8, 7, 13, 1, 6, 627e6, time.UTC), 0},
		{"%d/%b/%Y:%H:%M:%S %z", "22/Feb/2024:13:00:00 -0500", time.Date(2024, 2, 22, 13, 0, 0, 0, est), 0},
		{"%d/%b/%Y:%H:%M:%S %:z", "22/Feb/2024:13:00:00 -05:00", time.Date(2024, 2, 22, 13, 0, 0, 0, est), 0},
		{"%y%m%d %k:%M:%S", "240207  9:05:01", time.Date(2024, 2, 7, 9, 5, 1, 0, time.UTC), 0},
		{"[%A %B %d %T %Y]", "[Wed October 11 14:32:52 2000]", time.Date(2000, 10, 11, 14, 32, 52, 0, time.UTC), 0},
		{"%m/%d/%Y %I:%M:%S %p", "05/14/2024 05:36:21 PM", time.Date(2024, 5, 14, 17, 36, 21, 0, time.UTC), 0},
		{"%m/%d/%Y %I:%M:%S %p", "05/14/2024 12:10:00 AM", time.Date(2024, 5, 14, 0, 10, 0, 0, time.UTC), 0},
		{"%Y-%j %T", "2024-060 10:00:00", time.Date(2024, 2, 29, 10, 0, 0, 0, time.UTC), 0},
		{"%F %T %Z", "2024-03-29 13:03:51 UTC", time.Date(2024, 3, 29, 13, 3, 51, 0, time.UTC), 0},
		{"%a %b %d %H:%M:%S %Y %Z", "Tue Mar 29 13:03:51 2022 UTC", time.Date(2022, 3, 29, 13, 3, 51, 0, time.UTC), 0},
		{"%F %T %Z", "2024-03-29 13:03:51 EST", time.Date(2024, 3, 29, 13, 3, 51, 0, est), 0},
		{"%m/%d/%y %H:%M", "01/02/69 03:04", time.Date(1969, 1, 2, 3, 4, 0, 0, time.UTC), 0},
		{"%m/%d/%y %H:%M", "01/02/68 03:04", time.Date(2068, 1, 2, 3, 4, 0, 0, time.UTC), 0},
		{"100%% %H", "100% 07", time.Date(2024, 1, 1, 7, 0, 0, 0, time.UTC), 0},
	}
	for _, c := range cases {
		tf, err := Compile(c.format)
		if err != nil {
			t.Fatalf("%q: %v", c.format, err)
		}
		got, n, ok := tf.Parse(c.in, time.UTC, 2024)
		if !ok || !got.Equal(c.want) {
			t.Errorf("%q on %q = %v, %v; want %v", c.format, c.in, got, ok, c.want)
		}
		want := c.n
		if want == 0 {
			want = len(c.in)
		}
		if ok && n != want {
			t.Errorf("%q on %q consumed %d bytes, want %d", c.format, c.in, n, want)
		}
	}
}

func TestTimeFormatRejects(t *testing.T) {
	cases := []struct{ format, in string }{
		{"%Y-%m-%d", "2024-13-01"},
		{"%Y-%m-%d", "2023-02-29"},
		{"%H:%M:%S", "24:00:00"},
		{"%b %d", "Foo 12"},
		{"%I %p", "13 PM"},
		{"%Y-%m-%d", "24-01-01"},
		{"%z", "+2500"},
		{"%s", "x"},
		{"literal %Y", "litera 2024"},
	}
	for _, c := range cases {
		tf, err := Compile(c.format)
		if err != nil {
			t.Fatalf("%q: %v", c.format, err)
		}
		if got, _, ok := tf.Parse(c.in, time.UTC, 2024); ok {
			t.Errorf("%q on %q = %v, want no match", c.format, c.in, got)
		}
	}
}

// An unknown variable is an error naming it, not a literal.
func TestTimeFormatCompileErrors(t *testing.T) {
	for format, want := range map[string]string{
		"%Y-%m-%d %X": "%X is not supported",
		"%Y %":        "ends inside",
		"%12N":        "at most 9",
		"":            "empty",
	} {
		if _, err := Compile(format); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", format, err, want)
		}
	}
}

// FuzzTimeFormat: any format and input; compiling and parsing never
// panic, parsing consumes no more than the input, and a format compiled
// from itself parses the same.
func FuzzTimeFormat(f *testing.F) {
	f.Add("%b %d %H:%M:%S", "Jan  2 15:04:05")
	f.Add("%s.%3N", "1723035666.627")
	f.Add("%Y-%m-%dT%H:%M:%S.%N%z", "2022-08-09T10:42:47.7494+05:30")
	f.Add("%d/%b/%Y:%H:%M:%S %Z", "22/Feb/2024:13:00:00 Europe/Paris")
	f.Add("%j %I %p %%", "366 12 am %")
	f.Fuzz(func(t *testing.T, format, in string) {
		tf, err := Compile(format)
		if err != nil {
			return
		}
		got, n, ok := tf.Parse(in, time.UTC, 2024)
		if !ok {
			return
		}
		if n < 0 || n > len(in) {
			t.Fatalf("%q on %q consumed %d of %d bytes", format, in, n, len(in))
		}
		again, n2, ok2 := tf.Parse(in[:n], time.UTC, 2024)
		if !ok2 || n2 != n || !again.Equal(got) {
			t.Fatalf("%q on its own match %q: %v %d %v, first %v %d", format, in[:n], again, n2, ok2, got, n)
		}
	})
}
