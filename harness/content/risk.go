package content

import (
	"math"
	"strings"

	"gopkg.in/yaml.v3"
)

// Risk is a detection's risk-based-alerting definition, normalised from
// either vintage.
type Risk struct {
	// Vintage is "rba" (2026: rba: block), "tags" (2024: tags.message,
	// tags.risk_score, tags.observable) or "" when neither is present.
	Vintage       string
	Message       string
	RiskObjects   []RiskObject
	ThreatObjects []ThreatObject
	Pos           Pos // the rba: block, or tags: for the older vintage
}

// RiskObject is an entity that accrues risk: type system|user|other.
type RiskObject struct {
	Field, Type string
	Score       int
}

// ThreatObject is an entity that describes the threat (process, file, url…).
type ThreatObject struct{ Field, Type string }

func buildRisk(file string, root *yaml.Node) Risk {
	if rba := get(root, "rba"); rba != nil {
		return rbaRisk(file, rba)
	}
	tags := get(root, "tags")
	if get(tags, "observable") == nil && get(tags, "message") == nil {
		return Risk{}
	}
	return tagsRisk(file, tags)
}

func rbaRisk(file string, rba *yaml.Node) Risk {
	r := Risk{Vintage: "rba", Message: str(get(rba, "message")), Pos: nodePos(file, rba)}
	for _, o := range items(get(rba, "risk_objects")) {
		score, _ := intOf(get(o, "score"))
		r.RiskObjects = append(r.RiskObjects, RiskObject{
			Field: str(get(o, "field")), Type: str(get(o, "type")), Score: score,
		})
	}
	for _, o := range items(get(rba, "threat_objects")) {
		r.ThreatObjects = append(r.ThreatObjects, ThreatObject{
			Field: str(get(o, "field")), Type: str(get(o, "type")),
		})
	}
	return r
}

// Observable types, lower-cased, as contentctl (2024) grouped them when it
// turned tags.observable into risk and threat objects.
var (
	victimUserTypes   = set("user", "username", "email address")
	victimSystemTypes = set("device", "endpoint", "hostname", "ip address")
	attackerTypes     = map[string]string{
		"process name": "process", "process": "process",
		"file name": "file_name", "file": "file_name", "file hash": "file_name",
		"url string": "url", "url": "url",
		"ip address": "ip_address",
	}
)

// tagsRisk applies contentctl's 2024 mapping: a Victim observable of a user
// or system type is a risk object scored tags.risk_score; an Attacker
// observable of a process/file/url/ip type is a threat object; anything else
// becomes a risk object of type "other".
func tagsRisk(file string, tags *yaml.Node) Risk {
	r := Risk{Vintage: "tags", Message: str(get(tags, "message")), Pos: nodePos(file, tags)}
	score := tagsRiskScore(tags)
	for _, o := range items(get(tags, "observable")) {
		name, typ := str(get(o, "name")), strings.ToLower(str(get(o, "type")))
		roles := set(strs(get(o, "role"))...)
		switch {
		case roles["Victim"] && victimUserTypes[typ]:
			r.RiskObjects = append(r.RiskObjects, RiskObject{name, "user", score})
		case roles["Victim"] && victimSystemTypes[typ]:
			r.RiskObjects = append(r.RiskObjects, RiskObject{name, "system", score})
		case roles["Attacker"] && attackerTypes[typ] != "":
			r.ThreatObjects = append(r.ThreatObjects, ThreatObject{name, attackerTypes[typ]})
		default:
			r.RiskObjects = append(r.RiskObjects, RiskObject{name, "other", score})
		}
	}
	return r
}

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// tagsRiskScore is contentctl's computed risk_score: confidence × impact /
// 100, rounded half to even as Python's round() does. A written
// tags.risk_score is ignored when both inputs exist (contentctl computes
// it; 26 files of the 2024 tree carry a stale value), and used otherwise.
func tagsRiskScore(tags *yaml.Node) int {
	c, okC := intOf(get(tags, "confidence"))
	i, okI := intOf(get(tags, "impact"))
	if okC && okI {
		return int(math.RoundToEven(float64(c*i) / 100))
	}
	score, _ := intOf(get(tags, "risk_score"))
	return score
}
