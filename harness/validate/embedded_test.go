package validate

import (
	"testing"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/content"
)

// The project's own detections pass every check that contentctl enforces.
func TestEmbeddedContentValidates(t *testing.T) {
	tree, err := content.Load(dactest.Content, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(tree.Findings, Run(tree, Options{})...) {
		if f.Severity == content.SeverityError {
			t.Errorf("%s", f)
		} else {
			t.Logf("%s", f)
		}
	}
}
