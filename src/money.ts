/** DKZT counts in tiyn: 1 tenge = 100 tiyn. Conversions are exact; anything finer than a tiyn is rejected. */
export const DECIMALS = 2;
export const TIYN_PER_TENGE = 100n;

/** The largest amount the ledger can hold, in tiyn (AccountWord.MAX_BALANCE: 2^96 - 1). */
export const MAX_TIYN = 2n ** 96n - 1n;

/**
 * Parse "1234.56" (tenge, up to two decimals; a number, or a bigint of whole tenge) into tiyn. Throws on anything
 * else: a negative amount, a fraction of a tiyn, text that is not a number, or more than the ledger can hold.
 */
export function tenge(amount: string | number | bigint): bigint {
  let tiyn: bigint;
  if (typeof amount === "bigint") {
    if (amount < 0n) throw new RangeError(`not an amount of tenge: ${amount} is negative`);
    tiyn = amount * TIYN_PER_TENGE;
  } else if (typeof amount === "string" || typeof amount === "number") {
    const text = typeof amount === "number" ? amount.toString() : amount.trim();
    const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[_ ]/g, ""));
    if (!match) throw new Error(`not an amount of tenge (up to 2 decimals, not negative): ${JSON.stringify(amount)}`);
    tiyn = BigInt(match[1]) * TIYN_PER_TENGE + BigInt((match[2] ?? "").padEnd(2, "0"));
  } else {
    throw new TypeError(`not an amount of tenge: expected text, a number or a bigint, got ${typeOf(amount)}`);
  }
  if (tiyn > MAX_TIYN) {
    throw new RangeError(`${String(amount)} tenge is more than the ledger can hold (${formatTenge(MAX_TIYN)})`);
  }
  return tiyn;
}

/** Format tiyn as tenge with thousands separators: 123456789n → "1 234 567.89 ₸". */
export function formatTenge(tiyn: bigint, withSymbol = true): string {
  if (typeof tiyn !== "bigint") throw new TypeError(`formatTenge takes tiyn as a bigint, got ${typeOf(tiyn)}`);
  const negative = tiyn < 0n;
  const abs = negative ? -tiyn : tiyn;
  const whole = (abs / TIYN_PER_TENGE).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  const frac = (abs % TIYN_PER_TENGE).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${frac}${withSymbol ? " ₸" : ""}`;
}

/** What a value is, for error messages: "number 1.5", "undefined", "object". */
export function typeOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "number" || typeof value === "string") return `${typeof value} ${JSON.stringify(value)}`;
  if (typeof value === "bigint") return `bigint ${value}`;
  return typeof value;
}

/** The value type[uint256].max the ledger uses for "unlimited". */
export const UNLIMITED = 2n ** 256n - 1n;
