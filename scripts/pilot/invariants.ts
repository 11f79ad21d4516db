/** The pilot's closing invariants, each with the figures it compares. The run fails if one does not hold. */
import { formatTenge } from "../../src/money";
import { sumOfBalances, supplyReport } from "../../src/report";
import { GOLD_UNITS_PER_MG } from "../../src/reserves";
import type { Pilot } from "./scenario";
import type { Invariant, PilotReport } from "./types";

const t = (tiyn: bigint): string => formatTenge(tiyn);

export async function checkInvariants(pilot: Pilot, report: PilotReport): Promise<Invariant[]> {
  const { suite } = pilot;
  const { supply } = report;
  const at = { blockTag: supply.blockNumber };
  const out: Invariant[] = [];

  // 1. Supply per bank, Σ over banks, Σ balances.
  for (const row of supply.banks) {
    const name = report.banks.find((b) => b.address.toLowerCase() === row.bank.toLowerCase())?.name ?? row.bank;
    out.push({
      name: `Supply: ${name} outstanding = issued − redeemed`,
      holds: row.outstanding === row.issued - row.redeemed,
      figures: { issued: t(row.issued), redeemed: t(row.redeemed), outstanding: t(row.outstanding) },
    });
  }
  const sumBalances = await sumOfBalances(suite.ledger, pilot.touched, supply.blockNumber);
  out.push({
    name: "Supply: total supply = Σ (issued − redeemed) over banks = Σ balances",
    holds: supply.balanced && sumBalances === supply.totalSupply,
    figures: {
      totalSupply: t(supply.totalSupply),
      "Σ issued − redeemed": t(supply.totals.outstanding),
      "Σ balances": `${t(sumBalances)} over ${pilot.touched.size} accounts`,
    },
  });
  const foreign = await supplyReport(suite.foreignLedger);
  out.push({
    name: "Foreign CBDC: e-CNY supply = Σ issued − redeemed",
    holds: foreign.balanced,
    figures: {
      totalSupply: `${foreign.totalSupply} fen`,
      "Σ issued − redeemed": `${foreign.totals.outstanding} fen`,
    },
  });

  // 2. Reserves.
  const { stable, gold } = report.reserves;
  const stableHeld = await suite.ledger.balanceOf(await suite.stablecoin.getAddress(), at);
  out.push({
    name: `Reserves: ${report.reserves.stableSymbol} fully backed by DKZT in its ledger account`,
    holds: stable.fullyBacked && stable.available >= stable.obligations && stable.reserve === stableHeld,
    figures: {
      obligations: t(stable.obligations),
      reserve: t(stable.reserve),
      "ledger balance": t(stableHeld),
      ratio: `${Number(stable.ratioBps) / 100}%`,
    },
  });
  out.push({
    name: "Reserves: gold tokens ≤ fine gold in backing bars",
    holds: gold.supplyUnits <= gold.backingFineMg * GOLD_UNITS_PER_MG && gold.supplyUnits <= gold.attestedUnits,
    figures: {
      "tokens (g)": (Number(gold.supplyUnits) / 1e6).toFixed(3),
      "backing bars (g)": (Number(gold.backingFineMg) / 1e3).toFixed(3),
      bars: gold.barsInVault.toString(),
    },
  });

  // 3. VAT.
  const { vat } = report;
  out.push({
    name: "VAT: collected = Σ splits + marked VAT paid",
    holds: vat.collected === vat.splits + vat.markedPaid && vat.reported === vat.splits,
    figures: {
      collected: t(vat.collected),
      "Σ splits (off-chain)": t(vat.splits),
      "Σ splits (on-chain report)": t(vat.reported),
      "marked paid": t(vat.markedPaid),
    },
  });
  out.push({
    name: "VAT: the circuit holds exactly the marked VAT it owes",
    holds: vat.circuitBalance === vat.totalMarked,
    figures: { "ledger balance": t(vat.circuitBalance), "total marked": t(vat.totalMarked) },
  });

  // 4. Offline.
  const { offline } = report;
  const offlineAddress = await suite.offline.getAddress();
  const held = await suite.offline.totalHeld(at);
  const offlineBalance = await suite.ledger.balanceOf(offlineAddress, at);
  const rejectedAmount = offline.rejected.reduce((a, r) => a + r.amount, 0n);
  out.push({
    name: "Offline: settled = Σ cheques accepted = presented − rejected",
    holds:
      offline.settled === offline.acceptedAmount && offline.acceptedAmount === offline.presentedAmount - rejectedAmount,
    figures: {
      settled: t(offline.settled),
      "Σ accepted": `${t(offline.acceptedAmount)} (${offline.accepted} cheques)`,
      "Σ presented": `${t(offline.presentedAmount)} (${offline.presented} cheques)`,
      rejected: `${t(rejectedAmount)} (${offline.rejected.length})`,
    },
  });
  out.push({
    name: "Offline: the contract's ledger balance = Σ purse balances held",
    holds: held === offlineBalance,
    figures: { "ledger balance": t(offlineBalance), "total held": t(held) },
  });

  // 5. Programs.
  const programs = await suite.purposePrograms.getAddress();
  const count = await suite.purposePrograms.programCount(at);
  let budgets = 0n;
  for (let i = 1n; i <= count; i++) budgets += (await suite.purposePrograms.programOf(i, at)).budget;
  const programBalance = await suite.ledger.balanceOf(programs, at);
  out.push({
    name: "Programs: lunch program balance = unspent budgets; paid = budget − remaining",
    holds: programBalance === budgets && report.lunches.paid === report.lunches.budget - report.lunches.remaining,
    figures: {
      "ledger balance": t(programBalance),
      "Σ unspent budgets": t(budgets),
      "lunches paid": t(report.lunches.paid),
    },
  });
  return out;
}
