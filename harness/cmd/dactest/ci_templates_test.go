package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"gopkg.in/yaml.v3"
)

// dactestCommands finds every `dactest SUB ...` command line in a YAML
// file's string values (folded scalars arrive as one line).
func dactestCommands(path string) [][]string {
	data, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred())
	var doc yaml.Node
	Expect(yaml.Unmarshal(data, &doc)).To(Succeed())
	var out [][]string
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			for _, line := range strings.Split(n.Value, "\n") {
				if line = strings.TrimSpace(line); strings.HasPrefix(line, "dactest ") {
					out = append(out, strings.Fields(line))
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	return out
}

var reportFormat = regexp.MustCompile(`^--report=?$`)

var _ = Describe("the ci/ templates", func() {
	root := filepath.Join("..", "..", "..", "ci")
	files := []string{"github/dactest.yml", "gitlab/dactest.gitlab-ci.yml", "pre-commit/.pre-commit-hooks.yaml", "pre-commit/pre-commit-config.example.yaml"}

	It("use only subcommands, flags and report formats dactest has", func() {
		known := map[string]bool{}
		for _, f := range knownFormats() {
			known[f] = true
		}
		seen := 0
		for _, file := range files {
			for _, cmd := range dactestCommands(filepath.Join(root, file)) {
				seen++
				sub := cmd[1]
				_, help, _ := cli(sub, "--help")
				Expect(help).To(ContainSubstring("Usage: dactest "+sub), "%s: %v", file, cmd)
				for i, tok := range cmd {
					if !strings.HasPrefix(tok, "--") {
						continue
					}
					name, _, _ := strings.Cut(strings.TrimPrefix(tok, "--"), "=")
					Expect(help).To(MatchRegexp(`(?m)^\s+-`+regexp.QuoteMeta(name)+`\b`), "%s: dactest %s has no --%s", file, sub, name)
					if reportFormat.MatchString(tok) && i+1 < len(cmd) {
						format, _, _ := strings.Cut(cmd[i+1], "=")
						// SARIF is registered by the SARIF report's own change.
						if format != "sarif" || known["sarif"] {
							Expect(known).To(HaveKey(format), "%s: unknown report format in %v", file, cmd)
						}
					}
				}
			}
		}
		Expect(seen).To(BeNumerically(">=", 6))
	})
})
