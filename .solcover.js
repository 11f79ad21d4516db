// solidity-coverage settings (`npx hardhat coverage`, gated by scripts/coverage-gate.ts in `npm test`).
// contracts/test/ holds mocks, harnesses and baselines: not part of the suite, not measured.
// Tests tagged @gas assert gas figures or bytecode sizes, which instrumentation changes, and @plain ones need the
// plain bytecode for another reason (block gas limits): both run uninstrumented (npm run test:plain). @node tests
// start their own hardhat node (npm run test:node).
module.exports = {
  skipFiles: ["test/"],
  istanbulReporter: ["html", "lcov", "text-summary", "json-summary", "json"],
  mocha: { grep: "@gas|@plain|@node", invert: true },
};
