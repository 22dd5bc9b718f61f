package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHTMLScriptRunsInChromium loads the page in headless Chromium and reads
// the DOM after the inline script ran: the counter is filled in and the
// failing tests are opened. It skips where Chromium is not installed.
func TestHTMLScriptRunsInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install chromium): page script not exercised")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := HTML(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// The flags keep Chromium off the network (this machine's is closed)
	// and out of the user's profile.
	out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+page).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	if !strings.Contains(dom, `<span class="meta" id="shown">6 of 6 shown</span>`) {
		t.Errorf("the script did not count the tests:\n%s", dom[:min(len(dom), 2000)])
	}
	for _, want := range []string{`class="t bad open" data-status="fail"`, `class="t bad open" data-status="error"`, `class="t bad open" data-status="unsupported"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("failing test not opened: no %q", want)
		}
	}
	if strings.Contains(dom, `class="t open"`) || strings.Count(dom, " open\" data-status=") != 3 {
		t.Error("a passing or skipped test was opened")
	}
}
