package runner

import (
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/content"
)

// A plan's identity follows what the search uses, not where the content
// was checked out: the same tree in two folders is one plan; a macro the
// search calls, defined otherwise, makes another.
func TestPlanIdentityFollowsMacrosNotFolders(t *testing.T) {
	tree := func(filter string) *content.Tree {
		fsys := fstest.MapFS{
			"detections/endpoint/d.yml": {Data: detectionYAML("'| makeresults | `d_filter`'")},
			"macros/d_filter.yml":       {Data: []byte("name: d_filter\ndefinition: " + filter + "\ndescription: f\n")},
		}
		tr, err := content.Load(fsys, "t")
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	plan := func(dir, filter string) string {
		c := &Content{Tree: tree(filter), Dir: dir}
		d := c.Tree.Detections[0]
		d.File = dir + "/" + d.Path // a manifest run names it by absolute path
		return IdentifyPlan([]Job{{Content: c, Detection: d, Test: "t"}}).ContentID
	}
	a := plan("/ci/runner1/ws", "search *")
	if b := plan("/ci/runner2/ws@2", "search *"); a != b {
		t.Errorf("the same content in two folders: %s vs %s", a, b)
	}
	if c := plan("/ci/runner1/ws", "search process_name=nomatch"); a == c {
		t.Error("a macro defined otherwise gives the same plan id")
	}
}
