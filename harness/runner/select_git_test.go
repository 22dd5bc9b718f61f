package runner_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/runner"
)

// gitRepo copies the embedded content into a fresh repository with one
// commit and returns its folder.
func gitRepo() string {
	dir := GinkgoT().TempDir()
	Expect(os.CopyFS(dir, dactest.Content)).To(Succeed())
	run(dir, "init", "-q")
	run(dir, "add", ".")
	run(dir, "commit", "-q", "-m", "base")
	return dir
}

func run(dir string, args ...string) {
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	Expect(err).NotTo(HaveOccurred(), string(out))
}

// changedDetections plans the tree at dir and lists the detection files
// (base names) --changed-since HEAD keeps.
func changedDetections(dir string) []string {
	c, err := runner.NewContentLoader().Dir(dir)
	Expect(err).NotTo(HaveOccurred())
	jobs, err := runner.SelectChanged(runner.PlanContent(c, runner.Selection{}, ""), "HEAD")
	Expect(err).NotTo(HaveOccurred())
	seen := map[string]bool{}
	var out []string
	for _, j := range jobs {
		if base := filepath.Base(j.Detection.File); !seen[base] {
			seen[base] = true
			out = append(out, base)
		}
	}
	sort.Strings(out)
	return out
}

func appendTo(path, text string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	Expect(err).NotTo(HaveOccurred())
	_, err = f.WriteString(text)
	Expect(err).NotTo(HaveOccurred())
	Expect(f.Close()).To(Succeed())
}

var _ = Describe("--changed-since", func() {
	It("selects nothing when nothing changed", func() {
		Expect(changedDetections(gitRepo())).To(BeEmpty())
	})

	It("selects a detection whose own file changed, uncommitted", func() {
		dir := gitRepo()
		appendTo(filepath.Join(dir, "detections/endpoint/windows_whoami_privilege_and_group_discovery.yml"), "# edited\n")
		Expect(changedDetections(dir)).To(Equal([]string{"windows_whoami_privilege_and_group_discovery.yml"}))
	})

	It("selects the detections using a changed macro, nested macros included", func() {
		dir := gitRepo()
		appendTo(filepath.Join(dir, "macros/process_certutil.yml"), "# edited\n")
		Expect(changedDetections(dir)).To(Equal([]string{"certutil_url_cache_file_download.yml"}))
		// `sysmon` is used directly by three searches.
		run(dir, "commit", "-q", "-am", "certutil")
		appendTo(filepath.Join(dir, "macros/sysmon.yml"), "# edited\n")
		Expect(changedDetections(dir)).To(Equal([]string{
			"windows_dll_loaded_from_network_share.yml",
			"windows_lsass_memory_read_by_untrusted_process.yml",
			"windows_scheduled_task_created_with_command_shell.yml",
		}))
	})

	It("sees committed changes since the ref, and datasets the tests read", func() {
		dir := gitRepo()
		appendTo(filepath.Join(dir, "macros/process_whoami.yml"), "# edited\n")
		run(dir, "commit", "-q", "-am", "whoami")
		Expect(changedDetections(dir)).To(BeEmpty()) // HEAD already has it
		c, err := runner.NewContentLoader().Dir(dir)
		Expect(err).NotTo(HaveOccurred())
		jobs, err := runner.SelectChanged(runner.PlanContent(c, runner.Selection{}, ""), "HEAD~1")
		Expect(err).NotTo(HaveOccurred())
		Expect(jobs).NotTo(BeEmpty())
		for _, j := range jobs {
			Expect(j.Detection.File).To(HaveSuffix("windows_whoami_privilege_and_group_discovery.yml"))
		}
	})

	It("selects a detection whose macro was deleted: its dependencies are unknown, it must run and fail", func() {
		dir := gitRepo()
		Expect(os.Remove(filepath.Join(dir, "macros/process_certutil.yml"))).To(Succeed())
		Expect(changedDetections(dir)).To(Equal([]string{"certutil_url_cache_file_download.yml"}))
	})

	It("selects a detection file that no longer loads", func() {
		dir := gitRepo()
		appendTo(filepath.Join(dir, "detections/endpoint/certutil_url_cache_file_download.yml"), "status: [\n")
		Expect(changedDetections(dir)).To(Equal([]string{"certutil_url_cache_file_download.yml"}))
	})

	It("selects a detection whose dataset is a new, untracked file", func() {
		dir := gitRepo()
		c, err := runner.NewContentLoader().Dir(dir)
		Expect(err).NotTo(HaveOccurred())
		jobs := runner.PlanContent(c, runner.Selection{}, "")
		Expect(jobs[0].Data).NotTo(BeEmpty())
		// Untrack the first dataset as if it were just added.
		rel, err := filepath.Rel(dir, jobs[0].Data[0].Path)
		Expect(err).NotTo(HaveOccurred())
		run(dir, "rm", "-q", "--cached", rel)
		run(dir, "commit", "-q", "-m", "untrack")
		Expect(changedDetections(dir)).To(ContainElement(filepath.Base(jobs[0].Detection.File)))
	})

	It("is a clear error outside a git work tree or for an unknown ref", func() {
		dir := GinkgoT().TempDir()
		_, err := runner.GitChanges(dir, "HEAD")
		Expect(err).To(MatchError(ContainSubstring("not in a git work tree")))
		_, err = runner.GitChanges(gitRepo(), "no-such-branch")
		Expect(err).To(MatchError(ContainSubstring("no-such-branch: not a commit")))
	})
})

var _ = Describe("the files a detection depends on", func() {
	It("are its file, its macros, its lookups (YAML and CSV), its data sources and datasets", func() {
		c, err := runner.NewContentLoader().Dir(filepath.Join(sharedDir(), "corpus", "security_content"))
		Expect(err).NotTo(HaveOccurred())
		jobs := runner.PlanContent(c, runner.Selection{Files: []string{"detections/endpoint/attacker_tools_on_endpoint.yml"}}, "")
		Expect(jobs).NotTo(BeEmpty())
		deps, complete := runner.Dependencies(jobs[0])
		Expect(complete).To(BeTrue())
		var rel []string
		for _, d := range deps {
			if r, err := filepath.Rel(c.Dir, d); err == nil {
				rel = append(rel, filepath.ToSlash(r))
			}
		}
		Expect(rel).To(ContainElements(
			"detections/endpoint/attacker_tools_on_endpoint.yml",
			"macros/security_content_summariesonly.yml",
			"macros/security_content_ctime.yml",
			"lookups/attacker_tools.yml",
			"lookups/attacker_tools.csv",
			"data_sources/sysmon_eventid_1.yml",
			"data_sources/windows_event_log_security_4688.yml",
		))
		// A nested macro too: security_content_summariesonly expands
		// summariesonly_config. The *_filter macro and drop_dm_object_name
		// have no file in this tree (built-ins), so they name none.
		Expect(rel).To(ContainElement("macros/summariesonly_config.yml"))
		Expect(rel).NotTo(ContainElement(ContainSubstring("_filter")))
		Expect(rel).NotTo(ContainElement(ContainSubstring("drop_dm_object_name")))
	})
})
