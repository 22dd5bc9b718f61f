package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// End to end: security_content detections on Palo Alto firewall logs built
// from the data sources' example_log, through paloalto.yml (REPORT
// DELIMS/FIELDS extraction, aliases, lookups, eventtypes and tags), the
// CIM data models and the runner's verdicts. Each detection fires on one
// event and must stay silent on the other.
func TestPaloAltoDetections(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	threat := panExample(t, sc, "palo_alto_network_threat.yml")
	traffic := panExample(t, sc, "palo_alto_network_traffic.yml")
	for _, c := range []struct {
		id, detection, sourcetype, raw string
		fires                          bool
	}{
		// Web.url="*/mgmt/tm/util/bash*" Web.http_method="POST": the
		// example is a url log of a POST to the F5 iControl REST bash
		// endpoint (http_method "post", upper-cased by the add-on's EVAL).
		{"f5-bash-post", "detections/network/f5_big_ip_icontrol_rest_vulnerability_cve_2022_1388.yml", "pan:threat", threat, true},
		{"f5-other-url", "detections/network/f5_big_ip_icontrol_rest_vulnerability_cve_2022_1388.yml", "pan:threat",
			strings.Replace(threat, "/mgmt/tm/util/bash", "/index.html", 1), false},
		// A url log is what puts the event in Web (eventtype pan_url, tag
		// web): the same event as a vulnerability log does not.
		{"f5-not-url-log", "detections/network/f5_big_ip_icontrol_rest_vulnerability_cve_2022_1388.yml", "pan:threat",
			strings.Replace(threat, ",THREAT,url,", ",THREAT,vulnerability,", 1), false},
		// All_Traffic.app=tor AND All_Traffic.action=allowed: the example
		// is allowed screenconnect traffic.
		{"tor-screenconnect", "detections/network/tor_traffic.yml", "pan:traffic", traffic, false},
		{"tor-allowed", "detections/network/tor_traffic.yml", "pan:traffic", strings.Replace(traffic, ",screenconnect,", ",tor,", 1), true},
		// action "deny" is looked up as blocked.
		{"tor-denied", "detections/network/tor_traffic.yml", "pan:traffic",
			strings.Replace(strings.Replace(traffic, ",screenconnect,", ",tor,", 1), ",tcp,allow,", ",tcp,deny,", 1), false},
	} {
		t.Run(c.id, func(t *testing.T) {
			data := filepath.Join(dir, c.id+".log")
			if err := os.WriteFile(data, []byte(c.raw+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			m := writeManifestAs(t, dir, c.id, sc, c.detection, data, c.sourcetype, c.sourcetype, c.fires)
			if res := runCase(t, m, false); res.Status != runner.Pass {
				t.Errorf("%s: %s %q", c.id, res.Status, res.Message)
			}
		})
	}
}

func panExample(t *testing.T, sc, file string) string {
	t.Helper()
	example := dataSourceExample(t, file)
	return example
}
