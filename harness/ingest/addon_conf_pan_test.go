package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dactest/dactest/harness/event"
)

// The .conf reader on an add-on shaped as Splunk_TA_paloalto is: paloalto.yml
// written back as props.conf, transforms.conf (DELIMS/FIELDS quoted lists,
// SOURCE_KEY regexes, lookup stanzas with their matching settings),
// lookups/*.csv, eventtypes.conf and tags.conf. Read back with
// LoadAddonConf, it gives every field of both example logs exactly as the
// YAML definition does, with no problem.
func TestLoadAddonConfPaloAltoShape(t *testing.T) {
	data, err := addonFiles.ReadFile("addons/paloalto.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f AddonFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	ta := filepath.Join(t.TempDir(), "Splunk_TA_paloalto")
	writeConf(t, ta, "default/props.conf", confText(f.Props))
	transforms := map[string]map[string]string{}
	for name, settings := range f.Transforms {
		transforms[name] = settings
	}
	for name, l := range f.Lookups {
		transforms[name] = map[string]string{"filename": name + ".csv", "max_matches": fmt.Sprint(l.MaxMatches),
			"min_matches": fmt.Sprint(l.MinMatches), "default_match": l.DefaultMatch}
		if l.MaxMatches == 0 {
			delete(transforms[name], "max_matches")
		}
		writeConf(t, ta, "lookups/"+name+".csv", l.CSV)
	}
	writeConf(t, ta, "default/transforms.conf", confText(transforms))
	ets, tags := map[string]map[string]string{}, map[string]map[string]string{}
	for name, et := range f.Eventtypes {
		ets[name] = map[string]string{"search": et.Search}
		for _, tag := range et.Tags {
			if tags["eventtype="+name] == nil {
				tags["eventtype="+name] = map[string]string{}
			}
			tags["eventtype="+name][tag] = "enabled"
		}
	}
	writeConf(t, ta, "default/eventtypes.conf", confText(ets))
	writeConf(t, ta, "default/tags.conf", confText(tags))

	conf, problems, err := LoadAddonConf([]string{ta}, EngineCompilers())
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	for _, file := range []string{"palo_alto_network_threat.yml", "palo_alto_network_traffic.yml"} {
		want := exampleRow(t, file)
		got := event.Row{}
		for _, k := range []string{event.Raw, event.Source, event.Sourcetype, event.Host} {
			got[k] = want[k]
		}
		conf.Apply(got)
		for k, v := range want {
			if !strings.HasPrefix(k, "_") && !strings.HasPrefix(k, "date_") && got.Get(k).String() != v.String() {
				t.Errorf("%s: %s = %q from the .conf files, %q from paloalto.yml", file, k, got.Get(k), v)
			}
		}
		if len(got) < 60 {
			t.Errorf("%s: only %d fields", file, len(got))
		}
	}
}

// confText writes stanzas as a .conf file.
func confText(stanzas map[string]map[string]string) string {
	var sb strings.Builder
	for _, name := range sortedKeys(stanzas) {
		fmt.Fprintf(&sb, "[%s]\n", name)
		for _, k := range sortedKeys(stanzas[name]) {
			fmt.Fprintf(&sb, "%s = %s\n", k, stanzas[name][k])
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
