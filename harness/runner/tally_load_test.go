package runner

import (
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
)

// A detection file that does not load is an invalid search in the tally,
// whatever part of it loaded: a duplicate search key's second value is not
// the author's search to compile.
func TestTallyCountsAFileThatDoesNotLoadAsInvalid(t *testing.T) {
	fsys := fstest.MapFS{"detections/endpoint/dup.yml": {Data: []byte(`name: Dup
id: 11111111-1111-1111-1111-111111111111
version: 1
date: '2026-01-01'
author: me
status: production
type: TTP
description: d
data_source: []
search: '| makeresults'
search: '| makeresults | mstats count'
how_to_implement: h
known_false_positives: k
references: []
tags:
  analytic_story: [x]
  asset_type: Endpoint
  mitre_attack_id: [T1003]
  product: [Splunk Enterprise]
  security_domain: endpoint
tests: []
`)}}
	tree, err := content.Load(fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	st := NewCompiler(&engine.Env{}).Tally(tree)
	if st.Detections != 1 || st.Invalid != 1 || st.Unsupported != 0 || st.Missing["load: the detection file does not load"] != 1 {
		t.Errorf("tally %+v", st)
	}
}
