package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// securityXML renders a Security-channel XmlWinEventLog event as a
// forwarder sends it: System with the given EventID and Keywords, then
// each name=value pair as <Data Name='name'>value</Data>.
func securityXML(eventID, keywords string, data ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>%s</EventID><Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode><Keywords>%s</Keywords><TimeCreated SystemTime='2024-04-23T08:48:30.449376800Z'/><EventRecordID>432820</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='276'/><Channel>Security</Channel><Computer>ar-win-1</Computer><Security/></System><EventData>", eventID, keywords)
	for _, kv := range data {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&b, "<Data Name='%s'>%s</Data>", k, v)
	}
	b.WriteString("</EventData></Event>")
	return b.String()
}

// applyXML reads one XmlWinEventLog event under meta and applies the
// built-in add-ons.
func applyXML(t *testing.T, raw string, meta Meta) event.Row {
	t.Helper()
	rows, problems := ReadXMLWinEventLog([]byte(raw), "test.xml", meta)
	if len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("read: %d rows, problems %v", len(rows), problems)
	}
	defaultAddons(t).Apply(rows[0])
	return rows[0]
}

const (
	auditSuccess = "0x8020000000000000"
	auditFailure = "0x8010000000000000"
	absent       = "<absent>"
)

// Splunk_TA_windows 8.4.0 [source::XmlWinEventLog:Security] (props.conf,
// transforms.conf, lookups/ - see addons/windows.yml): raw event -> the
// field values its rules give. Rows that rest on a real Splunk event say
// so.
func TestWindowsSecurityXMLFields(t *testing.T) {
	sec := Meta{Source: "XmlWinEventLog:Security", Sourcetype: "XmlWinEventLog", Host: "ar-win-1.example"}
	cases := []struct {
		name string
		raw  string
		want map[string]string
	}{
		{"4688 as security_content's example_log: command line kept (first token has a backslash)",
			securityXML("4688", auditSuccess, `SubjectUserName=AR-WIN-1$`, "SubjectDomainName=WORKGROUP", "SubjectLogonId=0x3e7",
				"NewProcessId=0xf84", `NewProcessName=C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe`,
				"TokenElevationType=%%1936", "ProcessId=0xb2c", `CommandLine="C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe" --ps2`,
				"TargetUserName=-", "TargetDomainName=-", `ParentProcessName=C:\Program Files\SplunkUniversalForwarder\bin\splunkd.exe`),
			map[string]string{
				"Error_Code": "-", "ta_windows_action": "failure", "ta_windows_status": absent,
				"Token_Elevation_Type": "%%1936", "Token_Elevation_Type_id": "1936",
				"process_command_line_process":   `"C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe"`,
				"process_command_line_arguments": "--ps2",
				"process":                        `"C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe" --ps2`,
				"process_path":                   `C:\Program Files\SplunkUniversalForwarder\bin\splunk-powershell.exe`,
				"process_name":                   "splunk-powershell.exe", "process_exec": "splunk-powershell.exe", "new_process_name": "splunk-powershell.exe",
				"process_id": "0xf84", "new_process_id": "0xf84", "parent_process_id": "0xb2c",
				"parent_process_name": "splunkd.exe", "parent_process_path": `C:\Program Files\SplunkUniversalForwarder\bin\splunkd.exe`,
				"user": "AR-WIN-1$", "src_user": "AR-WIN-1$", "user_group": "-", "src_nt_domain": "WORKGROUP", "dest_nt_domain": absent,
				"session_id": "0x3e7", "Logon_ID": "0x3e7", "Caller_User_Name": "AR-WIN-1$",
				"action": "allowed", "status": "success", "app": "win:unknown",
				"signature": "A new process has been created", "name": "A new process has been created", "subject": "A new process has been created",
				"signature_id": "4688", "dest": "ar-win-1", "dvc": "ar-win-1", "dvc_nt_host": "ar-win-1.example",
			}},
		{"4688 whose command line starts without a path: process rebuilt from the image path",
			securityXML("4688", auditSuccess, "SubjectUserName=bob", "TargetUserName=-", `NewProcessName=C:\Windows\System32\whoami.exe`, "CommandLine=whoami  /all"),
			map[string]string{"process": `C:\Windows\System32\whoami.exe /all`, "process_command_line_process": "whoami", "process_command_line_arguments": "/all", "user": "bob"}},
		{"4688 image path with a space is quoted in the rebuilt process",
			securityXML("4688", auditSuccess, `NewProcessName=C:\Program Files\x\a.exe`, "CommandLine=a.exe /c x"),
			map[string]string{"process": `"C:\Program Files\x\a.exe" /c x`}},
		{"4688 with an empty command line: process is the image path",
			securityXML("4688", auditSuccess, `NewProcessName=C:\Windows\a.exe`),
			map[string]string{"process": `C:\Windows\a.exe`, "process_command_line_process": absent}},
		{"4625 failed logon: Status, Sub_Status, workstation as src",
			securityXML("4625", auditFailure, "TargetUserName=bob", "Status=0xc000006d", "SubStatus=0xc0000064", "LogonType=3",
				`WorkstationName=\\WS01`, "IpAddress=10.0.0.5", "IpPort=50123"),
			map[string]string{"Error_Code": "0xc000006d", "ta_windows_status": "0xc000006d", "ta_windows_action": "failure", "Sub_Status": "0xc0000064",
				"action": "failure", "status": "failure", "Source_Workstation": `\\WS01`, "src": "WS01", "src_nt_host": "WS01",
				"src_ip": "10.0.0.5", "src_port": "50123", "Source_Port": "50123", "Logon_Type": "3", "app": absent, "user": "bob",
				"signature": "An account failed to log on"}},
		{"4625 with a locked-out status: ta_windows_action compares upper-cased",
			securityXML("4625", auditFailure, "Status=0xc0000234", "WorkstationName=-", "IpAddress=-"),
			map[string]string{"ta_windows_action": "denied", "Source_Workstation": "-", "src": absent, "src_nt_host": absent, "src_ip": "-"}},
		{"4624 remote interactive logon from the loopback (a real Splunk 4624 with Logon_Type 10 shows app=win:remote)",
			securityXML("4624", auditSuccess, "TargetUserName=alice", "LogonType=10", "IpAddress=127.0.0.1", "WorkstationName=PAW"),
			map[string]string{"app": "win:remote", "src_ip": absent, "src": "PAW", "action": "success", "status": "success", "user": "alice"}},
		{"4768 Kerberos TGT: IpAddress is the Source_Workstation",
			securityXML("4768", auditSuccess, "TargetUserName=alice", "Status=0x0", "IpAddress=::ffff:10.1.1.1"),
			map[string]string{"Source_Workstation": "::ffff:10.1.1.1", "src": "::ffff:10.1.1.1", "src_nt_host": "::ffff:10.1.1.1",
				"Error_Code": "0x0", "ta_windows_status": "0x0", "ta_windows_action": "failure", "user_group": "alice",
				"signature": "A Kerberos authentication ticket (TGT) was requested"}},
		{"4726 account deleted: ADDON-42191 account fields and the audit-change lookups",
			securityXML("4726", auditSuccess, "TargetUserName=bob", "TargetSid=S-1-5-21-9-1001", "SubjectUserName=admin", "SubjectDomainName=CORP"),
			map[string]string{"user": "bob", "user_name": "bob", "src_user": "admin", "src_user_name": "admin", "object": "bob",
				"object_id": "S-1-5-21-9-1001", "object_attrs": "account", "result": "A user account was deleted",
				"action": "deleted", "change_type": "AAA", "object_category": "user", "status": "success",
				// Microsoft's audit category, which the add-on's
				// windows_account_management eventtype selects on.
				"CategoryString": "Account Management", "ta_windows_security_CategoryString": "Account Management",
				"tag": "account\nchange\nmanagement\nos\nsecurity\ntrack_event_signatures\nwindows"}},
		{"1102 audit log cleared: UserData block and the Eventlog provider's Audit Success keyword",
			`<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Eventlog' Guid='{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'/><EventID>1102</EventID><Keywords>0x4020000000000000</Keywords><TimeCreated SystemTime='2022-09-01T10:00:00.000000000Z'/><Channel>Security</Channel><Computer>dc1</Computer><Security UserID='S-1-5-21-9-500'/></System><UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-9-500</SubjectUserSid><SubjectUserName>admin</SubjectUserName></LogFileCleared></UserData></Event>`,
			map[string]string{"LogFileCleared_Xml": "<SubjectUserSid>S-1-5-21-9-500</SubjectUserSid><SubjectUserName>admin</SubjectUserName>",
				"action": "cleared", "status": "success", "change_type": "audit", "object_category": "audit", "object_attrs": "registry",
				"src_user": "admin", "signature": "The audit log was cleared", "CategoryString": absent}},
		{"4732 member added to a local group: Group_Name/Group_Domain",
			securityXML("4732", auditSuccess, "TargetUserName=Administrators", "TargetDomainName=Builtin", "MemberSid=S-1-5-21-9-1002"),
			map[string]string{"Group_Name": "Administrators", "Group_Domain": "Builtin", "change_type": "AAA", "object_category": "user",
				"result": "member was added to a security-enabled local group", "dest_nt_domain": "Builtin", "action": "success"}},
		{"4663 file access: 8.4.0 keeps the full ProcessName as process_name",
			securityXML("4663", auditSuccess, "ObjectType=File", `ObjectName=C:\secret\a.txt`, `ProcessName=C:\Windows\notepad.exe`, "ProcessId=0x10", "AccessMask=0x1"),
			map[string]string{"process": `C:\Windows\notepad.exe`, "process_name": `C:\Windows\notepad.exe`, "process_path": `C:\Windows\notepad.exe`,
				"process_id": "0x10", "process_exec": absent, "parent_process_id": absent,
				"object_file_name": "a.txt", "object_file_path": `C:\secret\a.txt`, "file_name": "a.txt", "file_path": `C:\secret\a.txt`}},
		{"4663 registry object: object_file_* from any ObjectName, file_* only for files",
			securityXML("4663", auditSuccess, "ObjectType=Key", `ObjectName=\REGISTRY\MACHINE\SAM`),
			map[string]string{"object_file_name": "SAM", "file_name": absent}},
		{"4648 explicit credentials: dest and dest_nt_host from TargetServerName",
			securityXML("4648", auditSuccess, `TargetServerName=\\DC01`, "SubjectUserName=bob"),
			map[string]string{"dest": "DC01", "dest_nt_host": "DC01", "Target_Server_Name": `\\DC01`, "user": absent}},
		{"5145 share access: file_name from ShareName when there is no file object",
			securityXML("5145", auditSuccess, `ShareName=\\*\C$`, `ShareLocalPath=\??\C:\`, "IpAddress=10.0.0.9"),
			map[string]string{"file_name": `\\*\C$`, "file_path": `\??\C:\`, "src": "10.0.0.9",
				"signature": "A network share object was checked to see whether client can be granted desired access"}},
		{"4657 registry value modified: registry_* from the object",
			securityXML("4657", auditSuccess, `ObjectName=\REGISTRY\MACHINE\SOFTWARE\Run`, "ObjectValueName=evil", "NewValueType=%%1873"),
			map[string]string{"registry_path": `\REGISTRY\MACHINE\SOFTWARE\Run`, "registry_value_name": "evil", "registry_value_type": "%%1873"}},
		{"4696 primary token assigned: the target process is the process, the subject's the parent",
			securityXML("4696", auditSuccess, `TargetProcessName=C:\Windows\a.exe`, "TargetProcessId=0x20", `ProcessName=C:\Windows\b.exe`, "ProcessId=0x10", "TargetUserName=bob"),
			map[string]string{"process": `C:\Windows\a.exe`, "process_path": `C:\Windows\a.exe`, "process_id": "0x20", "process_name": "a.exe",
				"parent_process": `C:\Windows\b.exe`, "parent_process_id": "0x10", "parent_process_name": "b.exe", "parent_process_path": `C:\Windows\b.exe`, "user": "bob"}},
		{"4741 computer account created: user_type, account-change lookups",
			securityXML("4741", auditSuccess, "TargetUserName=WS02$", "SamAccountName=WS02$"),
			map[string]string{"user_type": "computer", "object_attrs": "WS02$", "action": "created", "result": "account was created", "user_group": "WS02$"}},
		{"4778 session reconnected: src is the ClientAddress",
			securityXML("4778", auditSuccess, "AccountName=bob", "ClientName=WS03", "ClientAddress=10.0.0.7"),
			map[string]string{"src": "10.0.0.7"}},
		{"4703 token right adjusted: the target's SID is the object_id",
			securityXML("4703", auditSuccess, "TargetUserName=svc", "TargetUserSid=S-1-5-21-9-1500", "SubjectUserName=admin"),
			map[string]string{"object": "svc", "object_id": "S-1-5-21-9-1500", "user": "svc", "src_user": "admin", "change_type": "AAA", "result": "A token right was adjusted"}},
		{"4698 scheduled task (a real Splunk 4698 shows action=created, change_type=object_category=scheduled task)",
			securityXML("4698", auditSuccess, "SubjectUserName=luke.s", `TaskName=\UpgradeRAMExtreme`),
			map[string]string{"action": "created", "change_type": "scheduled task", "object_category": "scheduled task",
				"result": "A scheduled task was created", "status": "success", "ta_windows_action": "failure", "app": "win:unknown"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := applyXML(t, tc.raw, sec)
			for k, want := range tc.want {
				got := r.Get(k).String()
				if want == absent {
					if !r.Get(k).Null() {
						t.Errorf("%s = %q, want no field", k, got)
					}
					continue
				}
				if got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}
