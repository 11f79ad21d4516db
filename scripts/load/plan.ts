/**
 * The load test's plan: which wallets exist, who pays whom how much, and what every wallet starts with. A pure,
 * deterministic function of (seed, wallets, payments): the same inputs give the same plan on every machine, so a
 * run can be reproduced and its expected balances computed off-chain before a single transaction is sent.
 */
import { Wallet, id } from "ethers";

/** One planned payment: `from` pays `to` `amount` tiyn, as `from`'s `index`-th payment of the phase. */
export interface PlannedPayment {
  /** Position in the plan (0 … payments − 1); the send order. */
  seq: number;
  /** Index of the paying wallet. */
  from: number;
  /** Index of the receiving wallet (never the payer). */
  to: number;
  /** Amount in tiyn (1 tenge = 100 tiyn). */
  amount: bigint;
  /** How many payments `from` makes before this one in the phase: the offset added to its starting nonce. */
  index: number;
}

export interface LoadPlan {
  seed: string;
  wallets: Wallet[];
  payments: PlannedPayment[];
  /** What every wallet holds before the phase, in tiyn: enough that no ordering of the payments can overdraw it. */
  initialBalance: bigint;
  /** The largest total a single wallet pays out in the phase (tiyn). */
  maxOutflow: bigint;
  /** The largest balance a single wallet can reach during the phase, whatever the order (tiyn). */
  maxHolding: bigint;
}

/** Smallest and largest payment, in tiyn: 100.00 ₸ to 5 000.00 ₸, any tiyn in between. */
export const MIN_AMOUNT = 10_000n;
export const MAX_AMOUNT = 500_000n;

/** Starting balances are rounded up to a whole 1 000 ₸ (100 000 tiyn). */
const BALANCE_STEP = 100_000n;

/**
 * A small deterministic PRNG (mulberry32): the plan must not depend on Math.random. Returns integers in
 * [0, 2^32).
 */
export function prng(seed: string): () => number {
  let state = Number.parseInt(id(seed).slice(2, 10), 16) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The load wallets: private key i = keccak256("dkzt load <seed> wallet <i>"). Never funded anywhere real. */
export function loadWallets(seed: string, count: number): Wallet[] {
  return Array.from({ length: count }, (_, i) => new Wallet(id(`dkzt load ${seed} wallet ${i}`)));
}

/**
 * Build the plan. Payment `seq` is paid by wallet `seq mod wallets` (so every wallet pays the same number of
 * times, and the sends of one round touch every wallet once), to a uniformly drawn other wallet, an amount drawn
 * uniformly in [MIN_AMOUNT, MAX_AMOUNT] tiyn. The wallets come from `seed`; the payments from `paymentSeed` (by
 * default the same), so a second plan over the same wallets (a warm-up) draws different payments.
 */
export function buildPlan(seed: string, walletCount: number, paymentCount: number, paymentSeed = seed): LoadPlan {
  if (!Number.isInteger(walletCount) || walletCount < 2) throw new Error(`need at least 2 wallets, got ${walletCount}`);
  if (!Number.isInteger(paymentCount) || paymentCount < 1)
    throw new Error(`need at least 1 payment, got ${paymentCount}`);
  const next = prng(paymentSeed);
  const span = MAX_AMOUNT - MIN_AMOUNT + 1n;
  const sent = new Array<number>(walletCount).fill(0);
  const outflow = new Array<bigint>(walletCount).fill(0n);
  const inflow = new Array<bigint>(walletCount).fill(0n);
  const payments: PlannedPayment[] = [];
  for (let seq = 0; seq < paymentCount; seq++) {
    const from = seq % walletCount;
    // Draw among the other walletCount − 1 wallets, then skip the payer.
    let to = next() % (walletCount - 1);
    if (to >= from) to += 1;
    // Two draws make a 64-bit number: the modulo bias on a 490 001-wide span is below 1e-13.
    const amount = MIN_AMOUNT + (((BigInt(next()) << 32n) | BigInt(next())) % span);
    payments.push({ seq, from, to, amount, index: sent[from] });
    sent[from] += 1;
    outflow[from] += amount;
    inflow[to] += amount;
  }
  const maxOutflow = outflow.reduce((a, b) => (b > a ? b : a), 0n);
  const initialBalance = ((maxOutflow + BALANCE_STEP - 1n) / BALANCE_STEP) * BALANCE_STEP;
  const maxHolding = inflow.reduce((a, b) => (b > a ? b : a), 0n) + initialBalance;
  return { seed, wallets: loadWallets(seed, walletCount), payments, initialBalance, maxOutflow, maxHolding };
}

/**
 * Expected balances after the payments, computed off-chain, exactly: start + Σ received − Σ paid, per wallet
 * address (lower-case).
 */
export function expectedBalances(
  addresses: readonly string[],
  payments: readonly Pick<PlannedPayment, "from" | "to" | "amount">[],
  initial: ReadonlyMap<string, bigint>,
): Map<string, bigint> {
  const expected = new Map<string, bigint>();
  for (const address of addresses) expected.set(address.toLowerCase(), initial.get(address.toLowerCase()) ?? 0n);
  for (const p of payments) {
    const from = addresses[p.from].toLowerCase();
    const to = addresses[p.to].toLowerCase();
    expected.set(from, (expected.get(from) ?? 0n) - p.amount);
    expected.set(to, (expected.get(to) ?? 0n) + p.amount);
  }
  return expected;
}

/**
 * Cut a plan into `count` slices by round (as many as there are rounds, if fewer): slice k holds every wallet's
 * payments of rounds ⌊k·rounds/count⌋ … ⌊(k+1)·rounds/count⌋ − 1, so slices differ by at most one round,
 * re-indexed from 0 so that each slice starts at the wallets' nonces of the moment it runs. Every payment is in
 * exactly one slice, in its original order.
 */
export function slicePlan(plan: LoadPlan, count: number): LoadPlan[] {
  const rounds = plan.payments.reduce((max, p) => Math.max(max, p.index + 1), 0);
  const n = Math.max(1, Math.min(count, rounds));
  const slices: LoadPlan[] = [];
  for (let k = 0; k < n; k++) {
    const start = Math.floor((k * rounds) / n);
    const end = Math.floor(((k + 1) * rounds) / n);
    const payments = plan.payments
      .filter((p) => p.index >= start && p.index < end)
      .map((p) => ({ ...p, index: p.index - start }));
    slices.push({ ...plan, payments });
  }
  return slices;
}

/**
 * The order the tokens run in, slice by slice: `tokens` rotated one place per slice, then the rotations of the same
 * tokens with all but the first reversed, and round again. For three tokens A B C that is A B C | B C A | C A B |
 * A C B | C B A | B A C | ... (a Williams design): over six slices each token runs first, second and third twice
 * and each token directly follows each other one twice, so neither what drifts during the run (the chain growing,
 * the machine's other load) nor what one token's phase leaves behind for the next falls on one token more.
 */
export function rotatingOrder<T>(tokens: readonly T[], slices: number): T[][] {
  const n = tokens.length;
  const mirrored = [...tokens.slice(0, 1), ...tokens.slice(1).reverse()];
  return Array.from({ length: slices }, (_, k) => {
    const base = Math.floor(k / n) % 2 === 0 ? tokens : mirrored;
    return base.map((_, i) => base[(i + k) % n]);
  });
}
