import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** One row of reports/bench.json (format fixed by the foundation issue; `target` and `note` are extras). */
export interface BenchRow {
  /** Operation, e.g. "dkzt.transfer". */
  name: string;
  /** Gas used by the measured transaction (receipt gasUsed, so including the 21 000 intrinsic). */
  gas: number;
  /** Which baseline it is compared with, e.g. "oz.erc20upgradeable.transfer". */
  baseline: string;
  /** That baseline's gas, measured in the same run from contracts compiled in the same run. */
  baselineGas: number;
  /** gas / baselineGas, rounded to 4 decimals. */
  ratio: number;
  /** The target for this row, as a ratio of baselineGas, when it has one. */
  target?: number;
  /** Free text: what exactly was measured (e.g. "per tap, batch of 200"). */
  note?: string;
}

/** Baselines every capability compares with, measured once per run. */
export interface Baselines {
  /** OpenZeppelin ERC20 transfer to an existing holder. */
  erc20Transfer: number;
  /** OpenZeppelin ERC20Upgradeable behind an ERC1967Proxy, transfer to an existing holder. */
  erc20UpgradeableTransfer: number;
}

/**
 * A capability's benchmark: runs on the embedded chain, returns its rows.
 *
 * Contract with the runner (scripts/bench/run.ts): each case starts on the same clean chain (the runner takes a
 * snapshot before the first case and reverts to it after each one), so a case deploys everything it needs
 * itself: usually its own Ignition module (which includes the Ledger module) through its test fixture, then
 * `populate` from test/helpers/fixtures.ts and `startBenchDay` from scripts/bench/ledger.ts. It measures with
 * {gasOf}, checks the effect with {expectEffect}, and builds rows with {rowAgainstUpgradeable} or
 * {rowWithAbsoluteTarget}. It throws if a measurement fails; the runner then exits non-zero.
 */
export type BenchCase = (hre: HardhatRuntimeEnvironment, baselines: Baselines) => Promise<BenchRow[]>;

/** Build a row from a measured gas figure against the upgradeable ERC-20 baseline (the usual comparison). */
export function rowAgainstUpgradeable(
  name: string,
  gas: bigint | number,
  baselines: Baselines,
  extra: { target?: number; note?: string } = {},
): BenchRow {
  const g = Number(gas);
  return {
    name,
    gas: g,
    baseline: "oz.erc20upgradeable.transfer",
    baselineGas: baselines.erc20UpgradeableTransfer,
    ratio: Math.round((g / baselines.erc20UpgradeableTransfer) * 10_000) / 10_000,
    ...extra,
  };
}

/**
 * Gas figures of Circle's USDC (FiatToken v2.2) the issue sets as absolute targets: DKZT must cost less.
 * They are quoted, not measured here (USDC is not compiled in this repository).
 */
export const USDC_GAS = {
  transferFrom: 53_292,
  permit: 76_650,
  transferWithAuthorization: 86_076,
} as const;

/** Targets are ratios with 6 decimals: fine enough to resolve one gas at these magnitudes. */
function roundTarget(ratio: number): number {
  return Math.round(ratio * 1_000_000) / 1_000_000;
}

/**
 * A row against the upgradeable baseline whose target is an absolute gas figure (e.g. USDC's), expressed as the
 * ratio `targetGas / baselineGas` as the row format wants; the note names the absolute figure, e.g. "USDC: 53,292".
 */
export function rowWithAbsoluteTarget(
  name: string,
  gas: bigint | number,
  baselines: Baselines,
  absolute: { label: string; gas: number },
  note?: string,
): BenchRow {
  const reference = `${absolute.label}: ${absolute.gas.toLocaleString("en-US")}`;
  return rowAgainstUpgradeable(name, gas, baselines, {
    target: roundTarget(absolute.gas / baselines.erc20UpgradeableTransfer),
    note: note ? `${reference}; ${note}` : reference,
  });
}

/** Whether a row meets its target: "PASS", "MISS", or "-" when it has none (report only). */
export function verdict(row: BenchRow): "PASS" | "MISS" | "-" {
  if (row.target === undefined) return "-";
  // Compare in gas, not in rounded ratios: the target allows up to target × baselineGas.
  return row.gas <= row.target * row.baselineGas + 1e-6 ? "PASS" : "MISS";
}

/** A sent transaction, as ethers and typechain return it. */
export interface SentTransaction {
  hash: string;
  wait(): Promise<{ status: number | null; gasUsed: bigint } | null>;
}

/**
 * Receipt gasUsed of a transaction (including the 21 000 intrinsic gas and calldata). Throws if it reverted or
 * was not mined, so a broken measurement fails the bench instead of reporting a figure.
 */
export async function gasOf(sent: Promise<SentTransaction> | SentTransaction): Promise<bigint> {
  const tx = await sent;
  const receipt = await tx.wait();
  if (receipt === null) throw new Error(`transaction ${tx.hash} was not mined`);
  if (receipt.status !== 1) throw new Error(`transaction ${tx.hash} reverted`);
  return receipt.gasUsed;
}

/** Throws unless `actual` equals `expected`: each bench checks that the measured call did what it claims. */
export function expectEffect(what: string, actual: bigint, expected: bigint): void {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}
