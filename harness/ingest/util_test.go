package ingest

import (
	"io/fs"
	"os"
	"testing/fstest"
)

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o644) }

// testFS is an in-memory fs.FS of add-on files.
type testFS map[string]string

func (f testFS) Open(name string) (fs.File, error) {
	return f.mapFS().Open(name)
}

func (f testFS) mapFS() fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range f {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}
