/**
 * Card taps as PurposePrograms.submitTaps takes them: one uint256 per tap (see contracts/programs/IPurposePrograms.sol).
 *
 * | bits     | field       |
 * |----------|-------------|
 * | 0..63    | tapId = terminal << 32 | sequence |
 * | 64..95   | beneficiary index in the program |
 * | 96..127  | amount in tiyn |
 * | 128..135 | canteen index in the batch |
 */
export interface Tap {
  terminal: number;
  sequence: number;
  beneficiary: number;
  amount: bigint;
  canteen: number;
}

const U32 = 0xffff_ffffn;

/** The 64-bit tap id of a terminal's sequence number. */
export function tapId(terminal: number, sequence: number): bigint {
  return (checkU32("terminal", terminal) << 32n) | checkU32("sequence", sequence);
}

function checkU32(what: string, value: number | bigint): bigint {
  if (typeof value === "number" ? !Number.isInteger(value) : typeof value !== "bigint") {
    throw new Error(`${what} must be a whole number, got ${String(value)}`);
  }
  const v = BigInt(value);
  if (v < 0n || v > U32) throw new Error(`${what} must fit 32 bits, got ${value}`);
  return v;
}

/** Encode one tap; throws on a field out of range (nothing is silently truncated). */
export function encodeTap(tap: Tap): bigint {
  if (!Number.isInteger(tap.canteen) || tap.canteen < 0 || tap.canteen > 254)
    throw new Error(`canteen index must be 0..254, got ${tap.canteen}`);
  return (
    tapId(tap.terminal, tap.sequence) |
    (checkU32("beneficiary", tap.beneficiary) << 64n) |
    (checkU32("amount", tap.amount) << 96n) |
    (BigInt(tap.canteen) << 128n)
  );
}

/** Decode a tap word (the inverse of {encodeTap}). */
export function decodeTap(word: bigint): Tap {
  if (typeof word !== "bigint" || word < 0n || word >> 136n !== 0n) {
    throw new RangeError(`not a tap word (a uint256 with 136 bits used): ${String(word)}`);
  }
  return {
    terminal: Number((word >> 32n) & U32),
    sequence: Number(word & U32),
    beneficiary: Number((word >> 64n) & U32),
    amount: (word >> 96n) & U32,
    canteen: Number((word >> 128n) & 0xffn),
  };
}

/** Why a tap was rejected, as IPurposePrograms.TapRejection. */
export const TapRejection = {
  None: 0,
  BeneficiaryUnknown: 1,
  BeneficiaryRevoked: 2,
  TapDuplicate: 3,
  CanteenIndexOutOfRange: 4,
  RecipientNotEligible: 5,
  AmountZero: 6,
  DailyLimitExceeded: 7,
  ProgramLimitExceeded: 8,
  BudgetExhausted: 9,
  GuardianDenied: 10,
  BeneficiaryBlocked: 11,
} as const;
export type TapRejectionName = keyof typeof TapRejection;

/** Program status, as IPrograms.ProgramStatus. */
export const ProgramStatus = { None: 0, Active: 1, Paused: 2, Closed: 3 } as const;

/** A limit that never binds (2^96 - 1 tiyn). */
export const NO_LIMIT = 2n ** 96n - 1n;

/** Merchant category codes the pilot's programs and guardians use (ISO 18245). */
export const MCC = {
  CANTEEN: 5814, // fast food restaurants (school canteens are acquired under it)
  TRANSPORT: 4111, // local and suburban commuter transport (Onay)
  GROCERY: 5411,
  BOOKS: 5942,
  CONSTRUCTION_MATERIALS: 5211, // lumber and building materials
  CASH: 6011, // automated cash disbursement: what a redemption counts as under guardian rules
} as const;
