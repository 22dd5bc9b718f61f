package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// NSS web records written for these tests in the field names of Zscaler's
// documented JSON feed for Splunk (the "event" object, as HEC indexes
// it): a blocked adware download, an allowed clean request, a DLP
// verdict, and the tab-separated key=value form of the feed.
const (
	nssAdware = `{"datetime":"2024-03-05 10:11:12","reason":"Blocked","event_id":"7301","protocol":"HTTPS","action":"Blocked","urlcategory":"Adware/Spyware Sites","serverip":"203.0.113.44","requestmethod":"GET","useragent":"Mozilla/5.0","location":"HQ","ClientIP":"10.1.2.3","status":"403","user":"jdoe@example.com","url":"ads.example.net/dl/setup.exe","hostname":"ads.example.net","threatcategory":"Adware","threatname":"Win32.Adware.Bundler","urlsupercategory":"Security","urlclass":"Security Risk","threatclass":"Adware","dlpengine":"None","fileclass":"Executable","deviceowner":"jdoe","devicehostname":"LAPTOP-7","ruletype":"Malware"}`
	nssClean  = `{"datetime":"2024-03-05 10:12:00","reason":"Allowed","event_id":"7302","protocol":"HTTPS","action":"Allowed","urlcategory":"Web Search","serverip":"198.51.100.80","requestmethod":"GET","ClientIP":"10.1.2.3","status":"200","user":"jdoe@example.com","url":"search.example.org/?q=weather","hostname":"search.example.org","threatname":"None","threatclass":"None","dlpengine":"None","deviceowner":"jdoe","ruletype":"URL Filtering"}`
	nssDLP    = `{"datetime":"2024-03-05 10:13:00","reason":"Blocked","event_id":"7303","protocol":"HTTPS","action":"Blocked","urlcategory":"Online Storage","ClientIP":"10.1.2.9","status":"403","user":"asmith@example.com","url":"files.example.com/upload","hostname":"files.example.com","threatname":"None","dlpengine":"PCI","deviceowner":"asmith","ruletype":"DLP"}`
	nssKV     = "2024-03-05 10:14:00\tvendor=Zscaler\tproduct=NSS\taction=Blocked\tClientIP=10.1.2.4\tuser=bob@example.com\turl=mal.example.net/x.dll\thostname=mal.example.net\tthreatname=Trojan.Dropper\truletype=Malware"
)

func zscalerRow(raw string) func(*testing.T) event.Row {
	return func(t *testing.T) event.Row { return taRow(t, raw, "zscaler", "zscalernss-web", "nss-1") }
}

// zscaler.yml: the aliases and eventtypes of TA-Zscaler_CIM's
// [zscalernss-web], as its header documents them.
func TestZscalerTAFields(t *testing.T) {
	events := map[string]func(*testing.T) event.Row{
		"adware": zscalerRow(nssAdware), "clean": zscalerRow(nssClean), "dlp": zscalerRow(nssDLP),
		"kv":            zscalerRow(nssKV),
		"adware-nss-fw": func(t *testing.T) event.Row { return taRow(t, nssAdware, "zscaler", "zscalernss-fw", "nss-1") },
	}
	checkTA(t, events, []taCase{
		{"adware", "src", "10.1.2.3", "FIELDALIAS ClientIP AS src"},
		{"adware", "src_ip", "10.1.2.3", "FIELDALIAS ClientIP AS src_ip"},
		{"adware", "src_user", "jdoe@example.com", "FIELDALIAS user AS src_user"},
		{"adware", "user", "jdoe@example.com", "the record's own field (JSON reader)"},
		{"adware", "threatname", "Win32.Adware.Bundler", "the record's own field"},
		{"adware", "dest", "", "no dest alias is known (see zscaler.yml)"},
		{"adware", "eventtype", "Zscaler_Proxy_General|Zscaler_Proxy_Malware", `threatname!="None"`},
		{"adware", "tag", "attack|communicate|end|ids|malware|network|proxy|session|start|web", "General and Malware tags"},
		{"clean", "eventtype", "Zscaler_Proxy_General", `threatname "None": no Malware eventtype`},
		{"clean", "tag", "communicate|end|network|proxy|session|start|web", "Zscaler_Proxy_General tags"},
		{"dlp", "eventtype", "Zscaler_Proxy_DLP|Zscaler_Proxy_General", `ruletype="DLP"`},
		{"dlp", "tag", "communicate|dlp|end|incident|network|proxy|session|start|web", "General and DLP tags"},
		// The key=value feed: Splunk's default KV_MODE = auto gives the
		// fields the aliases and eventtypes read.
		{"kv", "src", "10.1.2.4", "KV_MODE auto (default), then ClientIP AS src"},
		{"kv", "threatname", "Trojan.Dropper", "KV_MODE auto (default)"},
		{"kv", "eventtype", "Zscaler_Proxy_General|Zscaler_Proxy_Malware", `threatname!="None"`},
		// Other sourcetypes of the add-on are not modelled.
		{"adware-nss-fw", "src", "", "the aliases are on [zscalernss-web] only"},
		{"adware-nss-fw", "tag", "", "the eventtypes search sourcetype=zscalernss-web"},
	})
}

// The Zscaler detections on NSS records through the runner. No attack_data
// dataset of sourcetype zscalernss-web is in the corpus, so the records are
// written here. Every detection groups by dest, which no known setting of
// the add-on gives, so a plain record fires nothing; the same record with
// a dest (what the missing alias would add) fires, showing dest is the
// only gap.
func TestZscalerDetections(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	withDest := func(raw string) string {
		return strings.Replace(raw, `"hostname":`, `"dest":"ads.example.net","hostname":`, 1)
	}
	adware := "detections/web/zscaler_adware_activities_threat_blocked.yml"
	virus := "detections/web/zscaler_virus_download_threat_blocked.yml"
	for _, c := range []struct {
		id, detection, raw string
		fires              bool
	}{
		// action=blocked threatname=*adware* | stats ... by action
		// deviceowner user urlcategory url src dest.
		{"adware-no-dest", adware, nssAdware, false},
		{"adware-dest", adware, withDest(nssAdware), true},
		{"adware-allowed", adware, withDest(strings.Replace(nssAdware, `"action":"Blocked"`, `"action":"Allowed"`, 1)), false},
		// threatname!="None" threatclass=Virus: an adware record is not one.
		{"virus-adware", virus, withDest(nssAdware), false},
		{"virus", virus, withDest(strings.Replace(nssAdware, `"threatclass":"Adware"`, `"threatclass":"Virus"`, 1)), true},
	} {
		t.Run(c.id, func(t *testing.T) {
			data := filepath.Join(dir, c.id+".json")
			if err := os.WriteFile(data, []byte(c.raw+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			m := writeManifestAs(t, dir, c.id, sc, c.detection, data, "zscaler", "zscalernss-web", c.fires)
			if res := runCase(t, m, false); res.Status != runner.Pass {
				t.Errorf("%s: %s %q", c.id, res.Status, res.Message)
			}
		})
	}
}
