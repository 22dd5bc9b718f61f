package ingest

import (
	"encoding/json"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// The ProcessRollup2 example_log of security_content's data source
// crowdstrike_processrollup2.yml, as a JSON object.
func processRollup2Example(t *testing.T) map[string]any {
	t.Helper()
	example := exampleLog(t, "crowdstrike_processrollup2.yml")
	var ev map[string]any
	if err := json.Unmarshal([]byte(example), &ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// crowdstrikeRow reads one sensor event as the FDR add-on's input writes
// it (source crowdstrike, sourcetype crowdstrike:events:sensor).
func crowdstrikeRow(t *testing.T, a *Addons, ev map[string]any) event.Row {
	t.Helper()
	raw, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	rows, problems, err := a.ReadExample(string(raw), Meta{Source: "crowdstrike", Sourcetype: "crowdstrike:events:sensor", Host: "example-host"})
	if err != nil || len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("read: %d rows, %v, %v", len(rows), problems, err)
	}
	return rows[0]
}

// Values Splunk_TA_CrowdStrike_FDR 2.0.5 gives the example ProcessRollup2
// event, each derived from the add-on's default/props.conf, lookups/ and
// bin/ (public copy: github.com/skykid17/smartlp, path
// rag/repos/splunk_repo/Splunk_TA_CrowdStrike_FDR). "" means no field.
func TestCrowdStrikeProcessRollup2Fields(t *testing.T) {
	r := crowdstrikeRow(t, defaultAddons(t), processRollup2Example(t))
	for _, c := range []struct{ field, want, why string }{
		{"process", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `EVAL-process: replace(trim(CommandLine, " "), "\"", "")`},
		{"process_name", "powershell.exe", "EVAL-process_name: last path part of the quoted first word of CommandLine"},
		{"process_path", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "EVAL-process_path: Win, CommandLine starts with a quote"},
		{"process_exec", "powershell.exe", "EVAL-process_exec: last part of ImageFileName"},
		{"process_id", "5642133882", "EVAL-process_id: TargetProcessId, not RawProcessId (5012)"},
		{"parent_process_id", "5459598860", "EVAL-parent_process_id: ParentProcessId"},
		{"parent_process_name", "explorer.exe", "EVAL-parent_process_name: ParentBaseFileName"},
		{"parent_process_exec", "explorer.exe", "EVAL-parent_process_exec: ParentBaseFileName"},
		{"process_hash", "ba4038fd20e474c047be8aad5bfacdb1bfc1ddbe12f803f473b7918d8d819436", "EVAL-process_hash: SHA256HashData"},
		{"process_integrity_level", "high", "EVAL IntegrityLevel, then LOOKUP IntegrityLevel_lc_meaning (12288,HIGH,high)"},
		{"user", "S-1-5-21-586445407-708991241-1829972403-500", "EVAL-user: coalesce(UserSid, UID)"},
		{"user_id", "S-1-5-21-586445407-708991241-1829972403-500", "EVAL-user_id: coalesce(UserSid, UID)"},
		{"identity", "S-1-5-21-586445407-708991241-1829972403-500", "FIELDALIAS-ses_ai_identity"},
		{"action", "allowed", "EVAL-action: ProcessRollup2 -> allowed"},
		{"os", "Win", "EVAL-os: aid_os_version is not yet looked up when EVALs run"},
		{"vendor_product", "CrowdStrike FDR", "EVAL-vendor_product"},
		{"host_res_aid", "168a90e125d443beb2a4e2914985084d", "index-time WRITE_META from aid"},
		{"dest_aid", "168a90e125d443beb2a4e2914985084d", "EVAL-dest_aid: aid while no host name is known"},
		{"dest", "", "only the aidmaster site table gives it"},
		{"aid_computer_name", "", "only the aidmaster site table gives it"},
		{"IntegrityLevel_meaning", "HIGH", "crowdstrike_IntegrityLevel.csv 12288"},
		{"TokenType_meaning", "PRIMARY_TOKEN", "crowdstrike_TokenType.csv 1"},
		{"ImageSubsystem_meaning", "IMAGE_SUBSYSTEM_WINDOWS_CUI", "crowdstrike_ImageSubsystem.csv 3"},
		{"AuthenticationId_meaning", "", "crowdstrike_AuthenticationId.csv names only well-known LUIDs, not 2669499"},
		{"ProcessCreateFlags_meaning", "COMMON_EXPLORER_SUSPENDED_SET", "crowdstrike_ProcessCreateFlags.csv 67634196 (a whole value)"},
		{"ShowWindowFlags_meaning", "SW_SHOWNORMAL", "crowdstrike_ShowWindowFlags.csv 1"},
		// Bitmasks: bin/crowdstrike_ta_bitmask_lookup_*.py, raised bits in table order.
		{"ProcessParameterFlags_meaning", "RTL_USER_PROC_PARAMS_NORMALIZED\nRTL_USER_PROC_APP_MANIFEST_PRESENT\nRTL_USER_PROC_IMAGE_KEY_MISSING", "24577 = 1+8192+16384"},
		{"ProcessSxsFlags_meaning", "BASE_SXS_LOCAL", "64"},
		{"SignInfoFlags_meaning", "SIGNATURE_FLAG_MS_SIGNED\nSIGNATURE_FLAG_CAT_SIGNED\nSIGNATURE_FLAG_NO_EMBEDDED_CERT\nSIGNATURE_FLAG_HAS_VALID_SIGNATURE\nSIGNATURE_FLAG_PRS_WIN81_ROOT", "8683538 = 2+16+32768+262144+8388608"},
		{"WindowFlags_meaning", "STARTF_USESHOWWINDOW\nSTARTF_MONITOR\nSTARTF_TITLEISLINKNAME", "3073 = 1+1024+2048"},
		{"_time", "1713805173.418", `"timestamp":"1713805173418" (epoch ms): TRANSFORMS-crowdstrike_ta_rewrite_event_time, strptime %s%N`},
		{"event_time", "", "the rewrite's INGEST_EVAL removes it (event_time:=null())"},
		{"eventtype", "crowdstrike_process_rollup2", "eventtypes.conf"},
		{"tag", "process\nreport", "tags.conf: the Endpoint.Processes constraint"},
	} {
		if got := r.Get(c.field).String(); got != c.want {
			t.Errorf("%s = %q, want %q (%s)", c.field, got, c.want, c.why)
		}
	}
	// INGEST_EVAL event_ingest_time=time(): the clock when read.
	if v, ok := event.ParseNumber(r.Get("event_ingest_time").First()); !ok || v < 1.7e9 {
		t.Errorf("event_ingest_time = %q, want the epoch time of reading", r.Get("event_ingest_time").First())
	}
}

// Variants of the example, one change each, and what the add-on's rules
// make of them.
func TestCrowdStrikeVariants(t *testing.T) {
	a := defaultAddons(t)
	for _, c := range []struct {
		name   string
		change map[string]any
		want   map[string]string // "" means no field
	}{
		{"unquoted command line", map[string]any{"CommandLine": `C:\Windows\system32\cmd.exe /c whoami`},
			map[string]string{"process_name": "cmd.exe", "process_path": `C:\Windows\system32\cmd.exe`, "process": `C:\Windows\system32\cmd.exe /c whoami`}},
		{"medium integrity", map[string]any{"IntegrityLevel": "8192"},
			map[string]string{"process_integrity_level": "medium", "IntegrityLevel_meaning": "MEDIUM"}},
		// What OUTPUT (process_integrity_level) leaves when no row matches is
		// not pinned: Splunk's docs say only that nothing is output.
		{"integrity not in the table", map[string]any{"IntegrityLevel": "1"},
			map[string]string{"IntegrityLevel_meaning": ""}},
		{"system logon session", map[string]any{"AuthenticationId": "999"},
			map[string]string{"AuthenticationId_meaning": "SYSTEM"}},
		{"mac: ImageFileName is the path", map[string]any{"event_platform": "Mac", "CommandLine": "/usr/bin/curl -s http://x", "ImageFileName": "/usr/bin/curl"},
			map[string]string{"os": "MacOS", "process_name": "curl", "process_path": "/usr/bin/curl", "process_exec": "curl"}},
		{"process blocked", map[string]any{"event_simpleName": "ProcessBlocked"},
			map[string]string{"action": "blocked", "tag": "process\nreport", "process_name": "powershell.exe"}},
		{"end of process", map[string]any{"event_simpleName": "EndOfProcess"},
			map[string]string{"action": "allowed", "tag": "process\nreport", "process_name": "", "parent_process_name": "", "process_id": "", "parent_process_id": "5459598860"}},
		{"not a process event", map[string]any{"event_simpleName": "DnsRequest", "DomainName": "example.com"},
			map[string]string{"tag": "dns\nnetwork\nresolution", "query": "example.com", "process_name": "", "action": "", "message_type": "Query"}},
		{"aid not 32 hex digits", map[string]any{"aid": "xyz"},
			map[string]string{"host_res_aid": ""}},
		// trigger_shtm keeps host_res_aid only while nothing named the host.
		{"device_hostname in the event", map[string]any{"device_hostname": "WS-1"},
			map[string]string{"host_res_aid": ""}},
		{"unquoted timestamp: the TIME_PREFIX reads it", map[string]any{"timestamp": 1713805100000},
			map[string]string{"_time": "1713805100"}},
	} {
		ev := processRollup2Example(t)
		for k, v := range c.change {
			ev[k] = v
		}
		r := crowdstrikeRow(t, a, ev)
		for f, want := range c.want {
			if got := r.Get(f).String(); got != want {
				t.Errorf("%s: %s = %q, want %q", c.name, f, got, want)
			}
		}
	}
}

// The host fields need the site's aidmaster table: reported as site data
// while it is empty, resolved once a site export is loaded.
func TestCrowdStrikeSiteData(t *testing.T) {
	a := defaultAddons(t)
	site := map[string]string{}
	for _, f := range a.SiteFields("crowdstrike", "crowdstrike:events:sensor", "example-host") {
		site[f.Field] = f.Table
	}
	for _, f := range []string{"aid_computer_name", "aid_os_version", "aid_city", "aid_site_name", "dest", "dvc", "src", "dest_host"} {
		if site[f] == "" {
			t.Errorf("%s is not reported as site data (%v)", f, site)
		}
	}
	for _, f := range []string{"process_name", "user", "action", "host_res_aid"} {
		if site[f] != "" {
			t.Errorf("%s reported as site data", f)
		}
	}
	export := "aid,ComputerName,Version,MachineDomain\n168a90e125d443beb2a4e2914985084d,WIN-HOST-7,Windows 10,corp.example\n"
	loaded, err := a.LoadSiteTables(siteFS(map[string]string{
		"crowdstrike_ta_host_resolution_lookup.csv":          export,
		"crowdstrike_ta_combined_host_resolution_lookup.csv": export,
	}))
	if err != nil || len(loaded) != 2 {
		t.Fatalf("LoadSiteTables = %v, %v", loaded, err)
	}
	r := crowdstrikeRow(t, a, processRollup2Example(t))
	for f, want := range map[string]string{"dest": "WIN-HOST-7", "aid_computer_name": "WIN-HOST-7", "aid_os_version": "Windows 10", "aid_machine_domain": "corp.example",
		"os": "Win"} { // os is computed before the lookup, whatever the site data
		if got := r.Get(f).String(); got != want {
			t.Errorf("with site data: %s = %q, want %q", f, got, want)
		}
	}
}
