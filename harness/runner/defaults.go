package runner

import (
	"fmt"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/ingest"
)

// DefaultOptions wires the embedded knowledge every run starts from: the
// CIM data models for tstats and the add-on field extractions.
func DefaultOptions() (Options, error) {
	dms, err := datamodel.CIM()
	if err != nil {
		return Options{}, fmt.Errorf("data models: %w", err)
	}
	addons, err := ingest.DefaultAddons()
	if err != nil {
		return Options{}, fmt.Errorf("add-on definitions: %w", err)
	}
	return Options{Compiler: NewCompiler(&engine.Env{Datamodels: dms}), Addons: addons}, nil
}
