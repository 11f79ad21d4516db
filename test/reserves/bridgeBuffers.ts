/** Test helpers for the stablecoin's bridge rate-limit buffers (BridgeRateLimit: a limit refilled in one day). */

/** Seconds for an empty buffer to refill (BridgeRateLimit.PERIOD). */
export const BUFFER_PERIOD = 24 * 60 * 60;

/** What a buffer of `limit` refills in `seconds`, rounded down as the contract does. */
export function refill(limit: bigint, seconds: number): bigint {
  return (limit * BigInt(seconds)) / BigInt(BUFFER_PERIOD);
}

/**
 * A `withArgs` predicate for a buffer that was empty a few blocks ago: at most what `limit` refills in `seconds`
 * (each block moves the clock a second or so, so an exact figure would depend on the test's pace).
 */
export function refilledFor(limit: bigint, seconds: number): (available: bigint) => boolean {
  return (available) => available >= 0n && available <= refill(limit, seconds);
}
