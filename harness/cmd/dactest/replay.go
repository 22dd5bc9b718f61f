package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/replay"
)

type replayFlags struct {
	data     dataFlags
	out      string
	shiftTo  string
	hec      string
	tokenEnv string
	hecCfg   replay.Config
}

func replayFlagSet(f *replayFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f.data.register(fs)
	c := &f.hecCfg
	fs.StringVar(&f.out, "out", "", "write normalized JSON lines to FILE (- is stdout); the default without --hec")
	fs.StringVar(&f.shiftTo, "shift-to", "", "move each event's _time and the TimeCreated SystemTime in its XML so the latest event is at now or an RFC 3339 time, keeping gaps; other times in the event text (Sysmon UtcTime...) stay as written")
	fs.StringVar(&f.hec, "hec", "", "send to this HTTP Event Collector (https://host:8088)")
	fs.StringVar(&f.tokenEnv, "token-env", "", "environment variable holding the HEC token (never a flag: it would show in ps)")
	fs.StringVar(&c.Index, "index", "", "index to write to (default: the token's default index)")
	fs.StringVar(&c.Endpoint, "endpoint", replay.EndpointEvent, "HEC endpoint: event (JSON envelopes) | raw (Splunk line-breaks and timestamps)")
	fs.IntVar(&c.BatchEvents, "batch", 500, "events per HEC request")
	fs.BoolVar(&c.Gzip, "gzip", false, "gzip HEC requests")
	fs.BoolVar(&c.Insecure, "insecure", false, "do not verify the collector's TLS certificate (lab instances)")
	fs.IntVar(&c.Retries, "retries", 8, "retries per request on connection failures and 429/5xx answers")
	fs.DurationVar(&c.Backoff, "backoff", 500*time.Millisecond, "first retry delay, doubled each retry (max 30s)")
	fs.DurationVar(&c.AckTimeout, "ack-timeout", 2*time.Minute, "resend a batch whose indexer acknowledgement has not come after this long")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest replay --data PATH [--data PATH ...] (--out FILE|- | --hec URL --token-env VAR) [flags]

Reads the datasets as Splunk would index them and either writes them as
normalized JSON lines (_time, _raw, source, sourcetype, host, then every
field the add-ons extract), or sends them to a Splunk HTTP Event Collector
in batches, retrying with backoff and waiting for indexer acknowledgement
when the token has it enabled.

Exit code: 0 every event was written or delivered; 1 the collector refused
or never acknowledged a batch (after the retries); 2 a usage error, or no
dataset could be read; 3 some input was lost (a bad record, a cut archive)
or events without source/sourcetype were left out, the rest replayed.

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func runReplay(args []string, stdout, stderr io.Writer) int {
	var f replayFlags
	fs := replayFlagSet(&f, stderr)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "dactest replay: unexpected argument %q (datasets go in --data)\n", pos[0])
		return exitUsage
	}
	if f.hecCfg.BatchEvents < 1 {
		fmt.Fprintf(stderr, "dactest replay: --batch %d: want 1 or more events per request\n", f.hecCfg.BatchEvents)
		return exitUsage
	}
	if f.hec == "" && f.out == "" {
		f.out = "-"
	}
	client, code := f.client(stderr)
	if code != exitOK {
		return code
	}
	target, code := f.shiftTarget(stderr)
	if code != exitOK {
		return code
	}
	if f.streams() {
		return f.replayStream(stdout, stderr)
	}
	loaded, ok := f.data.load("replay", stderr)
	if !ok {
		return exitUsage
	}
	// An event without source or sourcetype would be indexed under the
	// collector's defaults and searched as something else: it is not
	// replayed (the warning above names the files).
	var dropped int
	if loaded.rows, dropped = replay.Labelled(loaded.rows); dropped > 0 {
		fmt.Fprintf(stderr, "dactest replay: %d event(s) without source or sourcetype not replayed\n", dropped)
		loaded.broken = true
	}
	if code := shift(loaded.rows, target, f.hec != "" && f.hecCfg.Endpoint == replay.EndpointRaw, stderr); code != exitOK {
		return code
	}
	if code := f.write(loaded.rows, stdout, stderr); code != exitOK {
		return code
	}
	if code := f.send(client, loaded.rows, stderr); code != exitOK {
		return code
	}
	if loaded.broken {
		return exitIncomplete
	}
	return exitOK
}

// client checks the HEC flags before anything is read, so a missing token
// fails fast.
func (f *replayFlags) client(stderr io.Writer) (*replay.Client, int) {
	if f.hec == "" {
		return nil, exitOK
	}
	if f.tokenEnv == "" {
		fmt.Fprintln(stderr, "dactest replay: --hec needs --token-env VAR naming the environment variable that holds the token")
		return nil, exitUsage
	}
	f.hecCfg.URL = f.hec
	f.hecCfg.Token = os.Getenv(f.tokenEnv)
	if f.hecCfg.Token == "" {
		fmt.Fprintf(stderr, "dactest replay: environment variable %s is empty or unset\n", f.tokenEnv)
		return nil, exitUsage
	}
	if f.hecCfg.Retries == 0 {
		f.hecCfg.Retries = -1 // --retries 0 means none; the library's zero means its default
	}
	f.hecCfg.Logf = func(format string, args ...any) { fmt.Fprintf(stderr, "dactest replay: "+format+"\n", args...) }
	c, err := replay.NewClient(f.hecCfg)
	if err != nil {
		fmt.Fprintln(stderr, "dactest replay:", err)
		return nil, exitUsage
	}
	return c, exitOK
}

// shiftTarget parses --shift-to before any dataset is read, so a typo
// fails at once rather than after reading gigabytes; nil: no shift.
func (f *replayFlags) shiftTarget(stderr io.Writer) (*time.Time, int) {
	if f.shiftTo == "" {
		return nil, exitOK
	}
	target, err := replay.ParseShiftTarget(f.shiftTo, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, "dactest replay:", err)
		return nil, exitUsage
	}
	return &target, exitOK
}

// shift applies --shift-to. Only an XmlWinEventLog TimeCreated is
// rewritten in _raw: other events keep their original timestamp there,
// which is said, and refused for the raw endpoint, where Splunk would
// stamp them from _raw and the shift would silently not happen.
func shift(rows []event.Row, target *time.Time, rawEndpoint bool, stderr io.Writer) int {
	if target == nil {
		return exitOK
	}
	kept := replay.RawTimeKept(rows)
	if kept > 0 && rawEndpoint {
		fmt.Fprintf(stderr, "dactest replay: --shift-to with --endpoint raw: %d event(s) are not XmlWinEventLog, whose _raw timestamp is not rewritten, so Splunk would index them at their original time; use --endpoint event (the shifted _time is sent as the event's time)\n", kept)
		return exitUsage
	}
	delta, err := replay.ShiftTo(rows, *target)
	if err != nil {
		fmt.Fprintln(stderr, "dactest replay: --shift-to:", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "dactest replay: timestamps moved by %s\n", delta)
	if kept > 0 {
		fmt.Fprintf(stderr, "dactest replay: %d event(s) keep their original timestamp in _raw and the fields read from it (only XmlWinEventLog's TimeCreated is rewritten); _time is moved\n", kept)
	}
	return exitOK
}

// write emits JSON lines with the add-ons' fields; the HEC send does not
// need them (Splunk extracts at search time), so they are added only here.
func (f *replayFlags) write(rows []event.Row, stdout, stderr io.Writer) int {
	if f.out == "" {
		return exitOK
	}
	if f.out == "-" {
		return reportWrite(f.writeWithFields(stdout, rows), stderr)
	}
	file, err := os.Create(f.out)
	if err != nil {
		fmt.Fprintln(stderr, "dactest replay:", err)
		return exitUsage
	}
	err = f.writeWithFields(file, rows)
	if cerr := file.Close(); err == nil {
		err = cerr // a full disk shows up at Close
	}
	return reportWrite(err, stderr)
}

// writeChunk is how many events get their add-on fields at a time: the
// fields are added to copies, and copying every event at once doubled the
// memory a large replay needs.
const writeChunk = 4096

func (f *replayFlags) writeWithFields(w io.Writer, rows []event.Row) error {
	chunk := make([]event.Row, 0, writeChunk)
	for i := 0; i < len(rows); i += writeChunk {
		chunk = chunk[:0]
		for _, r := range rows[i:min(i+writeChunk, len(rows))] {
			chunk = append(chunk, r.Clone())
		}
		if err := f.data.applyAddons(chunk); err != nil {
			return err
		}
		if err := replay.WriteJSONL(w, chunk); err != nil {
			return err
		}
	}
	return nil
}

func reportWrite(err error, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintln(stderr, "dactest replay:", err)
		return exitFailed
	}
	return exitOK
}

func (f *replayFlags) send(c *replay.Client, rows []event.Row, stderr io.Writer) int {
	if c == nil {
		return exitOK
	}
	st, err := c.Send(context.Background(), rows)
	fmt.Fprintf(stderr, "dactest replay: %d of %d events delivered in %s, %s, %s, %s\n",
		st.Events, len(rows), count(st.Batches, "batch", "batches"), count(st.Requests, "request", "requests"),
		count(st.Retries, "retry", "retries"), count(st.Acked, "acknowledged batch", "acknowledged batches"))
	if err != nil {
		fmt.Fprintln(stderr, "dactest replay:", err)
		return exitFailed
	}
	return exitOK
}

// count is "1 retry" or "2 retries".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
