package engine

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/spl"
)

// One search has one now (timebound.go): with Env.Now zero, as the runner
// and `dactest search` compile, now() and time() are the run's replay now
// (the dataset's newest event), the instant earliest=/latest= resolve
// against. The data is from 2021, so the wall clock would keep nothing.

// y21: newest event 2021-03-01T12:00:30Z = 1614600030, the replay now.
const y21 = `
_time=1614600030; id=a
_time=1614596400; id=b
_time=1614595800; id=c
_time=1614556800; id=d
_time=1614513630; id=e
_time=1614513600; id=f
_time=1614427200; id=g
`

// Comments give each event's place relative to the replay now (1614600030):
//   b 11:00:00  c 10:50:00 = -70m@m   d 00:00:00 = @d
//   e -24h exactly   f 12:00:00 the day before = -24h@h   g -48h30s

// y21NoEdge is y21 without the event exactly 24 hours before the newest,
// so `>` and earliest's inclusive `>=` cannot differ on it.
const y21NoEdge = `
_time=1614600030; id=a
_time=1614596400; id=b
_time=1614556800; id=d
_time=1614427200; id=g
`

// replayEnv is the runner's environment: Env.Now zero.
func replayEnv(t testing.TB) *Env {
	set, err := datamodel.CIM()
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Datamodels: set}
}

func TestReplayNow(t *testing.T) {
	fixed := replayEnv(t)
	fixed.Now = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) // 1704164645
	cases := []struct {
		name   string
		env    *Env // nil: replayEnv (Env.Now zero)
		events string
		spl    string
		want   string
		why    string
	}{
		{"now() is the newest event's time", nil, y21,
			`* | head 1 | eval n=now() | table id n`, "id;n\na;1614600030",
			"the replay moved the newest event to the search's start"},
		{"relative_time(now(),-24h) keeps the last day", nil, y21,
			`* | where _time > relative_time(now(), "-24h") | table id`, "id\na\nb\nc\nd",
			"e is exactly 24h old: > excludes it; g is two days old"},
		{"earliest=-24h keeps the same day, inclusive", nil, y21,
			`earliest=-24h | table id`, "id\na\nb\nc\nd\ne",
			"earliest is inclusive (Search Reference, Time modifiers)"},
		{"relative_time(now(),-70m@m) snaps like earliest", nil, y21,
			`* | where _time >= relative_time(now(), "-70m@m") | table id`, "id\na\nb\nc",
			"now-70m = 10:50:30, @m snaps to 10:50:00 = c"},
		{"relative_time(now(),@d) is the replay day's midnight", nil, y21,
			`* | where _time >= relative_time(now(), "@d") | table id`, "id\na\nb\nc\nd",
			"d is 2021-03-01T00:00:00Z"},
		{"now()-_time is the event's age at replay", nil, y21,
			`* | head 3 | eval age=now()-_time | table id age`, "id;age\na;0\nb;3630\nc;4230",
			"the corpus's (now()-startDate) pattern"},
		{"now() drops the fraction, time() keeps it", nil,
			"_time=1614600030.25; id=a\n_time=1614600000; id=b",
			`* | head 1 | eval n=now(), t=time() | table n t`, "n;t\n1614600030;1614600030.25",
			"now() is whole seconds, time() has sub-second precision"},
		{"a subsearch reads the same now", nil, y21,
			`* | head 1 | eval n=now() | append [search id=b | eval n=now()] | table id n`,
			"id;n\na;1614600030\nb;1614600030",
			"the subsearch runs in the same search, on the same data"},
		{"a map search reads the same now", nil, y21,
			`* | head 1 | map search="search id=b | eval n=now() | table id n"`,
			"id;n\nb;1614600030",
			"map's searches are compiled at run time with the run's now"},
		{"Env.Now set: now() keeps it", fixed, y21,
			`* | head 1 | eval n=now() | table n`, "n\n1704164645",
			"tests pin now() with Env.Now"},
		{"Env.Now set: relative_time(now()) follows it", fixed, y21,
			`* | where _time > relative_time(now(), "-24h") | table id`, "id",
			"2024 minus a day is after every 2021 event"},
		{"Env.Now set: time modifiers still follow the data", fixed, y21,
			`earliest=-24h | table id`, "id\na\nb\nc\nd\ne",
			"Env.Now fixes only now()/time(); earliest= is always replay now"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := c.env
			if env == nil {
				env = replayEnv(t)
			}
			res, err := runSPL(t, env, parseEvents(t, c.events), c.spl)
			if err != nil {
				t.Fatalf("%s: %v", c.spl, err)
			}
			if got := renderTable(res.Table); got != normalizeWant(c.want) {
				t.Errorf("%s (%s)\n got:\n%s\nwant:\n%s", c.spl, c.why, got, c.want)
			}
		})
	}
}

// A time modifier and the where clause written with now() keep the same
// events, as they do in Splunk where both read the search's start.
func TestReplayNowAgreesWithTimeModifiers(t *testing.T) {
	cases := []struct {
		name      string
		events    string
		modifier  string
		condition string
		want      string
	}{
		{"-24h, no event on the boundary", y21NoEdge,
			`earliest=-24h`, `_time > relative_time(now(), "-24h")`, "id\na\nb\nd"},
		{"-24h inclusive", y21, `earliest=-24h`, `_time >= relative_time(now(), "-24h")`, "id\na\nb\nc\nd\ne"},
		{"-24h@h", y21, `earliest=-24h@h`, `_time >= relative_time(now(), "-24h@h")`, "id\na\nb\nc\nd\ne\nf"},
		{"-70m@m", y21, `earliest=-70m@m`, `_time >= relative_time(now(), "-70m@m")`, "id\na\nb\nc"},
		{"latest=-1h", y21, `latest=-1h`, `_time < relative_time(now(), "-1h")`, "id\nb\nc\nd\ne\nf\ng"},
	}
	env := replayEnv(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events := parseEvents(t, c.events)
			mod, err := runSPL(t, env, events, c.modifier+` | table id`)
			if err != nil {
				t.Fatal(err)
			}
			where, err := runSPL(t, env, events, `* | where `+c.condition+` | table id`)
			if err != nil {
				t.Fatal(err)
			}
			m, w := renderTable(mod.Table), renderTable(where.Table)
			if m != w {
				t.Errorf("%s gives\n%s\nbut where %s gives\n%s", c.modifier, m, c.condition, w)
			}
			if m != normalizeWant(c.want) {
				t.Errorf("%s\n got:\n%s\nwant:\n%s", c.modifier, m, c.want)
			}
		})
	}
}

// One Program, compiled once, run concurrently on datasets of different
// years: each run reads its own dataset's now (run with -race).
func TestReplayNowPerRun(t *testing.T) {
	q, err := spl.Parse(`* | where _time > relative_time(now(), "-24h") | stats count as c max(_time) as newest | eval n=now(), same=if(n==newest, "yes", "no") | table c n same`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compile(q, replayEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		events string
		want   string
	}{
		{"2021", y21, "c;n;same\n4;1614600030;yes"},
		{"2019", "_time=1550000000; id=x\n_time=1549990000; id=y\n_time=1549000000; id=z", "c;n;same\n2;1550000000;yes"},
		{"2023", "_time=1690000000.5; id=x", "c;n;same\n1;1690000000;no"},
	}
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		c := cases[i%len(cases)]
		ds := NewDataset(parseEvents(t, c.events))
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := p.Run(context.Background(), ds)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				return
			}
			if got := renderTable(res.Table); got != c.want {
				t.Errorf("%s\n got:\n%s\nwant:\n%s", c.name, got, c.want)
			}
		}()
	}
	wg.Wait()
}

// Without a timed event there is no replay now: now() is the wall clock.
func TestReplayNowWithoutEvents(t *testing.T) {
	before := time.Now().Unix()
	res, err := runSPL(t, replayEnv(t), nil, `* | stats count | eval n=now() | table count n`)
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now().Unix()
	if len(res.Table.Rows) != 1 {
		t.Fatalf("rows: %v", res.Table.Rows)
	}
	n, err := strconv.ParseInt(res.Table.Rows[0]["n"].First(), 10, 64)
	if err != nil || n < before || n > after {
		t.Errorf("now() = %v, want the wall clock in [%d, %d]", res.Table.Rows[0]["n"], before, after)
	}
}
