package ingest

import (
	"embed"
	"io/fs"

	"github.com/dactest/dactest/harness/engine"
)

//go:embed addons/*.yml
var addonFiles embed.FS

// DefaultAddons compiles the embedded add-on definitions (Splunk Add-on
// for Microsoft Windows and Splunk Add-on for Sysmon subsets) once.
func DefaultAddons() (*Addons, error) {
	sub, err := fs.Sub(addonFiles, "addons")
	if err != nil {
		return nil, err
	}
	tables, err := AddonEvalTables(sub)
	if err != nil {
		return nil, err
	}
	return LoadAddons(sub, EngineCompilersWith(tables))
}

// EngineCompilers are the SPL compilers of harness/engine.
func EngineCompilers() Compilers {
	return Compilers{Eval: engine.CompileEval, Search: engine.CompileSearch}
}

// DefaultAddonsWithConf is the embedded definitions plus the Splunk
// add-ons in dirs (LoadAddonConf), as a Splunk with those apps installed
// beside the modelled ones: every matching stanza contributes. An EVAL's
// lookup() reads the tables of both. A setting a built-in file already
// defines for the same stanza is not applied and is returned as a problem.
func DefaultAddonsWithConf(dirs []string) (*Addons, []ConfProblem, error) {
	sub, err := fs.Sub(addonFiles, "addons")
	if err != nil {
		return nil, nil, err
	}
	builtin, err := AddonEvalTables(sub)
	if err != nil {
		return nil, nil, err
	}
	a, seen := &Addons{}, newSeen()
	if err := a.addYAMLFiles(sub, EngineCompilersWith(builtin), seen); err != nil {
		return nil, nil, err
	}
	return loadAddonConf(a, seen, dirs, func(t *EvalTables) Compilers { return EngineCompilersWith(builtin.with(t)) })
}
