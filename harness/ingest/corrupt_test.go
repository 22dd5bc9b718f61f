package ingest

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A damaged EVTX never crashes the reader: bad records and chunks come back
// as problems naming the file, and what can be read still is.
func TestCorruptEVTXReportsProblems(t *testing.T) {
	data, err := os.ReadFile(corpus(t, procdumpDir+"Security.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	good, _, err := ReadFile(corpus(t, procdumpDir+"Security.evtx"), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	dir := t.TempDir()
	for round := 0; round < 5; round++ {
		bad := append([]byte(nil), data...)
		for i := 0; i < 50; i++ {
			bad[4096+rng.Intn(len(bad)-4096)] = byte(rng.Intn(256))
		}
		p := filepath.Join(dir, "bad.evtx")
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		rows, problems, err := ReadFile(p, Meta{})
		if err != nil {
			t.Fatalf("round %d: whole file failed: %v", round, err)
		}
		for _, pr := range problems {
			if pr.Path != p || pr.Msg == "" {
				t.Fatalf("problem without file or message: %+v", pr)
			}
		}
		if len(rows) == 0 || len(rows) > len(good)+len(problems) {
			t.Errorf("round %d: %d rows, %d problems (intact file: %d rows)", round, len(rows), len(problems), len(good))
		}
	}
}

func FuzzPlainBinXML(f *testing.F) {
	f.Add([]byte("**\x00\x00\x30\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, rec []byte) {
		chunk := make([]byte, 0x200+len(rec))
		copy(chunk[0x200:], rec)
		plainRecordXML(chunk, 0x200)
		recordArgs(chunk, 0x200)
	})
}

// An EVTX copy cut short inside a chunk loses that chunk; the problem says
// the file ends inside it, so the user looks for a truncated copy rather
// than a corrupt log.
func TestTruncatedEVTXSaysSo(t *testing.T) {
	data, err := os.ReadFile(corpus(t, procdumpDir+"Security.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.evtx")
	if err := os.WriteFile(p, data[:200000], 0o644); err != nil { // 64832 bytes into the third chunk
		t.Fatal(err)
	}
	rows, problems, err := ReadFile(p, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 185 || len(problems) != 1 {
		t.Fatalf("%d rows, problems %v", len(rows), problems)
	}
	want := "record 186 (offset 135168): chunk declares 87 records, only 0 readable: 87 lost: the file ends 64832 bytes into this 65536-byte chunk (a truncated copy?)"
	if got := problems[0].Error(); got != p+": "+want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !problems[0].Lost {
		t.Error("a truncated EVTX problem is not marked Lost")
	}
}

// A copy cut exactly at a chunk boundary shows no damaged slot: the file
// header's chunk count is what says chunks are missing. (A log still open
// when copied may count fewer chunks than it holds, never more.)
func TestEVTXCutAtAChunkBoundaryIsLostInput(t *testing.T) {
	data, err := os.ReadFile(corpus(t, "evtx-to-mitre/TA0007-Discovery/T1069-Permission Groups Discovery/ID4799-4624-Local admin group enumerated by SharpHound.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	p := writeTemp(t, "cut.evtx", data[:4096+65536]) // the header counts 3 chunks
	rows, problems, err := ReadFile(p, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 25 || len(problems) != 1 || !problems[0].Lost {
		t.Fatalf("%d rows, problems %v", len(rows), problems)
	}
	if got := problems[0].Error(); !strings.Contains(got, "the file header counts 3 chunks but the file ends after 1 (a truncated copy?): the records of 2 chunks are lost") {
		t.Errorf("got %s", got)
	}
}

// Damage the parser would skip without a word is a problem naming the
// chunk: a chunk whose signature is broken, a zeroed chunk with records
// after it. The chunks after a lost one keep their record numbers, and
// the zeroed slots Windows preallocates at the end say nothing.
func TestDamagedEVTXChunksAreNamed(t *testing.T) {
	data, err := os.ReadFile(corpus(t, procdumpDir+"Security.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	whole, _, err := ReadFile(writeTemp(t, "whole.evtx", data), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	const headerBlock = 4096
	chunk := func(i int) int { return headerBlock + i*evtxChunkSize }
	cases := []struct {
		name   string
		damage func([]byte)
		want   string
	}{
		{"signature", func(b []byte) { copy(b[chunk(1):], "ElfChnX") },
			"offset 69632: chunk 1 has no chunk signature (ElfChnk): it is damaged and its records are lost"},
		{"zeroed", func(b []byte) { clear(b[chunk(0):chunk(1)]) },
			"offset 4096: chunk 0 is all zero bytes, yet a chunk after it holds records: its records are lost"},
		{"header says empty", func(b []byte) { copy(b[chunk(1)+32:], bytes.Repeat([]byte{0xff}, 8)) }, // LastEventRecID
			"offset 69632: chunk 1's header says it holds no record, yet records follow it: the header is damaged and its records are lost"},
		{"record numbers backwards", func(b []byte) { binary.LittleEndian.PutUint64(b[chunk(1)+16:], 1) }, // LastEventRecNumber
			"records are lost"},
	}
	for _, c := range cases {
		b := append([]byte(nil), data...)
		c.damage(b)
		rows, problems, err := ReadFile(writeTemp(t, c.name+".evtx", b), Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 1 || !problems[0].Lost || !strings.HasSuffix(problems[0].Error(), c.want) {
			t.Errorf("%s: problems %v, want one Lost ending %q", c.name, problems, c.want)
		}
		if len(rows) == 0 || len(rows) >= len(whole) {
			t.Errorf("%s: %d rows of %d", c.name, len(rows), len(whole))
		}
	}
	if _, problems, _ := ReadFile(writeTemp(t, "tail.evtx", append(append([]byte(nil), data...), make([]byte, 2*evtxChunkSize)...)), Meta{}); len(problems) != 0 {
		t.Errorf("zeroed slots at the end: %v", problems)
	}
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A byte changed inside a chunk's records keeps every record but is named:
// the chunk's CRC32 no longer matches, so a value read from it may be
// wrong (a flipped letter in a group name read as the real one).
func TestEVTXChecksumMismatchIsNamed(t *testing.T) {
	data, err := os.ReadFile(corpus(t, "evtx-to-mitre/TA0007-Discovery/T1069-Permission Groups Discovery/ID4799-4624-Local admin group enumerated by SharpHound.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data[4096+65536:], []byte("A\x00d\x00m\x00i\x00n\x00")) + 4096 + 65536
	data[i] = 'X'
	rows, problems, err := ReadFile(writeTemp(t, "altered.evtx", data), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 55 || len(problems) != 1 || !problems[0].Damaged || problems[0].Lost {
		t.Fatalf("%d rows, problems %+v", len(rows), problems)
	}
	if !strings.Contains(problems[0].Error(), "record 26 (offset 69632): chunk records checksum does not match") {
		t.Errorf("got %s", problems[0].Error())
	}
}
