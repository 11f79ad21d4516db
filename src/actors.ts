/**
 * The pilot's intermediary banks. Names live off-chain only (in reports and narratives); the ledger sees registry
 * codes for banks and keccak256 handles for customers, never a name. The rest of the cast (agents, merchants,
 * agencies, citizens) is in scripts/pilot/cast.ts.
 */
import { tenge } from "./money";

export interface BankSpec {
  name: string;
  /** Registry code, bytes32-encoded on-chain. */
  code: string;
  /** Issuance ceiling (its reserves at the central bank), tiyn. */
  ceiling: bigint;
  /** First issuance, tiyn. */
  issue: bigint;
}

/** The five intermediary banks of the 2023 pilot. */
export const PILOT_BANKS: readonly BankSpec[] = [
  { name: "Eurasian Bank", code: "BANK-001", ceiling: tenge(200_000_000), issue: tenge(20_000_000) },
  { name: "Halyk Bank", code: "BANK-002", ceiling: tenge(500_000_000), issue: tenge(50_000_000) },
  { name: "Bank CenterCredit", code: "BANK-003", ceiling: tenge(150_000_000), issue: tenge(10_000_000) },
  { name: "Freedom Bank", code: "BANK-004", ceiling: tenge(100_000_000), issue: tenge(8_000_000) },
  { name: "Kaspi Bank", code: "BANK-005", ceiling: tenge(400_000_000), issue: tenge(30_000_000) },
];
