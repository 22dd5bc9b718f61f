package ingest

import (
	"github.com/dactest/dactest/harness/timefmt"
	"strings"
	"time"
)

// eventClock gives events their _time under an index plan, as Splunk's
// timestamp processor does: TIME_PREFIX (the timestamp starts where its
// match ends; no match, no timestamp), MAX_TIMESTAMP_LOOKAHEAD (the
// timestamp lies within that many characters), then TIME_FORMAT read from
// exactly there (props.conf.spec: "TIME_FORMAT starts reading after the
// TIME_PREFIX") or, without one, the first recognisable timestamp in the
// window (autoTime stands in for datetime.xml). TZ is the zone of stamps
// naming none. An event without a timestamp takes the previous event's
// _time ("Defaulting to timestamp of previous event").
type eventClock struct {
	p    *indexPlan
	loc  *time.Location
	year int
	now  func() time.Time
	last string
}

func newEventClock(p *indexPlan, opt ReadOptions) *eventClock {
	c := &eventClock{p: p, loc: opt.location(), year: opt.year(), now: time.Now}
	if p.tz != nil {
		c.loc = p.tz
	}
	return c
}

// stamp returns the _time text of an event whose text is raw.
func (c *eventClock) stamp(raw string) string {
	if t, ok := c.find(raw); ok {
		c.last = epochText(t)
	}
	return c.last
}

// find reads the timestamp of raw, if any.
func (c *eventClock) find(raw string) (time.Time, bool) {
	switch c.p.datetimeConfig {
	case "NONE":
		return time.Time{}, false
	case "CURRENT":
		return c.now(), true
	}
	text, ok := c.window(raw)
	if !ok {
		return time.Time{}, false
	}
	return c.read(text)
}

// window cuts raw to where the timestamp may be.
func (c *eventClock) window(raw string) (string, bool) {
	text := raw
	if c.p.timePrefix != nil {
		m := c.p.timePrefix.FindStringIndex(raw)
		if m == nil {
			return "", false
		}
		text = raw[m[1]:]
	}
	if c.p.lookahead > 0 && len(text) > c.p.lookahead {
		text = text[:c.p.lookahead]
	}
	return text, true
}

// read parses text (a window or TIMESTAMP_FIELDS values) with TIME_FORMAT
// or, without one, by recognition.
func (c *eventClock) read(text string) (time.Time, bool) {
	if c.p.timeFormat != nil {
		t, _, ok := c.p.timeFormat.Parse(text, c.loc, c.year)
		return t, ok
	}
	return autoTime(text, c.loc, c.year)
}

// fieldsTime reads TIMESTAMP_FIELDS from a structured record: the fields'
// values joined by a space (IIS's date and time columns), then read as
// text. decided is false when the plan names no fields.
func (c *eventClock) fieldsTime(field func(string) (string, bool)) (t time.Time, ok, decided bool) {
	if len(c.p.timestampFields) == 0 {
		return time.Time{}, false, false
	}
	parts := make([]string, 0, len(c.p.timestampFields))
	for _, f := range c.p.timestampFields {
		if v, ok := field(f); ok && v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return time.Time{}, false, true
	}
	t, ok = c.read(strings.Join(parts, " "))
	return t, ok, true
}

// autoFormats are the timestamp shapes recognised without TIME_FORMAT,
// tried at each word start of the window, longest first where they share
// a start: access logs, ctime, syslog (with and without a year), US and
// slash dates.
var autoFormats = mustTimeFormats(
	"%d/%b/%Y:%H:%M:%S %z", "%d/%b/%Y:%H:%M:%S",
	"%a %b %d %H:%M:%S.%N %Y", "%a %b %d %H:%M:%S %Y",
	"%b %d %Y %H:%M:%S", "%b %d %H:%M:%S.%N", "%b %d %H:%M:%S",
	"%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S.%N", "%m/%d/%Y %H:%M:%S", "%Y/%m/%d %H:%M:%S",
	"%d %b %Y %H:%M:%S", "%m-%d-%Y %H:%M:%S.%N",
)

func mustTimeFormats(fs ...string) []*timefmt.Format {
	out := make([]*timefmt.Format, len(fs))
	for i, f := range fs {
		tf, err := timefmt.Compile(f)
		if err != nil {
			panic(err)
		}
		out[i] = tf
	}
	return out
}

// autoTime finds the first timestamp in text: ISO 8601, the shapes of
// autoFormats, or epoch seconds (ten digits, optional fraction) standing
// alone, as Linux audit's msg=audit(1588205198.899:...) writes them.
func autoTime(text string, loc *time.Location, year int) (time.Time, bool) {
	for i := 0; i < len(text); i++ {
		if i > 0 && isAlnum(text[i-1]) || !isAlnum(text[i]) {
			continue
		}
		if t, ok := timeAt(text[i:], loc, year); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

func timeAt(s string, loc *time.Location, year int) (time.Time, bool) {
	if s[0] >= '0' && s[0] <= '9' {
		if m := leadISO.FindString(s); m != "" {
			return parseISOTime(m, loc)
		}
		if t, ok := epochAt(s); ok {
			return t, true
		}
	}
	for _, tf := range autoFormats {
		if !tf.MayStartWith(s[0]) {
			continue
		}
		if t, n, ok := tf.Parse(s, loc, year); ok && (n == len(s) || !isAlnum(s[n])) {
			return t, true
		}
	}
	return time.Time{}, false
}

// epochAt reads ten digits starting with 1 (epoch seconds of 2001-2033,
// as datetime.xml's utcepoch pattern narrows them) with an optional
// fraction, ending at a non-digit.
func epochAt(s string) (time.Time, bool) {
	if s[0] != '1' {
		return time.Time{}, false
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n != 10 {
		return time.Time{}, false
	}
	if n < len(s) && s[n] == '.' {
		k := n + 1
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > n+1 {
			n = k
		}
	}
	return parseEpoch(s[:n])
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// structuredTime is the _time of a structured record (JSON, CSV, W3C)
// under an index plan: TIMESTAMP_FIELDS when named, else TIME_PREFIX /
// TIME_FORMAT on the record's text. decided is false when the plan sets
// none of them, TIME_PREFIX is not in the record, or there is no plan:
// the reader's own choice stands.
func (c *eventClock) structuredTime(raw string, field func(string) (string, bool)) (t time.Time, ok, decided bool) {
	if c == nil {
		return time.Time{}, false, false
	}
	if c.p.datetimeConfig != "" {
		t, ok = c.find(raw)
		return t, ok, true
	}
	if t, ok, decided = c.fieldsTime(field); decided {
		return t, ok, true
	}
	if c.p.timePrefix == nil && c.p.timeFormat == nil {
		return time.Time{}, false, false
	}
	// A record TIME_PREFIX does not find (a Logstash-shaped CloudTrail
	// record without eventTime) keeps the reader's own time fields: Splunk
	// would stamp it with the time it indexes it, which a replay cannot
	// reproduce.
	text, found := c.window(raw)
	if !found {
		return time.Time{}, false, false
	}
	t, ok = c.read(text)
	return t, ok, true
}

// planClock is the eventClock of a reader's options; nil without a plan.
func planClock(opt ReadOptions) *eventClock {
	if opt.plan == nil {
		return nil
	}
	return newEventClock(opt.plan, opt)
}

// planOrRecordTime is a JSON record's _time: the index plan's when it
// sets one (TIMESTAMP_FIELDS by spath name, or TIME_PREFIX / TIME_FORMAT
// on the record's text), else the first of jsonTimeFields.
func (b *jsonRowBuilder) planOrRecordTime(raw string) (time.Time, bool) {
	if b.clock != nil {
		t, ok, decided := b.clock.structuredTime(raw, func(f string) (string, bool) {
			v := b.row[f]
			if len(v) == 0 {
				return "", false
			}
			return v[0], true
		})
		if decided {
			return t, ok
		}
	}
	if t, ok := b.recordTime(); ok {
		return t, true
	}
	if b.clock == nil || b.clock.p.indexedExtractions != "json" {
		// No time field the reader knows: Splunk's default timestamp
		// recognition, the first timestamp within MAX_TIMESTAMP_LOOKAHEAD
		// (128 characters, system/default/props.conf) of the record -
		// Google Workspace's id.time, PingID's recorded, CircleCI's
		// job_time.
		year := ReadOptions{}.year()
		if b.clock != nil {
			year = b.clock.year
		}
		return autoTime(lookahead(raw, defaultLookahead), b.loc, year)
	}
	// INDEXED_EXTRACTIONS = json without TIMESTAMP_FIELDS: "Splunk software
	// tries to automatically extract the timestamp" (props.conf.spec); past
	// the usual fields, the first timestamp in the record's text (document
	// order), as Kubernetes audit's requestReceivedTimestamp.
	return autoTime(raw, b.clock.loc, b.clock.year)
}
