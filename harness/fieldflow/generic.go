package fieldflow

import (
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/spl"
)

// passthrough commands filter, reorder or reformat rows but neither add
// nor remove fields (Search Reference, each command's page).
var passthrough = set("sort", "head", "tail", "reverse", "regex", "dedup", "mvexpand", "makemv",
	"nomv", "fieldformat", "outputlookup", "collect", "sendalert", "sendemail", "search",
	"where", "typer", "tags", "uniq", "localize", "mvcombine", "foreach", "filldown",
	"bucketdir", "outputcsv", "noop", "addtotals", "accum", "delta", "autoregress", "trendline")

// generic models the commands the parser keeps only by name. Anything not
// modelled here opens the set: the analysis never guesses a field away.
func generic(c *spl.GenericCommand, in Fields, first bool) Fields {
	args := splitArgs(c.Args)
	switch name := c.Name; {
	case first && name != "makeresults":
		return AllEvents() // inputlookup, rest, from, datamodel, mstats ...
	case passthrough[name]:
		return in
	case name == "lookup":
		return lookupStep(args, in)
	case name == "rex":
		return rexStep(c.Args, args, in)
	case name == "iplocation":
		return iplocationStep(args, in)
	case name == "strcat":
		return in.with(last(args))
	case name == "bin" || name == "bucket":
		return in.with(asName(args))
	case name == "addinfo":
		return in.with("info_min_time", "info_max_time", "info_search_time", "info_sid")
	case name == "transaction":
		return in.with("duration", "eventcount", "closed_txn", "field_match_sum", "linecount")
	case name == "makeresults":
		return Closed("_time")
	case name == "top" || name == "rare":
		return topStep(args)
	case name == "join" || name == "append" || name == "appendcols":
		return subsearchUnion(c, in)
	case name == "appendpipe":
		return pipeUnion(c, in)
	}
	return AllEvents()
}

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// lookupStep: `lookup [opts] table in [AS f] ... OUTPUT|OUTPUTNEW out [AS f] ...`.
// Without an OUTPUT clause every lookup column is added: open.
func lookupStep(args []string, in Fields) Fields {
	for i, a := range args {
		if u := strings.ToUpper(a); u == "OUTPUT" || u == "OUTPUTNEW" {
			return in.with(outputNames(args[i+1:])...)
		}
	}
	return union(in, AllEvents())
}

// outputNames reads `a [AS b], c ...` and returns the resulting names.
func outputNames(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if i+2 < len(args) && strings.EqualFold(args[i+1], "as") {
			out = append(out, args[i+2])
			i += 2
			continue
		}
		out = append(out, args[i])
	}
	return out
}

var rexGroupRE = regexp.MustCompile(`\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>`)

func rexStep(raw string, args []string, in Fields) Fields {
	for _, a := range args {
		if strings.EqualFold(a, "mode=sed") {
			return in
		}
	}
	for _, m := range rexGroupRE.FindAllStringSubmatch(raw, -1) {
		in = in.with(m[1])
	}
	return in
}

// iplocationStep adds City, Country, Region, lat, lon (and, with
// allfields=true, Continent, MetroCode, Timezone), each with the prefix.
func iplocationStep(args []string, in Fields) Fields {
	prefix, all := "", false
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		switch {
		case ok && strings.EqualFold(k, "prefix"):
			prefix = v
		case ok && strings.EqualFold(k, "allfields"):
			all = isTrue(v)
		}
	}
	names := []string{"City", "Country", "Region", "lat", "lon"}
	if all {
		names = append(names, "Continent", "MetroCode", "Timezone")
	}
	for _, n := range names {
		in = in.with(prefix + n)
	}
	return in
}

// topStep: top/rare output their fields, by-fields, count and percent
// (renamed by countfield=/percentfield=, dropped by showcount/showperc=f).
func topStep(args []string) Fields {
	count, percent := "count", "percent"
	var names []string
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		switch {
		case ok && strings.EqualFold(k, "countfield"):
			count = v
		case ok && strings.EqualFold(k, "percentfield"):
			percent = v
		case ok && strings.EqualFold(k, "showcount") && !isTrue(v):
			count = ""
		case ok && strings.EqualFold(k, "showperc") && !isTrue(v):
			percent = ""
		case ok, strings.EqualFold(a, "by"), isNumber(a):
		default:
			names = append(names, a)
		}
	}
	return Closed(append(names, count, percent)...).without("")
}

func subsearchUnion(c *spl.GenericCommand, in Fields) Fields {
	out := in
	for _, q := range c.Subsearches {
		out = union(out, Final(Analyze(q)).Out)
	}
	return out
}

// pipeUnion: appendpipe runs its sub-pipeline on the current results and
// appends the rows.
func pipeUnion(c *spl.GenericCommand, in Fields) Fields {
	out := in
	for _, q := range c.Subsearches {
		st := analyze(q.Commands, in, false)
		if len(st) > 0 {
			out = union(out, st[len(st)-1].Out)
		}
	}
	return out
}

func asName(args []string) string {
	for i := 0; i+1 < len(args); i++ {
		if strings.EqualFold(args[i], "as") {
			return args[i+1]
		}
	}
	return ""
}

func last(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[len(args)-1]
}

func isNumber(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// splitArgs splits raw command arguments on spaces and commas, keeping
// double-quoted strings whole (quotes removed) and option=value together.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && quoted && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ','):
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}
