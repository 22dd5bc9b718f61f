package runner_test

import (
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/runner"
)

var _ = Describe("Compiler.Coverage on the ESCU corpus", Ordered, func() {
	var cov runner.Coverage

	BeforeAll(func() {
		c, err := runner.NewContentLoader().Dir(filepath.Join(sharedDir(), "corpus", "security_content"))
		Expect(err).NotTo(HaveOccurred())
		opts, err := runner.DefaultOptions()
		Expect(err).NotTo(HaveOccurred())
		cov = opts.Compiler.Coverage(c.Tree)
	})

	piece := func(kind, name string) runner.PieceUse {
		for _, p := range cov.Pieces {
			if p.Kind == kind && p.Name == name {
				return p
			}
		}
		Fail("no piece " + kind + " " + name)
		return runner.PieceUse{}
	}
	missing := func(what string) runner.MissingUse {
		for _, m := range cov.Missing {
			if m.What == what {
				return m
			}
		}
		Fail("not missing: " + what)
		return runner.MissingUse{}
	}

	It("counts the 1,613 active and 1,472 production detections; at least 95% of production ones run", func() {
		Expect(cov.All.Detections).To(Equal(1613))
		Expect(cov.Production.Detections).To(Equal(1472))
		Expect(cov.Production.Percent()).To(BeNumerically(">=", 95))
		Expect(cov.All.Runnable).To(BeNumerically("<=", cov.All.Detections))
	})

	It("names the commands and functions used, supported or not", func() {
		Expect(piece("command", "tstats").Detections).To(BeNumerically(">", 500))
		Expect(piece("command", "tstats").Supported()).To(BeTrue())
		Expect(piece("function", "coalesce").Supported()).To(BeTrue())
		Expect(piece("stats function", "dc").Supported()).To(BeTrue())
		mstats := piece("command", "mstats")
		Expect(mstats.Unsupported).To(Equal(mstats.Detections))
	})

	It("lists what remains with the engine's reason", func() {
		m := missing("command mstats")
		Expect(m.Detections).To(Equal(14))
		Expect(m.Reason).To(ContainSubstring("metrics"))
		Expect(missing("command apply").Reason).To(ContainSubstring("MLTK"))
		Expect(missing("command iplocation").Reason).To(ContainSubstring("GeoIP"))
	})
})
