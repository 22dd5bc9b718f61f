package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
)

// A test whose dataset is not there names the file, which `data:` entry of
// the detection asked for it (file:line:col), and, for an attack_data URL
// mapped into --data-root, how to fetch it: attack_data keeps its datasets
// in Git LFS, so a plain clone has the descriptors but not the data.
func TestMissingDatasetSaysWhereAndHowToGetIt(t *testing.T) {
	root := t.TempDir()
	present := filepath.Join(root, "present.log")
	if err := os.WriteFile(present, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	at := content.Pos{File: "detections/endpoint/x.yml", Line: 52, Col: 5}
	url := "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/T1003/lsass/windows-sysmon.log"
	cases := []struct {
		name, ref string
		want      []string // substrings of the error; none: no error
	}{
		{"attack_data URL missing from --data-root", url, []string{
			"dataset file missing: " + filepath.Join(root, "datasets", "T1003", "lsass", "windows-sysmon.log"),
			"Git LFS: run `git lfs pull --include=datasets/T1003/lsass/windows-sysmon.log` in " + root,
			", detections/endpoint/x.yml:52:5"}},
		{"local path missing: no LFS hint", "data/nosuch.log", []string{
			"dataset file missing: " + filepath.Join(root, "data", "nosuch.log") + " (from data/nosuch.log), detections/endpoint/x.yml:52:5"}},
		{"present file", "present.log", nil},
		{"members of a present archive", "present.log#*.json", nil},
		{"members of a missing archive: the hint names the archive", url + ".zip#*.log", []string{
			"dataset file missing: " + filepath.Join(root, "datasets", "T1003", "lsass", "windows-sysmon.log.zip") + " (",
			"`git lfs pull --include=datasets/T1003/lsass/windows-sysmon.log.zip` in "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := resolveRefs([]content.AttackData{{Data: c.ref, Pos: at}}, root, root)
			if c.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if p := dataPosition(err); p == nil || p.File != at.File || p.Line != at.Line || p.Col != at.Col {
				t.Errorf("data position %+v, want %s", p, at)
			}
			if !strings.HasPrefix(c.ref, url) && strings.Contains(err.Error(), "LFS") {
				t.Errorf("LFS hint on a local path: %q", err)
			}
		})
	}
}

// A --content that is not there, or is a file, is said in those words,
// not as os.DirFS's "open .: no such file or directory".
func TestContentRootThatIsNotAFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "detection.yml")
	if err := os.WriteFile(file, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ dir, want string }{
		{filepath.Join(t.TempDir(), "nosuch"), "no such folder"},
		{file, "is a file: want the folder holding detections/"},
	}
	for _, c := range cases {
		_, err := NewContentLoader().Dir(c.dir)
		if err == nil || !strings.Contains(err.Error(), "content root "+c.dir) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Dir(%s) = %v, want %q", c.dir, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "open .") {
			t.Errorf("Dir(%s): %v", c.dir, err)
		}
	}
}
