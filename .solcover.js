// solidity-coverage settings (`npx hardhat coverage`, gated by scripts/coverage-gate.ts in `npm test`).
// contracts/test/ holds mocks, harnesses and baselines: not part of the suite, not measured.
// Tests tagged @gas assert gas figures or bytecode sizes, which instrumentation changes, and @plain ones need the
// plain bytecode for another reason (block gas limits): both run uninstrumented (npm run test:plain). @node tests
// start their own hardhat node (npm run test:node).
module.exports = {
  skipFiles: ["test/"],
  istanbulReporter: ["html", "lcov", "text-summary", "json-summary", "json"],
  // Instrumented code runs about twice as slowly, and the shards share the cores: the property runs (offline cheques,
  // cross-module invariants) get room beyond the plain run's 120 s. A timeout here catches a hang, not slowness.
  mocha: { grep: "@gas|@plain|@node", invert: true, timeout: 600_000 },
};
