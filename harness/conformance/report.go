package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable writes shown as a table, then the summary line over all.
func WriteTable(w io.Writer, all, shown []Result, top int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tDETECTIONS\tDATA SOURCE\tFIELDS\tSHARE\tOUTPUT\tMISSING")
	for i, r := range shown {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d/%d\t%.0f%%\t%s\t%s\n", i+1, r.Detections, r.Name, r.Produced, r.Listed,
			100*r.Share(), outputCell(r), missingCell(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, SummaryLine(all, top))
	return err
}

// WriteJSON writes shown with the summary's top count.
func WriteJSON(w io.Writer, shown []Result, top int) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Top         int      `json:"top"`
		DataSources []Result `json:"data_sources"`
	}{top, shown})
}

func outputCell(r Result) string {
	if r.OutputListed == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", r.OutputListed-len(r.OutputMissing), r.OutputListed)
}

func missingCell(r Result) string {
	if r.Error != "" {
		return "error: " + r.Error
	}
	cell := strings.Join(append(append([]string{}, r.Missing...), prefixed("output:", r.OutputMissing)...), " ")
	if len(r.SiteData) > 0 {
		cell = strings.TrimSpace(cell + " " + siteCell(r.SiteData))
	}
	if r.Note != "" {
		cell = strings.TrimSpace("(" + r.Note + ") " + cell)
	}
	return cell
}

// siteCell: "[needs site data: aid_city aid_os (lookup aidmaster: …)]".
func siteCell(fs []SiteField) string {
	var parts []string
	var fields []string
	for i, f := range fs {
		fields = append(fields, f.Field)
		if i == len(fs)-1 || fs[i+1].Table != f.Table {
			parts = append(parts, fmt.Sprintf("%s (lookup %s: %s)", strings.Join(fields, " "), f.Table, f.Feed))
			fields = nil
		}
	}
	return "[not judged, need site data: " + strings.Join(parts, "; ") + "]"
}

func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// SummaryLine: for the top data sources and for all, how many reach 95%
// and the pooled share of listed fields produced.
func SummaryLine(all []Result, top int) string {
	if top > len(all) {
		top = len(all)
	}
	return fmt.Sprintf("top %d: %s; all %d: %s", top, summarize(all[:top]), len(all), summarize(all))
}

func summarize(rs []Result) string {
	reached, checkable, listed, produced, failed := 0, 0, 0, 0, 0
	for _, r := range rs {
		if r.Error != "" { // no event to judge: its fields are neither produced nor missing
			failed++
			continue
		}
		if r.Listed == 0 {
			continue
		}
		checkable++
		if r.Share() >= 0.95 {
			reached++
		}
		listed += r.Listed
		produced += r.Produced
	}
	pooled := 100.0
	if listed > 0 {
		pooled = 100 * float64(produced) / float64(listed)
	}
	line := fmt.Sprintf("%d of %d checkable at >= 95%%, %d/%d fields (%.1f%%)", reached, checkable, produced, listed, pooled)
	if failed > 0 {
		line += fmt.Sprintf(", %d could not be checked", failed)
	}
	return line
}
