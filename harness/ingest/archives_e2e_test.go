package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/event"
)

// jsonLines makes n JSON lines tagged with a member name.
func jsonLines(member string, n int) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"@timestamp":"2021-01-01T00:00:%02dZ","member":"%s","i":%d,"pad":"%s"}`+"\n", i%60, member, i, strings.Repeat("x", i%50))
	}
	return b.Bytes()
}

// streamedZip writes a zip as a streaming writer does: members with data
// descriptors (sizes after the data), the central directory at the end.
func streamedZip(members map[string][]byte, order []string) (data []byte, directoryAt int) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range order {
		f, _ := w.Create(name)
		f.Write(members[name])
	}
	w.Close()
	data = buf.Bytes()
	// The end-of-central-directory record (the last 22 bytes, no comment)
	// holds the directory's offset at bytes 16-19.
	eocd := data[len(data)-22:]
	return data, int(binary.LittleEndian.Uint32(eocd[16:20]))
}

func readAll(path string, opt ReadOptions) (rows []event.Row, problems []Problem, err error) {
	err = ScanWith(path, Meta{Sourcetype: "_json"}, opt, func(r event.Row, p *Problem) bool {
		if p != nil {
			problems = append(problems, *p)
		} else {
			rows = append(rows, r)
		}
		return true
	})
	return
}

var _ = Describe("Compressed datasets read in place", func() {
	var dir string
	members := map[string][]byte{"a.json": jsonLines("a", 400), "logs/b.json": jsonLines("b", 300)}
	order := []string{"a.json", "logs/b.json"}

	BeforeEach(func() { dir = GinkgoT().TempDir() })

	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		Expect(os.WriteFile(p, data, 0o644)).To(Succeed())
		return p
	}

	It("reads every member of a zip, or the ones a selector names", func() {
		data, _ := streamedZip(members, order)
		p := write("d.zip", data)
		rows, problems, err := readAll(p, ReadOptions{})
		Expect(err).NotTo(HaveOccurred())
		Expect(problems).To(BeEmpty())
		Expect(rows).To(HaveLen(700))
		rows, _, err = readAll(p+"#b.json", ReadOptions{})
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(HaveLen(300))
		Expect(firsts(rows, "member")).To(HaveEach("b"))
	})

	It("reads a zip whose central directory was cut off from its local headers", func() {
		data, dirAt := streamedZip(members, order)
		p := write("nodir.zip", data[:dirAt+10])
		rows, problems, err := readAll(p, ReadOptions{})
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(HaveLen(700), "both members are whole")
		Expect(problems).To(HaveLen(1))
		Expect(problems[0].Path).To(Equal(p))
		Expect(problems[0].Msg).To(ContainSubstring(`zip central directory truncated or damaged after member "logs/b.json"`))
	})

	It("says so when the cut falls between the last member and the directory", func() {
		data, dirAt := streamedZip(members, order)
		p := write("nodir2.zip", data[:dirAt])
		rows, problems, err := readAll(p, ReadOptions{})
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(HaveLen(700))
		Expect(problems).To(HaveLen(1))
		Expect(problems[0].Msg).To(ContainSubstring(`zip central directory missing (file truncated) after member "logs/b.json"`))
	})

	It("keeps the records before a cut inside a member and names that member", func() {
		data, dirAt := streamedZip(members, order)
		p := write("cut.zip", data[:dirAt*3/4])
		rows, problems, err := readAll(p, ReadOptions{})
		Expect(err).NotTo(HaveOccurred())
		Expect(problems).To(HaveLen(1))
		Expect(problems[0].Path).To(Equal(p + "#logs/b.json"))
		Expect(problems[0].Msg).To(ContainSubstring("unexpected EOF"))
		Expect(len(rows)).To(BeNumerically(">", 400))
		Expect(len(rows)).To(BeNumerically("<", 700))
	})

	It("opens archives nested in a .tar.gz and names problems by their path", func() {
		inner, _ := streamedZip(members, order)
		var tgz bytes.Buffer
		gz := gzip.NewWriter(&tgz)
		tw := tar.NewWriter(gz)
		for name, body := range map[string][]byte{"inner.zip": inner, "capture.pcap": []byte("\xd4\xc3\xb2\xa1\x02\x00\x04\x00")} {
			tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
			tw.Write(body)
		}
		tw.Close()
		gz.Close()
		p := write("nested.tgz", tgz.Bytes())
		rows, problems, err := readAll(p, ReadOptions{})
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(HaveLen(700))
		Expect(problems).To(HaveLen(1))
		Expect(problems[0].Path).To(Equal(p + "#capture.pcap"))
		Expect(problems[0].Msg).To(ContainSubstring("a pcap capture"))
	})

	It("reads EVTX and XmlWinEventLog members as their plain files read", func() {
		evtxPath := corpusPathNoSkip(procdumpDir + "Security.evtx")
		xmlPath := corpusPathNoSkip(certutilRaw)
		evtxData, err := os.ReadFile(evtxPath)
		if os.IsNotExist(err) {
			Skip("shared corpus not present")
		}
		Expect(err).NotTo(HaveOccurred())
		xmlData, err := os.ReadFile(xmlPath)
		Expect(err).NotTo(HaveOccurred())
		var gzBuf bytes.Buffer
		gz := gzip.NewWriter(&gzBuf)
		gz.Write(evtxData)
		gz.Close()
		zipData, _ := streamedZip(map[string][]byte{"certutil.raw": xmlData}, []string{"certutil.raw"})
		for plain, packed := range map[string]string{
			evtxPath: write("Security.evtx.gz", gzBuf.Bytes()),
			xmlPath:  write("certutil.zip", zipData),
		} {
			want, _, err := ReadFile(plain, Meta{})
			Expect(err).NotTo(HaveOccurred())
			got, problems, err := ReadFile(packed, Meta{})
			Expect(err).NotTo(HaveOccurred())
			Expect(problems).To(BeEmpty())
			Expect(got).To(HaveLen(len(want)))
			Expect(firsts(got, event.Raw)).To(Equal(firsts(want, event.Raw)))
			Expect(firsts(got, event.Time)).To(Equal(firsts(want, event.Time)))
		}
	})

	It("stops when the consumer stops", func() {
		data, _ := streamedZip(members, order)
		p := write("stop.zip", data)
		n := 0
		Expect(Scan(p, Meta{}, func(event.Row, *Problem) bool { n++; return n < 5 })).To(Succeed())
		Expect(n).To(Equal(5))
	})
})
