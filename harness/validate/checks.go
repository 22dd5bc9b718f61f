// Package validate runs contentctl-style semantic checks over a loaded
// content tree. Each check has a stable id, a default severity and a one-line
// hint, kept as data in Checks so that configuration can raise, lower or
// silence them.
package validate

import (
	"fmt"
	"time"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/spl"
)

// Check describes one semantic check.
type Check struct {
	ID       string
	Severity string // content.SeverityError|Warning|Info
	Summary  string
	Hint     string
}

// Checks is the check table. Severities are error where contentctl rejects
// the content, warning where it accepted the 2024 tree anyway.
var Checks = []Check{
	{"name-length", content.SeverityError, "detection name longer than 67 characters", "shorten the name: Splunk saved-search names are limited to 67 characters"},
	{"id-format", content.SeverityError, "id is not a UUID", "use a random UUID, e.g. from `uuidgen`"},
	{"id-unique", content.SeverityError, "id used by more than one object", "give each object its own UUID"},
	{"name-unique", content.SeverityError, "name used by more than one object", "rename one of the objects"},
	{"file-name", content.SeverityError, "file name not derived from the name", "name the file after `name`: lower case, spaces/-/./slashes as _ , .yml"},
	{"date-invalid", content.SeverityError, "date is not a calendar date", "write the date as 'YYYY-MM-DD'"},
	{"date-future", content.SeverityError, "date in the future", "use today's date (UTC) or earlier"},
	{"status-enum", content.SeverityError, "unknown status", "use production, experimental, deprecated, validation or removed"},
	{"type-enum", content.SeverityError, "unknown detection type", "use TTP, Anomaly, Hunting or Correlation"},
	{"security-domain-enum", content.SeverityError, "unknown security_domain", "use endpoint, network, threat, identity, access, audit or cloud"},
	{"asset-type-enum", content.SeverityError, "unknown asset_type", "use one of contentctl's asset types, e.g. Endpoint"},
	{"product-enum", content.SeverityError, "unknown product", "use Splunk Enterprise, Splunk Enterprise Security or Splunk Cloud"},
	{"observable-enum", content.SeverityError, "unknown observable type or role", "use a contentctl observable type (User, Hostname, Process…) and role (Victim, Attacker…)"},
	{"rba-type-enum", content.SeverityError, "unknown risk or threat object type", "risk objects: system|user|other; threat objects: process, file_name, url, …"},
	{"mitre-id-format", content.SeverityError, "malformed MITRE ATT&CK id", "write Tnnnn or Tnnnn.nnn"},
	{"attack-unknown", content.SeverityError, "MITRE ATT&CK id not in the ATT&CK bundle given with --attack", "use a current technique id (revoked and deprecated ones are not accepted)"},
	{"mitre-parent-and-sub", content.SeverityWarning, "technique listed beside its own sub-technique", "keep only the sub-technique"},
	{"story-ref", content.SeverityError, "analytic story does not exist", "fix the name or add the story under stories/"},
	{"story-duplicate", content.SeverityWarning, "analytic story listed twice", "list each story once"},
	{"reference-url", content.SeverityError, "reference is not an http(s) URL", "write the full link, https://…"},
	{"data-source-ref", content.SeverityWarning, "data source does not exist", "fix the name or add the data source under data_sources/"},
	{"macro-ref", content.SeverityError, "macro used in the search does not exist", "fix the macro name/arity or add it under macros/"},
	{"lookup-ref", content.SeverityError, "lookup used in the search does not exist", "fix the lookup name or add it under lookups/"},
	{"inputlookup-ref", content.SeverityWarning, "inputlookup table does not exist", "add the lookup under lookups/ or build it with a baseline"},
	{"lookup-file", content.SeverityError, "lookup file missing", "add the CSV beside the lookup YAML"},
	{"lookup-csv", content.SeverityError, "lookup CSV malformed", "give every row as many columns as the header"},
	{"lookup-source", content.SeverityError, "lookup needs exactly one of filename and collection", "keep filename for a CSV lookup or collection for a KV store"},
	{"lookup-match-type", content.SeverityError, "match_type not WILDCARD(field)", "write match_type: WILDCARD(field_name)"},
	{"macro-arg-undeclared", content.SeverityError, "macro definition uses a $token$ it does not declare", "add the name to the macro's arguments, or fix the token"},
	{"macro-arg-unused", content.SeverityWarning, "macro argument never used in its definition", "use $arg$ in the definition or drop the argument"},
	{"filter-macro", content.SeverityError, "search does not use its <name>_filter macro", "end the search with | `<file_name>_filter`"},
	{"rba-missing", content.SeverityError, "TTP/Anomaly detection without rba:", "add an rba: block with message and risk_objects"},
	{"rba-unexpected", content.SeverityError, "rba: on a detection that is neither TTP nor Anomaly", "remove the rba: block or change the type"},
	{"risk-victim", content.SeverityError, "production TTP/Anomaly without a Victim observable", "add an observable with role Victim to tags.observable"},
	{"risk-field-in-search", content.SeverityError, "risk/threat object or message field missing from the search", "make the search return the field, or fix its name"},
	{"tests-required", content.SeverityError, "production detection without tests", "add a test with attack_data, or tags.manual_test explaining why not"},
	{"drilldowns", content.SeverityWarning, "production TTP/Anomaly without drilldown_searches", "add drilldown_searches for the risk objects"},
	{"risk-field-output", content.SeverityWarning, "risk/threat object field is not an output field of the search", "make the final stage output the field (add it to the stats by-clause or table), or fix its name"},
	{"message-token-output", content.SeverityWarning, "$field$ in the risk message is not an output field of the search", "output the field from the final stage (e.g. values(x) AS x in the stats) or change the token"},
	{"drilldown-token-output", content.SeverityWarning, "$field$ in a drilldown is not an output field of the search", "output the field from the final stage or change the token"},
	{"throttling-field-output", content.SeverityWarning, "throttling field is not an output field of the search", "throttle on fields the search outputs"},
	{"data-source-fields", content.SeverityWarning, "stats over the events uses a field its data sources do not provide", "fix the field name, extract it first (eval/rex/lookup), or add the data source that has it"},
	{"tstats-summariesonly", content.SeverityWarning, "tstats without summariesonly", "add `security_content_summariesonly` (or summariesonly=true|false) to the tstats"},
	{"legacy-key", content.SeverityWarning, "legacy key", "rename or remove the key"},
	{"update-timestamp-type", content.SeverityWarning, "update_timestamp is not a boolean", "write true or false"},
}

// Options tune a run.
type Options struct {
	// Now is "today" for date-future; zero means the current time (UTC).
	Now time.Time
	// Severity overrides a check's default: error|warning|info, or off to
	// silence it.
	Severity map[string]string
	// Attack, when set, is the ATT&CK data MITRE ids must be in; nil
	// checks their format only (offline).
	Attack Attack
}

// SeverityOff silences a check in Options.Severity.
const SeverityOff = "off"

// CheckByID returns the table entry for id.
func CheckByID(id string) (Check, bool) {
	for _, c := range Checks {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// Run applies every check to the tree and returns the findings, sorted by
// position. The tree's own load findings are not repeated.
func Run(tree *content.Tree, opts Options) []content.Finding {
	if opts.Now.IsZero() {
		opts.Now = time.Now().UTC()
	}
	r := &run{tree: tree, opts: opts}
	r.identity()
	for _, d := range tree.Detections {
		r.detection(d)
	}
	r.lookupFiles()
	r.macroArgs()
	content.SortFindings(r.out)
	return r.out
}

// run collects findings, applying the severity table.
type run struct {
	tree    *content.Tree
	opts    Options
	out     []content.Finding
	macros  spl.Macros        // built on first use by splMacros
	sources map[string]string // detection file texts, read for token positions
}

func (r *run) report(id string, pos content.Pos, format string, args ...any) {
	c, ok := CheckByID(id)
	if !ok {
		panic("validate: unknown check " + id)
	}
	sev := c.Severity
	if s, ok := r.opts.Severity[id]; ok {
		sev = s
	}
	if sev == SeverityOff {
		return
	}
	r.out = append(r.out, content.Finding{
		Pos: pos, Severity: sev, Check: id, Message: fmt.Sprintf(format, args...), Hint: c.Hint,
	})
}
