#!/usr/bin/env bash
# `npm test`, the README's test command: every test once, in the order that keeps both cores busy.
#   1. the @node tests (their own Hardhat node and anvil; mostly waiting on those nodes and on CLI children)
#      run beside the coverage run (every untagged test instrumented, sharded over the cores, then the gate);
#   2. then the @gas/@plain tests on plain bytecode, in parallel.
# Each part's output is printed whole when it ends; any failure fails the run after every part has run.
set -uo pipefail
cd "$(dirname "$0")/.."
# The @node tests run without compiling (their CLI children must not race one another to the artifacts).
npx hardhat compile --quiet || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
npm run -s test:node >"$log" 2>&1 &
node_tests=$!
npm run -s test:coverage
coverage=$?
wait "$node_tests"
nodes=$?
echo "== @node tests (ran beside the coverage run): $([ "$nodes" -eq 0 ] && echo ok || echo FAILED)"
cat "$log"
npm run -s test:plain
plain=$?
[ "$coverage" -eq 0 ] && [ "$nodes" -eq 0 ] && [ "$plain" -eq 0 ]
