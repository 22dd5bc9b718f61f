package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// classicRows reads classic WinEventLog text as a dataset file and applies
// the built-in add-ons.
func classicRows(t *testing.T, text string, meta Meta) []event.Row {
	t.Helper()
	path := filepath.Join(t.TempDir(), "classic.log")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	rows, problems, err := ReadFile(path, meta)
	if err != nil || len(problems) > 0 || len(rows) == 0 {
		t.Fatalf("read: %d rows, %v %v", len(rows), err, problems)
	}
	a := defaultAddons(t)
	for _, r := range rows {
		a.Apply(r)
	}
	return rows
}

// A real Splunk_TA_windows classic 4698 event as Splunk showed it (a
// public write-up of a TryHackMe SOC alert; the _raw and the field list
// quoted there): the text below is that _raw with its line breaks, and
// the expected values are Splunk's, except the fields a newer add-on adds
// (object, object_attrs, user_name, body, src_subject_security_id) that
// 8.4.0's rules do not give.
const real4698Classic = "11/04/2025 10:58:35 AM\nLogName=Security\nEventCode=4698\nEventType=0\nComputerName=THM-Luke\n" +
	"SourceName=Microsoft Windows security auditing.\nType=Information\nRecordNumber=44053\nKeywords=Audit Success\n" +
	"TaskCategory=Other Object Access Events\nOpCode=Info\nMessage=A scheduled task was created.\n\nSubject:\n" +
	"\tSecurity ID:\t\tS-1-5-21-1927039393-948638853-243650942-1001\n\tAccount Name:\t\tluke.s\n\tAccount Domain:\t\tTHM-LUKE\n" +
	"\tLogon ID:\t\t0x20D5BE\n\nTask Information:\n\tTask Name: \t\t\\UpgradeRAMExtreme\n" +
	"\tTask Content: \t\t<?xml version=\"1.0\" encoding=\"UTF-16\"?><Task version=\"1.3\"></Task>\n"

func TestWindowsClassicSecurityFields(t *testing.T) {
	classic := Meta{Source: "WinEventLog:Security", Sourcetype: "WinEventLog", Host: "THM-LUKE"}
	cases := []struct {
		name string
		text string
		want map[string]string
	}{
		{"real 4698 scheduled task created", real4698Classic, map[string]string{
			"action": "created", "app": "win:unknown", "category": "Other Object Access Events", "change_type": "scheduled task",
			"dest": "THM-Luke", "dest_nt_domain": "THM-LUKE", "dest_nt_host": "THM-Luke", "dvc": "THM-Luke", "dvc_nt_host": "THM-LUKE",
			"event_id": "44053", "id": "44053", "member_dn": "luke.s", "member_id": "S-1-5-21-1927039393-948638853-243650942-1001",
			"name": "A scheduled task was created", "object_category": "scheduled task", "product": "Windows",
			"result": "A scheduled task was created", "session_id": "0x20D5BE", "severity": "informational", "severity_id": "0",
			"signature": "A scheduled task was created", "signature_id": "4698",
			"src_nt_domain": "S-1-5-21-1927039393-948638853-243650942-1001", "status": "success",
			"subject": "A scheduled task was created", "ta_windows_action": "failure", "user": "luke.s",
			"vendor": "Microsoft", "vendor_product": "Microsoft Windows",
		}},
		// 8.4.0's classic 4688 rules (transforms process_command_line_*,
		// extract_new_process_name, Account_Name_as_user / _as_src_user,
		// EVAL-process / -user / -parent_process_*), on a 4688 as Windows
		// renders it.
		{"4688 process created", "01/14/2021 11:41:40 PM\nLogName=Security\nEventCode=4688\nEventType=0\nComputerName=win-dc.attackrange.local\n" +
			"SourceName=Microsoft Windows security auditing.\nType=Information\nRecordNumber=7\nKeywords=Audit Success\n" +
			"TaskCategory=Process Creation\nOpCode=Info\nMessage=A new process has been created.\n\nCreator Subject:\n" +
			"\tSecurity ID:\t\tATTACKRANGE\\Administrator\n\tAccount Name:\t\tAdministrator\n\tAccount Domain:\t\tATTACKRANGE\n\tLogon ID:\t\t0x4F3D2\n\n" +
			"Target Subject:\n\tSecurity ID:\t\tNULL SID\n\tAccount Name:\t\t-\n\tAccount Domain:\t\t-\n\tLogon ID:\t\t0x0\n\n" +
			"Process Information:\n\tNew Process ID:\t\t0x1b28\n\tNew Process Name:\tC:\\Windows\\System32\\certutil.exe\n" +
			"\tToken Elevation Type:\t%%1936\n\tMandatory Label:\t\tMandatory Label\\High Mandatory Level\n\tCreator Process ID:\t0x1acc\n" +
			"\tCreator Process Name:\tC:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\n" +
			"\tProcess Command Line:\t\"C:\\Windows\\system32\\certutil.exe\" -p password1234 .\\powershellcert.pfx\n\n" +
			"Token Elevation Type indicates the type of token that was assigned to the new process in accordance with User Account Control policy.\n",
			map[string]string{
				"process":                      `"C:\Windows\system32\certutil.exe" -p password1234 .\powershellcert.pfx`,
				"process_command_line_process": `"C:\Windows\system32\certutil.exe"`, "process_command_line_arguments": `-p password1234 .\powershellcert.pfx`,
				"process_path": `C:\Windows\System32\certutil.exe`, "process_name": "certutil.exe", "process_exec": "certutil.exe",
				"process_id": "0x1b28", "parent_process_id": "0x1acc", "parent_process_name": "powershell.exe",
				"parent_process_path":     `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"Token_Elevation_Type_id": "1936", "action": "allowed", "status": "success",
				// Account_Name is Administrator then "-": the user REPORT
				// takes the second value ("-"), so EVAL-user falls back to
				// src_user, the first of two Account_Name values.
				"user": "Administrator", "src_user": "Administrator", "session_id": "0x0",
				"signature": "A new process has been created", "Error_Code": "-", "ta_windows_action": "failure",
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := classicRows(t, tc.text, classic)[0]
			for k, want := range tc.want {
				if got := r.Get(k).String(); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}
