package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// sysmonTAEvent renders a Sysmon (Windows) XmlWinEventLog event as a
// forwarder sends it: System with the given EventID and Keywords, then
// each name=value pair as <Data Name='name'>value</Data>.
func sysmonTAEvent(eventID, keywords string, data ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>%s</EventID><Version>5</Version><Level>4</Level><Task>%s</Task><Opcode>0</Opcode><Keywords>%s</Keywords><TimeCreated SystemTime='2024-05-02T10:00:00.123456700Z'/><EventRecordID>7001</EventRecordID><Correlation/><Execution ProcessID='3120' ThreadID='4410'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>ws-07.corp.example</Computer><Security UserID='S-1-5-18'/></System><EventData>", eventID, eventID, keywords)
	for _, kv := range data {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&b, "<Data Name='%s'>%s</Data>", k, v)
	}
	b.WriteString("</EventData></Event>")
	return b.String()
}

const sysmonKeywords = "0x8000000000000000"

// sysmonTAFieldRow is one field of one event: the value the add-on gives
// (absent: no field) and the Splunk_TA_microsoft_sysmon 4.0.3 props.conf
// rule (or other add-on rule) that gives it.
type sysmonTAFieldRow struct {
	event string // a key of the events map below
	field string
	want  string
	why   string
}

// Splunk_TA_microsoft_sysmon 4.0.3 default/props.conf, as addons/sysmon.yml
// models it: per EventID, field -> value -> rule. Events are the
// security_content data sources' example_logs ("ds:<n>") or written here.
func TestSysmonTAFields(t *testing.T) {
	sysmon := Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog", Host: "ws-07"}
	written := map[string]string{
		"1 no OriginalFileName, image without extension": sysmonTAEvent("1", sysmonKeywords,
			"ProcessGuid={1B2C3D4E-0001-0000-0000-000000000001}", "ProcessId=812", `Image=C:\Tools\psexesvc`,
			"OriginalFileName=-", `CommandLine=psexesvc -accepteula`, "User=CORP\\svc-backup",
			"ParentProcessGuid={1B2C3D4E-0001-0000-0000-000000000000}", "ParentProcessId=640", `ParentImage=C:\Windows\System32\services.exe`),
		"1 image name with a hyphen and no extension": sysmonTAEvent("1", sysmonKeywords,
			"ProcessId=900", `Image=C:\Tools\run-me`, "ParentProcessId=640", `ParentImage=C:\Tools\launch-it`),
		"3 destination hostname -": sysmonTAEvent("3", sysmonKeywords,
			"ProcessId=4100", `Image=C:\Windows\System32\curl.exe`, "Protocol=udp", "Initiated=false",
			"SourceIp=10.1.2.3", "SourceHostname=-", "SourcePort=53000", "DestinationIsIpv6=true",
			"DestinationIp=fe80::1", "DestinationHostname=-", "DestinationPort=53"),
		"4 state change": sysmonTAEvent("4", sysmonKeywords, "UtcTime=2024-05-02 10:00:00.100", "State=Started", "Version=15.14", "SchemaVersion=4.90"),
		"7 module with a stream suffix": sysmonTAEvent("7", sysmonKeywords,
			"ProcessGuid={1B2C3D4E-0007-0000-0000-000000000007}", "ProcessId=2200", `Image=C:\Program Files\App\app.exe`,
			`ImageLoaded=C:\Users\bob\AppData\Local\Temp\evil.dll:payload`, "OriginalFileName=evil.dll",
			"Signed=true", "SignatureStatus=Valid", "User=CORP\\bob"),
		"11 file overwritten (CreationUtcTime older)": sysmonTAEvent("11", sysmonKeywords,
			"UtcTime=2024-05-02 10:00:00.100", "ProcessId=1500", `Image=C:\Windows\explorer.exe`,
			`TargetFilename=C:\Users\bob\Downloads\setup.exe:Zone.Identifier`, "CreationUtcTime=2023-01-01 09:00:00.000"),
		"12 value deleted": sysmonTAEvent("12", sysmonKeywords, "EventType=DeleteValue", "ProcessId=700", `Image=C:\Windows\regedit.exe`,
			`TargetObject=HKLM\SOFTWARE\Acme\Run\Updater`),
		"13 default value": sysmonTAEvent("13", sysmonKeywords, "EventType=SetValue", "ProcessId=700", `Image=C:\Windows\regedit.exe`,
			`TargetObject=HKU\S-1-5-21-1\Software\Classes\ms-settings\shell\open\command\(Default)`, `Details=C:\Temp\x.exe`),
		"13 value name that is not one word": sysmonTAEvent("13", sysmonKeywords, "EventType=SetValue", "ProcessId=700", `Image=C:\Windows\regedit.exe`,
			`TargetObject=HKLM\SOFTWARE\Microsoft\Cryptography\Providers\Trust\FinalPolicy\{00AAC56B-CD44-11D0-8CC2-00C04FC295EE}\$DLL`, `Details=C:\Temp\sip.dll`),
		"14 key renamed, audit keyword": sysmonTAEvent("14", sysmonKeywords, "EventType=RenameKey", "ProcessId=700", `Image=C:\Windows\regedit.exe`,
			`TargetObject=HKLM\SOFTWARE\Acme\Old`, `NewName=HKLM\SOFTWARE\Acme\New`),
		"14 key renamed, other keyword": sysmonTAEvent("14", "0x4000000000000000", "EventType=RenameKey", "ProcessId=700", `Image=C:\Windows\regedit.exe`,
			`TargetObject=HKLM\SOFTWARE\Acme\Old`, `NewName=HKLM\SOFTWARE\Acme\New`),
		"15 downloaded file": sysmonTAEvent("15", sysmonKeywords, "ProcessId=5000", `Image=C:\Program Files\Browser\browser.exe`,
			`TargetFilename=C:\Users\bob\Downloads\tool.zip:Zone.Identifier`, "Hash=SHA256=AB12",
			"HostUrl=https://files.example.net/pub/tool.zip", "ReferrerUrl=https://www.example.net/"),
		"16 config changed": sysmonTAEvent("16", sysmonKeywords, `Configuration=C:\Windows\sysmon.xml`, "ConfigurationFileHash=SHA256=00"),
		"19 filter created": sysmonTAEvent("19", sysmonKeywords, "EventType=WmiFilterEvent", "Operation=Created", "User=CORP\\admin",
			"EventNamespace= \"root\\cimv2\"", "Name= \"Updater\"", "Query= \"SELECT * FROM __InstanceModificationEvent\""),
		"255 error": sysmonTAEvent("255", sysmonKeywords, "ID=DriverCommunication", "Description=Failed to open the driver"),
	}
	events := map[string]event.Row{}
	row := func(name string) event.Row {
		if r, ok := events[name]; ok {
			return r
		}
		var r event.Row
		if file, ok := strings.CutPrefix(name, "ds:"); ok {
			r = exampleRow(t, "sysmon_eventid_"+file+".yml")
		} else {
			raw, ok := written[name]
			if !ok {
				t.Fatalf("no event %q", name)
			}
			r = applyXML(t, raw, sysmon)
		}
		events[name] = r
		return r
	}

	cases := []sysmonTAFieldRow{
		// Process Create (1)
		{"ds:1", "process_exec", "cmd.exe", "EVAL-process_exec: Image after its last backslash"},
		{"ds:1", "process_name", "cmd.exe", "EVAL-process_name"},
		{"ds:1", "process_path", `C:\Windows\System32\cmd.exe`, "EVAL-process_path: Image"},
		{"ds:1", "process_id", "2296", "EVAL-process_id: ProcessId"},
		{"ds:1", "parent_process_path", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, "EVAL-parent_process_path: ParentImage"},
		{"ds:1", "parent_process_name", "powershell.exe", "EVAL-parent_process_name"},
		{"ds:1", "parent_process_guid", "{96128EA2-F211-5F7E-DF00-000000007F01}", "EVAL-parent_process_guid: ParentProcessGuid"},
		{"ds:1", "parent_process_id", "4624", "EVAL-parent_process_id: ParentProcessId"},
		{"ds:1", "original_file_name", "Cmd.Exe", "EVAL-original_file_name"},
		{"ds:1", "os", "Microsoft Windows", "EVAL-os lists 1"},
		{"ds:1", "action", "allowed", "EVAL-action"},
		{"ds:1", "dvc", "win-dc-6764986.attackrange.local", "FIELDALIAS-dvc = Computer AS dvc"},
		{"ds:1", "EventDescription", "Process Create", "LOOKUP-eventcode (eventcode.csv)"},
		{"ds:1", "signature", "Process Create", "LOOKUP-eventcode ... EventDescription AS signature"},
		{"ds:1", "signature_id", "1", "FIELDALIAS-signature_id = EventCode AS signature_id"},
		{"ds:1", "process_hash", "MD5=F4F684066175B77E0C3A000549D2922C,SHA256=935C1861DF1F4018D698E8B65ABFA02D7E9037D8F68CA3C2065B6CA165D44AD2,IMPHASH=3062ED732D4B25D1C64F084DAC97D37A", "EVAL-process_hash: Hashes for 1"},
		{"1 no OriginalFileName, image without extension", "original_file_name", absent, `EVAL-original_file_name skips "-"`},
		{"1 no OriginalFileName, image without extension", "process_name", "psexesvc", `EVAL-process_name: a one-word last part is a name ((\w+)$)`},
		{"1 no OriginalFileName, image without extension", "process", "psexesvc -accepteula", "EVAL-process: CommandLine for 1"},
		{"1 no OriginalFileName, image without extension", "user", `CORP\svc-backup`, "DEVIATION from EVAL-user (which strips the domain): kept, as addon_test.go pins"},
		{"1 image name with a hyphen and no extension", "process_name", `C:\Tools\run-me`, "EVAL-process_name: the look-ahead needs an extension or one word, so the path stays whole"},
		{"1 image name with a hyphen and no extension", "parent_process_name", `C:\Tools\launch-it`, "EVAL-parent_process_name: same regex"},

		// Network Connect (3)
		{"ds:3", "dest", "youssef5.genious.net", "EVAL-dest: DestinationHostname for 3"},
		{"ds:3", "dest_host", "youssef5.genious.net", "EVAL-dest_host"},
		{"ds:3", "app", `C:\Temp\agent_tesla-deob.exe`, "EVAL-app: Image for 3"},
		{"ds:3", "state", "established", "EVAL-state"},
		{"ds:3", "dvc_ip", "10.0.1.14", "FIELDALIAS-dvc_ip = SourceIp AS dvc_ip"},
		{"ds:3", "src", "win-dc-ctus-attack-range-403.attackrange.local", "EVAL-src: SourceHostname"},
		{"ds:3", "transport_dest_port", "tcp/21", `EVAL-transport_dest_port = mvzip(transport,dest_port,"/")`},
		{"ds:3", "direction", "outbound", "EVAL-direction: Initiated=true"},
		{"ds:3", "protocol_version", "ipv4", "EVAL-protocol_version"},
		{"ds:3", "process_path", absent, "EVAL-process_path does not list 3"},
		{"ds:3", "os", absent, "EVAL-os does not list 3"},
		{"3 destination hostname -", "dest", "fe80::1", `EVAL-dest: DestinationIp when the hostname is "-"`},
		{"3 destination hostname -", "dest_host", absent, `EVAL-dest_host skips "-"`},
		{"3 destination hostname -", "src", "10.1.2.3", `EVAL-src: SourceIp when SourceHostname is "-"`},
		{"3 destination hostname -", "direction", "inbound", "EVAL-direction"},
		{"3 destination hostname -", "protocol_version", "ipv6", "EVAL-protocol_version: DestinationIsIpv6=true"},

		// Sysmon Service State Change (4), Config Change (16), Error (255)
		{"4 state change", "status", "started", "EVAL-status: lower(State) for 4"},
		{"4 state change", "description", "Sysmon state changed", "EVAL-description"},
		{"4 state change", "service", "Sysmon", "EVAL-service"},
		{"4 state change", "process_id", "3120", "EVAL-process_id: the Execution ProcessID for 4"},
		{"16 config changed", "status", "started", "EVAL-status"},
		{"16 config changed", "file_path", `C:\Windows\sysmon.xml`, "EVAL-file_path: Configuration for 16"},
		{"16 config changed", "service_name", "Sysmon", "EVAL-service_name"},
		{"255 error", "status", "critical", "EVAL-status"},
		{"255 error", "result", "Failed to open the driver", "EVAL-result: Description for 255"},
		{"255 error", "description", "Error occured within Sysmon", "EVAL-description (the add-on's spelling)"},

		// Process Terminated (5), Driver Loaded (6)
		{"ds:5", "action", "blocked", "EVAL-action: 5 is blocked"},
		{"ds:5", "process", `C:\Users\Public\steam.exe`, "EVAL-process: Image for 5"},
		{"ds:6", "process_path", `C:\Program Files\SplunkUniversalForwarder\etc\apps\Splunk_TA_stream\windows_x86_64\bin\npf.sys`, `EVAL-process_path: ImageLoaded for 6 (branch EventCode IN ("6","7"))`},
		{"ds:6", "action", "allowed", "EVAL-action"},
		{"ds:6", "service_signature_verified", "true", "EVAL-service_signature_verified"},

		// Image Loaded (7)
		{"ds:7", "action", "success", "EVAL-action: 7 is success"},
		{"ds:7", "process_path", `C:\Users\Administrator\AppData\Local\Temp\server.exe`, "EVAL-process_path: Image (7 is in the first list)"},
		{"ds:7", "process_guid", "{8814F3F5-1C07-6500-9600-000000000E03}", "EVAL-process_guid: ProcessGuid"},
		{"ds:7", "process_id", "4440", "EVAL-process_id: ProcessId"},
		{"ds:7", "loaded_file", "server.exe", "EVAL-loaded_file"},
		{"ds:7", "original_file_name", absent, `EVAL-original_file_name skips "-"`},
		{"ds:7", "parent_process_path", absent, "EVAL-parent_process_path covers 1, 8, 10 only (the data source's list is from another add-on version)"},
		{"ds:7", "parent_process_guid", absent, "EVAL-parent_process_guid covers 1, 8, 10 only"},
		{"ds:7", "parent_process_id", absent, "EVAL-parent_process_id covers 1, 8, 10 only"},
		{"7 module with a stream suffix", "loaded_file_path", `C:\Users\bob\AppData\Local\Temp\evil.dll`, `EVAL-loaded_file_path drops ":name"`},
		{"7 module with a stream suffix", "loaded_file", `C:\Users\bob\AppData\Local\Temp\evil.dll:payload`, `EVAL-loaded_file: "evil.dll:payload" neither ends in .ext nor is one word, so the look-ahead fails and the path stays whole`},
		{"7 module with a stream suffix", "process_name", "app.exe", "EVAL-process_name: Image"},
		{"7 module with a stream suffix", "original_file_name", "evil.dll", "EVAL-original_file_name lists 7"},
		{"7 module with a stream suffix", "service_dll_signature_verified", "true", "EVAL-service_dll_signature_verified"},

		// Create Remote Thread (8), Process Access (10)
		{"ds:8", "action", "allowed", "EVAL-action"},
		{"ds:8", "process_guid", "{3381F800-8085-635A-2701-000000008A02}", "EVAL-process_guid: TargetProcessGuid for 8"},
		{"ds:8", "parent_process_guid", "{3381F800-8EB0-635A-1306-000000008A02}", "EVAL-parent_process_guid: SourceProcessGuid for 8"},
		{"ds:8", "parent_process_name", "wermgr.exe", "EVAL-parent_process_name: SourceImage"},
		{"ds:8", "loaded_file", "-", "EVAL-loaded_file: StartModule for 8 (Sysmon wrote -)"},
		{"ds:10", "process_path", `C:\Windows\system32\winlogon.exe`, "EVAL-process_path: TargetImage for 10"},
		{"ds:10", "parent_process_guid", "{3BF36828-9F6D-61F9-390A-02000000CF01}", "EVAL-parent_process_guid: SourceProcessGUID for 10"},
		{"ds:10", "parent_process_id", "1272", "EVAL-parent_process_id: SourceProcessId"},
		{"ds:10", "granted_access", "0x1f3fff", "FIELDALIAS-granted_access"},

		// File Create (11), File Stream Created (15), File Delete (23)
		{"ds:11", "action", "created", "EVAL-action: UtcTime==CreationUtcTime"},
		{"ds:11", "object_category", "file", "EVAL-object_category"},
		{"11 file overwritten (CreationUtcTime older)", "action", "modified", "EVAL-action: UtcTime!=CreationUtcTime"},
		{"11 file overwritten (CreationUtcTime older)", "file_path", `C:\Users\bob\Downloads\setup.exe`, `EVAL-file_path drops ":Zone.Identifier"`},
		{"11 file overwritten (CreationUtcTime older)", "file_name", "setup.exe", "EVAL-file_name"},
		{"ds:15", "file_name", "Good(NLA).txt", "EVAL-file_name: stream suffix dropped"},
		{"ds:15", "file_hash", "MD5=C785C55D5FA3443A11B8417209C4B524,SHA256=D07777E0DC36EBECCE3FA9644F0F44DC4A0B7EDE0CBC1F5D33E8D6CB07AF5B5C,IMPHASH=00000000000000000000000000000000", "EVAL-file_hash: Hash for 15"},
		{"ds:15", "action", "allowed", "EVAL-action"},
		{"15 downloaded file", "url", "https://files.example.net/pub/tool.zip", "FIELDALIAS-url = HostUrl AS url"},
		{"15 downloaded file", "url_domain", "files.example.net", "EVAL-url_domain"},
		{"15 downloaded file", "uri_path", "tool.zip", "EVAL-uri_path"},
		{"15 downloaded file", "url_length", "38", "EVAL-url_length = len(url)"},
		{"15 downloaded file", "http_referrer_domain", "www.example.net", "EVAL-http_referrer_domain"},
		{"ds:23", "action", "deleted", "EVAL-action"},
		{"ds:23", "file_modify_time", "2023-02-01 10:57:09.814", "EVAL-file_modify_time: UtcTime for 23"},

		// Registry (12, 13, 14)
		{"ds:12", "action", "deleted", "EVAL-action: DeleteKey"},
		{"ds:12", "severity_id", "DeleteKey", "Splunk_TA_windows FIELDALIAS-severity_id_for_windows = EventType AS severity_id"},
		{"ds:12", "registry_key_name", "runas", "DEVIATION from EVAL-registry_key_name (TargetObject for 12): next-to-last part, as runner/wide_rows_test.go pins"},
		{"ds:12", "object_path", `HKU\S-1-5-21-2333072374-3391925831-3197092227-1112_Classes\exefile\shell\runas\command`, "EVAL-object_path: TargetObject"},
		{"ds:12", "status", "success", "EVAL-status"},
		{"12 value deleted", "action", "deleted", "EVAL-action: DeleteValue"},
		{"ds:13", "action", "modified", "EVAL-action"},
		{"ds:13", "registry_key_name", "SecureTimeLimits", "DEVIATION from EVAL-registry_key_name (the path without the value name for 13)"},
		{"ds:13", "registry_value_name", "SecureTimeHigh", "EVAL-registry_value_name"},
		{"ds:13", "registry_value_data", "QWORD (0x01d776fd-0xd724b8c5)", "EVAL-registry_value_data: RegistryValueData (stand-in: Details)"},
		{"13 default value", "registry_value_name", "(Default)", `EVAL-registry_value_name: "(Default)" is a name`},
		{"13 default value", "registry_key_name", "command", "DEVIATION from EVAL-registry_key_name"},
		{"13 value name that is not one word", "registry_value_name", `HKLM\SOFTWARE\Microsoft\Cryptography\Providers\Trust\FinalPolicy\{00AAC56B-CD44-11D0-8CC2-00C04FC295EE}\$DLL`, `EVAL-registry_value_name: replace() matches only \w+ names, so "$DLL" leaves TargetObject whole`},
		{"14 key renamed, audit keyword", "object_path", `HKLM\SOFTWARE\Acme\New`, "EVAL-object_path: NewName for 14"},
		{"14 key renamed, audit keyword", "status", "success", "EVAL-status: 14 with Keywords 0x8000000000000000"},
		{"14 key renamed, audit keyword", "action", "modified", "EVAL-action"},
		{"14 key renamed, other keyword", "status", absent, "EVAL-status: 14 with other Keywords"},

		// Pipes (17)
		{"ds:17", "action", "allowed", "EVAL-action"},
		{"ds:17", "severity_id", "CreatePipe", "Splunk_TA_windows FIELDALIAS-severity_id_for_windows"},
		{"ds:17", "pipe_name", `\MSSE-1516-server`, "FIELDALIAS-pipe_name"},

		// WMI (19, 20, 21)
		{"19 filter created", "action", "created", "EVAL-action: 19"},
		{"19 filter created", "result", "created", "EVAL-result: lower(Operation) for 19"},
		{"19 filter created", "object_category", "wmi", "EVAL-object_category"},
		{"ds:20", "DestinationNoQuotes", `C:\\Windows\\System32\\notepad.exe`, "REPORT-sysmon sysmon-DestinationNoQuotes (modelled from its name)"},
		{"ds:20", "object_path", `C:\\Windows\\System32\\notepad.exe`, "EVAL-object_path: DestinationNoQuotes for 20"},
		{"ds:20", "object", "notepad.exe", "EVAL-object: Destination after its last backslash, quotes removed"},
		{"ds:20", "action", "deleted", `EVAL-action: Operation="Deleted"`},
		{"ds:20", "change_type", "filesystem", "EVAL-change_type"},
		{"ds:20", "object_category", "wmi", "EVAL-object_category"},
		{"ds:20", "user_name", "Administrator", "EVAL-user_name: User without its domain"},
		{"ds:20", "src", "win-dc-935.attackrange.local", "EVAL-src: Computer for 19-22"},
		{"ds:20", "status", "success", "EVAL-status"},
		{"ds:20", "result", absent, "EVAL-result: 19 and 21 only"},
		{"ds:20", "signature", "WmiEventConsumer activity detected", "LOOKUP-eventcode"},
		{"ds:20", "severity_id", "WmiConsumerEvent", "Splunk_TA_windows FIELDALIAS-severity_id_for_windows"},
		{"ds:21", "ConsumerNoQuotes", `CommandLineEventConsumer.Name=\"Evil Persistence\"`, "REPORT-sysmon sysmon-ConsumerNoQuotes"},
		{"ds:21", "object_path", `CommandLineEventConsumer.Name=\"Evil Persistence\"`, "EVAL-object_path: ConsumerNoQuotes for 21"},
		{"ds:21", "object", "Evil Persistence", `EVAL-object: Consumer's name between \" and \""`},
		{"ds:21", "object_attrs", `__EventFilter.Name=\"Evil Persistence\"`, "FIELDALIAS-object_attrs = FilterNoQuotes AS object_attrs"},
		{"ds:21", "result", "modified", "EVAL-result: lower(Operation)"},
		{"ds:21", "action", absent, "EVAL-action: Modified is neither Created nor Deleted"},
		{"ds:21", "user_name", "Administrator", "EVAL-user_name"},

		// DNS Query (22)
		{"ds:22", "query", "50.220.65.3.spam.dnsbl.sorbs.net", "FIELDALIAS-QueryName"},
		{"ds:22", "query_count", "1", "EVAL-query_count = mvcount(query)"},
		{"ds:22", "reply_code_id", "9003", "FIELDALIAS-QueryStatus"},
		{"ds:22", "src", "win-dc-299.attackrange.local", "EVAL-src: Computer for 22"},
		{"ds:22", "process_name", "wermgr.exe", "EVAL-process_name lists 22"},
		{"ds:22", "process_path", absent, "EVAL-process_path does not list 22"},
		{"ds:22", "process_id", absent, "EVAL-process_id does not list 22"},
		{"ds:22", "dest", absent, "EVAL-dest does not list 22: a null calculated field removes Splunk_TA_windows' dest"},
	}
	for _, c := range cases {
		t.Run(c.event+"/"+c.field, func(t *testing.T) {
			got := row(c.event).Get(c.field)
			gotS := strings.Join(got, "|")
			if got.Null() {
				gotS = absent
			}
			if gotS != c.want {
				t.Errorf("%s = %q, want %q (%s)", c.field, gotS, c.want, c.why)
			}
		})
	}
}
