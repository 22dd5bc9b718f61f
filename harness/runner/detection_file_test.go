package runner

// detectionYAML is a minimal production detection file whose search lines
// are given as written (one `search:` line each, so a test can repeat the
// key), for tests that load a tree from memory.
func detectionYAML(searchLines ...string) []byte {
	s := `name: D
id: 11111111-1111-1111-1111-111111111111
version: 1
date: '2026-01-01'
author: me
status: production
type: TTP
description: d
data_source: []
`
	for _, l := range searchLines {
		s += "search: " + l + "\n"
	}
	return []byte(s + `how_to_implement: h
known_false_positives: k
references: []
tags:
  analytic_story: [x]
  asset_type: Endpoint
  mitre_attack_id: [T1003]
  product: [Splunk Enterprise]
  security_domain: endpoint
tests: []
`)
}
