/**
 * The supply report: what the central bank issued through each intermediary bank, what came back, and
 * whether the DKZT in existence add up. Read at one block, so the figures are one consistent picture.
 */
import Table from "cli-table3";
import { getAddress } from "ethers";
import type { DigitalTenge } from "../typechain-types";
import { formatTenge } from "./money";

/** One intermediary bank's issuance position, in tiyn. */
export interface BankSupplyRow {
  id: number;
  bank: string;
  label?: string;
  suspended: boolean;
  ceiling: bigint;
  issued: bigint;
  /** Returned to the central bank by the bank, plus its customers' conversions to non-cash. */
  redeemed: bigint;
  /** issued − redeemed: the DKZT this bank put into circulation. */
  outstanding: bigint;
  /** What the bank holds in its own DKZT account (not yet distributed). */
  held: bigint;
}

export interface SupplyTotals {
  ceiling: bigint;
  issued: bigint;
  redeemed: bigint;
  outstanding: bigint;
  held: bigint;
}

export interface SupplyReport {
  chainId: bigint;
  ledger: string;
  blockNumber: number;
  banks: BankSupplyRow[];
  totals: SupplyTotals;
  totalSupply: bigint;
  /** totalSupply == Σ outstanding: no DKZT exist that no bank's issuance accounts for. */
  balanced: boolean;
}

/** Read the supply report from `ledger` at the latest block (or `blockTag`). */
export async function supplyReport(
  ledger: DigitalTenge,
  options: { labels?: ReadonlyMap<string, string>; blockTag?: number } = {},
): Promise<SupplyReport> {
  const provider = ledger.runner?.provider;
  if (!provider) throw new Error("supplyReport: the ledger contract has no provider");
  const blockTag = options.blockTag ?? (await provider.getBlockNumber());
  const { chainId } = await provider.getNetwork();
  const at = { blockTag };
  const labels = new Map([...(options.labels ?? [])].map(([a, l]) => [a.toLowerCase(), l]));

  const count = Number(await ledger.bankCount(at));
  const banks: BankSupplyRow[] = [];
  for (let id = 1; id <= count; id++) {
    const bank = await ledger.bankById(id, at);
    const [record, held] = await Promise.all([ledger.bankOf(bank, at), ledger.balanceOf(bank, at)]);
    banks.push({
      id,
      bank: getAddress(bank),
      label: labels.get(bank.toLowerCase()),
      suspended: record.suspended,
      ceiling: record.ceiling,
      issued: record.issued,
      redeemed: record.redeemed,
      outstanding: record.outstanding,
      held,
    });
  }
  const sum = (pick: (row: BankSupplyRow) => bigint): bigint => banks.reduce((acc, row) => acc + pick(row), 0n);
  const totals: SupplyTotals = {
    ceiling: sum((r) => r.ceiling),
    issued: sum((r) => r.issued),
    redeemed: sum((r) => r.redeemed),
    outstanding: sum((r) => r.outstanding),
    held: sum((r) => r.held),
  };
  const totalSupply = await ledger.totalSupply(at);
  return {
    chainId,
    ledger: await ledger.getAddress(),
    blockNumber: blockTag,
    banks,
    totals,
    totalSupply,
    balanced: totalSupply === totals.outstanding,
  };
}

/** The sum of the balances of `accounts` at the report's block (each counted once). */
export async function sumOfBalances(
  ledger: DigitalTenge,
  accounts: Iterable<string>,
  blockTag?: number,
): Promise<bigint> {
  const unique = [...new Set([...accounts].map((a) => a.toLowerCase()))];
  const balances = await Promise.all(unique.map((a) => ledger.balanceOf(a, { blockTag })));
  return balances.reduce((acc, b) => acc + b, 0n);
}

const money = (tiyn: bigint): string => formatTenge(tiyn, false);

/** The report as a table (amounts in ₸), its totals row, and the supply check under it. */
export function renderSupplyReport(report: SupplyReport): string {
  const table = new Table({
    head: ["#", "bank", "address", "ceiling ₸", "issued ₸", "redeemed ₸", "outstanding ₸", "held by bank ₸"],
    colAligns: ["right", "left", "left", "right", "right", "right", "right", "right"],
    style: { head: [], border: [] },
  });
  for (const row of report.banks) {
    table.push([
      String(row.id),
      (row.label ?? "") + (row.suspended ? " (suspended)" : ""),
      row.bank,
      money(row.ceiling),
      money(row.issued),
      money(row.redeemed),
      money(row.outstanding),
      money(row.held),
    ]);
  }
  const t = report.totals;
  table.push([
    "",
    "total",
    "",
    money(t.ceiling),
    money(t.issued),
    money(t.redeemed),
    money(t.outstanding),
    money(t.held),
  ]);
  const check = report.balanced
    ? `total supply ${formatTenge(report.totalSupply)} = Σ outstanding ✓`
    : `total supply ${formatTenge(report.totalSupply)} ≠ Σ outstanding ${formatTenge(t.outstanding)} ✗ SUPPLY INVARIANT BROKEN`;
  return `${table.toString()}\n${check} (chain ${report.chainId}, ledger ${report.ledger}, block ${report.blockNumber})`;
}

/** JSON form: amounts as decimal strings of tiyn (exact), plus a tenge rendering for readers. */
export interface SupplyReportJson {
  chainId: string;
  ledger: string;
  blockNumber: number;
  unit: "tiyn";
  banks: {
    id: number;
    bank: string;
    label?: string;
    suspended: boolean;
    ceiling: string;
    issued: string;
    redeemed: string;
    outstanding: string;
    held: string;
  }[];
  totals: Record<keyof SupplyTotals, string>;
  totalSupply: string;
  totalSupplyTenge: string;
  balanced: boolean;
}

export function supplyReportJson(report: SupplyReport): SupplyReportJson {
  const t = report.totals;
  return {
    chainId: report.chainId.toString(),
    ledger: report.ledger,
    blockNumber: report.blockNumber,
    unit: "tiyn",
    banks: report.banks.map((r) => ({
      id: r.id,
      bank: r.bank,
      ...(r.label ? { label: r.label } : {}),
      suspended: r.suspended,
      ceiling: r.ceiling.toString(),
      issued: r.issued.toString(),
      redeemed: r.redeemed.toString(),
      outstanding: r.outstanding.toString(),
      held: r.held.toString(),
    })),
    totals: {
      ceiling: t.ceiling.toString(),
      issued: t.issued.toString(),
      redeemed: t.redeemed.toString(),
      outstanding: t.outstanding.toString(),
      held: t.held.toString(),
    },
    totalSupply: report.totalSupply.toString(),
    totalSupplyTenge: formatTenge(report.totalSupply),
    balanced: report.balanced,
  };
}
