package main

import (
	"os"
	"os/exec"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func gitIn(dir string, args ...string) {
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	Expect(err).NotTo(HaveOccurred(), string(out))
}

var _ = Describe("selecting tests", func() {
	It("--filter keeps the detections matching every filter", func() {
		code, stdout, _ := cli("test", "--filter", "mitre=T1003*", "--filter", "type=TTP")
		Expect(code).To(Equal(exitOK), stdout)
		Expect(stdout).To(ContainSubstring("2 tests: 2 passed"))
		Expect(stdout).To(ContainSubstring("Windows LSASS Memory Read By Untrusted Process"))
		// filters that keep nothing are a usage error, not a green run
		code, _, stderr := cli("test", "--filter", "mitre=T1003*", "--filter", "type=Anomaly")
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("matched none of the 12 planned tests"))
	})

	It("--changed-since runs only what a change touches", func() {
		dir := embeddedCopy()
		gitIn(dir, "init", "-q")
		gitIn(dir, "add", ".")
		gitIn(dir, "commit", "-q", "-m", "base")
		f, err := os.OpenFile(filepath.Join(dir, "macros", "process_certutil.yml"), os.O_APPEND|os.O_WRONLY, 0)
		Expect(err).NotTo(HaveOccurred())
		_, err = f.WriteString("# reviewed\n")
		Expect(err).NotTo(HaveOccurred())
		Expect(f.Close()).To(Succeed())
		code, stdout, stderr := cli("test", "--content", dir, "--changed-since", "HEAD")
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stdout).To(ContainSubstring("2 tests: 2 passed"))
		Expect(stdout).To(ContainSubstring("certutil_url_cache_file_download.yml"))
		Expect(stderr).To(ContainSubstring("--changed-since HEAD: 2 of 12 planned tests depend on what changed since HEAD"))

		// Nothing changed: a green run of no test, which says why.
		gitIn(dir, "commit", "-q", "-a", "-m", "reviewed")
		code, stdout, stderr = cli("test", "--content", dir, "--changed-since", "HEAD")
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stdout).To(ContainSubstring("0 tests"))
		Expect(stderr).To(ContainSubstring("--changed-since HEAD: 0 of 12 planned tests depend on what changed since HEAD"))
	})

	It("--changed-since on the embedded content is a usage error", func() {
		code, _, stderr := cli("test", "--changed-since", "HEAD")
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("not a git work tree"))
	})

	DescribeTable("bad selection flags exit 2 before anything runs",
		func(args ...string) {
			code, _, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage))
			Expect(stderr).NotTo(BeEmpty())
		},
		Entry("unknown filter key", "test", "--filter", "colour=red"),
		Entry("filter without =", "test", "--filter", "TTP"),
		Entry("shard 0", "test", "--shard", "0/3"),
		Entry("shard beyond N", "test", "--shard", "4/3"),
		Entry("shard not K/N", "test", "--shard", "2"),
	)
})
