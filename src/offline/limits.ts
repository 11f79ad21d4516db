import { tenge } from "../money";

/** The central bank's bounds on offline purses, as IOfflinePurses.OfflineLimits (amounts in tiyn, times in seconds). */
export interface OfflineLimits {
  /** Largest cap a purse certificate may give, in tiyn. */
  maxAmount: bigint;
  /** Largest number of cheques a purse may settle (at most MAX_PAYMENTS = 10). */
  maxPayments: number;
  /** Longest a certificate may run from its registration, in seconds. */
  maxValidity: number;
  /** How long cheques keep settling after expiry, closing or revocation, in seconds. */
  gracePeriod: number;
}

/** Most cheques a purse can ever settle: the fingerprint slots of its storage word (OfflinePurses.MAX_PAYMENTS). */
export const MAX_PAYMENTS = 10;

/**
 * Pilot defaults, after e-CNY's offline wallets (RMB 500 and 10 payments): 35 000 ₸ (about RMB 500) and
 * 10 payments per purse, certificates valid up to 90 days, and a 14-day grace period for payees to come online.
 */
export const DEFAULT_OFFLINE_LIMITS: OfflineLimits = {
  maxAmount: tenge(35_000),
  maxPayments: MAX_PAYMENTS,
  maxValidity: 90 * 24 * 3600,
  gracePeriod: 14 * 24 * 3600,
};
