package validate

import "testing"

// FuzzLoadConfig: any file gives a config or positioned findings, never a
// panic, and never both nil.
func FuzzLoadConfig(f *testing.F) {
	for _, s := range []string{
		"checks: {type-enum: off}\n",
		"overrides:\n- files: \"detections/**\"\n  detections: [A]\n  checks: {schema: info}\n",
		"attack: x.json\n", "", "[]", "checks: !!binary aGk=\n", "a: &a [*a]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		const p = ConfigFile
		cfg, fs := parseConfig(p, []byte(text))
		if cfg == nil && len(fs) == 0 {
			t.Fatalf("%q: neither config nor findings", text)
		}
		for _, x := range fs {
			if x.Pos.File != p || x.Check != "config" {
				t.Fatalf("%q: bad finding %+v", text, x)
			}
		}
	})
}
