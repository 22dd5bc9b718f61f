package engine

import (
	"context"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/spl"
)

// FuzzCompileRun: any text that parses must compile to a program or an
// error list, and a compiled program must run over a small dataset
// without panicking.
func FuzzCompileRun(f *testing.F) {
	for _, seed := range []string{
		`* | stats count by host`,
		`earliest=-1h user=* | streamstats window=2 count by host`,
		`* | map search="search host=$host$" | timechart span=1m count`,
		`* | rex field=user mode=sed "s/a/b/g" | makemv tokenizer="(\w)" user`,
		`* | where match(user, "(?<!x)a") | extract pairdelim="," kvdelim="="`,
		`| tstats count from datamodel=Endpoint.Processes by Processes.dest`,
	} {
		f.Add(seed)
	}
	env := testEnv(f)
	ds := NewDataset(parseEvents(f, procs))
	f.Fuzz(func(t *testing.T, text string) {
		q, err := spl.Parse(text)
		if err != nil {
			return
		}
		p, err := Compile(q, env)
		if err != nil {
			if _, ok := err.(ErrorList); !ok {
				t.Fatalf("compile error of type %T: %v", err, err)
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = p.Run(ctx, ds)
	})
}
