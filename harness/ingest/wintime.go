package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// systemTimeEpoch turns a SystemTime like 2021-01-14T23:41:40.145335200Z
// into _time text: epoch seconds with the fraction Splunk keeps
// (microseconds, trailing zeros dropped).
func systemTimeEpoch(st string) (string, error) {
	t, err := time.Parse(time.RFC3339Nano, st)
	if err != nil {
		return "", fmt.Errorf("bad TimeCreated SystemTime %q", st)
	}
	return epochText(t), nil
}

func epochText(t time.Time) string {
	sec := t.Unix()
	us := t.Nanosecond() / 1000
	s := strconv.FormatInt(sec, 10)
	if us == 0 {
		return s
	}
	frac := strings.TrimRight(fmt.Sprintf("%06d", us), "0")
	return s + "." + frac
}
