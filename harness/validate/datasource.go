package validate

import (
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/fieldflow"
	"github.com/dactest/dactest/harness/spl"
)

// defaultFields every Splunk event has, whatever its data source
// (Knowledge Manager Manual, "Use default fields").
var defaultFields = []string{"_time", "_raw", "_indextime", "host", "source", "sourcetype", "index",
	"splunk_server", "linecount", "eventtype", "tag", "punct", "timestartpos", "timeendpos",
	"date_hour", "date_mday", "date_minute", "date_month", "date_second", "date_wday", "date_year", "date_zone"}

// dataSourceFields: a stats straight over the events that groups or
// aggregates by a field none of the detection's data sources provides
// (their fields and output_fields) gets nothing for it.
func (r *run) dataSourceFields(f *flow) {
	base, names, ok := r.dataSourceBase(f.d)
	if !ok {
		return
	}
	st := fieldflow.AnalyzeFrom(f.query, base)
	seen := map[string]bool{}
	for i := 1; i < len(st) && i < len(f.query.Commands); i++ {
		sc, isStats := f.query.Commands[i].(*spl.StatsCommand)
		in := st[i-1]
		if !isStats || in.Out.Open || in.Closer != 0 {
			continue
		}
		for _, u := range statsUses(sc) {
			if seen[u.name] || strings.Contains(u.name, "*") || in.Out.Has(u.name) {
				continue
			}
			seen[u.name] = true
			r.report("data-source-fields", r.searchPos(f, u.at), "%s uses %s, which data source %s does not provide%s",
				sc.Name, quote(u.name), strings.Join(names, ", "), didYouMean(u.name, in.Out.List()))
		}
	}
}

// dataSourceBase is what the base search can output: the union of the
// data sources' fields and output_fields. Only data sources in the 2026
// shape, with output_fields, are trusted to list their fields: the 2024
// lists omit what add-ons alias (user, src_ip) and what ES enrichment adds
// (*_category), and would report 185 fields that do exist. ok=false when
// any data source is unknown or has no output_fields.
func (r *run) dataSourceBase(d *content.Detection) (fieldflow.Fields, []string, bool) {
	if len(d.DataSource) == 0 {
		return fieldflow.Fields{}, nil, false
	}
	all := append([]string{}, defaultFields...)
	for _, name := range d.DataSource {
		ds := r.tree.DataSources[name]
		if ds == nil || len(ds.OutputFields) == 0 {
			return fieldflow.Fields{}, nil, false
		}
		all = append(append(all, ds.Fields...), ds.OutputFields...)
	}
	return fieldflow.Closed(all...), d.DataSource, true
}

type fieldUse struct {
	name string
	at   spl.Pos
}

// statsUses lists the fields a stats reads: by-fields and plain field
// arguments of its aggregations.
func statsUses(sc *spl.StatsCommand) []fieldUse {
	var out []fieldUse
	for _, a := range sc.Aggs {
		if ref, ok := a.Arg.(*spl.FieldRef); ok {
			out = append(out, fieldUse{ref.Name, ref.At})
		}
	}
	for _, b := range sc.By {
		out = append(out, fieldUse{b.Name, b.At})
	}
	return out
}
