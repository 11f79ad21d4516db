import { tenge, UNLIMITED } from "./money";

/** Account kinds, as IDigitalTenge.AccountKind. */
export const AccountKind = {
  None: 0,
  Individual: 1,
  Merchant: 2,
  Government: 3,
  Bank: 4,
  PaymentAgent: 5,
  SystemContract: 6,
} as const;
export type AccountKindName = keyof typeof AccountKind;

/** Freeze states, as IDigitalTenge.FreezeState. */
export const FreezeState = { None: 0, Full: 1, OutboundOnly: 2 } as const;
export type FreezeStateName = keyof typeof FreezeState;

export interface TierSpec {
  id: number;
  name: string;
  holdingLimit: bigint;
  dailyLimit: bigint;
}

/**
 * The pilot's tier table (the central bank may change it with `setTier`). Limits in tiyn; each must be
 * m × 10^e with m ≤ 4095 (see contracts/ledger/TierTable.sol).
 */
export const DEFAULT_TIERS: readonly TierSpec[] = [
  { id: 0, name: "anonymous-lite", holdingLimit: tenge(100_000), dailyLimit: tenge(50_000) },
  { id: 1, name: "standard", holdingLimit: tenge(1_500_000), dailyLimit: tenge(500_000) },
  { id: 2, name: "enhanced", holdingLimit: tenge(20_000_000), dailyLimit: tenge(5_000_000) },
  { id: 3, name: "business", holdingLimit: tenge(1_000_000_000), dailyLimit: tenge(300_000_000) },
  { id: 6, name: "unlimited", holdingLimit: UNLIMITED, dailyLimit: UNLIMITED },
];

export const Tier = { ANONYMOUS_LITE: 0, STANDARD: 1, ENHANCED: 2, BUSINESS: 3, UNLIMITED: 6 } as const;
