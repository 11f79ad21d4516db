// solidity-coverage settings (`npx hardhat coverage`, gated by scripts/coverage-gate.ts in `npm test`).
// contracts/test/ holds mocks, harnesses and baselines: not part of the suite, not measured.
// Tests tagged @gas assert gas figures or bytecode sizes, which instrumentation changes: they run uninstrumented.
module.exports = {
  skipFiles: ["test/"],
  istanbulReporter: ["html", "lcov", "text-summary", "json-summary", "json"],
  mocha: { grep: "@gas|@node", invert: true },
};
