// quark::testing: conformance suites and test helpers
