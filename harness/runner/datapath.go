package runner

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/dactest/dactest/harness/ingest"
)

// attackDataPrefixes are the URL prefixes under which attack_data publishes
// its files; --data-root stands in for them.
var attackDataPrefixes = []string{
	"https://media.githubusercontent.com/media/splunk/attack_data/master/",
	"https://raw.githubusercontent.com/splunk/attack_data/master/",
	"https://github.com/splunk/attack_data/raw/master/",
}

// resolveData maps a test's `data:` reference to a local file. URLs under
// attack_data's prefixes map into dataRoot; relative paths are taken from
// base (the content root or the manifest's folder).
func resolveData(ref, base, dataRoot string) (string, error) {
	if strings.Contains(ref, "://") {
		return resolveURL(ref, dataRoot)
	}
	p := ref
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	return p, checkFile(p, ref)
}

// resolveURL maps attack_data URLs into dataRoot when one is given; any
// other URL stays remote and is downloaded (once, into the cache) when a
// test first reads it.
func resolveURL(ref, dataRoot string) (string, error) {
	for _, prefix := range attackDataPrefixes {
		if !strings.HasPrefix(ref, prefix) || dataRoot == "" {
			continue
		}
		rel, err := url.PathUnescape(strings.TrimPrefix(ref, prefix))
		if err != nil {
			rel = strings.TrimPrefix(ref, prefix)
		}
		p := filepath.Join(dataRoot, filepath.FromSlash(rel))
		if err := checkFile(p, ref); err != nil {
			file, relFile := p, rel
			if f, member := ingest.SplitMember(p); member != "" { // the hint names the archive
				file, relFile = f, rel[:len(rel)-len(member)-1]
			}
			return p, lfsHint(err, file, relFile, dataRoot)
		}
		return p, nil
	}
	return ref, nil
}

// errMissing is a dataset file that is not there.
var errMissing = errors.New("dataset file missing")

// lfsHint adds, to a file missing from an attack_data checkout, how to get
// it: attack_data keeps its datasets in Git LFS, so a clone without
// `git lfs pull` has the folders and descriptors but not the data — the
// commonest reason a security_content test has no data.
func lfsHint(err error, path, rel, dataRoot string) error {
	if !errors.Is(err, errMissing) {
		return err
	}
	return fmt.Errorf("%w: %s (attack_data keeps datasets in Git LFS: run `git lfs pull --include=%s` in %s)", errMissing, path, rel, dataRoot)
}

func isRemote(p string) bool { return strings.Contains(p, "://") }

func checkFile(p, ref string) error {
	file, _ := ingest.SplitMember(p) // archive.zip#*.json names members of archive.zip
	st, err := os.Stat(file)
	switch {
	case err != nil && os.IsNotExist(err):
		return fmt.Errorf("%w: %s (from %s)", errMissing, p, ref)
	case err != nil:
		return fmt.Errorf("dataset %s: %v", ref, err)
	case st.IsDir():
		return fmt.Errorf("dataset %s is a directory, not a file", p)
	}
	return nil
}
