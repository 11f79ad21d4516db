import { expect } from "chai";
import { ZeroAddress, ZeroHash, id as keccakText, type AddressLike } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  GuardianRules__factory,
  MerchantCategories__factory,
  SplitModuleMock__factory,
  type GuardianRules,
} from "../../typechain-types";
import { paymentsReady, signedInvoice, type PaymentsFixture } from "../payments/fixtures";
import { ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import {
  domainOf as ledgerDomain,
  randomNonce,
  signPermit,
  signReceiveAuthorization,
  signTransferAuthorization,
  type Authorization,
} from "../helpers/eip712";
import { GUARDIAN_INSTRUCTION_TYPES, domainOf } from "./eip712";
import { KZ_VAT_2026, splitVat } from "../../src/payments/vat";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";

const GROCERY = 5411;
const CASH = 6011;
const CAP = tenge(2_000);
const INVOICE = tenge("1160.00");

/**
 * The payments suite (merchant: grocery, VAT payer; shop: restaurant, no category here), a guardian rules contract
 * the ledger is pointed at (by governance), and alice as a guarded minor: her guardian bob allowed groceries only,
 * 2 000 ₸ a day. A splitting module and a card linked to alice with a mandate for the payment agent.
 */
async function guardedPayer() {
  const f = await paymentsReady();
  const categories = await new MerchantCategories__factory(f.deployer).deploy(f.ledger);
  const rules = await new GuardianRules__factory(f.deployer).deploy(f.ledger, categories);
  const module = await new SplitModuleMock__factory(f.deployer).deploy(f.ledger);
  await f.ledger
    .connect(f.operator)
    .onboardParticipant(module, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref("SPLITTER"));
  await f.ledger.connect(f.governance).setGuardianRules(rules);
  await categories.connect(f.bankA).setCategory(f.merchant.address, GROCERY);
  await rules.connect(f.bankA).setGuardian(f.alice.address, f.bob.address);
  await instruct(rules, f.bankA, f.bob, f.alice.address, CAP, [GROCERY]);

  await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, f.agent.address, 0);
  const card = keccakText("guarded|alice-visa");
  await f.cards.connect(f.bankA).linkCard(card, f.alice.address, 1, tenge(100_000));
  await f.cards.connect(f.alice).grantMandate(card, f.agent.address, tenge(50_000), tenge(200_000));
  return { ...f, categories, rules, module, card };
}
type Fixture = PaymentsFixture & Awaited<ReturnType<typeof guardedPayer>>;

/** The guardian signs rules for `minor` and the bank of record submits them. */
async function instruct(
  rules: GuardianRules,
  bank: HardhatEthersSigner,
  guardian: HardhatEthersSigner,
  minor: string,
  dailyCap: bigint,
  categories: number[],
): Promise<void> {
  const deadline = BigInt(await time.latest()) + 3_600n;
  const message = { minor, dailyCap, categories, nonce: await rules.nonces(minor), deadline };
  const signature = await guardian.signTypedData(await domainOf(rules), GUARDIAN_INSTRUCTION_TYPES, message);
  await rules.connect(bank).setRules(minor, dailyCap, categories, deadline, signature);
}

/** {expectRejected} on the ledger, plus the minor's rules and counted spending unchanged. */
async function expectRefused(
  f: Fixture,
  accounts: AddressLike[],
  minor: string,
  action: () => Promise<unknown>,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const before = (await f.rules.rulesOf(minor)).toString();
  await expectRejected(f.ledger, accounts, action, assertion);
  expect((await f.rules.rulesOf(minor)).toString()).to.equal(before, "a refused payment changed the minor's rules");
}

function categoryRefused(f: Fixture, minor: string, receiver: string, has: boolean, mcc: number) {
  return (p: Promise<unknown>) =>
    expect(p).to.be.revertedWithCustomError(f.rules, "GuardianCategoryNotAllowed").withArgs(minor, receiver, has, mcc);
}

async function authorization(f: Fixture, to: string, value: bigint): Promise<Authorization> {
  const now = BigInt(await time.latest());
  return { from: f.alice.address, to, value, validAfter: now - 10n, validBefore: now + 3_600n, nonce: randomNonce() };
}

describe("Guardian rules on every ledger path (the ledger hook)", () => {
  describe("when governance points the ledger at a rules contract", () => {
    it("records it, old -> new, and setting rules flags the minor", async () => {
      const f = await loadFixture(guardedPayer);
      expect(await f.ledger.guardianRules()).to.equal(await f.rules.getAddress());
      expect(await f.ledger.isGuarded(f.alice.address)).to.equal(true);
      expect(await f.ledger.isGuarded(f.bob.address)).to.equal(false);
      await expect(f.ledger.connect(f.governance).setGuardianRules(ZeroAddress))
        .to.emit(f.ledger, "GuardianRulesSet")
        .withArgs(await f.rules.getAddress(), ZeroAddress);
    });

    it("reverts with AccessManagedUnauthorized for anyone but governance", async () => {
      const f = await loadFixture(guardedPayer);
      for (const caller of [f.stranger, f.operator, f.centralBank, f.bankA]) {
        await expect(f.ledger.connect(caller).setGuardianRules(ZeroAddress))
          .to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
      expect(await f.ledger.guardianRules()).to.equal(await f.rules.getAddress());
    });
  });

  describe("when someone other than the rules contract flags an account", () => {
    it("reverts with NotGuardianRules and leaves the flag", async () => {
      const f = await loadFixture(guardedPayer);
      for (const caller of [f.stranger, f.governance, f.bankA, f.alice]) {
        await expectRejected(
          f.ledger,
          [f.alice],
          () => f.ledger.connect(caller).setGuarded(f.alice.address, false),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "NotGuardianRules").withArgs(caller.address),
        );
      }
      expect(await f.ledger.isGuarded(f.alice.address)).to.equal(true);
    });
  });

  describe("when a guarded minor pays outside its rules", () => {
    it("transfer: reverts with GuardianCategoryNotAllowed for a receiver with no category", async () => {
      const f = await loadFixture(guardedPayer);
      await expectRefused(
        f,
        [f.alice, f.bob],
        f.alice.address,
        () => f.ledger.connect(f.alice).transfer(f.bob.address, tenge(10)),
        categoryRefused(f, f.alice.address, f.bob.address, false, 0),
      );
    });

    it("transfer: reverts with GuardianDailyCapExceeded above the guardian's cap", async () => {
      const f = await loadFixture(guardedPayer);
      await expectRefused(
        f,
        [f.alice, f.merchant],
        f.alice.address,
        () => f.ledger.connect(f.alice).transfer(f.merchant.address, tenge(2_001)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.rules, "GuardianDailyCapExceeded")
            .withArgs(f.alice.address, CAP, tenge(2_001)),
      );
    });

    it("transferFrom: reverts for a spender the minor approved", async () => {
      const f = await loadFixture(guardedPayer);
      await f.ledger.connect(f.alice).approve(f.carol.address, tenge(100));
      await expectRefused(
        f,
        [f.alice, f.bob, f.carol],
        f.alice.address,
        () => f.ledger.connect(f.carol).transferFrom(f.alice.address, f.bob.address, tenge(10)),
        categoryRefused(f, f.alice.address, f.bob.address, false, 0),
      );
    });

    it("permit then transferFrom: reverts", async () => {
      const f = await loadFixture(guardedPayer);
      const domain = await ledgerDomain(f.ledger);
      const m = {
        owner: f.alice.address,
        spender: f.carol.address,
        value: tenge(100),
        nonce: await f.ledger.nonces(f.alice.address),
        deadline: BigInt(await time.latest()) + 3_600n,
      };
      const sig = await signPermit(f.alice, domain, m);
      await f.ledger.connect(f.carol).permit(m.owner, m.spender, m.value, m.deadline, sig.v, sig.r, sig.s);
      await expectRefused(
        f,
        [f.alice, f.bob, f.carol],
        f.alice.address,
        () => f.ledger.connect(f.carol).transferFrom(f.alice.address, f.bob.address, tenge(10)),
        categoryRefused(f, f.alice.address, f.bob.address, false, 0),
      );
    });

    it("transferWithAuthorization: reverts", async () => {
      const f = await loadFixture(guardedPayer);
      const a = await authorization(f, f.bob.address, tenge(10));
      const sig = await signTransferAuthorization(f.alice, await ledgerDomain(f.ledger), a);
      await expectRefused(
        f,
        [f.alice, f.bob],
        f.alice.address,
        () =>
          f.ledger
            .connect(f.stranger)
            .transferWithAuthorization(
              a.from,
              a.to,
              a.value,
              a.validAfter,
              a.validBefore,
              a.nonce,
              sig.v,
              sig.r,
              sig.s,
            ),
        categoryRefused(f, f.alice.address, f.bob.address, false, 0),
      );
    });

    it("receiveWithAuthorization: reverts", async () => {
      const f = await loadFixture(guardedPayer);
      const a = await authorization(f, f.bob.address, tenge(10));
      const sig = await signReceiveAuthorization(f.alice, await ledgerDomain(f.ledger), a);
      await expectRefused(
        f,
        [f.alice, f.bob],
        f.alice.address,
        () =>
          f.ledger
            .connect(f.bob)
            .receiveWithAuthorization(a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.v, sig.r, sig.s),
        categoryRefused(f, f.alice.address, f.bob.address, false, 0),
      );
    });

    it("moduleTransfer: reverts", async () => {
      const f = await loadFixture(guardedPayer);
      await expectRefused(
        f,
        [f.alice, f.bob],
        f.alice.address,
        () => f.module.pay(f.alice.address, f.bob.address, tenge(10)),
        categoryRefused(f, f.alice.address, f.bob.address, false, 0),
      );
    });

    it("moduleSplit: reverts with GuardianDailyCapExceeded on the gross, though the net alone fits", async () => {
      const f = await loadFixture(guardedPayer);
      await expectRefused(
        f,
        [f.alice, f.merchant, f.budget],
        f.alice.address,
        () => f.module.split(f.alice.address, f.merchant.address, tenge(1_900), f.budget.address, tenge(200)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.rules, "GuardianDailyCapExceeded")
            .withArgs(f.alice.address, CAP, tenge(2_100)),
      );
    });

    it("an invoice payment (MerchantPayments) to a merchant of a category not allowed: reverts", async () => {
      const f = await loadFixture(guardedPayer);
      const { invoice, signature } = await signedInvoice(f, f.shop, INVOICE);
      await expectRefused(
        f,
        [f.alice, f.shop, f.budget],
        f.alice.address,
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        categoryRefused(f, f.alice.address, f.shop.address, false, 0),
      );
      expect(await f.payments.isNonceUsed(f.shop.address, invoice.nonce)).to.equal(false);
    });

    it("a card charge (CardGateway) above the guardian's cap: reverts", async () => {
      const f = await loadFixture(guardedPayer);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(2_320));
      await expectRefused(
        f,
        [f.alice, f.merchant, f.budget],
        f.alice.address,
        () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, 0),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.rules, "GuardianDailyCapExceeded")
            .withArgs(f.alice.address, CAP, tenge(2_320)),
      );
    });

    it("redeemToNonCash: reverts with GuardianCategoryNotAllowed as cash disbursement (6011)", async () => {
      const f = await loadFixture(guardedPayer);
      await expectRefused(
        f,
        [f.alice, f.bankA],
        f.alice.address,
        () => f.ledger.connect(f.alice).redeemToNonCash(tenge(10)),
        categoryRefused(f, f.alice.address, ZeroAddress, true, CASH),
      );
    });

    it("moduleRedeem (an ATM withdrawal through CardGateway): reverts as cash disbursement", async () => {
      const f = await loadFixture(guardedPayer);
      await expectRefused(
        f,
        [f.alice, f.bankA],
        f.alice.address,
        () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(100), ZeroHash),
        categoryRefused(f, f.alice.address, ZeroAddress, true, CASH),
      );
      await expectRefused(
        f,
        [f.alice, f.bankA],
        f.alice.address,
        () => f.module.redeemFor(f.alice.address, tenge(100)),
        categoryRefused(f, f.alice.address, ZeroAddress, true, CASH),
      );
    });
  });

  describe("when a guarded minor pays within its rules", () => {
    it("a VAT invoice is judged as one payment of the gross to the merchant (the budget's leg is not refused)", async () => {
      const f = await loadFixture(guardedPayer);
      const { invoice, signature } = await signedInvoice(f, f.merchant, INVOICE);
      const { vat, net } = splitVat(INVOICE, KZ_VAT_2026.STANDARD);
      const tx = f.payments.connect(f.alice).payInvoice(invoice, signature);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.merchant, f.budget], [-INVOICE, net, vat]);
      await expect(tx)
        .to.emit(f.rules, "GuardedPaymentCounted")
        .withArgs(f.alice.address, f.merchant.address, await f.ledger.getAddress(), INVOICE, INVOICE);
      expect((await f.rules.rulesOf(f.alice.address)).spentToday).to.equal(INVOICE);
    });

    it("a transfer and a card charge to an allowed merchant count against the cap", async () => {
      const f = await loadFixture(guardedPayer);
      await f.ledger.connect(f.alice).transfer(f.merchant.address, tenge(300));
      const { invoice, signature } = await signedInvoice(f, f.merchant, INVOICE);
      await f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, 0);
      expect((await f.rules.rulesOf(f.alice.address)).spentToday).to.equal(tenge(300) + INVOICE);
    });
  });

  describe("when the account is not guarded, or the movement is not the minor's payment", () => {
    it("an unguarded account pays anyone, and nothing is counted", async () => {
      const f = await loadFixture(guardedPayer);
      await expect(f.ledger.connect(f.bob).transfer(f.carol.address, tenge(10))).not.to.emit(
        f.rules,
        "GuardedPaymentCounted",
      );
      await expect(f.ledger.connect(f.bob).redeemToNonCash(tenge(10))).not.to.emit(f.rules, "GuardedPaymentCounted");
    });

    it("a guarded minor receives freely", async () => {
      const f = await loadFixture(guardedPayer);
      await expect(f.ledger.connect(f.bob).transfer(f.alice.address, tenge(10))).to.changeTokenBalance(
        f.ledger,
        f.alice,
        tenge(10),
      );
    });

    it("a seizure of a guarded minor's attached funds is not judged", async () => {
      const f = await loadFixture(guardedPayer);
      await f.ledger.connect(f.compliance).attachFunds(f.alice.address, tenge(5_000), ref("WRIT-7"));
      const tx = f.ledger.connect(f.compliance).seize(f.alice.address, f.court.address, tenge(5_000), ref("WRIT-7"));
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.court], [-tenge(5_000), tenge(5_000)]);
      await expect(tx).not.to.emit(f.rules, "GuardedPaymentCounted");
    });

    it("lifting the rules lifts the flag: the minor pays anyone again", async () => {
      const f = await loadFixture(guardedPayer);
      await expect(f.rules.connect(f.bankA).clearRules(f.alice.address))
        .to.emit(f.ledger, "GuardedSet")
        .withArgs(f.alice.address, false);
      expect(await f.ledger.isGuarded(f.alice.address)).to.equal(false);
      await expect(f.ledger.connect(f.alice).transfer(f.bob.address, tenge(10))).to.changeTokenBalance(
        f.ledger,
        f.bob,
        tenge(10),
      );
    });

    it("with no rules contract set, a flagged account pays freely (governance's choice)", async () => {
      const f = await loadFixture(guardedPayer);
      await f.ledger.connect(f.governance).setGuardianRules(ZeroAddress);
      await expect(f.ledger.connect(f.alice).transfer(f.bob.address, tenge(10))).to.changeTokenBalance(
        f.ledger,
        f.bob,
        tenge(10),
      );
    });
  });

  describe("when the bank recovers a guarded minor's wallet", () => {
    async function recovered() {
      const f = await loadFixture(guardedPayer);
      const replacement = f.spare[30];
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      return { ...f, replacement };
    }

    it("the replacement stays guarded, and its payments are refused until the rules follow", async () => {
      const f = await recovered();
      expect(await f.ledger.isGuarded(f.replacement.address)).to.equal(true);
      await expectRefused(
        f,
        [f.replacement, f.merchant],
        f.replacement.address,
        () => f.ledger.connect(f.replacement).transfer(f.merchant.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(f.rules, "GuardianRulesMissing").withArgs(f.replacement.address),
      );
    });

    it("once the rules follow the recovery, they apply to the replacement", async () => {
      const f = await recovered();
      const follow = f.rules.connect(f.stranger).followRecovery(f.alice.address);
      await expect(follow)
        .to.emit(f.rules, "GuardianSet")
        .withArgs(f.replacement.address, f.bankA.address, ZeroAddress, f.bob.address);
      await expect(follow).to.emit(f.rules, "RulesCleared").withArgs(f.alice.address, f.bankA.address, 1);
      expect((await f.rules.rulesOf(f.alice.address)).active).to.equal(false);
      expect((await f.rules.rulesOf(f.replacement.address)).guardian).to.equal(f.bob.address);
      await f.ledger.connect(f.replacement).transfer(f.merchant.address, tenge(10));
      await expectRefused(
        f,
        [f.replacement, f.bob],
        f.replacement.address,
        () => f.ledger.connect(f.replacement).transfer(f.bob.address, tenge(10)),
        categoryRefused(f, f.replacement.address, f.bob.address, false, 0),
      );
    });

    it("followRecovery reverts with GuardianNotRecovered for a wallet never recovered", async () => {
      const f = await recovered();
      await expect(f.rules.followRecovery(f.bob.address))
        .to.be.revertedWithCustomError(f.rules, "GuardianNotRecovered")
        .withArgs(f.bob.address);
    });
  });

  describe("when rules were set before the ledger was pointed at the rules contract", () => {
    it("syncGuarded reverts for a contract the ledger does not consult, and pushes the consulted one's view to the flag", async () => {
      const f = await loadFixture(guardedPayer);
      const other = await new GuardianRules__factory(f.deployer).deploy(f.ledger, f.categories);
      await expect(other.syncGuarded(f.alice.address))
        .to.be.revertedWithCustomError(other, "GuardianRulesNotInstalled")
        .withArgs(await f.rules.getAddress());
      await f.ledger.connect(f.governance).setGuardianRules(other);
      // alice has no rules in `other`: syncing lifts the flag the old contract set.
      await expect(other.syncGuarded(f.alice.address)).to.emit(f.ledger, "GuardedSet").withArgs(f.alice.address, false);
      expect(await f.ledger.isGuarded(f.alice.address)).to.equal(false);
    });
  });

  describe("when a frozen minor is guarded", () => {
    it("the ledger's own refusal comes first (AccountFrozen)", async () => {
      const f = await loadFixture(guardedPayer);
      await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.Full, ref("ORDER-9"));
      await expectRefused(
        f,
        [f.alice, f.merchant],
        f.alice.address,
        () => f.ledger.connect(f.alice).transfer(f.merchant.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.alice.address),
      );
    });
  });
});
