/**
 * Reconciliation of a load phase: a pure function of what was planned and what the chain says, so it can be
 * tested with tampered inputs (a dropped receipt, a duplicated Transfer event, a balance off by one tiyn).
 *
 * A payment counts as applied once when its transaction has a successful receipt AND exactly one Transfer event
 * (from, to, amount) in that transaction. It is **lost** when it has no receipt, a failed receipt, or no such
 * event; **duplicated** when it has more than one such event, more than one receipt, or an identical transfer
 * appears in a transaction that is not its own (a replay). Any other Transfer event between the load wallets is
 * **unexpected**. Finally every wallet's balance must equal start + Σ received − Σ paid exactly, to the tiyn.
 */
import { expectedBalances } from "./plan";

/** A planned payment with the hash of its signed transaction (addresses lower-case or checksummed). */
export interface SentPayment {
  seq: number;
  from: string;
  to: string;
  amount: bigint;
  hash: string;
}

export interface ObservedReceipt {
  hash: string;
  /** 1 success, 0 reverted. */
  status: number;
  blockNumber: number;
  gasUsed: bigint;
}

/** A Transfer(from, to, value) event of the token, with the transaction that emitted it. */
export interface ObservedTransfer {
  txHash: string;
  from: string;
  to: string;
  value: bigint;
}

export interface ReconcileInput {
  /** Every load wallet, in plan order. */
  wallets: readonly string[];
  payments: readonly SentPayment[];
  /** Balances before the first payment, by address. */
  initial: ReadonlyMap<string, bigint>;
  receipts: readonly ObservedReceipt[];
  /** Every Transfer event of the token in the blocks of the phase. */
  transfers: readonly ObservedTransfer[];
  /** Balances read after the last receipt, by address. */
  final: ReadonlyMap<string, bigint>;
}

export interface BalanceMismatch {
  account: string;
  expected: bigint;
  actual: bigint;
}

export interface Reconciliation {
  payments: number;
  /** Payments applied exactly once. */
  applied: number;
  lost: number;
  duplicated: number;
  /** Payments whose receipt says reverted (also counted in `lost`). */
  reverted: number;
  /** Transfer events between load wallets that match no planned payment. */
  unexpected: number;
  mismatches: BalanceMismatch[];
  /** Σ of all final balances minus Σ of all initial balances: must be 0 (payments move tenge, never make them). */
  supplyDrift: bigint;
  ok: boolean;
  /** Up to 10 human-readable findings, for the report. */
  findings: string[];
}

const key = (from: string, to: string, value: bigint): string => `${from.toLowerCase()}>${to.toLowerCase()}:${value}`;

export function reconcile(input: ReconcileInput): Reconciliation {
  const wallets = input.wallets.map((w) => w.toLowerCase());
  const walletSet = new Set(wallets);
  const findings: string[] = [];
  const note = (text: string): void => {
    if (findings.length < 10) findings.push(text);
  };

  const receiptsByHash = new Map<string, ObservedReceipt[]>();
  for (const r of input.receipts) {
    const h = r.hash.toLowerCase();
    receiptsByHash.set(h, [...(receiptsByHash.get(h) ?? []), r]);
  }
  const transfersByTx = new Map<string, ObservedTransfer[]>();
  for (const t of input.transfers) {
    const h = t.txHash.toLowerCase();
    transfersByTx.set(h, [...(transfersByTx.get(h) ?? []), t]);
  }

  let applied = 0;
  let lost = 0;
  let duplicated = 0;
  let reverted = 0;
  /** Transfer events accounted for by a planned payment (by identity), and planned (from>to:value) keys. */
  const accounted = new Set<ObservedTransfer>();
  const plannedHashes = new Set<string>();
  const plannedKeys = new Set<string>();
  for (const p of input.payments) {
    const h = p.hash.toLowerCase();
    plannedHashes.add(h);
    plannedKeys.add(key(p.from, p.to, p.amount));
    const receipts = receiptsByHash.get(h) ?? [];
    const matching = (transfersByTx.get(h) ?? []).filter(
      (t) =>
        t.from.toLowerCase() === p.from.toLowerCase() &&
        t.to.toLowerCase() === p.to.toLowerCase() &&
        t.value === p.amount,
    );
    for (const t of matching) accounted.add(t);
    if (receipts.length === 0) {
      lost += 1;
      note(`payment #${p.seq} (${h}) has no receipt`);
    } else if (receipts.some((r) => r.status !== 1)) {
      lost += 1;
      reverted += 1;
      note(`payment #${p.seq} (${h}) reverted`);
    } else if (matching.length === 0) {
      lost += 1;
      note(`payment #${p.seq} (${h}) has a receipt but no Transfer event`);
    } else if (matching.length > 1 || receipts.length > 1) {
      duplicated += Math.max(matching.length, receipts.length) - 1;
      note(`payment #${p.seq} (${h}) applied ${Math.max(matching.length, receipts.length)} times`);
    } else {
      applied += 1;
    }
  }

  // Transfers between load wallets that no planned payment accounts for: a replay of a planned payment in another
  // transaction is a duplicate; anything else is unexpected.
  let unexpected = 0;
  for (const t of input.transfers) {
    if (accounted.has(t)) continue;
    const between = walletSet.has(t.from.toLowerCase()) || walletSet.has(t.to.toLowerCase());
    if (!between) continue;
    if (!plannedHashes.has(t.txHash.toLowerCase()) && plannedKeys.has(key(t.from, t.to, t.value))) {
      duplicated += 1;
      note(`transfer ${t.from} -> ${t.to} of ${t.value} tiyn replayed in ${t.txHash}`);
    } else {
      unexpected += 1;
      note(`unexpected transfer ${t.from} -> ${t.to} of ${t.value} tiyn in ${t.txHash}`);
    }
  }

  const indexOf = new Map(wallets.map((w, i) => [w, i]));
  const initialByAddress = new Map([...input.initial].map(([a, v]) => [a.toLowerCase(), v]));
  const expected = expectedBalances(
    wallets,
    input.payments.map((p) => {
      const from = indexOf.get(p.from.toLowerCase());
      const to = indexOf.get(p.to.toLowerCase());
      if (from === undefined || to === undefined) throw new Error(`payment #${p.seq} is not between load wallets`);
      return { from, to, amount: p.amount };
    }),
    initialByAddress,
  );
  const finalByAddress = new Map([...input.final].map(([a, v]) => [a.toLowerCase(), v]));
  const mismatches: BalanceMismatch[] = [];
  let supplyDrift = 0n;
  for (const account of wallets) {
    const want = expected.get(account) ?? 0n;
    const actual = finalByAddress.get(account);
    if (actual === undefined) {
      mismatches.push({ account, expected: want, actual: -1n });
      note(`no final balance read for ${account}`);
      continue;
    }
    supplyDrift += actual - (initialByAddress.get(account) ?? 0n);
    if (actual !== want) {
      mismatches.push({ account, expected: want, actual });
      note(`${account}: expected ${want} tiyn, holds ${actual}`);
    }
  }

  return {
    payments: input.payments.length,
    applied,
    lost,
    duplicated,
    reverted,
    unexpected,
    mismatches,
    supplyDrift,
    ok: lost === 0 && duplicated === 0 && unexpected === 0 && mismatches.length === 0 && supplyDrift === 0n,
    findings,
  };
}
