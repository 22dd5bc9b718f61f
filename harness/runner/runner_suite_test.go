package runner_test

import (
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestRunner(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runner")
}

// sharedDir finds ../shared beside the repository root.
func sharedDir() string { return testenv.MustShared() }
