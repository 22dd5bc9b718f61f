package conformance

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"

	"github.com/dactest/dactest/harness/ingest"
)

// exampleMeta is the source and sourcetype an example_log is read with,
// and why they differ from the data source's, if they do.
type exampleMeta struct {
	meta ingest.Meta
	note string
}

var (
	classicLogName = regexp.MustCompile(`(?m)^LogName=(.+?)\s*$`)
	xmlChannel     = regexp.MustCompile(`<Channel>([^<]+)</Channel>`)
	classicDate    = regexp.MustCompile(`^\d{2}/\d{2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M\s*\n`)
)

// windowsExampleMeta fixes a Windows example_log labelled with the other
// rendering's sourcetype: several content files give XML text the classic
// sourcetype (wineventlog) or classic text the XML one. Splunk_TA_windows
// keys the XML extraction on the XmlWinEventLog sourcetype and the classic
// one on WinEventLog, so such a label would extract nothing from the text,
// yet the data source lists the fields - it was made from events labelled
// by how a forwarder renders them (inputs.conf renderXml: source
// XmlWinEventLog:<Channel>, sourcetype XmlWinEventLog; or
// WinEventLog:<LogName>, WinEventLog). The example is checked under that
// label, and the note says so. XML text under source WinEventLog:... with
// sourcetype xmlwineventlog is left alone: the sourcetype gives it its
// fields, in Splunk as here.
func windowsExampleMeta(example string, meta ingest.Meta) exampleMeta {
	t := strings.TrimSpace(example)
	st := strings.ToLower(meta.Sourcetype)
	switch {
	case strings.HasPrefix(t, "<Event") && st == "wineventlog":
		if m := xmlChannel.FindStringSubmatch(t); m != nil {
			fixed := ingest.Meta{Source: "XmlWinEventLog:" + m[1], Sourcetype: "XmlWinEventLog", Host: meta.Host}
			return exampleMeta{fixed, fmt.Sprintf("example_log is XML but the data source says sourcetype %s; checked as source %s, sourcetype %s, the label a forwarder gives XML events",
				meta.Sourcetype, fixed.Source, fixed.Sourcetype)}
		}
	case classicDate.MatchString(t) && st == "xmlwineventlog":
		if m := classicLogName.FindStringSubmatch(t); m != nil {
			fixed := ingest.Meta{Source: "WinEventLog:" + m[1], Sourcetype: "WinEventLog", Host: meta.Host}
			return exampleMeta{fixed, fmt.Sprintf("example_log is classic WinEventLog text but the data source says sourcetype %s; checked as source %s, sourcetype %s, the label a forwarder gives classic events",
				meta.Sourcetype, fixed.Source, fixed.Sourcetype)}
		}
	}
	return exampleMeta{meta: meta}
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// loneDate is a classic WinEventLog example_log cut down to its first
// line (the date): which event the data source means, from its source
// and name.
type loneDate struct {
	channel, eventID string
	meta             ingest.Meta
	bytes            int
}

var (
	dateOnly     = regexp.MustCompile(`^\d{2}/\d{2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M$`)
	trailingCode = regexp.MustCompile(`\s(\d+)$`)
)

// loneDateLine recognises an example_log that is only a WinEventLog date
// line. Several content files keep nothing else: no field can come from
// that text, so the check reads a real event of the channel the source
// names (WinEventLog:<channel> or XmlWinEventLog:<channel>) and the
// EventCode that ends the data source's name ("... Security 4698").
func loneDateLine(ds *content.DataSource) loneDate {
	if !dateOnly.MatchString(strings.TrimSpace(ds.ExampleLog)) {
		return loneDate{}
	}
	_, channel, ok := strings.Cut(ds.Source, "WinEventLog:")
	code := trailingCode.FindStringSubmatch(ds.Name)
	if !ok || code == nil {
		return loneDate{}
	}
	return loneDate{channel: channel, eventID: code[1], bytes: len(ds.ExampleLog),
		meta: ingest.Meta{Source: "XmlWinEventLog:" + channel, Sourcetype: "XmlWinEventLog", Host: "example-host"}}
}

// checkRealInstead checks a real event in place of an example_log that
// holds only its date line.
func checkRealInstead(addons *ingest.Addons, lone loneDate, real *RealEvents, produced map[string]bool) (errText, note string) {
	head := fmt.Sprintf("example_log is only a WinEventLog date line (%d bytes) in the content file", lone.bytes)
	ev, ok := real.find(lone.channel, lone.eventID)
	if !ok {
		return head + fmt.Sprintf(": no field can come from it, and no real %s %s event was found to check instead", lone.channel, lone.eventID), ""
	}
	ev.row[event.Source], ev.row[event.Sourcetype], ev.row[event.Host] =
		event.Single(lone.meta.Source), event.Single(lone.meta.Sourcetype), event.Single(lone.meta.Host)
	addons.Apply(ev.row)
	producedFields([]event.Row{ev.row}, produced)
	return "", fmt.Sprintf("%s; checked instead with the real %s %s event %s (record %d), as source %s",
		head, lone.channel, lone.eventID, ev.file, ev.record, lone.meta.Source)
}
