package fieldflow

import (
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

// FuzzAnalyze: any search the parser accepts is analysed without a panic.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"index=x | stats values(*) as * by a | rename a* AS b*",
		"| tstats count from datamodel=A.B by B.c | `x` | table *",
		"index=x | lookup l a OUTPUT | rex \"(?<a>.)\" | iplocation allfields=t ip",
		"index=x | appendpipe [stats count by a] | join [search b] | top a by",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := spl.Parse(s)
		if err != nil {
			return
		}
		st := Final(Analyze(q))
		st.Out.Has("a")
		st.Out.List()
	})
}
