/**
 * The capacity model of docs/capacity.md, recomputed from measured gas (reports/bench.json, written by
 * `npm run bench`) and, when present, the load test's figures (reports/load.json, `npm run load`).
 *
 *   npx ts-node --transpile-only scripts/capacity.ts           print the tables (markdown)
 *   npx ts-node --transpile-only scripts/capacity.ts --write   also replace them in docs/capacity.md
 *
 * Every input that is not measured here (network parameters, Kazakhstan's volumes, the mix, the peak factors) is a
 * constant below with its source or the word "assumption"; docs/capacity.md explains each.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One operation of the national mix: a bench row and its share of all operations (shares add up to 1). */
export interface MixItem {
  label: string;
  bench: string;
  share: number;
}

export const MIX: readonly MixItem[] = [
  { label: "Retail payment (person to person or to a shop, app/QR)", bench: "dkzt.transfer", share: 0.5 },
  { label: "Card charge by a payment agent under a mandate", bench: "payments.card.charge", share: 0.2 },
  { label: "Merchant invoice with VAT split (signed, B2C)", bench: "payments.invoice.vat", share: 0.15 },
  { label: "Offline cheque settled (batch of 100)", bench: "offline.redeem.batch100", share: 0.05 },
  { label: "Redemption to a bank deposit", bench: "dkzt.redeemToNonCash", share: 0.04 },
  { label: "School lunch tap (batch of 200)", bench: "programs.lunch.batch200", share: 0.03 },
  { label: "ATM cash withdrawal (DKZT redeemed)", bench: "payments.atm.withdraw", share: 0.02 },
  { label: "Issuance to a bank", bench: "dkzt.issue", share: 0.01 },
];

export interface Network {
  name: string;
  blockGasLimit: number;
  blockSeconds: number;
  /** Fraction of each block's gas DKZT may count on. */
  usable: number;
  source: string;
}

export const NETWORKS: readonly Network[] = [
  {
    name: "BNB Smart Chain, whole block",
    blockGasLimit: 45_000_000,
    blockSeconds: 0.45,
    usable: 1,
    source: "BEP-619 (Fermi, mainnet 2026-01-14): 0.45 s blocks, 45M gas",
  },
  {
    name: "BNB Smart Chain, 5% payment lane",
    blockGasLimit: 45_000_000,
    blockSeconds: 0.45,
    usable: 0.05,
    source: "BEP-703 payment lane: 5% of each block's gas (Jenner, mainnet 2026-12-08)",
  },
  {
    name: "Permissioned Besu QBFT",
    blockGasLimit: 100_000_000,
    blockSeconds: 1,
    usable: 1,
    source: "blockperiodseconds 1, gas limit 100M: our choice (docs/capacity.md)",
  },
];

/** NBK, payment instruments, July 2025: 1 263 406.8 thousand transactions in the month (all instruments). */
export const NBK_MONTH_TRANSACTIONS = 1_263_406_800;
export const NBK_MONTH_DAYS = 31;
/** Assumption: the busiest hour carries 10% of a day's payments (hour factor 2.4 over a flat day). */
export const PEAK_HOUR_SHARE = 0.1;
/** Assumption: the busiest day (payday, pre-holiday) carries 1.3× an average day. */
export const PEAK_DAY_FACTOR = 1.3;
/** Shares of Kazakhstan's payments the digital tenge might carry. */
export const ADOPTION = [1, 0.25, 0.1] as const;

interface BenchRow {
  name: string;
  gas: number;
}

interface LoadReport {
  payments: number;
  dkztPerSec: number;
  erc20PerSec: number;
  ratio: number;
  /** Absent from reports written before the proxied ERC-20 ran in every load run. */
  erc20ProxiedPerSec?: number;
  ratioVsProxied?: number;
  details?: { phases?: { dkzt?: { meanGasPerPayment?: number } } };
}

export interface Model {
  rows: { item: MixItem; gas: number; weighted: number }[];
  meanGas: number;
  networks: { network: Network; gasPerSecond: number; opsPerSecond: number; opsPerDay: number }[];
  demand: { averagePerSecond: number; peakFactor: number; peakPerSecond: number };
  headroom: { network: string; adoption: number; peakDemand: number; capacity: number; headroom: number }[];
}

/** The model from bench rows. Throws if a bench row of the mix is missing or the shares do not add up to 1. */
export function computeModel(bench: readonly BenchRow[]): Model {
  const total = MIX.reduce((sum, m) => sum + m.share, 0);
  if (Math.abs(total - 1) > 1e-9) throw new Error(`mix shares add up to ${total}, not 1`);
  const rows = MIX.map((item) => {
    const row = bench.find((r) => r.name === item.bench);
    if (row === undefined) throw new Error(`reports/bench.json has no row ${item.bench}; run npm run bench`);
    return { item, gas: row.gas, weighted: row.gas * item.share };
  });
  const meanGas = rows.reduce((sum, r) => sum + r.weighted, 0);
  const networks = NETWORKS.map((network) => {
    const gasPerSecond = (network.blockGasLimit * network.usable) / network.blockSeconds;
    const opsPerSecond = gasPerSecond / meanGas;
    return { network, gasPerSecond, opsPerSecond, opsPerDay: opsPerSecond * 86_400 };
  });
  const averagePerSecond = NBK_MONTH_TRANSACTIONS / (NBK_MONTH_DAYS * 86_400);
  const peakFactor = PEAK_HOUR_SHARE * 24 * PEAK_DAY_FACTOR;
  const peakPerSecond = averagePerSecond * peakFactor;
  const headroom = networks.flatMap((n) =>
    ADOPTION.map((adoption) => ({
      network: n.network.name,
      adoption,
      peakDemand: peakPerSecond * adoption,
      capacity: n.opsPerSecond,
      headroom: n.opsPerSecond / (peakPerSecond * adoption),
    })),
  );
  return { rows, meanGas, networks, demand: { averagePerSecond, peakFactor, peakPerSecond }, headroom };
}

const n0 = (x: number): string => Math.round(x).toLocaleString("en-US");
const n1 = (x: number): string => x.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = (x: number): string => `${n0(x * 100)}%`;

/** The tables docs/capacity.md shows between its capacity markers. */
export function renderTables(model: Model, load?: LoadReport): string {
  const lines: string[] = [];
  lines.push("**Mix and measured gas** (gas from `reports/bench.json`, receipt gasUsed including the 21 000 base)", "");
  lines.push("| operation | bench row | gas | share | share × gas |", "|---|---|---:|---:|---:|");
  for (const r of model.rows) {
    lines.push(`| ${r.item.label} | \`${r.item.bench}\` | ${n0(r.gas)} | ${pct(r.item.share)} | ${n1(r.weighted)} |`);
  }
  lines.push(`| **mean gas per operation** | | | 100% | **${n0(model.meanGas)}** |`, "");

  lines.push("**Capacity** (gas per second ÷ mean gas per operation)", "");
  lines.push(
    "| network | block gas × usable ÷ block time | gas/s | operations/s | operations/day |",
    "|---|---|---:|---:|---:|",
  );
  for (const n of model.networks) {
    const { network } = n;
    lines.push(
      `| ${network.name} | ${n0(network.blockGasLimit)} × ${pct(network.usable)} ÷ ${network.blockSeconds} s | ` +
        `${n0(n.gasPerSecond)} | **${n0(n.opsPerSecond)}** | ${n0(n.opsPerDay)} |`,
    );
  }
  lines.push("");

  const d = model.demand;
  lines.push("**Demand** (NBK, July 2025, all payment instruments)", "");
  lines.push(
    `- average: ${n0(NBK_MONTH_TRANSACTIONS)} transactions ÷ (${NBK_MONTH_DAYS} days × 86 400 s) = ` +
      `**${n1(d.averagePerSecond)} per second**`,
    `- peak factor: ${pct(PEAK_HOUR_SHARE)} of a day in its busiest hour × 24 × busiest day ${PEAK_DAY_FACTOR} = ` +
      `**${d.peakFactor.toFixed(2)}**`,
    `- peak: ${n1(d.averagePerSecond)} × ${d.peakFactor.toFixed(2)} = **${n0(d.peakPerSecond)} per second** ` +
      "if every payment in Kazakhstan were a DKZT operation",
    "",
  );

  lines.push("**Headroom at the peak hour** (capacity ÷ peak demand; below 1× the network cannot keep up)", "");
  lines.push(
    "| network | DKZT share of payments | peak demand /s | capacity /s | headroom |",
    "|---|---:|---:|---:|---:|",
  );
  for (const h of model.headroom) {
    lines.push(
      `| ${h.network} | ${pct(h.adoption)} | ${n0(h.peakDemand)} | ${n0(h.capacity)} | ` +
        `${h.headroom >= 1 ? "" : "**"}${h.headroom.toFixed(2)}×${h.headroom >= 1 ? "" : "**"} |`,
    );
  }
  lines.push("");

  if (load !== undefined) {
    const mean = load.details?.phases?.dkzt?.meanGasPerPayment;
    lines.push("**Load test** (`reports/load.json`: one private Hardhat node on this machine, not a network)", "");
    lines.push(
      `- ${n0(load.payments)} payments per token: DKZT ${n1(load.dkztPerSec)}/s, plain ERC-20 ${n1(load.erc20PerSec)}/s, ` +
        `ratio **${load.ratio.toFixed(3)}**` +
        (load.erc20ProxiedPerSec === undefined || load.ratioVsProxied === undefined
          ? ""
          : `; proxied ERC-20 ${n1(load.erc20ProxiedPerSec)}/s, DKZT against it ${load.ratioVsProxied.toFixed(3)}`) +
        (mean === undefined
          ? ""
          : `; mean DKZT payment gas ${n0(mean)} (≈ ${n1((load.dkztPerSec * mean) / 1e6)} Mgas/s)`),
      "",
    );
  }
  return lines.join("\n");
}

const BEGIN = "<!-- capacity:begin (generated by scripts/capacity.ts; do not edit by hand) -->";
const END = "<!-- capacity:end -->";

function main(): void {
  const root = path.resolve(__dirname, "..");
  const benchFile = path.join(root, "reports", "bench.json");
  if (!fs.existsSync(benchFile)) throw new Error(`${benchFile} missing: run npm run bench first`);
  const bench = JSON.parse(fs.readFileSync(benchFile, "utf8")) as BenchRow[];
  const loadFile = path.join(root, "reports", "load.json");
  const load = fs.existsSync(loadFile) ? (JSON.parse(fs.readFileSync(loadFile, "utf8")) as LoadReport) : undefined;
  const tables = renderTables(computeModel(bench), load);
  console.log(tables);
  if (process.argv.includes("--write")) {
    const docFile = path.join(root, "docs", "capacity.md");
    const doc = fs.readFileSync(docFile, "utf8");
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    if (start < 0 || end < start) throw new Error(`${docFile} lacks the capacity markers`);
    fs.writeFileSync(docFile, `${doc.slice(0, start + BEGIN.length)}\n\n${tables}\n${doc.slice(end)}`);
    console.log(`\nTables written to ${path.relative(root, docFile)}.`);
  }
}

if (require.main === module) main();
