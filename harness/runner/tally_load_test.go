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
	fsys := fstest.MapFS{"detections/endpoint/dup.yml": {Data: detectionYAML(`'| makeresults'`, `'| makeresults | mstats count'`)}}
	tree, err := content.Load(fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	st := NewCompiler(&engine.Env{}).Tally(tree)
	if st.Detections != 1 || st.Invalid != 1 || st.Unsupported != 0 || st.Missing["load: the detection file does not load"] != 1 {
		t.Errorf("tally %+v", st)
	}
}
