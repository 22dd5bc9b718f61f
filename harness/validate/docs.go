package validate

import (
	"fmt"
	"strings"
)

// examples shows, for the README, a minimal thing each check reports.
var examples = map[string]string{
	"yaml-syntax":             "`name: [unclosed`",
	"yaml-tab":                "a tab before `- T1003`",
	"yaml-duplicate-key":      "`name:` written twice",
	"empty-file":              "a 0-byte `detections/x.yml`",
	"encoding":                "a Latin-1 `é` in a description",
	"schema":                  "`serach:` (unknown key), `version: one`",
	"read-error":              "an unreadable file",
	"spl-parse":               "`search: index=x | stats count by`",
	"spl-macro":               "`` `sysmon_x` `` with no such macro",
	"spl-invalid":             "`\\| tstats count from datamodel=Endpoint.Processes by Processes.nope`",
	"spl-unsupported":         "`\\| mstats ...`",
	"name-length":             "a 70-character `name:`",
	"id-format":               "`id: 1111-x`",
	"id-unique":               "a story with a detection's id",
	"name-unique":             "two detections named `Test Detection`",
	"file-name":               "`Test Detection` in `other_name.yml`",
	"date-invalid":            "`date: '2024-02-30'`",
	"date-future":             "`date:` tomorrow",
	"status-enum":             "`status: prod`",
	"type-enum":               "`type: ttp`",
	"security-domain-enum":    "`security_domain: endpoints`",
	"asset-type-enum":         "`asset_type: Laptop`",
	"product-enum":            "`- Splunk Enterprize`",
	"observable-enum":         "`type: Host` in `tags.observable`",
	"rba-type-enum":           "risk object `type: host`",
	"mitre-id-format":         "`- T1003.1`",
	"attack-unknown":          "`- T1064` (revoked) with `--attack enterprise-attack.json`",
	"mitre-parent-and-sub":    "`- T1003.001` and `- T1003`",
	"story-ref":               "`- Test Stroy`",
	"story-duplicate":         "`analytic_story: [Ransomware, Ransomware]`",
	"reference-url":           "`- redcanary blog post`",
	"data-source-ref":         "`- Sysmon EventID 2` with no such data source",
	"macro-ref":               "`` `security_content_ctime(a,b)` `` (only the 1-argument one exists)",
	"lookup-ref":              "`\\| lookup tset_lookup domain`",
	"inputlookup-ref":         "`\\| inputlookup append=t seen.csv`",
	"lookup-file":             "`filename: x.csv` with no `lookups/x.csv`",
	"lookup-csv":              "a CSV row with 3 columns under a 2-column header",
	"lookup-source":           "both `filename:` and `collection:`",
	"lookup-match-type":       "`match_type: EXACT`",
	"macro-arg-undeclared":    "`definition: ctime($feild$)` with `arguments: [field]`",
	"macro-arg-unused":        "`arguments: [field, format]` with only `$field$` in the definition",
	"filter-macro":            "a search without `` `test_detection_filter` ``",
	"rba-missing":             "`type: TTP` without `rba:`",
	"rba-unexpected":          "`type: Hunting` with `rba:`",
	"risk-victim":             "only `role: [Attacker]` observables",
	"risk-field-in-search":    "risk object `dest` in a search that never mentions dest",
	"tests-required":          "`status: production` without `tests:`",
	"drilldowns":              "production TTP without `drilldown_searches:`",
	"risk-field-output":       "threat object `EventCode` after `\\| stats count by dest`",
	"message-token-output":    "`message: ... $process$` after `\\| stats count by dest, process_exec` (2026 Windows Remote Image Load)",
	"drilldown-token-output":  "drilldown `\"$user$\"` when the final stats outputs only `user_id`",
	"throttling-field-output": "`tags.throttling.fields: [EventCode]` after `\\| stats count by dest`",
	"data-source-fields":      "`\\| stats count by dest, process_name` over a data source whose fields/output_fields lack process_name",
	"tstats-summariesonly":    "`\\| tstats count from datamodel=Endpoint.Processes ...` with no `summariesonly=`",
	"legacy-key":              "`datamodel: []`",
	"update-timestamp-type":   "`update_timestamp: trues`",
}

// ChecksMarkdown renders the README's table of every check: id, default
// severity, what it reports, an example and the fix.
func ChecksMarkdown() string {
	var b strings.Builder
	b.WriteString("| check | default | reports | example | fix |\n|---|---|---|---|---|\n")
	for _, c := range AllChecks() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", c.ID, c.Severity, mdCell(c.Summary), examples[c.ID], mdCell(c.Hint))
	}
	return b.String()
}

// mdCell escapes what would break a table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
