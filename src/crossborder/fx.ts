/**
 * FX arithmetic as contracts/crossborder/FxMath.sol does it: a rate is minor units of the quote currency per
 * minor unit of the base currency, with RATE_DECIMALS (9) decimals. Conversions state their rounding; a deal is
 * consistent when the quote amount is the base amount at the rate rounded either way.
 */
export const RATE_DECIMALS = 9;
export const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);

/** A decimal rate ("0.014200511") → the contract's integer rate. Throws if it has more than 9 decimals. */
export function rateFromDecimal(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!match) throw new Error(`not a rate with at most ${RATE_DECIMALS} decimals: ${JSON.stringify(text)}`);
  return BigInt(match[1]) * RATE_SCALE + BigInt((match[2] ?? "").padEnd(RATE_DECIMALS, "0"));
}

/** Amounts and rates are unsigned on-chain: a negative one is a caller's mistake, never converted. */
function requireUnsigned(what: string, amount: bigint, rate: bigint): void {
  if (typeof amount !== "bigint" || typeof rate !== "bigint") {
    throw new TypeError(`${what}: amount and rate must be bigints, got ${typeof amount} and ${typeof rate}`);
  }
  if (amount < 0n) throw new RangeError(`${what}: negative amount ${amount}`);
  if (rate < 0n) throw new RangeError(`${what}: negative rate ${rate}`);
}

/** `amount` at `rate`, rounded down. */
export function convertDown(amount: bigint, rate: bigint): bigint {
  requireUnsigned("convertDown", amount, rate);
  return (amount * rate) / RATE_SCALE;
}

/** `amount` at `rate`, rounded up. */
export function convertUp(amount: bigint, rate: bigint): bigint {
  requireUnsigned("convertUp", amount, rate);
  const product = amount * rate;
  return product / RATE_SCALE + (product % RATE_SCALE === 0n ? 0n : 1n);
}

/** Whether `amountB` is `amountA` at `rate`, rounded down or up. */
export function isConsistent(amountA: bigint, amountB: bigint, rate: bigint): boolean {
  return amountB >= convertDown(amountA, rate) && amountB <= convertUp(amountA, rate);
}
