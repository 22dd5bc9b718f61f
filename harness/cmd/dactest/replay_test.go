package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("dactest replay", func() {
	It("writes normalized JSON lines, shifted so the latest event lands on --shift-to", func() {
		out := filepath.Join(GinkgoT().TempDir(), "events.jsonl")
		code, _, errOut := cli("replay", "--data", certutilRaw(), "--source", sysmonSource, "--sourcetype", "XmlWinEventLog",
			"--host", "lab-dc", "--shift-to", "2026-12-01T12:00:00Z", "--out", out)
		Expect(code).To(Equal(exitOK), errOut)
		data, err := os.ReadFile(out)
		Expect(err).NotTo(HaveOccurred())
		rows := jsonLines(string(data))
		Expect(rows).To(HaveLen(40))
		var times []time.Time
		for _, r := range rows {
			t, err := time.Parse(time.RFC3339Nano, r["_time"].(string))
			Expect(err).NotTo(HaveOccurred())
			times = append(times, t)
			Expect(r["host"]).To(Equal("lab-dc"))
			Expect(r["source"]).To(Equal(sysmonSource))
			Expect(r).To(HaveKey("EventCode"))
		}
		latest := times[0]
		for _, t := range times {
			if t.After(latest) {
				latest = t
			}
		}
		Expect(latest).To(Equal(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)))
		// first record: 2021-01-14T23:41:40.145335200Z in the capture, the
		// latest 23:42:18.541...; gaps are kept, so it lands that much earlier
		Expect(rows[0]["_raw"]).To(ContainSubstring("SystemTime='2026-12-01T1"))
		Expect(rows[0]["EventRecordID"]).To(Equal("19683891"))
		Expect(errOut).To(ContainSubstring("timestamps moved by"))
	})

	It("writes the project's datasets to stdout with multivalue fields as arrays", func() {
		code, out, errOut := cli("replay", "--data", repoPath("datasets", "security", "whoami_discovery.xml"))
		Expect(code).To(Equal(exitOK), errOut)
		rows := jsonLines(out)
		Expect(rows).To(HaveLen(7))
		Expect(strings.Join(keyOrder(strings.SplitN(out, "\n", 2)[0])[:5], ",")).To(Equal("_time,_raw,source,sourcetype,host"))
		var commands []any
		for _, r := range rows {
			commands = append(commands, r["CommandLine"])
		}
		Expect(commands).To(ContainElements("whoami  /all", "whoami.exe /priv", `"C:\Windows\system32\whoami.exe" /groups /fo csv`))
		Expect(rows[1]["process_name"]).To(Equal("cmd.exe"))
		Expect(rows[1]["tag"]).To(Equal([]any{"execute", "os", "process", "report", "security", "start", "track_event_signatures", "windows"}))
	})

	It("sends to an HTTP Event Collector that is busy at first, each event once", func() {
		hec := &miniHEC{busy: 1}
		srv := httptest.NewServer(hec)
		defer srv.Close()
		GinkgoT().Setenv("DACTEST_TEST_HEC_TOKEN", "s3cret")
		code, out, errOut := cli("replay", "--data", certutilRaw(), "--source", sysmonSource, "--sourcetype", "XmlWinEventLog",
			"--hec", srv.URL, "--token-env", "DACTEST_TEST_HEC_TOKEN", "--index", "attack", "--batch", "7", "--gzip", "--backoff", "1ms")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(BeEmpty())
		Expect(errOut).To(ContainSubstring("40 of 40 events delivered in 6 batches, 7 requests, 1 retry, 0 acknowledged batches"))
		Expect(hec.events).To(HaveLen(40))
		for _, e := range hec.events {
			Expect(e["index"]).To(Equal("attack"))
			Expect(e["source"]).To(Equal(sysmonSource))
		}
		Expect(hec.events[0]["event"]).To(HavePrefix("<Event xmlns="))
		Expect(hec.events[0]["time"]).To(Equal(1610667700.145335))
	})

	It("streams a file of more events than one write chunk, every event once and in order", func() {
		var b strings.Builder
		n := 2*writeChunk + 7
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, `{"eventTime":"2024-01-01T00:00:00Z","seq":"%d"}`+"\n", i)
		}
		data := filepath.Join(GinkgoT().TempDir(), "many.json")
		Expect(os.WriteFile(data, []byte(b.String()), 0o644)).To(Succeed())
		code, stdout, stderr := cli("replay", "--data", data, "--source", "s", "--sourcetype", "_json", "--host", "h", "--out", "-")
		Expect(code).To(Equal(exitOK), stderr)
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		Expect(lines).To(HaveLen(n))
		Expect(lines[0]).To(ContainSubstring(`"seq":"0"`))
		Expect(lines[n-1]).To(ContainSubstring(fmt.Sprintf(`"seq":"%d"`, n-1)))
	})

	It("refuses --hec without a token before reading anything", func() {
		code, _, errOut := cli("replay", "--data", "/nonexistent", "--hec", "http://127.0.0.1:1", "--token-env", "DACTEST_UNSET_TOKEN_VAR")
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(Equal("dactest replay: environment variable DACTEST_UNSET_TOKEN_VAR is empty or unset\n"))
	})

	It("refuses a --shift-to it cannot read before reading anything", func() {
		code, out, errOut := cli("replay", "--data", "/nonexistent", "--shift-to", "yesterday")
		Expect(code).To(Equal(exitUsage))
		Expect(out).To(BeEmpty())
		Expect(errOut).To(Equal("dactest replay: --shift-to \"yesterday\": want now or an RFC 3339 time such as 2026-12-01T12:00:00Z\n"))
	})
})

// keyOrder lists a JSON object's keys in the order they are written.
func keyOrder(line string) []string {
	dec := json.NewDecoder(strings.NewReader(line))
	_, _ = dec.Token() // {
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		Expect(err).NotTo(HaveOccurred())
		keys = append(keys, k.(string))
		var skip any
		Expect(dec.Decode(&skip)).To(Succeed())
	}
	return keys
}

// miniHEC accepts event-endpoint batches (gzip or not), answering 503
// "Server is busy" (code 9) to the first busy requests.
type miniHEC struct {
	mu     sync.Mutex
	busy   int
	events []map[string]any
}

func (h *miniHEC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.URL.Path != "/services/collector/event" || r.Header.Get("Authorization") != "Splunk s3cret" {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"text":"Invalid token","code":4}`)
		return
	}
	if h.busy > 0 {
		h.busy--
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"text":"Server is busy","code":9}`)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(r.Body)
		Expect(err).NotTo(HaveOccurred())
		body = gz
	}
	dec := json.NewDecoder(body)
	for dec.More() {
		var e map[string]any
		Expect(dec.Decode(&e)).To(Succeed())
		h.events = append(h.events, e)
	}
	io.WriteString(w, `{"text":"Success","code":0}`)
}
