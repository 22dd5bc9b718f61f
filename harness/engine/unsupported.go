package engine

import "github.com/dactest/dactest/harness/spl"

// cannotRun says why a command cannot run here at all, whatever its
// arguments: the data it needs is not data dactest has. The coverage
// report groups detections by these reasons.
var cannotRun = map[string]string{
	"mstats":           "it reads metrics indexes; replayed datasets are events, dactest has no metrics store",
	"mcatalog":         "it reads metrics indexes; replayed datasets are events, dactest has no metrics store",
	"apply":            "it runs a trained MLTK model; MLTK models are not data dactest has",
	"fit":              "it trains an MLTK model; MLTK models are not data dactest has",
	"iplocation":       "it needs a GeoIP database, which dactest neither ships nor reads",
	"outputlookup":     "it writes a lookup on the Splunk server; a replayed test has no server state to write",
	"anomalydetection": "its scores depend on Splunk's probabilistic model, which is not documented well enough to reproduce",
	"outlier":          "its IQR thresholds depend on Splunk's undocumented percentile method; not reproduced",
	"cyberchef":        "it is a Splunkbase add-on command (CyberChef for Splunk), not part of Splunk",
	"dbxquery":         "it queries an external database through DB Connect",
	"rest":             "it queries the Splunk server's REST API; there is no server here",
	"collect":          "it writes a summary index on the Splunk server",
	"sendalert":        "it triggers alert actions on the Splunk server",
}

// unsupportedCommand reports a command the engine does not run, with the
// reason when one is known.
func (c *compiler) unsupportedCommand(at interface{ Position() spl.Pos }, name, fallback string) {
	if !splunkCommands[name] && cannotRun[name] == "" {
		c.errs.invalid(at.Position(), "command "+name, joinHint("Splunk has no such search command", didYouMean(name, splunkCommands)))
		return
	}
	why := cannotRun[name]
	if why == "" {
		why = fallback
	}
	c.errs.unsupported(at.Position(), "command "+name, why)
}

func joinHint(msg, hint string) string {
	if hint == "" {
		return msg
	}
	return msg + "; " + hint
}
