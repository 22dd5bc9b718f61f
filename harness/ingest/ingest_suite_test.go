package ingest

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestIngestSuite(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "ingest")
}
