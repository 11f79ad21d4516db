/** DKZT counts in tiyn: 1 tenge = 100 tiyn. Conversions are exact; anything finer than a tiyn is rejected. */
export const DECIMALS = 2;
export const TIYN_PER_TENGE = 100n;

/** Parse "1234.56" (tenge, up to two decimals) into tiyn. Throws on anything else. */
export function tenge(amount: string | number | bigint): bigint {
  if (typeof amount === "bigint") return amount * TIYN_PER_TENGE;
  const text = typeof amount === "number" ? amount.toString() : amount.trim();
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[_ ]/g, ""));
  if (!match) throw new Error(`not an amount of tenge (up to 2 decimals, not negative): ${JSON.stringify(amount)}`);
  return BigInt(match[1]) * TIYN_PER_TENGE + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** Format tiyn as tenge with thousands separators: 123456789n → "1 234 567.89 ₸". */
export function formatTenge(tiyn: bigint, withSymbol = true): string {
  const negative = tiyn < 0n;
  const abs = negative ? -tiyn : tiyn;
  const whole = (abs / TIYN_PER_TENGE).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  const frac = (abs % TIYN_PER_TENGE).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${frac}${withSymbol ? " ₸" : ""}`;
}

/** The value type[uint256].max the ledger uses for "unlimited". */
export const UNLIMITED = 2n ** 256n - 1n;
