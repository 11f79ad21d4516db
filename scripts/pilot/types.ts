/** What the pilot reports: the console tables, reports/pilot.json and reports/pilot.html are all drawn from it. */
import type { SupplyReport } from "../../src/report";
import type { GoldReserve, ReserveProof } from "../../src/reserves";

export interface StepRecord {
  step: number;
  title: string;
  lines: string[];
  ms: number;
}

export interface BankLine {
  name: string;
  address: string;
  ceiling: bigint;
  issued: bigint;
  redeemed: bigint;
  outstanding: bigint;
  held: bigint;
  /** Σ balances of the bank's own account and its customers' (citizens, merchants, government) in the cast. */
  customers: bigint;
}

export interface VatCategoryLine {
  category: string;
  rateBps: number;
  payments: number;
  gross: bigint;
  vat: bigint;
}

export interface VatFigures {
  byCategory: VatCategoryLine[];
  /** Σ of the VAT splits the pilot computed off-chain (src/payments/vat splitVat) for every B2C payment. */
  splits: bigint;
  /** Σ vatToBudget of the on-chain VAT report (MerchantPayments events). */
  reported: bigint;
  /** Marked (B2B) VAT: marked to suppliers, and paid by them to the budget. */
  marked: bigint;
  markedPaid: bigint;
  /** What the SRC budget account received. */
  collected: bigint;
  /** The payments contract's ledger balance against the marked VAT it owes. */
  circuitBalance: bigint;
  totalMarked: bigint;
}

export interface LunchFigures {
  schools: string[];
  days: string[];
  /** meals[school][day] */
  meals: number[][];
  paid: bigint;
  taps: number;
  rejected: Record<string, number>;
  pupils: number;
  budget: bigint;
  remaining: bigint;
}

export interface ReserveFigures {
  stable: ReserveProof;
  stableSymbol: string;
  gold: GoldReserve;
  goldMidPerGram: bigint;
  goldBought: bigint;
  goldBuyers: number;
}

export interface SwiftLine {
  uetr: string;
  direction: "outbound" | "inbound";
  account: string;
  amount: bigint;
  status: string;
}

export interface CrossBorderFigures {
  swift: SwiftLine[];
  pvp: { dealId: bigint; sold: bigint; bought: bigint; rate: string; status: string; seller: string; buyer: string };
}

export interface OfflineFigures {
  purses: number;
  funded: bigint;
  presented: number;
  presentedAmount: bigint;
  accepted: number;
  acceptedAmount: bigint;
  rejected: { reason: string; amount: bigint; payee: string }[];
  /** What left the offline contract's ledger account during settlement. */
  settled: bigint;
  lossClaimsCovered: bigint;
  batches: number;
}

export interface Invariant {
  name: string;
  holds: boolean;
  figures: Record<string, string>;
}

/** A role holder's Safe multisig and what it did in the pilot. */
export interface SafeLine {
  /** The institution holding the powers (central bank, operator, governance). */
  holder: string;
  safe: string;
  /** Confirmations the Safe needs, of its officers. */
  threshold: number;
  officers: string[];
  /** The officers who confirmed every transaction. */
  signed: string[];
  /** Safe transactions executed (the Safe's nonce). */
  transactions: number;
  /** Operations it scheduled in the AccessManager (delayed powers), each executed after the delay. */
  delayed: number;
}

export interface PilotReport {
  network: string;
  chainId: bigint;
  startedAt: string;
  durationMs: number;
  citizens: number;
  contracts: Record<string, string>;
  steps: StepRecord[];
  supply: SupplyReport;
  banks: BankLine[];
  vat: VatFigures;
  lunches: LunchFigures;
  moveToEarn: { claims: number; paid: bigint; pool: bigint };
  reserves: ReserveFigures;
  crossBorder: CrossBorderFigures;
  offline: OfflineFigures;
  /** The Safes holding the central bank's, operator's and governance's powers. */
  safes: SafeLine[];
  invariants: Invariant[];
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}
