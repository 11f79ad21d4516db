/**
 * VAT in TypeScript, mirroring contracts/payments/VatMath.sol exactly (same rounding), plus the Kazakh
 * categories and the Almaty-local day index the schedule dates turnover by.
 */

/** VAT categories, as IVatSchedule (ids are stable). */
export const VatCategory = {
  STANDARD: 0,
  REDUCED_LOW: 1,
  REDUCED_HIGH: 2,
  ZERO_RATED: 3,
  EXEMPT: 4,
} as const;
export type VatCategoryName = keyof typeof VatCategory;
export type VatCategoryId = (typeof VatCategory)[VatCategoryName];

/** One hundred per cent in basis points, and the highest rate the schedule accepts. */
export const BPS = 10_000n;
export const MAX_RATE_BPS = 10_000n;

/** Kazakhstan's VAT rates from 1 January 2026 (Tax Code of 2025), in basis points. */
export const KZ_VAT_2026: Readonly<Record<VatCategoryName, number>> = {
  STANDARD: 1600,
  REDUCED_LOW: 500,
  REDUCED_HIGH: 1000,
  ZERO_RATED: 0,
  EXEMPT: 0,
};

/** The categories whose rate the tax authority schedules (zero-rated and exempt are 0 by law). */
export const SCHEDULED_CATEGORIES = ["STANDARD", "REDUCED_LOW", "REDUCED_HIGH"] as const;

/** vat = round_half_up(gross × rate / (10 000 + rate)), in tiyn. */
export function vatOf(gross: bigint, rateBps: bigint | number): bigint {
  const rate = BigInt(rateBps);
  const d = BPS + rate;
  return (2n * gross * rate + d) / (2n * d);
}

/** Split a VAT-inclusive gross into VAT and net; vat + net === gross. */
export function splitVat(gross: bigint, rateBps: bigint | number): { vat: bigint; net: bigint } {
  const vat = vatOf(gross, rateBps);
  return { vat, net: gross - vat };
}

/** round_half_up(total × part / whole): the VAT share of a (cumulative) refund. */
export function share(total: bigint, part: bigint, whole: bigint): bigint {
  return (2n * total * part + whole) / (2n * whole);
}

/**
 * The VAT part of a refund of `amount` of an invoice of `gross` carrying `vat`, `refundedBefore` having been
 * refunded already: share(vat, before + amount, gross) − share(vat, before, gross). On cumulative amounts, so the
 * parts of any sequence of refunds never exceed `vat` and add up to it exactly once `gross` is refunded.
 */
export function refundVatPart(vat: bigint, refundedBefore: bigint, amount: bigint, gross: bigint): bigint {
  return share(vat, refundedBefore + amount, gross) - share(vat, refundedBefore, gross);
}

/** Almaty local time is UTC+5. */
export const ALMATY_OFFSET_SECONDS = 5 * 3600;

/** Almaty-local day index of a unix time (seconds). */
export function almatyDay(unixSeconds: bigint | number): number {
  return Math.floor((Number(unixSeconds) + ALMATY_OFFSET_SECONDS) / 86_400);
}

/** Almaty-local day index of a calendar date "YYYY-MM-DD" (that date's local midnight). */
export function dayOfDate(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${isoDate}`);
  return Math.floor(ms / 86_400_000);
}

/** The calendar date "YYYY-MM-DD" of an Almaty-local day index. */
export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
