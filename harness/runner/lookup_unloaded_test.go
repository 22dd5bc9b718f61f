package runner

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
)

// A lookup whose definition file does not load makes a search using it
// invalid, naming the file: not "unsupported: an app ships it".
func TestLookupWhoseFileDoesNotLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"lookups/attacker_tools.yml": {Data: []byte("name: attacker_tools\nfilename: [unclosed\n")},
		"detections/endpoint/d.yml":  {Data: detectionYAML(`'| makeresults | eval p="x" | lookup attacker_tools attacker_tool_names AS p OUTPUT description'`)}}
	tree, err := content.Load(fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	comp := NewCompiler(&engine.Env{}).Get(tree, tree.Detections[0])
	if comp.Status() != Fail || !strings.Contains(describe(comp.Problems), "attacker_tools.yml does not load") {
		t.Errorf("%s: %s", comp.Status(), describe(comp.Problems))
	}
}
