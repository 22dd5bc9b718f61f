package validate

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/content"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// uuidHex is the UUID's 32 lower-case hex digits, in the forms Python's
// uuid.UUID (contentctl's id type) reads: with or without hyphens, in
// braces, after urn:uuid:. Two spellings of one UUID are one id.
func uuidHex(s string) (string, bool) {
	h := strings.ToLower(strings.TrimSpace(s))
	h = strings.TrimPrefix(strings.TrimPrefix(h, "urn:"), "uuid:")
	h = strings.ReplaceAll(strings.Trim(h, "{}"), "-", "")
	return h, uuidRE.MatchString(h)
}

// legacyKeys are keys the accepted 2024 tree still carries but current
// contentctl does not know, per kind.
var legacyKeys = map[string][]string{
	content.SchemaDetection: {"data_sources", "datamodel"},
	content.SchemaLookup:    {"fields"},
	content.SchemaStory:     {"type"},
}

// identity checks what every object has: id, name, file name, dates.
func (r *run) identity() {
	ids := map[string]content.Object{}
	names := map[string]content.Object{}
	for _, o := range r.tree.Objects {
		r.idCheck(o, ids)
		r.nameUnique(o, names)
		r.fileName(o)
		r.referenceURLs(o)
		for _, key := range []string{"date", "creation_date", "modification_date"} {
			r.dateCheck(o, key)
		}
		for _, key := range legacyKeys[o.Kind] {
			if k := content.KeyAt(o.Node, key); k != nil {
				r.report("legacy-key", content.PosOf(o.File, k), "legacy %s key %q", o.Kind, key)
			}
		}
	}
}

func (r *run) idCheck(o content.Object, seen map[string]content.Object) {
	n := content.NodeAt(o.Node, "id")
	if n == nil {
		return // required-ness is the schema's job
	}
	pos := content.PosOf(o.File, n)
	key, ok := uuidHex(o.ID)
	if !ok {
		r.report("id-format", pos, "id %q is not a UUID", o.ID)
		return
	}
	if first, dup := seen[key]; dup {
		r.report("id-unique", pos, "id %s is also used by %s %q (%s)", o.ID, first.Kind, first.Name, first.File)
		return
	}
	seen[key] = o
}

// nameUnique works across kinds, as contentctl resolves every reference
// through one name map; macros are told apart by arity as in Splunk.
func (r *run) nameUnique(o content.Object, seen map[string]content.Object) {
	if o.Name == "" {
		return
	}
	name := o.Name
	if o.Kind == content.SchemaMacro {
		if args := content.NodeAt(o.Node, "arguments"); args != nil {
			name = content.MacroKey(o.Name, len(args.Content))
		}
	}
	if first, dup := seen[name]; dup {
		r.report("name-unique", content.PosOf(o.File, content.NodeAt(o.Node, "name")),
			"%s name %q is also used by %s %s", o.Kind, o.Name, first.Kind, first.File)
		return
	}
	seen[name] = o
}

// FileNameFor is the file name contentctl derives from a content name.
func FileNameFor(name string) string {
	return strings.NewReplacer(" ", "_", "-", "_", ".", "_", "/", "_").Replace(strings.ToLower(name)) + ".yml"
}

func (r *run) fileName(o content.Object) {
	if o.Name == "" {
		return
	}
	if want := FileNameFor(o.Name); want != path.Base(o.Path) {
		r.report("file-name", content.PosOf(o.File, content.NodeAt(o.Node, "name")),
			"file should be named %s for name %q", want, o.Name)
	}
}

func (r *run) dateCheck(o content.Object, key string) {
	n := content.NodeAt(o.Node, key)
	if n == nil || n.Value == "" {
		return
	}
	pos := content.PosOf(o.File, n)
	d, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		r.report("date-invalid", pos, "%s %q is not a YYYY-MM-DD calendar date", key, n.Value)
		return
	}
	today := r.opts.Now.UTC().Format(time.DateOnly)
	if d.Format(time.DateOnly) > today {
		r.report("date-future", pos, "%s %s is in the future (today is %s UTC)", key, n.Value, today)
	}
}

// quote shortens long values in messages.
func quote(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return fmt.Sprintf("%q", s)
}
