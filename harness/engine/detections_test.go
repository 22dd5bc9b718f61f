package engine

import (
	"context"
	"path/filepath"
	"testing"
)

// The acceptance detections, compiled from the real corpus (search and
// macros), run over hand-made events whose rows are worked out by hand.
// The replay of the real attack data is the runner's acceptance test.

const certutilEvents = `
_time=1610668900.145335; tag=process|report; dest=win-dc; user=admin; parent_process=C:\Windows\cmd.exe; parent_process_name=cmd.exe; process_name=certutil.exe; process=certutil.exe -exportPFX -p pw My 1 out.pfx; process_id=0x1f0; parent_process_id=0x1e0
_time=1610668950; tag=process|report; dest=win-dc; user=admin; parent_process=C:\Windows\cmd.exe; parent_process_name=cmd.exe; process_name=certutil.exe; process=certutil.exe -urlcache -f http://x; process_id=0x1f4; parent_process_id=0x1e0
_time=1610669000; tag=process; dest=win-dc; user=admin; process_name=certutil.exe; process=certutil.exe -exportPFX
`

func TestCertutilDetection(t *testing.T) {
	res := runDetection(t, "security_content", "certutil_exe_certificate_extraction.yml", certutilEvents)
	want := normalizeWant(`
dest;user;parent_process;parent_process_name;process_name;process;process_id;parent_process_id;count;firstTime;lastTime
win-dc;admin;C:\Windows\cmd.exe;cmd.exe;certutil.exe;certutil.exe -exportPFX -p pw My 1 out.pfx;0x1f0;0x1e0;1;2021-01-15T00:01:40;2021-01-15T00:01:40`)
	if got := renderTable(res.Table); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// Procdump: original_file_name missing on the event is filled with "null"
// by fillnull_value=null, so the row survives as in Splunk.
func TestProcdumpDetection(t *testing.T) {
	res := runDetection(t, "security_content", "dump_lsass_via_procdump.yml", `
_time=100; tag=process|report; dest=d; user=u; parent_process_name=cmd.exe; process_name=procdump64.exe; process=procdump64.exe -accepteula -ma lsass.exe out.dmp
_time=200; tag=process|report; dest=d; user=u; parent_process_name=cmd.exe; process_name=procdump64.exe; process=procdump64.exe -accepteula -n 3 notepad.exe
`)
	want := normalizeWant(`
user;parent_process_name;process_name;process;original_file_name;dest;count;firstTime;lastTime
u;cmd.exe;procdump64.exe;procdump64.exe -accepteula -ma lsass.exe out.dmp;unknown;d;1;1970-01-01T00:01:40;1970-01-01T00:01:40`)
	if got := renderTable(res.Table); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestHHDecompileDetection(t *testing.T) {
	res := runDetection(t, "security_content", "windows_system_binary_proxy_execution_compiled_html_file_decompile.yml", `
_time=100; tag=process|report; dest=d; user=u; parent_process_name=powershell.exe; process_name=hh.exe; original_file_name=HH.exe; process=hh.exe -decompile C:\out C:\x.chm; process_id=1; parent_process_id=2
_time=200; tag=process|report; dest=d; user=u; parent_process_name=explorer.exe; process_name=hh.exe; process=hh.exe C:\help.chm; process_id=3; parent_process_id=4
`)
	if len(res.Table.Rows) != 1 || res.Table.Rows[0]["process_id"].First() != "1" {
		t.Fatalf("rows = %v", res.Table.Rows)
	}
}

// Windows Remote Image Load (2026): fillnull then stats by sixteen fields;
// a field missing from every event would drop every row, so the events
// carry what the Sysmon add-on extracts.
func TestRemoteImageLoadDetection(t *testing.T) {
	base := `source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational; EventID=7; Computer=pc1; dest=pc1; process_exec=rundll32.exe; process_guid={G}; process_hash=SHA1=AA; process_id=100; process_name=rundll32.exe; process_path=C:\Windows\rundll32.exe; service_dll_signature_exists=false; service_dll_signature_verified=Unavailable; signature_id=7; user_id=S-1-5-18; vendor_product=Microsoft Sysmon`
	res := runDetection(t, "security_content_2026", "windows_remote_image_load.yml", `
_time=10; `+base+`; ImageLoaded=\\10.0.0.5\share\evil.dll; loaded_file=evil.dll; loaded_file_path=\\10.0.0.5\share\evil.dll
_time=20; `+base+`; ImageLoaded=C:\Windows\System32\ntdll.dll; loaded_file=ntdll.dll; loaded_file_path=C:\Windows\System32\ntdll.dll
_time=30; `+base+`; ImageLoaded=\\fs\dfs\lib.dll; loaded_file=lib.dll
`)
	if len(res.Table.Rows) != 2 {
		t.Fatalf("rows = %v", res.Table.Rows)
	}
	// The third event lacked loaded_file_path; fillnull made it "0".
	if got := res.Table.Rows[1]["loaded_file_path"].First(); got != "0" {
		t.Fatalf("fillnull: loaded_file_path = %q (rows %v)", got, res.Table.Rows)
	}
}

func runDetection(t *testing.T, content, file, events string) *Result {
	root := filepath.Join(sharedDir(t), "corpus", content)
	d := loadDetection(t, filepath.Join(root, "detections", "endpoint", file))
	p, err := compileDetection(t, testEnv(t), d.Search, loadMacros(t, root))
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(context.Background(), NewDataset(parseEvents(t, events)))
	if err != nil {
		t.Fatal(err)
	}
	return res
}
