package main

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("help a new user asks for", func() {
	DescribeTable("COMMAND --help writes the usage and its flags to stdout, exit 0",
		func(args ...string) {
			code, stdout, stderr := cli(args...)
			Expect(code).To(Equal(exitOK))
			Expect(stderr).To(BeEmpty())
			Expect(stdout).To(ContainSubstring("Usage: dactest "))
			Expect(stdout).To(MatchRegexp(`(?m)^\s+-\w`), "the flags are listed")
		},
		Entry("test", "test", "--help"),
		Entry("merge", "merge", "-h"),
		Entry("validate", "validate", "--help"),
		Entry("explain", "explain", "--help"),
		Entry("search", "search", "--help"),
		Entry("coverage", "coverage", "--help"),
		Entry("fields", "fields", "--help"),
		Entry("replay", "replay", "--help"),
		Entry("datasets, with its validate flags", "datasets", "--help"),
		Entry("datasets validate", "datasets", "validate", "--help"),
		Entry("datasources check", "datasources", "check", "--help"),
		Entry("datasources, with its check flags", "datasources", "--help"),
		Entry("help COMMAND, as git and go say it", "help", "explain"),
	)

	It("says what explain's exit codes mean: a test that does not fire is not an error of explain", func() {
		_, stdout, _ := cli("explain", "--help")
		Expect(stdout).To(ContainSubstring("Exit code: 0 every test was replayed"))
	})

	It("says a bad flag value in one line and points at --help instead of printing every flag", func() {
		code, stdout, stderr := cli("test", "--shard", "4/3")
		Expect(code).To(Equal(exitUsage))
		Expect(stdout).To(BeEmpty())
		Expect(stderr).To(ContainSubstring(`want K/N with 1 <= K <= N`))
		Expect(stderr).To(ContainSubstring(`Run "dactest test --help" for its flags.`))
		Expect(strings.Count(stderr, "\n")).To(BeNumerically("<=", 3), stderr)
	})

	It("does the same for an unknown flag of validate and coverage", func() {
		for _, sub := range []string{"validate", "coverage"} {
			code, _, stderr := cli(sub, "--nosuch")
			Expect(code).To(Equal(exitUsage))
			Expect(stderr).To(ContainSubstring("flag provided but not defined: -nosuch"))
			Expect(stderr).To(ContainSubstring(`Run "dactest ` + sub + ` --help" for its flags.`))
			Expect(stderr).NotTo(ContainSubstring("Usage:"))
		}
	})

	It("aligns the command list however long a command's name is", func() {
		_, stdout, _ := cli("--help")
		var cols []int
		for _, line := range strings.Split(stdout, "\n") {
			for _, c := range commands() {
				if strings.HasPrefix(line, "  "+c.name+" ") {
					rest := strings.TrimPrefix(line, "  "+c.name)
					cols = append(cols, len(line)-len(strings.TrimLeft(rest, " ")))
				}
			}
		}
		Expect(cols).To(HaveLen(len(commands())))
		for _, c := range cols {
			Expect(c).To(Equal(cols[0]), stdout)
		}
	})
})

var _ = Describe("dactest version", func() {
	It("prints the version on the stdout it is given", func() {
		code, stdout, _ := cli("version")
		Expect(code).To(Equal(exitOK))
		Expect(stdout).To(Equal("dactest " + version + "\n"))
	})
})
