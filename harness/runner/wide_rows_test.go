package runner_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/runner"
)

// The rows below were worked out by hand: every EVTX record of each case was
// dumped with the velocidex evtx library's own JSON (a throwaway program,
// not dactest's reader, so integers come out raw: GrantedAccess 4112,
// AccessMask 2, TicketOptions 1082195968), and each search was applied by
// reading it. Where a value is the Windows rendering of such an integer the
// comment says so (Windows renders hex-typed EventData as 0x%x).
var _ = Describe("exact result rows of the twenty wide real cases", Ordered, func() {
	var results map[string]runner.TestResult
	BeforeAll(func() { results = runManifest("real-detections-wide.yml") })

	It("SIP provider: the six Sysmon 13 SetValue of ...\\Dll under OID\\EncodingType 0 collapse into one row", func() {
		// 27 records; six are SetValue on CryptSIPDll{Put,Get,Remove}SignedDataMsg,
		// CryptSIPDll{Create,Verify}IndirectData and CryptSIPDllIsMyFileType2
		// \{E59B...}\Dll, all with the same Details (MySIP.dll), User and Computer:
		// the by-fields dest, user, value name and data are equal, so one row, count 6.
		// The FuncName values and the CreateKey records fail registry_value_name IN (Dll,$DLL).
		r := results["sip-provider-dll-sysmon13-registry"]
		Expect(project(r.Rows, "dest", "user", "registry_value_name", "registry_value_data", "count")).To(Equal([]string{
			`dest=WIN | user=WIN\Admin | registry_value_name=Dll | ` +
				`registry_value_data=C:\Users\Admin\source\repos\PoCSubjectInterfacePackage\x64\Debug\MySIP.dll | count=6`,
		}))
		paths := []string(r.Rows[0].Get("registry_path"))
		Expect(paths).To(HaveLen(6))
		for _, p := range paths {
			Expect(p).To(MatchRegexp(`^HKLM\\SOFTWARE\\Microsoft\\Cryptography\\OID\\EncodingType 0\\CryptSIPDll\w+\\\{E59B6E68-3312-4738-961F-DB9405B2DDCB\}\\Dll$`))
		}
	})

	It("service ImagePath: the one SetValue of Services\\BTOBTO\\ImagePath, user filled with \"unknown\"", func() {
		// Four records: Start twice (value name Start), one Sysmon 11, and one
		// SetValue of ImagePath. That Sysmon 13 (schema without User) has no
		// user; Splunk_SA_CIM 6.1.0's Endpoint.Registry calculation fills
		// Registry.user with "unknown", so the row is kept.
		// _time span=1h: 1619449385.945 floors to 1619449200.
		r := results["service-imagepath-sysmon13-registry"]
		Expect(project(r.Rows, "_time", "dest", "user", "registry_path", "registry_key_name", "registry_value_name",
			"registry_value_data", "process_guid", "count")).To(Equal([]string{
			`_time=1619449200 | dest=fs02.offsec.lan | user=unknown | registry_path=HKLM\System\CurrentControlSet\Services\BTOBTO\ImagePath | ` +
				`registry_key_name=BTOBTO | registry_value_name=ImagePath | ` +
				`registry_value_data=%%COMSPEC%% /Q /c echo cd  ^&gt; \\127.0.0.1\C$\__output 2^&gt;^&amp;1 &gt; %%TEMP%%\execute.bat &amp; %%COMSPEC%% /Q /c %%TEMP%%\execute.bat &amp; del %%TEMP%%\execute.bat | ` +
				`process_guid={7CF65FC7-2E58-6080-0A00-000000002000} | count=1`,
		}))
	})

	It("sethc: only the PowerShell write of System32\\sethc.exe (seth2c.exe is not a match)", func() {
		// Two Sysmon 11: cmd.exe writes seth2c.exe, powershell.exe writes sethc.exe.
		// Neither carries User; Splunk_SA_CIM 6.1.0's Endpoint.Filesystem
		// calculation fills Filesystem.user with "unknown".
		r := results["sethc-overwrite-sysmon11-filesystem"]
		Expect(project(r.Rows, "file_name", "dest", "file_path", "user", "count", "firstTime")).To(Equal([]string{
			`file_name=sethc.exe | dest=fs02.offsec.lan | file_path=C:\Windows\System32\sethc.exe | user=unknown | count=1 | firstTime=2021-04-26T14:16:47`,
		}))
	})

	It("procdump: the two procdump64.exe accesses whose CallTrace goes through dbgcore.dll", func() {
		// Eight Sysmon 10 on lsass.exe: procdump.exe (6168, 6012) and procdump64.exe
		// (8112, 5084) each twice, wmiprvse.exe twice; only one access per
		// procdump64.exe run has dbgcore.dll in CallTrace. OR binds tighter
		// than the implicit AND in the search command, so the CallTrace pair
		// is one term.
		r := results["lsass-dump-dbgcore-sysmon10-procdump"]
		const row = `dest=win-host-mhaag-attack-range-117 | TargetImage=C:\Windows\system32\lsass.exe | TargetProcessId=636 | ` +
			`SourceImage=C:\AtomicRedTeam\atomics\T1003.001\bin\procdump64.exe | SourceProcessId=`
		Expect(project(r.Rows, "dest", "TargetImage", "TargetProcessId", "SourceImage", "SourceProcessId", "count")).To(ConsistOf(
			row+`8112 | count=1`, row+`5084 | count=1`))
	})

	It("mimikatz: GrantedAccess 4112 is rendered 0x1010 and matches", func() {
		r := results["lsass-access-mask-sysmon10-mimikatz"]
		Expect(project(r.Rows, "dest", "SourceImage", "SourceProcessId", "TargetImage", "TargetProcessId", "EventCode", "GrantedAccess", "count")).To(Equal([]string{
			`dest=FS03.offsec.lan | SourceImage=C:\TOOLS\Mimikatzx64\mimikatz.exe | SourceProcessId=2032 | ` +
				`TargetImage=C:\Windows\system32\lsass.exe | TargetProcessId=512 | EventCode=10 | GrantedAccess=0x1010 | count=1`,
		}))
	})

	It("Defender exclusions: the two Set-MpPreference -Exclusion* script blocks, not the prompts", func() {
		r := results["defender-exclusion-powershell-4104"]
		const who = ` | dest=win10-02.offsec.lan | user=S-1-5-21-4230534742-2542757381-3142984815-1111 | count=1`
		Expect(project(r.Rows, "EventCode", "ScriptBlockText", "dest", "user", "count")).To(ConsistOf(
			`EventCode=4104 | ScriptBlockText=Set-MpPreference -ExclusionPath c:\document\virus\`+who,
			`EventCode=4104 | ScriptBlockText=Set-MpPreference -ExclusionExtension '.exe'`+who,
		))
	})

	It("delete shadow copy: the Win32_Shadowcopy block; its nested {$_.Delete();} block names no ShadowCopy", func() {
		r := results["delete-shadowcopy-powershell-4104"]
		Expect(project(r.Rows, "Opcode", "dest", "user", "EventCode", "ScriptBlockText", "count")).To(Equal([]string{
			`Opcode=15 | dest=FS03.offsec.lan | user=S-1-5-21-4230534742-2542757381-3142984815-1111 | EventCode=4104 | ` +
				`ScriptBlockText=Get-WmiObject Win32_Shadowcopy | ForEach-Object {$_.Delete();} | count=1`,
		}))
	})

	It("4781: only the rename from compnay-88$ to rootdc1 (the rename back ends in $)", func() {
		r := results["computer-account-rename-security-4781"]
		Expect(project(r.Rows, "_time", "dest", "OldTargetUserName", "NewTargetUserName")).To(Equal([]string{
			`_time=1639492968.908377 | dest=rootdc1.offsec.lan | OldTargetUserName=compnay-88$ | NewTargetUserName=rootdc1`,
		}))
	})

	It("kerberoast: the one RC4 (23 = 0x17) ticket for Svc-SQL-DB01 with options 1082195968 = 0x40810000", func() {
		// The first record has an empty ServiceName (no field, so != fails)
		// and type 0xffffffff; the rest are AES (18) or end in $.
		r := results["kerberoast-rc4-security-4769"]
		Expect(project(r.Rows, "dest", "service_id", "service", "TicketEncryptionType", "TicketOptions", "count")).To(Equal([]string{
			`dest=rootdc1.offsec.lan | service_id=S-1-5-21-4230534742-2542757381-3142984815-1171 | service=Svc-SQL-DB01 | ` +
				`TicketEncryptionType=0x17 | TicketOptions=0x40810000 | count=1`,
		}))
	})

	It("5145: PSEXESVC.exe and cmd.exe written (AccessMask 2 = 0x2) to \\\\*\\ADMIN$", func() {
		// Nine 5145: the same two files also appear with wider masks
		// (1180054, 1507743) and the IPC$ pipes are not .exe/.dll.
		r := results["exe-written-admin-share-security-5145"]
		row := func(file, port string) string {
			return `EventCode=5145 | ShareName=\\*\ADMIN$ | RelativeTargetName=` + file +
				` | ObjectType=File | AccessMask=0x2 | src_user=admmig | src_port=` + port + ` | IpAddress=10.23.42.22 | count=1`
		}
		Expect(project(r.Rows, "EventCode", "ShareName", "RelativeTargetName", "ObjectType", "AccessMask", "src_user", "src_port", "IpAddress", "count")).To(ConsistOf(
			row("PSEXESVC.exe", "56661"), row("cmd.exe", "56664")))
	})

	It("4698: the ATexec task running cmd.exe", func() {
		r := results["task-spawn-shell-security-4698"]
		Expect(project(r.Rows, "dest", "TaskName", "count")).To(Equal([]string{`dest=fs01.offsec.lan | TaskName=\bouWFQYO | count=1`}))
		// The task XML as Windows escaped it inside the event's XML: the
		// add-on's regexes decode no entities.
		Expect(r.Rows[0].Get("TaskContent").String()).To(ContainSubstring(`&lt;Command&gt;cmd.exe&lt;/Command&gt;`))
	})

	It("4732: admmig adds a member to DnsAdmins", func() {
		// user is the add-on's EVAL (TargetUserName unless "-"), i.e. the group.
		r := results["dnsadmins-member-added-security-4732"]
		Expect(project(r.Rows, "dest", "src_user", "target_users_added", "user")).To(Equal([]string{
			`dest=rootdc1.offsec.lan | src_user=admmig | target_users_added=DnsAdmins | user=DnsAdmins`,
		}))
	})

	It("7045 suspicious path: D:\\Service\\test.exe only (the others end in a quote, /service or .sys)", func() {
		r := results["service-suspicious-path-system-7045"]
		Expect(project(r.Rows, "EventCode", "ImagePath", "ServiceName", "ServiceType", "StartType", "dest", "UserID", "count")).To(Equal([]string{
			`EventCode=7045 | ImagePath=D:\Service\test.exe | ServiceName=WCESERVICE | ServiceType=user mode service | ` +
				`StartType=demand start | dest=jump01.offsec.lan | UserID=S-1-5-21-4230534742-2542757381-3142984815-1111 | count=1`,
		}))
	})

	It("7045 driver path: both mimidrv.sys installs in one row; npcap is under \\SystemRoot\\", func() {
		r := results["driver-nonstandard-path-system-7045"]
		Expect(project(r.Rows, "dest", "EventCode", "ImagePath", "ServiceName", "ServiceType", "count")).To(Equal([]string{
			`dest=jump01.offsec.lan | EventCode=7045 | ImagePath=C:\TOOLS\Security_tool\Mimikatz-fev-2020\mimidrv.sys | ` +
				`ServiceName=mimikatz driver (mimidrv) | ServiceType=kernel mode driver | count=2`,
		}))
	})

	It("negative cases return no row at all", func() {
		// Start value, not ImagePath; GrantedAccess 0x1fffff; Disable* switches
		// with no -Exclusion; AES (18) tickets; LogonType 2 with IpAddress "-";
		// 245 Tchopper services run `powershell -command`, none -nop/-w hidden/-noexit/-enc.
		for _, id := range []string{"service-imagepath-on-start-value-sysmon13", "lsass-access-mask-on-full-access-sysmon10",
			"defender-exclusion-on-disable-features-4104", "kerberoast-on-aes-tickets-security-4769",
			"remote-failed-auth-on-local-bruteforce-4625", "malicious-powershell-service-on-tchopper-7045"} {
			Expect(results[id].ResultCount).To(BeZero(), id)
			Expect(results[id].Status).To(Equal(runner.Pass), id)
		}
	})
})
