package ingest

import (
	"strings"
	"testing"
)

const evalTablesA = `name: a
props:
  st:a:
    KV_MODE: auto
    EVAL-meaning: json_extract(lookup("codes_b", json_object("code", code), json_array("meaning")), "meaning")
lookups:
  codes_a:
    csv: "code,meaning\n1,one\n"
  flags_a:
    csv: "bitmask,result\n1,X\n"
    bitmask: true
`

const evalTablesB = `name: b
lookups:
  codes_b:
    csv: "code,meaning\nab,lower\n"
    case_insensitive: true
  hosts_b:
    csv: "aid,ComputerName\n"
    site: aidmaster
`

// An EVAL of one add-on file reads another file's table (lookup
// definitions are shared globally), with that table's case_insensitive
// setting; scripted bitmask and site tables are named as unreadable.
func TestAddonEvalTables(t *testing.T) {
	fsys := testFS{"a.yml": evalTablesA, "b.yml": evalTablesB}
	tables, err := AddonEvalTables(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables.Lookups) != 2 || tables.Lookups["codes_a"] == nil || tables.Lookups["codes_b"].CaseSensitive {
		t.Fatalf("lookups = %v", tables.Lookups)
	}
	if !strings.Contains(tables.NoTable["flags_a"], "bitmask") || !strings.Contains(tables.NoTable["hosts_b"], "aidmaster") {
		t.Fatalf("no-table reasons = %v", tables.NoTable)
	}
	a, err := LoadAddons(fsys, EngineCompilersWith(tables))
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := a.ReadExample("code=AB", Meta{Sourcetype: "st:a"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v, %v", rows, err)
	}
	if got := rows[0].Get("meaning").String(); got != "lower" {
		t.Fatalf("meaning = %q, want lower", got)
	}
}

func TestAddonEvalTablesErrors(t *testing.T) {
	dup := testFS{"a.yml": evalTablesA, "c.yml": "name: c\nlookups:\n  codes_a:\n    csv: \"x\\n\"\n"}
	if _, err := AddonEvalTables(dup); err == nil || !strings.Contains(err.Error(), "c.yml: lookup codes_a is already defined in a.yml") {
		t.Fatalf("duplicate: %v", err)
	}
	bitmaskEval := strings.Replace(evalTablesA, `"codes_b"`, `"flags_a"`, 1)
	tables, err := AddonEvalTables(testFS{"a.yml": bitmaskEval})
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadAddons(testFS{"a.yml": bitmaskEval}, EngineCompilersWith(tables))
	if err == nil || !strings.Contains(err.Error(), "lookup flags_a") || !strings.Contains(err.Error(), "scripted bitmask") {
		t.Fatalf("lookup() of a bitmask table: %v", err)
	}
	if _, err := LoadAddons(testFS{"a.yml": evalTablesA}, EngineCompilersWith(nil)); err == nil || !strings.Contains(err.Error(), "lookup codes_b") {
		t.Fatalf("no tables: %v", err)
	}
}
