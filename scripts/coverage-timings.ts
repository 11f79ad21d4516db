/**
 * A mocha reporter for the coverage shards: mocha's spec output as usual, and at the end of the run the seconds each
 * test file took (its top-level suites from first hook to last test, fixtures included) written to
 * `coverage-timings.json` in the working directory. scripts/coverage.ts gathers the shards' files into
 * coverage/timings.json and, asked to, into scripts/coverage-weights.json, the weights it deals the shards by.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

/** Where a run's per-file seconds go, relative to the working directory. */
export const TIMINGS_FILE = "coverage-timings.json";

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;

/** Seconds per test file of a run, rounded to a tenth; files relative to `root`, with forward slashes. */
export function fileSeconds(spans: ReadonlyMap<string, number>, root: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [file, ms] of [...spans].sort(([a], [b]) => a.localeCompare(b))) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    out[rel] = Math.round(ms / 100) / 10;
  }
  return out;
}

/** The reporter: spec's output, and the per-file seconds written at the end of the run. */
export class CoverageTimings extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const spans = new Map<string, number>();
    const begun = new Map<Mocha.Suite, number>();
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.parent?.root && suite.file) begun.set(suite, performance.now());
    });
    runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
      const start = begun.get(suite);
      if (start === undefined || !suite.file) return;
      spans.set(suite.file, (spans.get(suite.file) ?? 0) + performance.now() - start);
    });
    runner.once(EVENT_RUN_END, () => {
      fs.writeFileSync(TIMINGS_FILE, JSON.stringify(fileSeconds(spans, process.cwd()), null, 2) + "\n");
    });
  }
}
