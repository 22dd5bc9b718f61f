package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/report"
	"github.com/dactest/dactest/harness/runner"
	"github.com/dactest/dactest/harness/validate"
)

// validateFlags are dactest validate's options once parsed.
type validateFlags struct {
	dir, format, config, attack string
	severity                    multiFlag
}

var validateFormats = map[string]bool{"text": true, "json": true, "sarif": true, "github": true}

func runValidate(args []string, stdout, stderr io.Writer) int {
	vf, code := parseValidateFlags(args, stderr)
	if code >= 0 {
		return code
	}
	tree, err := loadContentTree(vf.dir)
	if err != nil {
		fmt.Fprintln(stderr, "dactest validate:", err)
		return exitUsage
	}
	policy, opts, ok := validatePolicy(vf, stderr)
	if !ok {
		return exitUsage
	}
	compiler, err := runner.DefaultOptions()
	if err != nil {
		fmt.Fprintln(stderr, "dactest validate:", err)
		return exitUsage
	}
	findings := append(append([]content.Finding{}, tree.Findings...), validate.Run(tree, opts)...)
	findings = append(findings, withoutRepeatedMacros(findings, compiler.Compiler.SearchFindings(tree))...)
	findings = policy.Apply(tree, findings)
	content.SortFindings(findings)
	if err := writeFindings(vf, tree, compiler.Compiler, findings, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "dactest validate:", err)
		return exitUsage
	}
	return findingsExit(findings)
}

const validateUsage = `Usage: dactest validate [--content DIR] [--format text|json|sarif|github]
                        [--config FILE] [--severity CHECK=LEVEL]... [--attack BUNDLE]

Loads every file of the tree, checks it against the JSON Schemas and the
semantic checks, and expands, parses and compiles every search. Text output
is compiler-style: file:line:col: severity check-id: message.

Severities come from each check's default, then .dactest.yml at the content
root (or --config): "checks:" for the whole tree, "overrides:" for files or
detections, then --severity flags. LEVEL is error, warning, info or off.
Inside GitHub Actions (GITHUB_ACTIONS=true) findings are also written as
workflow annotations. Exit code: 0 no errors, 1 errors, 2 usage errors.

Flags:
`

// parseValidateFlags returns the flags, or an exit code >= 0 to stop with.
func parseValidateFlags(args []string, stderr io.Writer) (validateFlags, int) {
	var vf validateFlags
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&vf.dir, "content", "", "content tree to validate (security_content layout); default: the embedded content")
	fs.StringVar(&vf.format, "format", "text", "output format: text | json | sarif | github")
	fs.StringVar(&vf.config, "config", "", "config file; default: "+validate.ConfigFile+" at the content root")
	fs.Var(&vf.severity, "severity", "CHECK=LEVEL: set a check's severity (error|warning|info|off); repeatable, beats the config file")
	fs.StringVar(&vf.attack, "attack", "", "ATT&CK STIX bundle (enterprise-attack.json): MITRE ids not in it are errors; default: format check only")
	fs.Usage = func() {
		fmt.Fprint(stderr, validateUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return vf, usageExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dactest validate: unexpected argument %q (validate takes a whole tree: --content DIR)\n", fs.Arg(0))
		return vf, exitUsage
	}
	if !validateFormats[vf.format] {
		fmt.Fprintf(stderr, "dactest validate: unknown --format %q (text, json, sarif, github)\n", vf.format)
		return vf, exitUsage
	}
	return vf, -1
}

// validatePolicy reads the config file, --severity flags and the ATT&CK
// bundle. Any problem is a usage error, printed with its position.
func validatePolicy(vf validateFlags, stderr io.Writer) (validate.Policy, validate.Options, bool) {
	var policy validate.Policy
	var opts validate.Options
	path := vf.config
	if path == "" {
		path = validate.FindConfig(vf.dir)
	}
	if path != "" {
		cfg, problems := validate.LoadConfig(path)
		for _, f := range problems {
			fmt.Fprintf(stderr, "%s: %s %s: %s\n", f.Pos, f.Severity, f.Check, f.Message)
		}
		if cfg == nil {
			return policy, opts, false
		}
		policy.Config = cfg
	}
	policy.Flags = map[string]string{}
	for _, s := range vf.severity {
		id, level, err := validate.ParseSeverityFlag(s)
		if err != nil {
			fmt.Fprintln(stderr, "dactest validate:", err)
			return policy, opts, false
		}
		policy.Flags[id] = level
	}
	bundle := vf.attack
	if bundle == "" && policy.Config != nil {
		bundle = policy.Config.Attack
	}
	if bundle != "" {
		a, err := validate.LoadAttack(bundle)
		if err != nil {
			fmt.Fprintln(stderr, "dactest validate: --attack:", err)
			return policy, opts, false
		}
		opts.Attack = a
	}
	return policy, opts, true
}

func writeFindings(vf validateFlags, tree *content.Tree, c *runner.Compiler, fs []content.Finding, stdout, stderr io.Writer) error {
	base := annotationBase(vf.dir)
	inActions := os.Getenv("GITHUB_ACTIONS") == "true"
	switch vf.format {
	case "json":
		if inActions {
			report.FindingsGitHub(stderr, fs, base)
		}
		return report.FindingsJSON(stdout, fs)
	case "sarif":
		if inActions {
			report.FindingsGitHub(stderr, fs, base)
		}
		return report.FindingsSARIF(stdout, fs, sarifRules(), base)
	case "github":
		report.FindingsGitHub(stdout, fs, base)
		return nil
	}
	report.Findings(stdout, fs)
	fmt.Fprintf(stdout, "\n%d detections, %d macros, %d lookups, %d stories, %d data sources\n",
		len(tree.Detections), len(tree.Macros), len(tree.Lookups), len(tree.Stories), len(tree.DataSources))
	report.CompileTally(stdout, c.Tally(tree))
	if inActions {
		report.FindingsGitHub(stdout, fs, base)
	}
	return nil
}

// sarifRules is the whole check table, so that code scanning can show the
// help of any rule.
func sarifRules() []report.Rule {
	var rules []report.Rule
	for _, c := range validate.AllChecks() {
		rules = append(rules, report.Rule{ID: c.ID, Short: c.Summary, Help: c.Hint, Level: c.Severity})
	}
	return append(rules, report.Rule{ID: "config", Short: "configuration file problem", Help: "fix .dactest.yml", Level: "error"})
}

// annotationBase is the directory file names are made relative to for
// SARIF and annotations: the working directory (the repository checkout
// in CI), if the content lies under it.
func annotationBase(dir string) string {
	wd, err := os.Getwd()
	if err != nil || dir == "" {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if rel, err := filepath.Rel(wd, abs); err != nil || rel == ".." || filepath.IsAbs(rel) || len(rel) >= 3 && rel[:3] == "../" {
		return ""
	}
	if filepath.IsAbs(dir) {
		return wd
	}
	return "" // a relative --content already gives paths relative to wd
}

func findingsExit(fs []content.Finding) int {
	for _, f := range fs {
		if f.Severity == content.SeverityError {
			return exitFailed
		}
	}
	return exitOK
}

// loadTree loads a content tree from disk, or the embedded one.
// loadContentTree is loadTree for commands about the content itself: a
// folder holding none (a typo in --content, the attack_data checkout) is
// a usage error, not "0 detections, no error".
func loadContentTree(dir string) (*content.Tree, error) {
	tree, err := loadTree(dir)
	if err == nil && dir != "" && len(tree.Objects) == 0 && len(tree.Findings) == 0 {
		return nil, fmt.Errorf("no content under %s (want a security_content layout: detections/, macros/, ...)", dir)
	}
	return tree, err
}

func loadTree(dir string) (*content.Tree, error) {
	if dir == "" {
		return content.Load(dactest.Content, "(embedded)")
	}
	c, err := runner.NewContentLoader().Dir(dir)
	if err != nil {
		return nil, err
	}
	return c.Tree, nil
}

// withoutRepeatedMacros drops the compiler's spl-macro findings where the
// semantic checks already report macro-ref at the same place: one
// undefined macro is one finding.
func withoutRepeatedMacros(have, search []content.Finding) []content.Finding {
	at := map[content.Pos]bool{}
	for _, f := range have {
		if f.Check == "macro-ref" {
			at[f.Pos] = true
		}
	}
	var out []content.Finding
	for _, f := range search {
		if f.Check == runner.CheckSPLMacro && at[f.Pos] {
			continue
		}
		out = append(out, f)
	}
	return out
}
