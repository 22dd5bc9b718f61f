package runner_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/runner"
)

// project keeps the named columns of every row, as "col=value" strings
// joined by " | ", so whole rows compare in one assertion.
func project(rows []event.Row, cols ...string) []string {
	var out []string
	for _, r := range rows {
		s := ""
		for i, c := range cols {
			if i > 0 {
				s += " | "
			}
			s += c + "=" + r.Get(c).String()
		}
		out = append(out, s)
	}
	return out
}

// The rows below were worked out by hand from the events (the .raw file read
// as text; the EVTX records dumped with the evtx library's own JSON), not
// from dactest's output.
var _ = Describe("exact result rows of the seven real cases", Ordered, func() {
	var results map[string]runner.TestResult
	BeforeAll(func() { results = runManifest("real-detections.yml") })

	It("certutil -exportPFX: the 11 Sysmon EventID 1 certutil runs with -exportPFX, one row each", func() {
		// 40 XML events: 20 Sysmon EventID 1 and 20 Security 4688. The case
		// labels all of them with the Sysmon source, so the 4688 events match
		// no Sysmon eventtype and never reach Endpoint.Processes.
		r := results["certutil-exportpfx-sysmon-xml"]
		Expect(r.ResultCount).To(Equal(11))
		Expect(project(r.Rows, "process_id", "process")).To(ConsistOf(
			`process_id=5208 | process=certutil.exe  -exportPFX  powershellcert.pfx `,
			`process_id=5980 | process=certutil.exe  -exportPFX powershellcert.pfx`,
			`process_id=520 | process=certutil.exe  -exportPFX powershellcert.pfx `,
			`process_id=5904 | process=certutil.exe  -exportPFX powershellcert.pfx `,
			`process_id=1528 | process=certutil.exe  -exportPFX powershellcert.pfx -?`,
			`process_id=4560 | process=certutil.exe  -exportPFX powershellcert.pfx -p`,
			`process_id=2892 | process=certutil.exe  -exportpfx  powershellcert.pfx `,
			`process_id=4916 | process=certutil.exe  -p -exportPFX powershellcert.pfx `,
			`process_id=5812 | process=certutil.exe  -p password1234 -exportPFX powershellcert.pfx `,
			`process_id=4964 | process=certutil.exe  -privatekey -exportpfx  powershellcert.pfx `,
			`process_id=2884 | process=certutil.exe  -privatekey -exportpfx "powershell" powershellcert.pfx `,
		))
		for _, row := range project(r.Rows, "dest", "parent_process_name", "parent_process_id", "process_name", "count") {
			Expect(row).To(Equal(`dest=win-dc-791937.attackrange.local | parent_process_name=cmd.exe | parent_process_id=5884 | process_name=certutil.exe | count=1`))
		}
	})

	It("remote image load: both loads of lsadb.dll from the share group into one row", func() {
		r := results["remote-image-load-sysmon-evtx"]
		Expect(project(r.Rows, "dest", "ImageLoaded", "loaded_file", "process_name", "process_id", "process_guid",
			"signature_id", "user_id", "service_dll_signature_exists", "vendor_product", "count")).To(Equal([]string{
			`dest=02694w-win10.threebeesco.com | ImageLoaded=\\172.16.66.254\shared\lsadb.dll | loaded_file=lsadb.dll | ` +
				`process_name=lsass.exe | process_id=636 | process_guid={6A3C3EF2-50EE-5F7C-0000-0010237C0000} | ` +
				`signature_id=7 | user_id=S-1-5-18 | service_dll_signature_exists=false | vendor_product=Microsoft Sysmon | count=2`,
		}))
	})

	procdumpRows := func(user, originalFileName string) []string {
		const ma = `C:\AtomicRedTeam\atomics\T1003.001\bin\procdump.exe  -accepteula -ma lsass.exe C:\Windows\Temp\lsass_dump.dmp`
		const mm = `C:\AtomicRedTeam\atomics\T1003.001\bin\procdump.exe  -accepteula -mm lsass.exe C:\Windows\Temp\lsass_dump.dmp`
		row := func(parent, name, process, first string) string {
			return "user=" + user + " | parent_process_name=" + parent + " | process_name=" + name + " | process=" + process +
				" | original_file_name=" + originalFileName + " | dest=win-host-mhaag-attack-range-117 | firstTime=" + first
		}
		return []string{
			row("cmd.exe", "procdump.exe", ma, "2022-08-31T19:18:45"),
			row("procdump.exe", "procdump64.exe", ma, "2022-08-31T19:18:46"),
			row("cmd.exe", "procdump.exe", mm, "2022-08-31T19:18:46"),
			row("procdump.exe", "procdump64.exe", mm, "2022-08-31T19:18:46"),
		}
	}
	cols := []string{"user", "parent_process_name", "process_name", "process", "original_file_name", "dest", "firstTime"}

	It("procdump via Sysmon: procdump.exe and its procdump64.exe child, for -ma and -mm", func() {
		// cmd.exe's own command line holds -ma and lsass too, but neither its
		// name nor its OriginalFileName (Cmd.Exe) matches `process_procdump`.
		r := results["procdump-lsass-sysmon-evtx"]
		Expect(project(r.Rows, cols...)).To(ConsistOf(procdumpRows(`WIN-HOST-MHAAG-\Administrator`, "procdump")))
	})

	It("procdump via Security 4688: the same four, with original_file_name filled by the data model", func() {
		// 4688 carries no OriginalFileName. Splunk_SA_CIM 6.1.0's
		// Endpoint.Processes calculation Endpoint_Processes_fillnull_*
		// (if(isnull(original_file_name) OR original_file_name="","unknown",
		// original_file_name)) fills it before tstats groups, so the row is
		// kept with "unknown"; without that calculation tstats' fillnull_value
		// ("null", `fillnull_config`) would have kept it.
		r := results["procdump-lsass-security-4688-evtx"]
		Expect(project(r.Rows, cols...)).To(ConsistOf(procdumpRows("Administrator", "unknown")))
	})

	It("hh.exe -decompile: the one hh.exe run", func() {
		r := results["hh-decompile-sysmon-evtx"]
		Expect(project(r.Rows, "dest", "process_name", "process_id", "parent_process_id", "parent_process_name", "firstTime")).To(Equal([]string{
			`dest=win-host-mhaag-attack-range-117 | process_name=hh.exe | process_id=1696 | parent_process_id=5172 | parent_process_name=cmd.exe | firstTime=2022-08-31T20:39:14`,
		}))
	})

	It("negative cases return no row at all", func() {
		for _, id := range []string{"certutil-on-unrelated-data", "remote-image-load-on-local-loads"} {
			Expect(results[id].ResultCount).To(BeZero(), id)
			Expect(results[id].Status).To(Equal(runner.Pass), id)
		}
	})
})
