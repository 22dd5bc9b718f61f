package ingest

import (
	"testing"
	"time"
)

// Without TIME_FORMAT the first recognisable timestamp of the window is
// taken (Splunk's datetime.xml recognition).
func TestAutoTime(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
	}{
		{`10.0.0.1 - - [22/Feb/2024:13:00:00 -0500] "GET / HTTP/1.1" 200`, time.Date(2024, 2, 22, 18, 0, 0, 0, time.UTC)},
		{`type=SYSCALL msg=audit(1723035666.627:3663): arch=c000003e`, time.Date(2024, 8, 7, 13, 1, 6, 627e6, time.UTC)},
		{`May 27 09:28:36 ip-172-31-24-46 sshd[5617]: Accepted`, time.Date(2024, 5, 27, 9, 28, 36, 0, time.UTC)},
		{`2024-01-15 10:30:45 192.168.1.100 GET /api`, time.Date(2024, 1, 15, 10, 30, 45, 0, time.UTC)},
		{`SESSION|05/14/2024 17:36:21.859|[HTTPS:169]`, time.Date(2024, 5, 14, 17, 36, 21, 859e6, time.UTC)},
		{`"calendarTime":"Tue Mar 29 13:03:51 2022 UTC"`, time.Date(2022, 3, 29, 13, 3, 51, 0, time.UTC)},
	}
	for _, c := range cases {
		got, ok := autoTime(c.in, time.UTC, 2024)
		if !ok || !got.Equal(c.want) {
			t.Errorf("autoTime(%q) = %v, %v; want %v", c.in, got.UTC(), ok, c.want)
		}
	}
	if got, ok := autoTime("no stamp here 12345", time.UTC, 2024); ok {
		t.Errorf("autoTime found %v in text without a timestamp", got)
	}
}
