#!/usr/bin/env bash
# `npm test`, the README's test command: every test once — the coverage run (every untagged test instrumented,
# sharded over the cores, then the gate), the @gas/@plain tests on plain bytecode, then the @node tests (their
# own Hardhat node and anvil). Every part runs; any failure fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
# A larger young generation: mocha, ethers and Hardhat allocate short-lived objects by the million, and the
# default semi-space makes V8 collect them far too often (about a sixth of the plain tests' time).
export NODE_OPTIONS="${NODE_OPTIONS:-} --max-semi-space-size=64"
status=0
npm run -s test:coverage || status=1
npm run -s test:plain || status=1
npm run -s test:node || status=1
exit "$status"
