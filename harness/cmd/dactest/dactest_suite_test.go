package main

import (
	"bytes"
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestCLI(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "dactest CLI")
}

// shared is ../shared beside the repository root.
func shared(parts ...string) string { return testenv.MustShared(parts...) }

// cli runs dactest in-process and returns its exit code and output.
func cli(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := dispatch(args, &out, &errOut)
	return code, out.String(), errOut.String()
}
