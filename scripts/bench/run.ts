import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { baselineRows, measureBaselines } from "./baselines";
import type { Baselines, BenchCase, BenchRow } from "./types";

/** What one bench run produced: every row measured, and every measurement that failed (with its reason). */
export interface BenchResult {
  baselines: Baselines;
  rows: BenchRow[];
  failures: string[];
}

async function snapshot(hre: HardhatRuntimeEnvironment): Promise<string> {
  return (await hre.network.provider.send("evm_snapshot", [])) as string;
}

async function revertTo(hre: HardhatRuntimeEnvironment, id: string): Promise<void> {
  const ok = (await hre.network.provider.send("evm_revert", [id])) as boolean;
  if (!ok) throw new Error(`evm_revert ${id} failed`);
}

/**
 * Measure the baselines, then run `cases` in order, each from the same clean chain: the chain as it was when
 * the run started (a snapshot taken first, reverted to after the baselines and after every case), so a case's
 * figures do not depend on which cases ran before it, and the chain is left as it was found.
 * A case that throws is recorded in `failures` (its rows are missing); the other cases still run.
 * Baseline failures throw: without baselines no row means anything.
 */
export async function runBench(hre: HardhatRuntimeEnvironment, cases: readonly BenchCase[]): Promise<BenchResult> {
  if (hre.network.name !== "hardhat") {
    throw new Error(`the bench runs on the embedded hardhat network only (got --network ${hre.network.name})`);
  }
  const clean = await snapshot(hre);
  let baselines: Baselines;
  try {
    baselines = await measureBaselines(hre);
  } finally {
    await revertTo(hre, clean);
  }
  const rows: BenchRow[] = baselineRows(baselines);
  const failures: string[] = [];

  for (const benchCase of cases) {
    const id = await snapshot(hre);
    try {
      rows.push(...(await benchCase(hre, baselines)));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`${benchCase.name || "anonymous case"}: ${reason}`);
    } finally {
      await revertTo(hre, id);
    }
  }

  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.name)) failures.push(`duplicate row name ${row.name}`);
    seen.add(row.name);
  }
  return { baselines, rows, failures };
}
