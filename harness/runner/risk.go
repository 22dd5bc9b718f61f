package runner

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
)

// RiskEvent is one event Enterprise Security's risk analysis action would
// write to the risk index for a result row of the detection's correlation
// search. Field names follow the risk index (contentctl's RiskEvent model
// reads the same names back in its integration tests).
type RiskEvent struct {
	SearchName       string   `json:"search_name"`
	RiskObject       string   `json:"risk_object"`
	RiskObjectType   string   `json:"risk_object_type"`
	RiskObjectField  string   `json:"risk_object_field"`
	RiskScore        int      `json:"risk_score"`
	RiskMessage      string   `json:"risk_message"`
	ThreatObject     []string `json:"threat_object,omitempty"`
	ThreatObjectType []string `json:"threat_object_type,omitempty"`
	AnalyticStories  []string `json:"analyticstories,omitempty"`
	MitreAttack      []string `json:"annotations.mitre_attack,omitempty"`
	ResultRow        int      `json:"result_row"` // index of the result row it came from
}

// Notable is what ES's notable action writes for a TTP detection: one
// notable event per result row.
type Notable struct {
	SearchName     string `json:"search_name"`
	SecurityDomain string `json:"security_domain,omitempty"`
	Events         int    `json:"events"`
}

// MaxRiskEvents caps the risk events kept per test in reports.
const MaxRiskEvents = 100

// searchName is the saved search ESCU installs a detection as
// (contentctl: "ESCU - <name> - Rule"); risk events carry it.
func searchName(d *content.Detection) string { return "ESCU - " + d.Name + " - Rule" }

// wantsNotable says whether ESCU configures the notable action: its
// default deployment for TTP detections enables notable and risk, the
// one for Anomaly risk only (security_content deployments/
// ESCU_Default_Configuration_{TTP,Anomaly}.yml, read by contentctl's
// savedsearches template).
func wantsNotable(d *content.Detection) bool { return strings.EqualFold(d.Type, "TTP") }

// buildRiskEvents applies the detection's risk definition to every result
// row: one event per risk object per row, and one per value when the
// risk-object field is multivalue (the alert action receives multivalue
// fields as lists and the risk action splits them). A null or blank
// risk-object value yields no event for that object.
func buildRiskEvents(d *content.Detection, rows []event.Row) []RiskEvent {
	var out []RiskEvent
	for i, r := range rows {
		msg := renderMessage(d.Risk.Message, r)
		threats, threatTypes := threatObjects(d.Risk.ThreatObjects, r)
		for _, ro := range d.Risk.RiskObjects {
			for _, v := range r.Get(ro.Field) {
				if strings.TrimSpace(v) == "" {
					continue // no object to score: ES writes no risk event for it
				}
				out = append(out, RiskEvent{
					SearchName: searchName(d), RiskObject: v, RiskObjectField: ro.Field,
					RiskObjectType: override(r, "risk_object_type", ro.Type),
					RiskScore:      scoreOf(r, ro.Score), RiskMessage: msg,
					ThreatObject: threats, ThreatObjectType: threatTypes,
					AnalyticStories: d.Stories, MitreAttack: d.MitreIDs, ResultRow: i,
				})
			}
		}
	}
	return out
}

func threatObjects(decl []content.ThreatObject, r event.Row) (values, types []string) {
	for _, t := range decl {
		for _, v := range r.Get(t.Field) {
			values = append(values, v)
			types = append(types, t.Type)
		}
	}
	return values, types
}

// scoreOf is the declared score unless the search itself sets risk_score:
// a risk_score field in the results overrides the action's score, as ES's
// risk action does (noted by TA-risk-superhandler's release notes as "the
// Risk out of the box behaviour in ES").
func scoreOf(r event.Row, declared int) int {
	if v := r.Get("risk_score"); !v.Null() {
		if f, err := strconv.ParseFloat(strings.TrimSpace(v.First()), 64); err == nil {
			return int(math.Round(f)) // 12.5 is not the declared 25: a mismatch, not the declared score
		}
	}
	return declared
}

// override is a result field that stands in for an action parameter.
func override(r event.Row, field, declared string) string {
	if v := r.Get(field); !v.Null() {
		return v.First()
	}
	return declared
}

// tokenPattern is a $field$ token of a risk message.
var tokenPattern = regexp.MustCompile(`\$([^$\s]+)\$`)

// renderMessage substitutes $field$ tokens with the row's values. A
// multivalue field renders its values joined by newlines, the way Splunk
// hands multivalue fields to alert actions in the plain results column; a
// field the row lacks keeps its token, which is what contentctl's
// integration test looks for ("Unreplaced field replacement string").
func renderMessage(msg string, r event.Row) string {
	return tokenPattern.ReplaceAllStringFunc(msg, func(tok string) string {
		v := r.Get(tok[1 : len(tok)-1])
		if v.Null() {
			return tok
		}
		return strings.Join(v, "\n")
	})
}

// checkRiskEvents is the integration verdict: every declared risk object
// yields at least one risk event, each event's score and type are the
// declared ones, and every message token renders to something
// (contentctl's validate_risk_message: no token left, none empty).
func checkRiskEvents(d *content.Detection, rows []event.Row, events []RiskEvent) []string {
	var problems []string
	problems = append(problems, missingObjects(d, events)...)
	problems = append(problems, driftedEvents(d, events)...)
	return append(problems, messageProblems(d.Risk.Message, rows)...)
}

func missingObjects(d *content.Detection, events []RiskEvent) []string {
	seen := map[string]bool{}
	for _, e := range events {
		seen[e.RiskObjectField] = true
	}
	var out []string
	for _, ro := range d.Risk.RiskObjects {
		if !seen[ro.Field] {
			out = append(out, fmt.Sprintf("risk object %s (%s) never appears in a risk event", ro.Field, ro.Type))
		}
	}
	return out
}

func driftedEvents(d *content.Detection, events []RiskEvent) []string {
	declared := map[string]content.RiskObject{}
	for _, ro := range d.Risk.RiskObjects {
		declared[ro.Field] = ro
	}
	counts := map[string]int{}
	for _, e := range events {
		ro := declared[e.RiskObjectField]
		if e.RiskScore != ro.Score {
			counts[fmt.Sprintf("risk object %s scores %d, declared %d", ro.Field, e.RiskScore, ro.Score)]++
		}
		if e.RiskObjectType != ro.Type {
			counts[fmt.Sprintf("risk object %s has type %q, declared %q", ro.Field, e.RiskObjectType, ro.Type)]++
		}
	}
	return countedProblems(counts, len(events), "risk event(s)")
}

// messageProblems checks each row's rendering of each distinct token, as
// contentctl's validate_risk_message does: no token of the detection's
// message may be left in the rendered one (a missing field, or literal
// dollars around a value that re-form it), and none may render empty.
func messageProblems(msg string, rows []event.Row) []string {
	counts := map[string]int{}
	for _, r := range rows {
		out := renderMessage(msg, r)
		for _, m := range uniqueTokens(msg) {
			field := m[1 : len(m)-1]
			v := r.Get(field)
			switch {
			case v.Null():
				counts[fmt.Sprintf("risk message keeps %s (no field %s in the result)", m, field)]++
			case strings.Contains(out, m):
				counts[fmt.Sprintf("risk message keeps %s", m)]++
			case strings.TrimSpace(strings.Join(v, "")) == "":
				counts[fmt.Sprintf("risk message renders %s empty", m)]++
			}
		}
	}
	return countedProblems(counts, len(rows), "result(s)")
}

func uniqueTokens(msg string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tokenPattern.FindAllString(msg, -1) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func countedProblems(counts map[string]int, total int, unit string) []string {
	var out []string
	for p, n := range counts {
		out = append(out, fmt.Sprintf("%s in %d of %d %s", p, n, total, unit))
	}
	sort.Strings(out)
	return out
}

// integrate runs the integration checks on a test that passed the unit
// rules and fired: it records the risk events (and the notable of a TTP)
// and fails the test when they are not what the detection declares.
func integrate(j Job, rows []event.Row, res *TestResult) {
	if res.Status != Pass || !j.Expect.Fires || len(rows) == 0 {
		return
	}
	d := j.Detection
	if wantsNotable(d) {
		res.Notable = &Notable{SearchName: searchName(d), SecurityDomain: d.SecurityDomain, Events: len(rows)}
	}
	if len(d.Risk.RiskObjects) == 0 && d.Risk.Message == "" {
		return
	}
	events := buildRiskEvents(d, rows)
	res.RiskEventCount = len(events)
	res.RiskEvents = events
	if len(events) > MaxRiskEvents {
		res.RiskEvents = events[:MaxRiskEvents]
	}
	problems := checkRiskEvents(d, rows, events)
	res.Integration = problems
	switch {
	case len(problems) == 0:
	case j.CaseID != "":
		// A manifest case's expectation is the unit rules (its schema
		// says so); the integration findings are reported, not judged.
		res.Message += "; integration warning: " + strings.Join(problems, "; ")
	default:
		res.Status, res.Message = Fail, "integration: "+strings.Join(problems, "; ")
	}
}
