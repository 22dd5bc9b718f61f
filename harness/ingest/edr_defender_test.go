package ingest

import (
	"encoding/json"
	"strings"
	"testing"
)

// The Microsoft 365 Defender Advanced Hunting add-on on security_content's
// windows_defender_alerts.yml example (an AlertEvidence record; its JSON
// nulls read as "null", as KV_MODE = json gives them).
func TestDefenderAlertEvidenceFields(t *testing.T) {
	example := exampleLog(t, "windows_defender_alerts.yml")
	// The content file wraps the one-line JSON across YAML lines.
	var ev map[string]any
	if err := json.Unmarshal([]byte(strings.ReplaceAll(example, "\n", " ")), &ev); err != nil {
		t.Fatal(err)
	}
	a := defaultAddons(t)
	readText := func(raw string) map[string]string {
		rows, problems, err := a.ReadExample(raw, Meta{Source: "eventhub://windowsdefenderlogs", Sourcetype: "mscs:azure:eventhub:defender:advancedhunting", Host: "h"})
		if err != nil || len(problems) > 0 || len(rows) != 1 {
			t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
		}
		out := map[string]string{}
		for _, f := range rows[0].Names() {
			out[f] = rows[0].Get(f).String()
		}
		return out
	}
	read := func(ev map[string]any) map[string]string {
		raw, _ := json.Marshal(ev)
		return readText(string(raw))
	}
	// The record as the content file has it (Event Hub JSON has a space
	// after each colon, which the add-on's TIME_PREFIX expects).
	got := readText(strings.ReplaceAll(example, "\n", " "))
	for _, c := range []struct{ field, want, why string }{
		{"_time", "1713124799.154992", `TIME_PREFIX "Timestamp": " (properties.Timestamp 2024-04-14T19:59:59.1549925Z), TIME_FORMAT %Y-%m-%dT%H:%M:%S.%7QZ`},
		{"signature", "Suspicious authentication activity", "properties.Title of an alert category"},
		{"severity", "high", "lower(properties.Severity)"},
		{"app", "Microsoft Defender for Cloud", "properties.ServiceSource"},
		{"id", "dc25", "properties.AlertId"},
		{"type", "alert", "alert categories"},
		{"action", "unknown", "no branch for AlertEvidence"},
		{"vendor_product", "Microsoft Defender for Endpoint", "constant"},
		{"dest", "", `properties.DeviceName is "null"`},
		{"file_hash", "", `SHA1 and SHA256 are "null", MD5 absent`},
		{"file_path", "null", "FolderPath taken as is, \"null\" included"},
		{"user_id", "null", "coalesce(properties.AccountUpn, ...) is the \"null\" string"},
		{"process_hash", "", "properties.MD5 absent: the concatenation is null"},
		{"eventtype", "ms_defender_advanced_hunting_alert\nms_defender_advanced_hunting_sourcetypes", "eventtypes.conf"},
		{"tag", "alert", "tags.conf: the Alerts data model"},
	} {
		if got[c.field] != c.want {
			t.Errorf("%s = %q, want %q (%s)", c.field, got[c.field], c.want, c.why)
		}
	}
	// A device process record: the Endpoint.Processes tags and fields.
	ev["category"] = "AdvancedHunting-DeviceProcessEvents"
	props := ev["properties"].(map[string]any)
	props["DeviceName"], props["FileName"], props["FolderPath"] = "ws-01", "whoami.exe", `C:\Windows\System32\whoami.exe`
	got = read(ev)
	for f, want := range map[string]string{"tag": "process\nreport", "action": "allowed", "dest": "ws-01",
		"process_name": "whoami.exe", "process_path": `C:\Windows\System32\whoami.exe`, "signature": "", "type": ""} {
		if got[f] != want {
			t.Errorf("process record: %s = %q, want %q", f, got[f], want)
		}
	}
	// EVAL-user and EVAL-mitre_technique_name of the add-on's
	// [mscs:azure:eventhub:defender:advancedhunting] (props.conf at 0437a7a).
	for _, c := range []struct {
		name     string
		category string
		props    map[string]any
		want     map[string]string
	}{
		{"process record: AccountName", "AdvancedHunting-DeviceProcessEvents", map[string]any{"AccountName": "alice"},
			map[string]string{"user": "alice"}},
		{"file record: the initiating account", "AdvancedHunting-DeviceFileEvents", map[string]any{"AccountName": "x", "InitiatingProcessAccountName": "bob"},
			map[string]string{"user": "bob"}},
		// AccountName "null": json_extract(AdditionalFields, "Account.Name")
		{"evidence with the account in AdditionalFields", "AdvancedHunting-AlertEvidence", map[string]any{"AccountName": nil,
			"AdditionalFields": `{"Account":{"Name":"carol","Sid":"S-1-5-21-1"}}`}, map[string]string{"user": "carol"}},
		{"evidence without an account", "AdvancedHunting-AlertEvidence", map[string]any{"AccountName": nil, "AdditionalFields": `{"Type":"file"}`},
			map[string]string{"user": ""}},
		{"alert info: techniques", "AdvancedHunting-AlertInfo", map[string]any{"AttackTechniques": `["Valid Accounts (T1078)","Brute Force (T1110)"]`},
			map[string]string{"mitre_technique_name": "Valid Accounts (T1078)\nBrute Force (T1110)"}},
		{"alert info: no techniques", "AdvancedHunting-AlertInfo", map[string]any{"AttackTechniques": ""},
			map[string]string{"mitre_technique_name": ""}},
		// EVAL-process / EVAL-parent_process: the folder the
		// REPORT-0defender-process-*_path_no_filename regex leaves, "\", the
		// first word of the command line (quotes trimmed), then its arguments.
		{"process with arguments", "AdvancedHunting-DeviceProcessEvents", map[string]any{
			"FolderPath": `C:\Windows\System32\whoami.exe`, "FileName": "whoami.exe", "ProcessCommandLine": "whoami.exe /all",
			"InitiatingProcessFolderPath": `C:\Windows\System32\cmd.exe`, "InitiatingProcessFileName": "cmd.exe",
			"InitiatingProcessCommandLine": `"cmd.exe" /c whoami /all`},
			map[string]string{"process": `C:\Windows\System32\whoami.exe /all`, "process_name_extracted": "whoami.exe", "process_args": "/all",
				// EVAL-process_exec / EVAL-parent_process_exec: the look-ahead
				// regex (.*\\)(?=.*(\.\w*)$|(\w+)$) removes the folder.
				"process_exec": "whoami.exe", "parent_process_exec": "cmd.exe",
				"process_path_no_filename": `C:\Windows\System32`, "parent_process": `C:\Windows\System32\cmd.exe /c whoami /all`,
				"parent_process_name_extracted": `"cmd.exe"`}},
		// One word: the regex's second branch (process_args2), which equals
		// FileName, so no arguments follow.
		{"process without arguments", "AdvancedHunting-DeviceProcessEvents", map[string]any{"ProcessCommandLine": "whoami.exe"},
			map[string]string{"process": `C:\Windows\System32\whoami.exe`, "process_args2": "whoami.exe", "process_name_extracted": ""}},
		// A quoted full path is kept whole after the folder, as the
		// add-on's concatenation does.
		{"quoted full path", "AdvancedHunting-DeviceProcessEvents", map[string]any{"ProcessCommandLine": `"C:\Windows\System32\whoami.exe" /all`},
			map[string]string{"process": `C:\Windows\System32\C:\Windows\System32\whoami.exe /all`}},
		{"alert: FileName only", "AdvancedHunting-AlertEvidence", map[string]any{"FileName": "evil.exe"},
			map[string]string{"process": "evil.exe", "parent_process": "cmd.exe"}},
	} {
		ev["category"] = c.category
		for k, v := range c.props {
			props[k] = v
		}
		got = read(ev)
		for f, want := range c.want {
			if got[f] != want {
				t.Errorf("%s: %s = %q, want %q", c.name, f, got[f], want)
			}
		}
	}
}
