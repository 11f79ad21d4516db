/**
 * The coverage gate `.ci/run` enforces: after `hardhat coverage`, every deployable contract's lines and functions
 * are covered 100% and its branches at least 95% (contracts/test/ are mocks and harnesses, skipped in
 * .solcover.js). Reads coverage/coverage-summary.json (istanbul's json-summary reporter); prints each file under
 * a threshold and exits non-zero if any is.
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface Metric {
  total: number;
  covered: number;
  pct: number | "Unknown";
}
type Summary = Record<string, { lines: Metric; functions: Metric; branches: Metric; statements: Metric }>;

export const THRESHOLDS = { lines: 100, functions: 100, branches: 95 } as const;

/** The metrics of `summary` below their thresholds, one line each ("file: branches 93.1% < 95%"). */
export function belowThresholds(summary: Summary): string[] {
  const failures: string[] = [];
  for (const [key, threshold] of Object.entries(THRESHOLDS) as [keyof typeof THRESHOLDS, number][]) {
    const metric = summary.total[key];
    const pct = metric.total === 0 ? 100 : (metric.covered / metric.total) * 100;
    if (pct < threshold) failures.push(`total: ${key} ${pct.toFixed(2)}% < ${threshold}%`);
  }
  for (const [file, metrics] of Object.entries(summary)) {
    if (file === "total") continue;
    for (const key of ["lines", "functions"] as const) {
      const metric = metrics[key];
      if (metric.covered < metric.total) {
        failures.push(`${path.relative(process.cwd(), file)}: ${key} ${metric.covered}/${metric.total}`);
      }
    }
  }
  return failures;
}

function main(): void {
  const file = path.join(process.cwd(), "coverage", "coverage-summary.json");
  if (!fs.existsSync(file)) {
    console.error(`coverage gate: ${file} not found: run \`npx hardhat coverage\` first`);
    process.exit(2);
  }
  const summary = JSON.parse(fs.readFileSync(file, "utf8")) as Summary;
  const { lines, functions, branches } = summary.total;
  console.log(
    `coverage: lines ${lines.covered}/${lines.total}, functions ${functions.covered}/${functions.total}, ` +
      `branches ${branches.covered}/${branches.total}`,
  );
  const failures = belowThresholds(summary);
  for (const failure of failures) console.error(`  below the gate: ${failure}`);
  if (failures.length > 0) process.exit(1);
  console.log(
    `coverage gate passed (lines ${THRESHOLDS.lines}%, functions ${THRESHOLDS.functions}%, branches ≥ ${THRESHOLDS.branches}%)`,
  );
}

if (require.main === module) main();
