/**
 * The 2023 pilot, replayed: `npm run pilot` (embedded chain) or `npx hardhat run scripts/pilot.ts --network
 * localhost` (a running `npx hardhat node`).
 *
 * One function per step, run in order from STEPS; each returns the lines of its narrative. A later capability
 * (payments, programs, reserves, cross-border, offline) adds its step functions to STEPS. At the end the
 * supply report is printed and written to reports/pilot.json, and the run fails (exit code 1) if the supply
 * invariant is broken: total supply = Σ (issued − redeemed) over banks = Σ balances of every account touched.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import Table from "cli-table3";
import { castOf, type Cast, type PilotBank, type PilotCustomer } from "../src/actors";
import { SuiteError, describeError } from "../src/errors";
import { formatTenge, tenge } from "../src/money";
import { deploy, Operations, reference } from "../src/ops";
import { renderSupplyReport, sumOfBalances, supplyReport, supplyReportJson, type SupplyReport } from "../src/report";
import type { Suite } from "../src/suite";
import { AccountKind, DEFAULT_TIERS } from "../src/tiers";

/** What the steps share. `ops` exists once the suite is deployed (step 1). */
interface Pilot {
  cast: Cast;
  suite?: Suite;
  ops?: Operations;
  /** Every account the pilot touched, for the invariant. */
  touched: Set<string>;
  /** DKZT each merchant received in payments, tiyn. */
  receipts: Map<string, bigint>;
}

interface Step {
  title: string;
  run: (pilot: Pilot) => Promise<string[]>;
}

function desk(pilot: Pilot): Operations {
  if (!pilot.ops) throw new Error("the suite is not deployed yet: the deploy step comes first");
  return pilot.ops;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const byKind = (pilot: Pilot, kind: PilotCustomer["kind"]): PilotCustomer[] =>
  pilot.cast.customers.filter((c) => c.kind === kind);

const merchant = (pilot: Pilot, name: string): PilotCustomer => {
  const found = pilot.cast.customers.find((c) => c.name === name);
  if (!found) throw new Error(`no pilot customer named ${name}`);
  return found;
};

// ------------------------------------------------------------------------------------------- steps

/** The operator deploys the suite; the National Bank, NPC and financial monitoring receive their roles. */
async function deploySuiteStep(pilot: Pilot): Promise<string[]> {
  const { cast } = pilot;
  const { chainId } = await hre.ethers.provider.getNetwork();
  const deploymentId = `pilot-chain-${chainId}`;
  if (hre.network.name !== "hardhat") {
    // A pilot always starts from a fresh suite: forget the previous pilot's deployment record.
    fs.rmSync(path.join(hre.config.paths.ignition, "deployments", deploymentId), { recursive: true, force: true });
  }
  const d = await deploy(hre, {
    deploymentId,
    defineTiers: false,
    holders: {
      CENTRAL_BANK: cast.centralBank.address,
      OPERATOR: cast.operator.address,
      COMPLIANCE: cast.compliance.address,
      GOVERNANCE: cast.governance.address,
    },
  });
  pilot.suite = d.suite;
  const labels = new Map<string, string>();
  for (const p of [
    cast.deployer,
    cast.governance,
    cast.centralBank,
    cast.operator,
    cast.compliance,
    ...cast.banks,
    ...cast.customers,
  ]) {
    labels.set(p.address, p.name);
    pilot.touched.add(p.address);
  }
  pilot.ops = new Operations(d.suite, hre.network.name, labels);
  return [
    `DigitalTenge ${d.addresses.ledger} and its AccessManager ${d.addresses.manager} on ${hre.network.name} (chain ${chainId})`,
    `Roles: central bank → ${cast.centralBank.name}, operator → ${cast.operator.name}, compliance → ${cast.compliance.name}, governance → ${cast.governance.name}`,
    d.record
      ? `Ignition recorded the addresses in ${path.relative(process.cwd(), d.record)}`
      : "Embedded chain: nothing recorded",
  ];
}

/** The National Bank defines the KYC tiers. */
async function defineTiersStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const lines: string[] = [];
  for (const tier of DEFAULT_TIERS) {
    const { summary } = await ops.defineTier(
      pilot.cast.centralBank.signer,
      tier.id,
      tier.holdingLimit,
      tier.dailyLimit,
    );
    lines.push(`${summary} — ${tier.name}`);
  }
  return lines;
}

/** NPC onboards the five intermediary banks (BANK role + ledger account, registry codes only). */
async function onboardBanksStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  for (const bank of pilot.cast.banks) {
    await ops.onboardBank(pilot.cast.operator.signer, bank.address, 6, reference(bank.code, "text"));
  }
  return pilot.cast.banks.map((b, i) => `#${i + 1} ${b.name} (registry code ${b.code}) at ${b.address}`);
}

/** The National Bank sets each bank's issuance ceiling (its reserves) and issues a first tranche. */
async function issueStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const cb = pilot.cast.centralBank.signer;
  const lines: string[] = [];
  for (const [i, bank] of pilot.cast.banks.entries()) {
    await ops.setCeiling(cb, bank.address, bank.ceiling);
    await ops.issue(cb, bank.address, bank.issue, reference(`RSV-2023-11-${String(i + 1).padStart(3, "0")}`, "text"));
    lines.push(`${bank.name}: ceiling ${formatTenge(bank.ceiling)}, issued ${formatTenge(bank.issue)}`);
  }
  return lines;
}

/** Each bank onboards its customers: individuals, merchants, government bodies (opaque references). */
async function onboardCustomersStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const lines: string[] = [];
  for (const [b, bank] of pilot.cast.banks.entries()) {
    const own = pilot.cast.customers.filter((c) => c.bank === b);
    for (const c of own) {
      await ops.onboardCustomer(bank.signer, c.address, AccountKind[c.kind], c.tier, c.ref);
    }
    const count = (kind: PilotCustomer["kind"]): number => own.filter((c) => c.kind === kind).length;
    const gov = own.filter((c) => c.kind === "Government").map((c) => c.name);
    lines.push(
      `${bank.name}: ${count("Individual")} individuals (one lite wallet), ${plural(count("Merchant"), "merchant")}` +
        (gov.length > 0 ? `, ${gov.join(" and ")}` : ""),
    );
  }
  return lines;
}

/** Banks distribute DKZT to their customers' wallets. */
async function distributeStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const lines: string[] = [];
  for (const [b, bank] of pilot.cast.banks.entries()) {
    let total = 0n;
    for (const c of pilot.cast.customers.filter((x) => x.bank === b && x.opening > 0n)) {
      await ops.transfer(bank.signer, c.address, c.opening);
      total += c.opening;
    }
    lines.push(`${bank.name} distributed ${formatTenge(total)}`);
  }
  return lines;
}

/** The price list individuals pay from: merchant → amount. */
const PURCHASES: readonly [string, bigint][] = [
  ["School canteen No. 45", tenge(1_200)],
  ["Grocery store", tenge("8450.50")],
  ["Pharmacy", tenge(3_275)],
  ["Café", tenge(2_750)],
  ["Bookshop", tenge("4990.90")],
  ["Bazaar stall", tenge(6_000)],
  ["Fuel station", tenge(15_500)],
  ["Online shop", tenge("12999.99")],
];

/** Individuals pay merchants, across banks: two purchases each (lunch at the canteen for every fourth). */
async function paymentsStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  let count = 0;
  let total = 0n;
  let crossBank = 0;
  for (const [i, person] of byKind(pilot, "Individual").entries()) {
    for (const k of [i, i + 3]) {
      const [name, amount] = PURCHASES[k % PURCHASES.length];
      const shop = merchant(pilot, name);
      await ops.transfer(person.signer, shop.address, amount);
      pilot.receipts.set(shop.address, (pilot.receipts.get(shop.address) ?? 0n) + amount);
      count++;
      total += amount;
      if (shop.bank !== person.bank) crossBank++;
    }
  }
  const lines = [`${count} payments, ${formatTenge(total)} in all, ${crossBank} of them to a merchant at another bank`];
  for (const m of byKind(pilot, "Merchant"))
    lines.push(`${m.name} took ${formatTenge(pilot.receipts.get(m.address) ?? 0n)}`);
  return lines;
}

/** Merchants pay the VAT included in their takings (12/112 of gross, rounded down to the tiyn) to the SRC. */
async function vatStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const src = merchant(pilot, "State Revenue Committee");
  let total = 0n;
  for (const m of byKind(pilot, "Merchant")) {
    const vat = ((pilot.receipts.get(m.address) ?? 0n) * 12n) / 112n;
    if (vat === 0n) continue;
    await ops.transfer(m.signer, src.address, vat);
    total += vat;
  }
  return [`${src.name} received ${formatTenge(total)} of VAT from ${byKind(pilot, "Merchant").length} merchants`];
}

/** The limits hold: a lite wallet tries to pay more than its daily limit and is refused, in words. */
async function limitsHoldStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const lite = byKind(pilot, "Individual").find((c) => c.tier === 0);
  if (!lite) throw new Error("the pilot has no lite wallet");
  const bank = pilot.cast.banks[lite.bank];
  const shop = merchant(pilot, "Grocery store");
  // Top the wallet up to 90 000 ₸ (under its 100 000 ₸ holding limit) so the refusal is the daily limit's.
  const topUp = tenge(90_000) - (await ops.suite.ledger.balanceOf(lite.address));
  await ops.transfer(bank.signer, lite.address, topUp);
  const amount = tenge(60_000);
  try {
    await ops.transfer(lite.signer, shop.address, amount);
  } catch (err) {
    const e = SuiteError.from(err);
    if (e.revert?.name !== "DailyLimitExceeded") throw err;
    return [
      `${bank.name} topped up ${lite.name}'s lite wallet to 90 000.00 ₸; it then tried to pay ${formatTenge(amount)} to the ${shop.name}.`,
      "The ledger refused:",
      `  ${e.message}`,
    ];
  }
  throw new Error("a lite wallet paid above its daily limit: the tier limits do not hold");
}

/** Merchants convert takings into non-cash tenge at their bank (the canteen all of it, the grocery half). */
async function toNonCashStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const lines: string[] = [];
  for (const [name, share] of [
    ["School canteen No. 45", 1n],
    ["Grocery store", 2n],
  ] as const) {
    const m = merchant(pilot, name);
    const balance = await desk(pilot).suite.ledger.balanceOf(m.address);
    const amount = balance / share;
    if (amount === 0n) continue;
    await ops.toNonCash(m.signer, amount);
    lines.push(`${m.name} converted ${formatTenge(amount)} into non-cash tenge at ${pilot.cast.banks[m.bank].name}`);
  }
  return lines;
}

/** A bank returns undistributed DKZT to the National Bank. */
async function bankRedeemsStep(pilot: Pilot): Promise<string[]> {
  const ops = desk(pilot);
  const bank: PilotBank = pilot.cast.banks[3];
  const amount = tenge(3_000_000);
  await ops.redeem(bank.signer, amount, reference("RSV-2023-12-R001", "text"));
  return [`${bank.name} redeemed ${formatTenge(amount)} to the National Bank, freeing that much of its ceiling`];
}

/** The steps of the pilot, in order. Capabilities append theirs. */
export const STEPS: Step[] = [
  { title: "Deploy the suite", run: deploySuiteStep },
  { title: "The National Bank defines the KYC tiers", run: defineTiersStep },
  { title: "NPC onboards five intermediary banks", run: onboardBanksStep },
  { title: "The National Bank sets ceilings and issues DKZT to the banks", run: issueStep },
  { title: "Banks onboard their customers", run: onboardCustomersStep },
  { title: "Banks distribute DKZT to customers' wallets", run: distributeStep },
  { title: "Customers pay merchants", run: paymentsStep },
  { title: "Merchants pay VAT to the State Revenue Committee", run: vatStep },
  { title: "Tier limits hold", run: limitsHoldStep },
  { title: "Merchants convert DKZT into non-cash tenge", run: toNonCashStep },
  { title: "A bank redeems DKZT to the National Bank", run: bankRedeemsStep },
];

// ------------------------------------------------------------------------------------------- report

interface Holder {
  name: string;
  address: string;
  kind: string;
  bank: string;
  balance: bigint;
}

async function holders(pilot: Pilot, blockTag: number): Promise<Holder[]> {
  const ledger = desk(pilot).suite.ledger;
  const rows: Holder[] = [];
  for (const p of [...pilot.cast.banks, ...pilot.cast.customers]) {
    const isBank = pilot.cast.banks.some((b) => b.address === p.address);
    const customer = pilot.cast.customers.find((c) => c.address === p.address);
    rows.push({
      name: p.name,
      address: p.address,
      kind: isBank ? "Bank" : (customer?.kind ?? ""),
      bank: customer ? pilot.cast.banks[customer.bank].name : p.name,
      balance: await ledger.balanceOf(p.address, { blockTag }),
    });
  }
  return rows;
}

function renderHolders(rows: Holder[]): string {
  const table = new Table({
    head: ["holders", "accounts", "DKZT ₸"],
    colAligns: ["left", "right", "right"],
    style: { head: [], border: [] },
  });
  for (const kind of ["Bank", "Individual", "Merchant", "Government"]) {
    const of = rows.filter((r) => r.kind === kind);
    table.push([
      kind,
      String(of.length),
      formatTenge(
        of.reduce((a, r) => a + r.balance, 0n),
        false,
      ),
    ]);
  }
  return table.toString();
}

interface Invariant {
  totalSupply: bigint;
  sumOutstanding: bigint;
  sumBalances: bigint;
  holds: boolean;
}

async function invariant(pilot: Pilot, report: SupplyReport): Promise<Invariant> {
  const sumBalances = await sumOfBalances(desk(pilot).suite.ledger, pilot.touched, report.blockNumber);
  return {
    totalSupply: report.totalSupply,
    sumOutstanding: report.totals.outstanding,
    sumBalances,
    holds: report.balanced && sumBalances === report.totalSupply,
  };
}

// ------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  const pilot: Pilot = { cast: await castOf(hre), touched: new Set(), receipts: new Map() };
  const narrative: { step: number; title: string; lines: string[]; ms: number }[] = [];

  console.log(`Digital tenge pilot on ${hre.network.name}\n`);
  for (const [i, step] of STEPS.entries()) {
    const t0 = Date.now();
    const lines = await step.run(pilot);
    const ms = Date.now() - t0;
    narrative.push({ step: i + 1, title: step.title, lines, ms });
    console.log(`${i + 1}. ${step.title} (${ms} ms)`);
    for (const line of lines) console.log(`   ${line}`);
  }

  const ops = desk(pilot);
  const report = await supplyReport(ops.suite.ledger, { labels: ops.labels });
  const rows = await holders(pilot, report.blockNumber);
  const check = await invariant(pilot, report);

  console.log("\nSupply report");
  console.log(renderSupplyReport(report));
  console.log(renderHolders(rows));
  console.log(
    check.holds
      ? `Invariant holds: total supply ${formatTenge(check.totalSupply)} = Σ issued − redeemed = Σ balances of ${pilot.touched.size} accounts`
      : `INVARIANT BROKEN: total supply ${formatTenge(check.totalSupply)}, Σ issued − redeemed ${formatTenge(check.sumOutstanding)}, ` +
          `Σ balances ${formatTenge(check.sumBalances)}`,
  );

  const file = path.join(hre.config.paths.root, "reports", "pilot.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const json = {
    network: hre.network.name,
    chainId: report.chainId.toString(),
    suite: { ledger: report.ledger, manager: await ops.suite.manager.getAddress() },
    durationMs: Date.now() - started,
    steps: narrative,
    supply: supplyReportJson(report),
    holders: rows.map((r) => ({ ...r, balance: r.balance.toString() })),
    invariant: {
      totalSupply: check.totalSupply.toString(),
      sumOutstanding: check.sumOutstanding.toString(),
      sumBalances: check.sumBalances.toString(),
      accounts: pilot.touched.size,
      holds: check.holds,
    },
  };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!check.holds) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`Pilot failed: ${describeError(err, { network: hre.network.name })}`);
  process.exitCode = 1;
});
