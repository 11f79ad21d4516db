/**
 * The pilot's cast: who takes part, which local account plays each, and the opaque reference each one has
 * on-chain. Names live off-chain only (in reports and narratives); the ledger sees registry codes for banks
 * and keccak256 handles for customers, never a name.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { keccak256, toUtf8Bytes } from "ethers";
import { tenge } from "./money";
import { LOCAL_ACCOUNTS } from "./ops";
import { Tier } from "./tiers";

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

export type CustomerKind = "Individual" | "Merchant" | "Government";

export interface CustomerSpec {
  name: string;
  kind: CustomerKind;
  tier: number;
  /** Index into PILOT_BANKS: the bank of record. */
  bank: number;
  /** What the bank sends it at the start, tiyn. */
  opening: bigint;
}

const individuals: CustomerSpec[] = PILOT_BANKS.flatMap((bank, b) =>
  [1, 2, 3, 4].map((n) => ({
    name: `${bank.name.split(" ")[0]} customer ${n}`,
    kind: "Individual" as const,
    // The fourth customer of each bank holds a lite wallet (anonymous-lite tier).
    tier: n === 4 ? Tier.ANONYMOUS_LITE : Tier.STANDARD,
    bank: b,
    opening: n === 4 ? tenge(60_000) : tenge(150_000),
  })),
);

const merchants: CustomerSpec[] = [
  { name: "School canteen No. 45", bank: 0 },
  { name: "Grocery store", bank: 1 },
  { name: "Pharmacy", bank: 1 },
  { name: "Café", bank: 2 },
  { name: "Bookshop", bank: 3 },
  { name: "Bazaar stall", bank: 4 },
  { name: "Fuel station", bank: 4 },
  { name: "Online shop", bank: 0 },
].map((m) => ({ ...m, kind: "Merchant" as const, tier: Tier.BUSINESS, opening: 0n }));

const government: CustomerSpec[] = [
  { name: "State Revenue Committee", kind: "Government", tier: Tier.UNLIMITED, bank: 1, opening: 0n },
  { name: "Almaty akimat", kind: "Government", tier: Tier.UNLIMITED, bank: 1, opening: tenge(5_000_000) },
];

/** Thirty customers across the five banks: twenty individuals, eight merchants, two government bodies. */
export const PILOT_CUSTOMERS: readonly CustomerSpec[] = [...individuals, ...merchants, ...government];

/** A customer's on-chain reference: an opaque keccak256 handle into its bank's records. */
export function customerReference(bank: BankSpec, index: number): string {
  return keccak256(toUtf8Bytes(`pilot/${bank.code}/customer/${index}`));
}

export interface Party {
  name: string;
  signer: HardhatEthersSigner;
  address: string;
}

export interface PilotBank extends Party, BankSpec {}

export interface PilotCustomer extends Party, CustomerSpec {
  ref: string;
}

export interface Cast {
  deployer: Party;
  governance: Party;
  centralBank: Party;
  operator: Party;
  compliance: Party;
  banks: PilotBank[];
  customers: PilotCustomer[];
}

/**
 * Give every role of the cast a local account: the deployer and role holders where src/ops.ts LOCAL_ACCOUNTS
 * and the test fixtures put them, then the banks, then the customers.
 */
export async function castOf(hre: HardhatRuntimeEnvironment): Promise<Cast> {
  const signers = await hre.ethers.getSigners();
  // Banks and customers come after the highest local role account (see src/ops.ts LOCAL_ACCOUNTS).
  const firstBank = Math.max(...Object.values(LOCAL_ACCOUNTS)) + 1;
  const firstCustomer = firstBank + PILOT_BANKS.length;
  const needed = firstCustomer + PILOT_CUSTOMERS.length;
  if (signers.length < needed) {
    throw new Error(
      `The pilot needs ${needed} accounts; network ${hre.network.name} has ${signers.length}. ` +
        "Use the embedded network or `npx hardhat node` (both have 64 accounts in this project's config).",
    );
  }
  const party = (name: string, index: number): Party => ({
    name,
    signer: signers[index],
    address: signers[index].address,
  });
  return {
    deployer: party("Deployer", LOCAL_ACCOUNTS.deployer),
    governance: party("Governance (NBK board multisig)", LOCAL_ACCOUNTS.governance),
    centralBank: party("National Bank of Kazakhstan", LOCAL_ACCOUNTS["central-bank"]),
    operator: party("National Payment Corporation", LOCAL_ACCOUNTS.operator),
    compliance: party("Financial monitoring", LOCAL_ACCOUNTS.compliance),
    banks: PILOT_BANKS.map((spec, i) => ({ ...spec, ...party(spec.name, firstBank + i) })),
    customers: PILOT_CUSTOMERS.map((spec, i) => ({
      ...spec,
      ...party(spec.name, firstCustomer + i),
      ref: customerReference(PILOT_BANKS[spec.bank], i),
    })),
  };
}
