package engine

import (
	"math/rand"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// The compiled switch gives the chain's answer on every row: numbers in
// any spelling, text, multivalues, missing fields, a trailing default,
// repeated keys (first wins).
func TestCaseSwitchMatchesChain(t *testing.T) {
	exprs := []string{
		`case(c=1, "one", c=2, "two", c="x", "ex", c=1, "again", true(), "other")`,
		`case(c==4624, "a", 4625=c, "b", c="4626", "c")`,
		`case(c="A", 1, c="a", 2, c=10, 3, c=1e1, 4)`,
		`case(c IN ("1", "2", "x"), "low", c=4624, "logon", c IN (2, 10, "X"), "again")`,
		`case(c IN (1, "01", 4625), "a", true(), "b")`,
	}
	values := []string{"1", "01", "1.0", "2", "x", "X", "A", "a", "10", "4624", "4625", "4626", " 4", "", "nope"}
	rng := rand.New(rand.NewSource(1))
	for _, src := range exprs {
		x, err := spl.ParseEvalExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		call := x.(*spl.Call)
		c := &compiler{errs: &errs{}}
		args := make([]evalFn, len(call.Args))
		for i, a := range call.Args {
			args[i] = c.expr(a)
		}
		sw, ok := caseSwitch(call, args)
		if !ok {
			t.Fatalf("%s: not compiled to a switch", src)
		}
		chain := caseChain(args)
		for i := 0; i < 500; i++ {
			row := event.Row{}
			for k := rng.Intn(3); k > 0; k-- {
				row["c"] = append(row["c"], values[rng.Intn(len(values))])
			}
			if got, want := sw(row).toValue(), chain(row).toValue(); got.String() != want.String() {
				t.Fatalf("%s on c=%q: switch %q, chain %q", src, row["c"], got, want)
			}
		}
	}
}

func TestCaseSwitchOnlyForOneFieldEqualities(t *testing.T) {
	for _, src := range []string{
		`case(c=1, "a", d=2, "b", c=3, "c")`,         // two fields
		`case(c=1, "a", c>2, "b", c=3, "c")`,         // not equality
		`case(c=1, "a", true(), "b", c=3, "c")`,      // default not last
		`case(c=1 AND d=1, "a", c=2, "b", c=3, "c")`, // compound
		`case(c=1, "a", c=2, "b")`,                   // too short to gain
		`case(c NOT IN (1, 2), "a", c=3, "b")`,       // negated list
		`case(c IN (1, d), "a", c=3, "b")`,           // a field in the list
		`case(d IN (1, 2), "a", c=3, "b")`,           // two fields
	} {
		x, err := spl.ParseEvalExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		call := x.(*spl.Call)
		if _, ok := caseSwitch(call, make([]evalFn, len(call.Args))); ok {
			t.Errorf("%s compiled to a switch", src)
		}
	}
}
