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
