package runner

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
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
		return p, checkFile(p, ref)
	}
	return ref, nil
}

func isRemote(p string) bool { return strings.Contains(p, "://") }

func checkFile(p, ref string) error {
	st, err := os.Stat(p)
	switch {
	case err != nil && os.IsNotExist(err):
		return fmt.Errorf("dataset file missing: %s (from %s)", p, ref)
	case err != nil:
		return fmt.Errorf("dataset %s: %v", ref, err)
	case st.IsDir():
		return fmt.Errorf("dataset %s is a directory, not a file", p)
	}
	return nil
}
