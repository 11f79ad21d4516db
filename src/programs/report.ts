import type { MarkedPrograms, PurposePrograms } from "../../typechain-types";
import { formatTenge } from "../money";

/** Meals one canteen served on one (Almaty) day, and what the program paid for them. */
export interface LunchDay {
  canteen: string;
  /** Almaty-local day index (as the ledger counts days). */
  day: bigint;
  /** That day as an ISO date (yyyy-mm-dd, Almaty). */
  date: string;
  meals: bigint;
  amount: bigint;
}

/** A purpose program's report: what came in, what went out, what is left or went back, lunches per school per day. */
export interface ProgramReport {
  programId: bigint;
  funder: string;
  kbk: bigint;
  status: "Active" | "Paused" | "Closed";
  start: bigint;
  end: bigint;
  /** Initial budget plus top-ups. */
  funded: bigint;
  toppedUp: bigint;
  /** Paid out to recipients (canteens by taps, merchants by beneficiaries' payments). */
  spent: bigint;
  /** Unspent budget still in the program. */
  remaining: bigint;
  /** Returned to the budget code at close. */
  returned: bigint;
  lunches: LunchDay[];
  /** Taps paid, and taps rejected by reason (IPurposePrograms.TapRejection names). */
  tapsPaid: bigint;
  tapsRejected: Record<string, bigint>;
  /** Paid by account beneficiaries themselves ({pay}). */
  beneficiaryPayments: bigint;
}

const STATUS = ["None", "Active", "Paused", "Closed"] as const;
const REJECTIONS = [
  "None",
  "BeneficiaryUnknown",
  "BeneficiaryRevoked",
  "TapDuplicate",
  "CanteenIndexOutOfRange",
  "RecipientNotEligible",
  "AmountZero",
  "DailyLimitExceeded",
  "ProgramLimitExceeded",
  "BudgetExhausted",
  "GuardianDenied",
  "BeneficiaryBlocked",
] as const;

/** The ISO date (Almaty) of a ledger day index. */
export function dayToDate(day: bigint): string {
  return new Date(Number(day) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Build program `programId`'s report from the contract's state and its events (from block `fromBlock`).
 * Lunches are aggregated per canteen per day from {CanteenPaid} events, sorted by day then canteen.
 */
export async function programReport(
  programs: PurposePrograms,
  programId: bigint,
  fromBlock = 0,
): Promise<ProgramReport> {
  const p = await programs.programOf(programId);
  if (p.status === 0n) throw new Error(`there is no program ${programId}`);

  const lunches = new Map<string, LunchDay>();
  for (const log of await programs.queryFilter(programs.filters.CanteenPaid(programId), fromBlock)) {
    const { canteen, day, meals, amount } = log.args;
    const key = `${day}:${canteen}`;
    const row = lunches.get(key) ?? { canteen, day, date: dayToDate(day), meals: 0n, amount: 0n };
    row.meals += meals;
    row.amount += amount;
    lunches.set(key, row);
  }
  let tapsPaid = 0n;
  const tapsRejected: Record<string, bigint> = {};
  for (const log of await programs.queryFilter(programs.filters.TapBatchSettled(programId), fromBlock)) {
    tapsPaid += log.args.accepted;
  }
  for (const log of await programs.queryFilter(programs.filters.TapRejected(programId), fromBlock)) {
    const reason = REJECTIONS[Number(log.args.reason)] ?? `reason ${log.args.reason}`;
    tapsRejected[reason] = (tapsRejected[reason] ?? 0n) + 1n;
  }
  let toppedUp = 0n;
  for (const log of await programs.queryFilter(programs.filters.ProgramToppedUp(programId), fromBlock)) {
    toppedUp += log.args.amount;
  }
  let beneficiaryPayments = 0n;
  for (const log of await programs.queryFilter(programs.filters.BeneficiaryPaid(programId), fromBlock)) {
    beneficiaryPayments += log.args.amount;
  }

  return {
    programId,
    funder: p.funder,
    kbk: p.kbk,
    status: STATUS[Number(p.status)] as ProgramReport["status"],
    start: p.start,
    end: p.end,
    funded: p.funded,
    toppedUp,
    spent: p.paidOut,
    remaining: p.budget,
    returned: p.returned,
    lunches: [...lunches.values()].sort((a, b) =>
      a.day === b.day ? a.canteen.localeCompare(b.canteen) : a.day < b.day ? -1 : 1,
    ),
    tapsPaid,
    tapsRejected,
    beneficiaryPayments,
  };
}

/** The report as text, for the task's console output. */
export function formatProgramReport(r: ProgramReport): string {
  const lines = [
    `Program ${r.programId} (${r.status}) funded by ${r.funder}, KBK ${r.kbk}`,
    `Window ${new Date(Number(r.start) * 1000).toISOString()} .. ${new Date(Number(r.end) * 1000).toISOString()}`,
    `Funded ${formatTenge(r.funded)} (top-ups ${formatTenge(r.toppedUp)}), spent ${formatTenge(r.spent)}, ` +
      `remaining ${formatTenge(r.remaining)}, returned ${formatTenge(r.returned)}`,
    `Taps paid ${r.tapsPaid}; rejected: ${
      Object.entries(r.tapsRejected)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    }; paid by beneficiaries themselves ${formatTenge(r.beneficiaryPayments)}`,
    "Lunches served per school per day:",
    ...r.lunches.map((l) => `  ${l.date}  ${l.canteen}  ${l.meals} meals  ${formatTenge(l.amount)}`),
  ];
  return lines.join("\n");
}

/** A marked program's report: the money's state, and where marked money went (per milestone, per party). */
export interface MarkedProgramReport {
  programId: bigint;
  funder: string;
  kbk: bigint;
  status: "Active" | "Paused" | "Closed";
  funded: bigint;
  /** Budget not yet committed to accepted milestones. */
  remaining: bigint;
  /** Marked balances still inside the chain. */
  marked: bigint;
  /** Left the program: paid to final suppliers, or released to parties. */
  spent: bigint;
  returned: bigint;
  milestones: { contractor: string; milestoneId: string; amount: bigint }[];
  toSuppliers: bigint;
  released: bigint;
}

/** Build marked program `programId`'s report from state and events. */
export async function markedProgramReport(
  programs: MarkedPrograms,
  programId: bigint,
  fromBlock = 0,
): Promise<MarkedProgramReport> {
  const p = await programs.programOf(programId);
  if (p.status === 0n) throw new Error(`there is no program ${programId}`);
  const milestones = (await programs.queryFilter(programs.filters.MilestoneAccepted(programId), fromBlock)).map(
    (l) => ({
      contractor: l.args.contractor,
      milestoneId: l.args.milestoneId,
      amount: l.args.amount,
    }),
  );
  let toSuppliers = 0n;
  for (const l of await programs.queryFilter(programs.filters.MarkedSpent(programId), fromBlock))
    toSuppliers += l.args.amount;
  let released = 0n;
  for (const l of await programs.queryFilter(programs.filters.MarkedReleased(programId), fromBlock))
    released += l.args.amount;
  return {
    programId,
    funder: p.funder,
    kbk: p.kbk,
    status: STATUS[Number(p.status)] as MarkedProgramReport["status"],
    funded: p.funded,
    remaining: p.budget,
    marked: await programs.markedTotal(programId),
    spent: p.paidOut,
    returned: p.returned,
    milestones,
    toSuppliers,
    released,
  };
}

/** The marked report as text. */
export function formatMarkedProgramReport(r: MarkedProgramReport): string {
  return [
    `Marked program ${r.programId} (${r.status}) funded by ${r.funder}, KBK ${r.kbk}`,
    `Funded ${formatTenge(r.funded)}: remaining ${formatTenge(r.remaining)}, marked in the chain ${formatTenge(r.marked)}, ` +
      `spent ${formatTenge(r.spent)} (to suppliers ${formatTenge(r.toSuppliers)}, released ${formatTenge(r.released)}), ` +
      `returned ${formatTenge(r.returned)}`,
    "Milestones accepted:",
    ...r.milestones.map((m) => `  ${m.contractor}  ${m.milestoneId}  ${formatTenge(m.amount)}`),
  ].join("\n");
}
