package validate

import (
	"net/url"
	"strings"

	"github.com/dactest/dactest/harness/content"
)

// referenceURLs checks that every references: entry is an http(s) URL with
// a host: contentctl types them List[HttpUrl], so text or an ftp:// link
// fails its build.
func (r *run) referenceURLs(o content.Object) {
	for _, n := range seq(content.NodeAt(o.Node, "references")) {
		if !httpURL(n.Value) {
			r.report("reference-url", content.PosOf(o.File, n), "reference %s is not an http(s) URL", quote(n.Value))
		}
	}
}

func httpURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// duplicateEntries reports a list entry written twice, at the second.
func duplicateEntries(r *run, id string, d *content.Detection, what string, path ...string) {
	seen := map[string]bool{}
	for _, n := range seq(content.NodeAt(d.Node, path...)) {
		if seen[n.Value] {
			r.report(id, content.PosOf(d.File, n), "%s %s is listed twice", what, quote(n.Value))
		}
		seen[n.Value] = true
	}
}
