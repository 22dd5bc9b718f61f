package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("remote datasets", func() {
	var dir string
	var hits int32

	BeforeEach(func() {
		dir = embeddedCopy()
		files := http.FileServer(http.Dir(dir))
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			atomic.AddInt32(&hits, 1)
			files.ServeHTTP(w, r)
		}))
		DeferCleanup(srv.Close)
		path := filepath.Join(dir, certutilDetection)
		data, err := os.ReadFile(path)
		Expect(err).NotTo(HaveOccurred())
		remote := strings.Replace(string(data), "data: datasets/sysmon/certutil_urlcache.xml",
			"data: "+srv.URL+"/datasets/sysmon/certutil_urlcache.xml", 1)
		Expect(remote).NotTo(Equal(string(data)))
		Expect(os.WriteFile(path, []byte(remote), 0o644)).To(Succeed())
		atomic.StoreInt32(&hits, 0)
	})

	It("are downloaded once into the cache, then served from it, also offline", func() {
		cache := GinkgoT().TempDir()
		args := []string{"test", "--content", dir, certutilDetection, "--cache-dir", cache}
		for i := 0; i < 2; i++ {
			code, stdout, _ := cli(args...)
			Expect(code).To(Equal(exitOK), stdout)
			Expect(stdout).To(ContainSubstring("True Positive Test: 2 result(s)"))
		}
		Expect(atomic.LoadInt32(&hits)).To(Equal(int32(1)))
		code, stdout, _ := cli(append(args, "--offline")...)
		Expect(code).To(Equal(exitOK), stdout)
		Expect(atomic.LoadInt32(&hits)).To(Equal(int32(1)))
	})

	It("offline with an empty cache is an error naming the URL, and nothing is fetched", func() {
		code, stdout, _ := cli("test", "--content", dir, certutilDetection, "--cache-dir", GinkgoT().TempDir(), "--offline")
		Expect(code).To(Equal(exitIncomplete))
		Expect(stdout).To(MatchRegexp(`ERROR .*True Positive Test: http://127\.0\.0\.1:\d+/datasets/sysmon/certutil_urlcache\.xml: not in the download cache and downloads are off \(--offline\)`))
		Expect(atomic.LoadInt32(&hits)).To(BeZero())
	})
})
