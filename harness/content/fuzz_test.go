package content

import (
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes to the loader as a detection, a macro and a
// manifest-shaped file: no input may panic, and any search position must be
// inside the file.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		"name: x\nsearch: 'a | b'\n",
		"search: |\n  a\n  b\n",
		"search: >-\n  a\n\n    b\n  c\n",
		"search: \"a\\\\\\\"b\\x41\\u00e9\\\n  c\"\n",
		"a: &x [*x]\n",
		"name: x\n\tid: 1\n",
		"\xff\xfe",
		"- a\n- b\n",
		"tags: {observable: [{name: a, type: User, role: [Victim]}]}\n",
		"rba: {risk_objects: [{field: a, type: user, score: x}]}\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"detections/d.yml": {Data: data},
			"macros/m.yml":     {Data: data},
		}
		tree, err := Load(fsys, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range tree.Detections {
			for _, off := range []int{-1, 0, len(d.Search) / 2, len(d.Search)} {
				if p := d.SearchLocation(off); p.Line < 0 || p.Col < 0 {
					t.Fatalf("bad position %v", p)
				}
			}
		}
	})
}
