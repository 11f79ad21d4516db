import hre from "hardhat";
import { ethers } from "hardhat";
import { ZeroAddress, type AddressLike } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { configureTiers, deployCore, onboardBank, type CoreSuite, type LedgerSuite } from "../../src/suite";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";

/** Named signers: every test speaks of actors, never of account indexes. */
export interface Actors {
  deployer: HardhatEthersSigner;
  governance: HardhatEthersSigner;
  centralBank: HardhatEthersSigner;
  operator: HardhatEthersSigner;
  compliance: HardhatEthersSigner;
  bankA: HardhatEthersSigner;
  bankB: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  merchant: HardhatEthersSigner;
  agent: HardhatEthersSigner;
  court: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  guardian: HardhatEthersSigner;
  deskKey: HardhatEthersSigner;
  spare: HardhatEthersSigner[];
}

export async function actors(): Promise<Actors> {
  const s = await ethers.getSigners();
  return {
    deployer: s[0],
    governance: s[1],
    centralBank: s[2],
    operator: s[3],
    compliance: s[4],
    bankA: s[5],
    bankB: s[6],
    alice: s[7],
    bob: s[8],
    carol: s[9],
    merchant: s[10],
    agent: s[11],
    court: s[12],
    stranger: s[13],
    guardian: s[14],
    deskKey: s[15],
    spare: s.slice(16),
  };
}

export const ref = (text: string): string => ethers.encodeBytes32String(text);

/** The ledger and its governance freshly deployed and wired, nothing else (the whole suite: governedSuite). */
export async function deployedSuite(): Promise<CoreSuite & Actors> {
  const a = await actors();
  const suite = await deployCore(hre, {
    CENTRAL_BANK: a.centralBank.address,
    OPERATOR: a.operator.address,
    COMPLIANCE: a.compliance.address,
    GOVERNANCE: a.governance.address,
    GUARDIAN: a.guardian.address,
    ISSUANCE_DESK: a.deskKey.address,
  });
  return { ...suite, ...a };
}

/**
 * Tiers defined, two banks with ceilings and funds, and customers: alice and bob (standard, bank A),
 * carol (anonymous-lite, bank B), a merchant (business, bank A), a payment agent (operator-managed), and a
 * court deposit account (government, bank B). Alice holds 100 000 ₸, bob 10 000 ₸.
 */
export async function fundedLedger(): Promise<CoreSuite & Actors> {
  return populate(await deployedSuite());
}

/**
 * Populate a freshly deployed suite as {fundedLedger} describes. Capability fixtures deploy through their own
 * Ignition module (which includes the Ledger module), then call this.
 */
export async function populate<T extends LedgerSuite & Actors>(f: T): Promise<T> {
  const { ledger, centralBank, operator, bankA, bankB } = f;
  await configureTiers(ledger, centralBank);
  await onboardBank(f, operator, bankA.address, Tier.UNLIMITED, ref("EURASIAN"));
  await onboardBank(f, operator, bankB.address, Tier.UNLIMITED, ref("HALYK"));
  await ledger.connect(centralBank).setIssuanceCeiling(bankA.address, tenge(10_000_000));
  await ledger.connect(centralBank).setIssuanceCeiling(bankB.address, tenge(5_000_000));
  await ledger.connect(centralBank).issue(bankA.address, tenge(1_000_000), ref("RSV-A-1"));
  await ledger.connect(centralBank).issue(bankB.address, tenge(500_000), ref("RSV-B-1"));

  const byA = ledger.connect(bankA);
  await byA.onboardCustomer(f.alice.address, AccountKind.Individual, Tier.STANDARD, ref("cust-alice"));
  await byA.onboardCustomer(f.bob.address, AccountKind.Individual, Tier.STANDARD, ref("cust-bob"));
  await byA.onboardCustomer(f.merchant.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-shop"));
  await ledger
    .connect(bankB)
    .onboardCustomer(f.carol.address, AccountKind.Individual, Tier.ANONYMOUS_LITE, ref("cust-carol"));
  await ledger
    .connect(bankB)
    .onboardCustomer(f.court.address, AccountKind.Government, Tier.UNLIMITED, ref("court-deposit"));
  await ledger
    .connect(operator)
    .onboardParticipant(f.agent.address, AccountKind.PaymentAgent, Tier.UNLIMITED, bankA.address, ref("KAZPOST"));

  await byA.transfer(f.alice.address, tenge(100_000));
  await byA.transfer(f.bob.address, tenge(10_000));
  return f;
}

/**
 * Onboard `module` as a SystemContract account (the operator's act) and give it the mandates of `holders` (each
 * holder's own `setModuleMandate`), as a deployment does for a module its holders pay through.
 */
export async function onboardModuleWithMandates(
  f: LedgerSuite & Actors,
  module: AddressLike,
  reference: string,
  holders: readonly HardhatEthersSigner[],
): Promise<void> {
  await f.ledger
    .connect(f.operator)
    .onboardParticipant(module, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref(reference));
  for (const holder of holders) await f.ledger.connect(holder).setModuleMandate(module, true);
}
