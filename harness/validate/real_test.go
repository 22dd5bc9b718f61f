package validate

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/internal/testenv"

	"github.com/dactest/dactest/harness/content"
)

// sharedDir is ../shared beside the repository root.
func sharedDir(t testing.TB) string { return testenv.SharedDir(t) }

func loadCorpus(t testing.TB, name string) *content.Tree {
	dir := filepath.Join(sharedDir(t), "corpus", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	tree, err := content.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// The real 2024 tree was accepted by contentctl: no error may fire on it.
func TestRealTreeHasNoErrors(t *testing.T) {
	for _, name := range []string{"security_content", "security_content_2026"} {
		tree := loadCorpus(t, name)
		counts := map[string]int{}
		for _, f := range Run(tree, Options{Now: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}) {
			counts[f.Check+"/"+f.Severity]++
			if f.Severity == content.SeverityError {
				t.Errorf("%s", f)
			}
		}
		t.Logf("%s: %v", name, counts)
	}
}

// The 2026 "Windows Remote Image Load" passes contentctl's substring check
// ("process" occurs in process_exec), but its final stats outputs neither
// process nor user, so the risk message and drilldowns render empty.
func TestRemoteImageLoadTokensAreNotOutputs(t *testing.T) {
	tree := loadCorpus(t, "security_content_2026")
	const file = "detections/endpoint/windows_remote_image_load.yml"
	want := map[string]bool{
		"message-token-output 27:74 $process$": true,
		"drilldown-token-output 20:47 $user$":  true,
		"drilldown-token-output 21:62 $user$":  true,
		"drilldown-token-output 22:57 $user$":  true,
		"drilldown-token-output 23:84 $user$":  true,
	}
	got := map[string]bool{}
	for _, f := range Run(tree, Options{Now: today}) {
		if !strings.HasSuffix(f.Pos.File, file) || !strings.HasSuffix(f.Check, "-output") {
			continue
		}
		tok := f.Message[strings.Index(f.Message, "$"):]
		tok = tok[:strings.Index(tok[1:], "$")+2]
		got[fmt.Sprintf("%s %d:%d %s", f.Check, f.Pos.Line, f.Pos.Col, tok)] = true
		if !strings.Contains(f.Message, "`stats` at 11:62") {
			t.Errorf("message does not name the stats: %s", f.Message)
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}
