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

/** `gross` as checked input: a bigint of tiyn, not negative. */
function checkGross(gross: bigint, where: string): bigint {
  if (typeof gross !== "bigint" || gross < 0n)
    throw new RangeError(`${where}: gross must be a non-negative bigint of tiyn, got ${typeof gross} ${String(gross)}`);
  return gross;
}

/** `rateBps` as checked input: a whole number of basis points, 0..MAX_RATE_BPS (as VatSchedule accepts). */
function checkRate(rateBps: bigint | number, where: string): bigint {
  const whole = typeof rateBps === "bigint" || (typeof rateBps === "number" && Number.isInteger(rateBps));
  if (!whole || BigInt(rateBps) < 0n || BigInt(rateBps) > MAX_RATE_BPS)
    throw new RangeError(
      `${where}: rate must be a whole number of basis points 0..${MAX_RATE_BPS}, got ${String(rateBps)}`,
    );
  return BigInt(rateBps);
}

/**
 * vat = round_half_up(gross × rate / (10 000 + rate)), in tiyn.
 * Throws RangeError for a negative gross or a rate outside 0..MAX_RATE_BPS.
 */
export function vatOf(gross: bigint, rateBps: bigint | number): bigint {
  checkGross(gross, "vatOf");
  const rate = checkRate(rateBps, "vatOf");
  const d = BPS + rate;
  return (2n * gross * rate + d) / (2n * d);
}

/** Split a VAT-inclusive gross into VAT and net; vat + net === gross. */
export function splitVat(gross: bigint, rateBps: bigint | number): { vat: bigint; net: bigint } {
  checkGross(gross, "splitVat");
  checkRate(rateBps, "splitVat");
  const vat = vatOf(gross, rateBps);
  return { vat, net: gross - vat };
}

/** round_half_up(total × part / whole): the VAT share of a (cumulative) refund. Throws RangeError unless whole > 0. */
export function share(total: bigint, part: bigint, whole: bigint): bigint {
  if (typeof whole !== "bigint" || whole <= 0n)
    throw new RangeError(`share: whole must be a positive bigint, got ${typeof whole} ${String(whole)}`);
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

/**
 * Almaty-local day index of a calendar date "YYYY-MM-DD" (that date's local midnight). Throws for anything that
 * is not a real calendar date in that form: "2026-02-30" is refused, not rolled over to 2 March.
 */
export function dayOfDate(isoDate: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? Date.parse(`${isoDate}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms)) throw new Error(`not a date: ${isoDate}`);
  const day = Math.floor(ms / 86_400_000);
  if (dateOfDay(day) !== isoDate) throw new Error(`not a date: ${isoDate} (no such day in the calendar)`);
  return day;
}

/** The calendar date "YYYY-MM-DD" of an Almaty-local day index. */
export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
