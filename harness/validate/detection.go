package validate

import (
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"gopkg.in/yaml.v3"
)

// maxNameLength is contentctl's CONTENTCTL_MAX_SEARCH_NAME_LENGTH: the
// saved-search stanza "ESCU - <name> - Rule" must fit Splunk's limit.
const maxNameLength = 67

// at returns the position of the value at path in d's document.
func at(d *content.Detection, path ...string) content.Pos {
	return content.PosOf(d.File, content.NodeAt(d.Node, path...))
}

func (r *run) detection(d *content.Detection) {
	if n := len([]rune(d.Name)); n > maxNameLength {
		r.report("name-length", at(d, "name"), "name is %d characters, the limit is %d", n, maxNameLength)
	}
	r.enum("status-enum", d, detectionStatuses, "status")
	r.enum("type-enum", d, detectionTypes, "type")
	r.enum("security-domain-enum", d, securityDomains, "tags", "security_domain")
	r.enum("asset-type-enum", d, assetTypes, "tags", "asset_type")
	r.enumList("product-enum", d, products, "tags", "product")
	r.observables(d)
	r.rbaTypes(d)
	r.mitre(d)
	r.references(d)
	r.risk(d)
	r.riskFields(d)
	r.tests(d)
	r.drilldowns(d)
	r.fieldFlow(d)
}

func (r *run) enum(id string, d *content.Detection, allowed map[string]bool, path ...string) {
	n := content.NodeAt(d.Node, path...)
	if n == nil || n.Kind != yaml.ScalarNode || allowed[n.Value] {
		return
	}
	r.report(id, content.PosOf(d.File, n), "%s %s is not allowed%s",
		strings.Join(path, "."), quote(n.Value), didYouMean(n.Value, keys(allowed)))
}

func (r *run) enumList(id string, d *content.Detection, allowed map[string]bool, path ...string) {
	for i, n := range seq(content.NodeAt(d.Node, path...)) {
		if n.Kind == yaml.ScalarNode && !allowed[n.Value] {
			r.report(id, content.PosOf(d.File, n), "%s[%d] %s is not allowed%s",
				strings.Join(path, "."), i, quote(n.Value), didYouMean(n.Value, keys(allowed)))
		}
	}
}

func (r *run) observables(d *content.Detection) {
	for _, o := range seq(content.NodeAt(d.Node, "tags", "observable")) {
		if t := content.NodeAt(o, "type"); t != nil && !observableTypes[t.Value] {
			r.report("observable-enum", content.PosOf(d.File, t), "observable type %s is not allowed%s",
				quote(t.Value), didYouMean(t.Value, keys(observableTypes)))
		}
		for _, role := range seq(content.NodeAt(o, "role")) {
			if !observableRoles[role.Value] {
				r.report("observable-enum", content.PosOf(d.File, role), "observable role %s is not allowed%s",
					quote(role.Value), didYouMean(role.Value, keys(observableRoles)))
			}
		}
	}
}

func (r *run) rbaTypes(d *content.Detection) {
	check := func(list string, allowed map[string]bool) {
		for _, o := range seq(content.NodeAt(d.Node, "rba", list)) {
			if t := content.NodeAt(o, "type"); t != nil && !allowed[t.Value] {
				r.report("rba-type-enum", content.PosOf(d.File, t), "%s type %s is not allowed%s",
					strings.TrimSuffix(list, "s"), quote(t.Value), didYouMean(t.Value, keys(allowed)))
			}
		}
	}
	check("risk_objects", riskObjectTypes)
	check("threat_objects", threatObjectTypes)
}

var mitreRE = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)

// mitre checks id format, and that no technique is listed beside one of its
// own sub-techniques (the sub-technique already implies it).
func (r *run) mitre(d *content.Detection) {
	nodes := seq(content.NodeAt(d.Node, "tags", "mitre_attack_id"))
	listed := map[string]bool{}
	for _, n := range nodes {
		listed[n.Value] = true
	}
	for _, n := range nodes {
		pos := content.PosOf(d.File, n)
		if !mitreRE.MatchString(n.Value) {
			r.report("mitre-id-format", pos, "MITRE ATT&CK id %s is not Tnnnn or Tnnnn.nnn", quote(n.Value))
			continue
		}
		if r.opts.Attack != nil && !r.opts.Attack[n.Value] {
			r.report("attack-unknown", pos, "MITRE ATT&CK id %s is not a current technique in the ATT&CK data%s", n.Value, parentHint(r.opts.Attack, n.Value))
		}
		if len(n.Value) == 5 {
			for _, m := range nodes {
				if strings.HasPrefix(m.Value, n.Value+".") {
					r.report("mitre-parent-and-sub", pos, "technique %s is listed beside its sub-technique %s", n.Value, m.Value)
					break
				}
			}
		}
	}
}

// risk applies the vintage's rule. 2026 (rba:) content: TTP and Anomaly
// need rba:, other types must not have it. 2024 (tags.observable) content:
// production TTP/Anomaly need a Victim observable, which contentctl turns
// into the risk object.
func (r *run) risk(d *content.Detection) {
	if d.Status == "deprecated" || d.Status == "removed" {
		return
	}
	riskType := d.Type == "TTP" || d.Type == "Anomaly"
	if d.Risk.Vintage == "tags" {
		if riskType && d.Status == "production" && !hasVictim(d) {
			r.report("risk-victim", at(d, "tags", "observable"), "no observable has the role Victim")
		}
		return
	}
	rba := content.KeyAt(d.Node, "rba")
	switch {
	case riskType && rba == nil:
		r.report("rba-missing", at(d, "type"), "%s detection has no rba: block", d.Type)
	case !riskType && rba != nil:
		r.report("rba-unexpected", content.PosOf(d.File, rba), "%s detection has an rba: block", d.Type)
	}
}

var messageFieldRE = regexp.MustCompile(`\$([^\s.$]*)\$`)

// riskFields: every risk/threat object field and every $field$ of the risk
// message must occur in the search (contentctl compares lower-cased
// substrings), or the risk event would carry empty values.
func (r *run) riskFields(d *content.Detection) {
	if d.Status != "production" || d.Search == "" {
		return
	}
	search := strings.ToLower(d.Search)
	seen := map[string]bool{}
	for _, f := range riskFieldRefs(d) {
		lf := strings.ToLower(f.name)
		if lf == "" || seen[lf] || strings.Contains(search, lf) {
			continue
		}
		seen[lf] = true
		pos := content.PosOf(d.File, f.node)
		if f.off > 0 { // a message token: point at it, as message-token-output does
			pos = r.tokenPos(d, f.node, f.off-1, "$"+f.name+"$")
		}
		r.report("risk-field-in-search", pos, "risk field %s does not occur in the search", quote(f.name))
	}
}

type fieldRef struct {
	name string
	node *yaml.Node
	off  int // 1 + the $token$'s offset in a message; 0 for a field key
}

// riskFieldRefs lists the fields a detection's risk definition names, with
// the node naming each, in either vintage.
func riskFieldRefs(d *content.Detection) []fieldRef {
	var refs []fieldRef
	add := func(n *yaml.Node, key string) {
		for _, o := range seq(n) {
			if f := content.NodeAt(o, key); f != nil {
				refs = append(refs, fieldRef{name: f.Value, node: f})
			}
		}
	}
	msg := content.NodeAt(d.Node, "rba", "message")
	if d.Risk.Vintage == "rba" {
		add(content.NodeAt(d.Node, "rba", "risk_objects"), "field")
		add(content.NodeAt(d.Node, "rba", "threat_objects"), "field")
	} else {
		add(content.NodeAt(d.Node, "tags", "observable"), "name")
		msg = content.NodeAt(d.Node, "tags", "message")
	}
	if msg != nil {
		for _, m := range messageFieldRE.FindAllStringSubmatchIndex(msg.Value, -1) {
			refs = append(refs, fieldRef{name: msg.Value[m[2]:m[3]], node: msg, off: m[0] + 1})
		}
	}
	return refs
}

// parentHint names a sub-technique's parent when the data has it.
func parentHint(a Attack, id string) string {
	if parent, _, ok := strings.Cut(id, "."); ok && a[parent] {
		return " (its parent technique " + parent + " is)"
	}
	return ""
}

func hasVictim(d *content.Detection) bool {
	for _, o := range seq(content.NodeAt(d.Node, "tags", "observable")) {
		for _, role := range seq(content.NodeAt(o, "role")) {
			if role.Value == "Victim" {
				return true
			}
		}
	}
	return false
}

// tests: contentctl requires at least one test of every production
// detection except Correlation ones, unless manual_test says why not.
func (r *run) tests(d *content.Detection) {
	if d.Status == "production" && d.Type != "Correlation" && len(d.Tests) == 0 && d.ManualTest == "" {
		r.report("tests-required", at(d, "status"), "production %s detection has no tests", d.Type)
	}
	for ti, t := range seq(content.NodeAt(d.Node, "tests")) {
		for ai, a := range seq(content.NodeAt(t, "attack_data")) {
			u := content.NodeAt(a, "update_timestamp")
			if u != nil && u.Tag != "!!bool" {
				r.report("update-timestamp-type", content.PosOf(d.File, u),
					"tests[%d].attack_data[%d].update_timestamp %s is not true or false", ti, ai, quote(u.Value))
			}
		}
	}
}

func (r *run) drilldowns(d *content.Detection) {
	if d.Status == "production" && (d.Type == "TTP" || d.Type == "Anomaly") && len(d.Drilldowns) == 0 {
		r.report("drilldowns", at(d, "name"), "production %s detection has no drilldown_searches", d.Type)
	}
}

// seq returns a sequence node's items (nil for anything else).
func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
