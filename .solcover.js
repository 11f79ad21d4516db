// solidity-coverage settings (`npx hardhat coverage`, gated by scripts/coverage-gate.ts in `npm test`).
// contracts/test/ holds mocks, harnesses and baselines: not part of the suite, not measured.
// Tests tagged @gas assert gas figures or bytecode sizes, which instrumentation changes; @plain ones are the load
// test's in-process run (block gas limits), the long randomised runs (invariants, properties against models), the
// task tests and the small-scale pilot, which only call what the unit tests cover and run several times slower here
// (every EVM step is watched from JavaScript): both run uninstrumented (npm run test:plain), and the gate measures
// without them. @node tests start their own hardhat node (npm run test:node).
module.exports = {
  skipFiles: ["test/"],
  istanbulReporter: ["html", "lcov", "text-summary", "json-summary", "json"],
  // Instrumented code runs several times as slowly, and the shards share the cores: a timeout here catches a hang,
  // not slowness.
  // The reporter is spec's, and writes each test file's seconds (scripts/coverage-timings.ts) for the shard weights.
  mocha: {
    grep: "@gas|@plain|@node",
    invert: true,
    timeout: 600_000,
    reporter: require("./scripts/coverage-timings").CoverageTimings,
  },
};
