package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A minimal STIX 2.1 bundle in the shape of mitre-attack/attack-stix-data:
// revoked and deprecated techniques, and other sources' ids, are not
// current ATT&CK ids.
const stixBundle = `{"type": "bundle", "id": "bundle--1", "objects": [
 {"type": "attack-pattern", "external_references": [{"source_name": "mitre-attack", "external_id": "T1003"}]},
 {"type": "attack-pattern", "external_references": [{"source_name": "capec", "external_id": "CAPEC-1"},
   {"source_name": "mitre-attack", "external_id": "T1003.001"}]},
 {"type": "attack-pattern", "revoked": true, "external_references": [{"source_name": "mitre-attack", "external_id": "T1064"}]},
 {"type": "attack-pattern", "x_mitre_deprecated": true, "external_references": [{"source_name": "mitre-attack", "external_id": "T1086"}]},
 {"type": "x-mitre-tactic", "external_references": [{"source_name": "mitre-attack", "external_id": "TA0001"}]}
]}`

func TestLoadAttack(t *testing.T) {
	p := filepath.Join(t.TempDir(), "enterprise-attack.json")
	if err := os.WriteFile(p, []byte(stixBundle), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := LoadAttack(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 2 || !a["T1003"] || !a["T1003.001"] {
		t.Fatalf("got %v", a)
	}
	for _, bad := range []string{`{"type": "x"}`, `[1]`, `{"type": "bundle", "objects": []}`} {
		os.WriteFile(p, []byte(bad), 0o644)
		if _, err := LoadAttack(p); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := LoadAttack(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestAttackParentHint(t *testing.T) {
	m := baseTree(t)
	fs := runTreeWith(t, m, Options{Now: today, Attack: Attack{"T1003": true, "T1129": true}})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "its parent technique T1003 is") {
		t.Fatalf("got %v", fs)
	}
}
