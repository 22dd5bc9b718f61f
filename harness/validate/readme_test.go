package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's "Validation checks" table is ChecksMarkdown's output, so it
// cannot drift from the check table: add a check and this fails until the
// README lists it (the failure prints the table to paste).
func TestReadmeChecks(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	table := ChecksMarkdown()
	if !strings.Contains(string(readme), table) {
		t.Errorf("README.md's \"Validation checks\" table is out of date; it should read:\n%s", table)
	}
	for _, c := range AllChecks() {
		if examples[c.ID] == "" {
			t.Errorf("check %s has no README example", c.ID)
		}
		if !strings.Contains(string(readme), "`"+c.ID+"`") {
			t.Errorf("README.md does not document check %s", c.ID)
		}
	}
}
