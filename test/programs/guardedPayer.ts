/** The guarded-minor fixture of the ledger-hook tests: the payments suite with guardian rules the ledger consults. */
import { expect } from "chai";
import { ZeroAddress, id as keccakText, type AddressLike } from "ethers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  GuardianRules__factory,
  MerchantCategories__factory,
  SplitModuleMock__factory,
  type GuardianRules,
} from "../../typechain-types";
import { paymentsReady, type PaymentsFixture } from "../payments/fixtures";
import { ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { randomNonce, type Authorization } from "../helpers/eip712";
import { GUARDIAN_INSTRUCTION_TYPES, domainOf } from "./eip712";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";

export const GROCERY = 5411;
export const CASH = 6011;
export const CAP = tenge(2_000);
export const INVOICE = tenge("1160.00");

/**
 * The payments suite (merchant: grocery, VAT payer; shop: restaurant, no category here), a guardian rules contract
 * the ledger is pointed at (by governance), and alice as a guarded minor: her guardian bob allowed groceries only,
 * 2 000 ₸ a day. A splitting module and a card linked to alice with a mandate for the payment agent; alice mandated
 * the splitting module, the card gateway and merchant payments on the ledger.
 */
export async function guardedPayer() {
  const f = await paymentsReady();
  const categories = await new MerchantCategories__factory(f.deployer).deploy(f.ledger);
  const rules = await new GuardianRules__factory(f.deployer).deploy(f.ledger, categories);
  const module = await new SplitModuleMock__factory(f.deployer).deploy(f.ledger);
  await f.ledger
    .connect(f.operator)
    .onboardParticipant(module, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref("SPLITTER"));
  await f.ledger.connect(f.governance).setGuardianRules(rules);
  // Alice's own mandates for the modules that debit her here (the ledger refuses a module's debit without one).
  for (const debiting of [module, f.cards, f.payments])
    await f.ledger.connect(f.alice).setModuleMandate(debiting, true);
  await categories.connect(f.bankA).setCategory(f.merchant.address, GROCERY);
  await rules.connect(f.bankA).setGuardian(f.alice.address, f.bob.address);
  await instruct(rules, f.bankA, f.bob, f.alice.address, CAP, [GROCERY]);

  await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, f.agent.address, 0);
  const card = keccakText("guarded|alice-visa");
  await f.cards.connect(f.bankA).linkCard(card, f.alice.address, 1, tenge(100_000));
  await f.cards.connect(f.alice).grantMandate(card, f.agent.address, tenge(50_000), tenge(200_000));
  return { ...f, categories, rules, module, card };
}
export type GuardedFixture = PaymentsFixture & Awaited<ReturnType<typeof guardedPayer>>;

/** The guardian signs rules for `minor` (its next nonce, valid an hour): the arguments of `setRules`. */
export async function signedInstruction(
  rules: GuardianRules,
  guardian: HardhatEthersSigner,
  minor: string,
  dailyCap: bigint,
  categories: number[],
): Promise<[string, bigint, number[], bigint, string]> {
  const deadline = BigInt(await time.latest()) + 3_600n;
  const message = { minor, dailyCap, categories, nonce: await rules.nonces(minor), deadline };
  const signature = await guardian.signTypedData(await domainOf(rules), GUARDIAN_INSTRUCTION_TYPES, message);
  return [minor, dailyCap, categories, deadline, signature];
}

/** The guardian signs rules for `minor` and the bank of record submits them. */
export async function instruct(
  rules: GuardianRules,
  bank: HardhatEthersSigner,
  guardian: HardhatEthersSigner,
  minor: string,
  dailyCap: bigint,
  categories: number[],
): Promise<void> {
  await rules.connect(bank).setRules(...(await signedInstruction(rules, guardian, minor, dailyCap, categories)));
}

/** {expectRejected} on the ledger, plus the minor's rules and counted spending unchanged. */
export async function expectRefused(
  f: GuardedFixture,
  accounts: AddressLike[],
  minor: string,
  action: () => Promise<unknown>,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const before = (await f.rules.rulesOf(minor)).toString();
  await expectRejected(f.ledger, accounts, action, assertion);
  expect((await f.rules.rulesOf(minor)).toString()).to.equal(before, "a refused payment changed the minor's rules");
}

export function categoryRefused(f: GuardedFixture, minor: string, receiver: string, has: boolean, mcc: number) {
  return (p: Promise<unknown>) =>
    expect(p).to.be.revertedWithCustomError(f.rules, "GuardianCategoryNotAllowed").withArgs(minor, receiver, has, mcc);
}

export async function authorization(f: GuardedFixture, to: string, value: bigint): Promise<Authorization> {
  const now = BigInt(await time.latest());
  return { from: f.alice.address, to, value, validAfter: now - 10n, validBefore: now + 3_600n, nonce: randomNonce() };
}
