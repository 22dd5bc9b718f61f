package ingest

import (
	"strings"
	"testing"
)

// The XML extraction as Splunk_TA_windows' transforms.conf does it
// (system_props_xml_attributes, eventdata_xml_block with
// <EventData(?:\s+[^>]+)?>, eventdata_xml_data with CLEAN_KEYS,
// userdata_xml_block, system_props_xml_kv): raw event -> fields.
func TestWindowsXMLExtraction(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want map[string]string
	}{
		{"every System attribute, whatever the element (Sysmon for Linux's <Security UserId>)",
			`<Event><System><Provider Name='Linux-Sysmon' Guid='{ff032593-a8d3-4f13-b0d6-01fc615a0f97}'/><EventID>1</EventID><Execution ProcessID='21' ThreadID='21'/><Security UserId='0'/></System><EventData><Data Name='Image'>/bin/sh</Data></EventData></Event>`,
			map[string]string{"UserId": "0", "ProcessID": "21", "Name": "Linux-Sysmon", "Image": "/bin/sh"}},
		{"EventData with attributes (TaskScheduler's <EventData Name='ActionStart'>)",
			`<Event><System><EventID>200</EventID><Channel>Microsoft-Windows-TaskScheduler/Operational</Channel></System><EventData Name='ActionStart'><Data Name='TaskName'>\T1</Data><Data  Name='EnginePID'>536</Data></EventData></Event>`,
			map[string]string{"TaskName": `\T1`, "EnginePID": "536", "EventData_Xml": `<Data Name='TaskName'>\T1</Data><Data  Name='EnginePID'>536</Data>`}},
		{"Data names cleaned as CLEAN_KEYS does (Defender's 'Product Name', 'Old Value')",
			`<Event><System><EventID>5007</EventID></System><EventData><Data Name='Product Name'>Microsoft Defender Antivirus</Data><Data Name='Old Value'>HKLM\x = 0x1</Data></EventData></Event>`,
			map[string]string{"Product_Name": "Microsoft Defender Antivirus", "Old_Value": `HKLM\x = 0x1`}},
		{"UserData kept whole as UserData_Xml, its leaves by name",
			`<Event><System><EventID>1102</EventID></System><UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>bob</SubjectUserName></LogFileCleared></UserData></Event>`,
			map[string]string{"SubjectUserName": "bob", "UserData_Xml": `<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>bob</SubjectUserName></LogFileCleared>`}},
		{"an element never closed is skipped, the rest of System still read (security_content's 5141 has <Le>0</Level>)",
			`<Event><System><EventID>5141</EventID><Le>0</Level><Task>14081</Task><Channel>Security</Channel><Computer>dc1</Computer></System></Event>`,
			map[string]string{"EventID": "5141", "Task": "14081", "Channel": "Security", "Computer": "dc1", "Le": absent, "Level": absent}},
		{"an element whose name only starts like a section is not that section",
			`<Event><System><EventID>1</EventID></System><EventDataX><Data Name='A'>1</Data></EventDataX></Event>`,
			map[string]string{"A": absent, "EventData_Xml": absent}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string][]string{}
			ExtractWinXML(tc.raw, func(k, v string) { got[k] = append(got[k], v) })
			for k, want := range tc.want {
				vs := got[k]
				switch {
				case want == absent && len(vs) > 0:
					t.Errorf("%s = %q, want no field", k, vs)
				case want != absent && (len(vs) != 1 || vs[0] != want):
					t.Errorf("%s = %q, want %q", k, vs, want)
				}
			}
		})
	}
}

// [source::XmlWinEventLog:System] of Splunk_TA_windows 8.4.0: raw event ->
// field values (see addons/windows_system.yml).
func TestWindowsSystemXMLFields(t *testing.T) {
	system := func(eventID, data string) string {
		return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/><EventID Qualifiers='16384'>` +
			eventID + `</EventID><TimeCreated SystemTime='2022-09-01T10:00:00.000000000Z'/><Channel>System</Channel><Computer>ws1</Computer><Security UserID='S-1-5-18'/></System><EventData>` + data + `</EventData></Event>`
	}
	cases := []struct {
		name string
		raw  string
		want map[string]string
	}{
		{"7036 service stopped (security_content's example): param1 is the service",
			system("7036", `<Data Name='param1'>sppsvc</Data><Data Name='param2'>stopped</Data><Binary>7300</Binary>`),
			map[string]string{"ServiceName": "sppsvc", "service": "sppsvc", "service_name": "sppsvc", "status": "stopped", "Error_Code": "-",
				"EventCode": "7036", "Qualifiers": "16384", "EventSourceName": "Service Control Manager", "user_id": "S-1-5-18"}},
		{"7036 running is reported as started",
			system("7036", `<Data Name='param1'>Windows Update</Data><Data Name='param2'>running</Data>`),
			map[string]string{"status": "started", "service_name": "Windows Update"}},
		{"7040 start type changed to disabled (start_mode the Win Updates detection groups by)",
			system("7040", `<Data Name='param1'>Windows Update</Data><Data Name='param2'>demand start</Data><Data Name='param3'>disabled</Data><Data Name='param4'>wuauserv</Data>`),
			map[string]string{"start_mode": "disabled", "service_name": "Windows Update", "status": absent}},
		{"7040 to a start type whose start_mode is not known gets none",
			system("7040", `<Data Name='param1'>Windows Update</Data><Data Name='param3'>auto start</Data>`),
			map[string]string{"start_mode": absent}},
		{"7045 service installed: ServiceName is its own Data",
			system("7045", `<Data Name='ServiceName'>PSEXESVC</Data><Data Name='ImagePath'>%SystemRoot%\PSEXESVC.exe</Data><Data Name='StartType'>demand start</Data>`),
			map[string]string{"service": "PSEXESVC", "service_name": "PSEXESVC", "start_mode": absent, "Error_Code": "-"}},
	}
	meta := Meta{Source: "XmlWinEventLog:System", Sourcetype: "XmlWinEventLog"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := applyXML(t, tc.raw, meta)
			for k, want := range tc.want {
				switch got := r.Get(k); {
				case want == absent && !got.Null():
					t.Errorf("%s = %q, want no field", k, got)
				case want != absent && got.String() != want:
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// FuzzWindowsXMLFields: whatever the bytes, the extraction does not panic,
// every block field (System_Props_Xml, EventData_Xml, UserData_Xml) is a
// piece of the event, and no field name is empty or holds a space (Data
// names are cleaned).
func FuzzWindowsXMLFields(f *testing.F) {
	for _, seed := range []string{
		`<Event><System><EventID>1</EventID><Security UserId='0'/></System><EventData Name='x'><Data Name='A B'>v</Data></EventData></Event>`,
		`<Event><System><Le>0</Level><Task>1</Task></System><UserData><X><Y>z</Y></X></UserData></Event>`,
		`<Event><System><EventID>1`, `<EventData `, `<EventData/><EventData>`, `<System a='1'/>`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ExtractWinXML(raw, func(name, value string) {
			if name == "" || strings.ContainsAny(name, " \t") && !strings.HasSuffix(name, "_Xml") {
				t.Fatalf("field name %q from %q", name, raw)
			}
			if strings.HasSuffix(name, "_Xml") && !strings.Contains(raw, value) {
				t.Fatalf("%s = %q is not part of %q", name, value, raw)
			}
		})
	})
}

// security_content's Defender tests label XML events source
// WinEventLog:Microsoft-Windows-Windows Defender/Operational, sourcetype
// xmlwineventlog; their detections read the XML fields, which the add-on
// extracts by sourcetype.
func TestWindowsDefenderXMLUnderClassicSource(t *testing.T) {
	raw := `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Windows Defender' Guid='{11cd958a-c507-4ef3-b3f2-5fd9dfbd2c78}'/><EventID>5007</EventID><TimeCreated SystemTime='2023-11-27T10:39:16.1740105Z'/><EventRecordID>3726</EventRecordID><Channel>Microsoft-Windows-Windows Defender/Operational</Channel><Computer>researchvmhaa</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='Product Name'>Microsoft Defender Antivirus</Data><Data Name='Old Value'>HKLM\SOFTWARE\Microsoft\Windows Defender\Features\Controls\48 = 0x1</Data><Data Name='New Value'></Data></EventData></Event>`
	r := applyXML(t, raw, Meta{Source: "WinEventLog:Microsoft-Windows-Windows Defender/Operational", Sourcetype: "xmlwineventlog"})
	for k, want := range map[string]string{"EventCode": "5007", "Product_Name": "Microsoft Defender Antivirus",
		"Old_Value": `HKLM\SOFTWARE\Microsoft\Windows Defender\Features\Controls\48 = 0x1`, "dest": "researchvmhaa", "user_id": "S-1-5-18"} {
		if got := r.Get(k).String(); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !r.Get("New_Value").Null() {
		t.Errorf("New_Value = %q, want no field (empty Data)", r.Get("New_Value"))
	}
}
