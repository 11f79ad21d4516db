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

/** A capability's benchmark: runs on the embedded chain, returns its rows. */
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
