package engine

import (
	"errors"
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

// A lookup without a table is unsupported when the table lives elsewhere
// (a KV-store collection, an app's lookup) and invalid when the content's
// own CSV is missing or broken: that content is wrong.
func TestMissingLookupKind(t *testing.T) {
	env := &Env{
		NoTable:     map[string]string{"kv": "KV-store collection"},
		BrokenTable: map[string]string{"ioc": "lookups/ioc.yml: cannot read ioc.csv: no such file"},
	}
	for name, want := range map[string]string{"kv": KindUnsupported, "ioc": KindInvalid, "elsewhere": KindUnsupported} {
		q, err := spl.Parse(`search x=1 | lookup ` + name + ` d OUTPUT n`)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Compile(q, env)
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 1 || list[0].Kind != want {
			t.Errorf("lookup %s: %v, want one %v error", name, err, want)
		}
	}
}
