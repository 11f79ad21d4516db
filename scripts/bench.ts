/**
 * `npm run bench`: deterministic gas figures for the suite, written to reports/bench.json and printed as a table.
 *
 * One run measures the ERC-20 baselines (compiled in this run) and then every case of scripts/bench/index.ts, each
 * on the same clean chain (see scripts/bench/run.ts). Figures are receipt gasUsed on the embedded hardhat network
 * (cancun). A missed target is reported (MISS) and the exit code stays 0; a measurement that fails (a throw, a
 * reverted transaction, an effect not as expected) makes the exit code 1, and its rows are missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import Table from "cli-table3";
import { BENCH_CASES } from "./bench/index";
import { runBench } from "./bench/run";
import { verdict, type BenchRow } from "./bench/types";

const REPORT = path.join("reports", "bench.json");

function printTable(rows: BenchRow[]): void {
  const table = new Table({
    head: ["name", "gas", "baseline", "baseline gas", "ratio", "target", "result", "note"],
    colAligns: ["left", "right", "left", "right", "right", "right", "center", "left"],
    colWidths: [null, null, null, null, null, null, null, 60],
    wordWrap: true,
    // Colours only on a terminal: logs and CI artefacts stay plain text.
    ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }),
  });
  for (const row of rows) {
    table.push([
      row.name,
      row.gas.toLocaleString("en-US"),
      row.baseline,
      row.baselineGas.toLocaleString("en-US"),
      `${row.ratio.toFixed(4)}x`,
      row.target === undefined ? "" : `${row.target.toFixed(4)}x`,
      verdict(row),
      row.note ?? "",
    ]);
  }
  console.log(table.toString());
}

async function main(): Promise<void> {
  const started = Date.now();
  const { rows, failures } = await runBench(hre, BENCH_CASES);

  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, `${JSON.stringify(rows, null, 2)}\n`);
  printTable(rows);

  const missed = rows.filter((row) => verdict(row) === "MISS").map((row) => row.name);
  console.log(`${rows.length} rows written to ${REPORT} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log(
    missed.length === 0 ? "Every target met." : `Targets missed (reported, not failed): ${missed.join(", ")}.`,
  );
  if (failures.length > 0) {
    console.error(`\n${failures.length} measurement(s) failed; their rows are missing from the report:`);
    for (const failure of failures) console.error(`- ${failure}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
