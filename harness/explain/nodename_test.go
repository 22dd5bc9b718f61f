package explain_test

import (
	"context"
	"testing"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/spl"
)

// A tstats naming its dataset with where nodename= is explained against
// that dataset (explain used the model's first root, Ports, and now
// errors on a multi-root model without it).
func TestExplainTstatsNodename(t *testing.T) {
	set, err := datamodel.CIM()
	if err != nil {
		t.Fatal(err)
	}
	env := &engine.Env{Datamodels: set}
	q, err := spl.Parse(`| tstats count from datamodel=Endpoint where nodename=Processes Processes.process_name=certutil.exe by Processes.dest`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := engine.Compile(q, env)
	if err != nil {
		t.Fatal(err)
	}
	rows := []event.Row{ev("tag", "process", "process_name", "hh.exe", "dest", "ws1")}
	rows[0]["tag"] = event.Value{"process", "report"}
	x, err := explain.Run(context.Background(), explain.Input{Query: q, Program: p, Env: env, Data: engine.NewDataset(rows)})
	if err != nil {
		t.Fatal(err)
	}
	if x.Blocked == nil || len(x.Blocked.Nearest) != 1 {
		t.Fatalf("blocked %+v", x.Blocked)
	}
	got := briefs(x.Blocked.Nearest[0].Failed)
	if len(got) != 1 || got[0].Field != "Processes.process_name" || got[0].Got != "hh.exe" {
		t.Errorf("failures %+v, want only Processes.process_name hh.exe", got)
	}
}
