package engine

import (
	"strconv"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// makeresults is `| makeresults [count=N] [annotate=BOOL]`: N results (1
// by default) with only _time, the search's now (here the replay now);
// annotate=true adds _raw, host, source, sourcetype, splunk_server and
// splunk_server_group, null except splunk_server (Search Reference 9.4,
// makeresults). format=/data= (results from inline CSV or JSON) is not
// modelled and is reported, not ignored.
func (c *compiler) makeresults(n *spl.GenericCommand) applyFn {
	count, annotate := 1, false
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "count":
			k, err := strconv.Atoi(a.Value)
			if err != nil || k < 0 {
				c.errs.invalid(a.At, "makeresults count="+a.Value, "count must be a whole number")
				return nil
			}
			count = k
		case "annotate":
			annotate = isTrue(a.Value)
		case "splunk_server", "splunk_server_group":
			// one local "server" here
		default:
			c.errs.unsupported(a.At, "makeresults "+argText(a), "only count=, annotate= and splunk_server(_group)=")
			return nil
		}
	}
	return func(rc *runCtx, _ frame) (frame, error) {
		rows := make([]event.Row, count)
		for i := range rows {
			rows[i] = event.Row{event.Time: event.Single(event.FormatNumber(rc.now))}
			if annotate {
				rows[i]["splunk_server"] = event.Single("dactest")
			}
		}
		return frame{rows: rows, cols: makeresultsColumns(annotate)}, nil
	}
}

func makeresultsColumns(annotate bool) []string {
	if !annotate {
		return []string{event.Time}
	}
	return []string{event.Raw, event.Time, event.Host, event.Source, event.Sourcetype, "splunk_server", "splunk_server_group"}
}

func argText(a cmdArg) string {
	if a.Key == "" {
		return a.Value
	}
	return a.Key + "=" + a.Value
}
