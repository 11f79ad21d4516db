import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { GuardianRules__factory } from "../../typechain-types";
import { signedInvoice } from "../payments/fixtures";
import { ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import {
  domainOf as ledgerDomain,
  SIGNED,
  signPermit,
  signReceiveAuthorization,
  signTransferAuthorization,
} from "../helpers/eip712";
import { KZ_VAT_2026, splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { CAP, CASH, INVOICE, authorization, categoryRefused, expectRefused, guardedPayer } from "./guardedPayer";
describe("Guardian rules on every ledger path (the ledger hook)", () => {
  describe("when governance points the ledger at a rules contract", () => {
    it("records it, old -> new, and setting rules flags the minor", async () => {
      const f = await loadFixture(guardedPayer);
      expect(await f.ledger.guardianRules()).to.equal(await f.rules.getAddress());
      expect((await f.ledger.accountDetails(f.alice.address)).guarded).to.equal(true);
      expect((await f.ledger.accountDetails(f.bob.address)).guarded).to.equal(false);
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
      expect((await f.ledger.accountDetails(f.alice.address)).guarded).to.equal(true);
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
      await f.ledger.connect(f.carol)[SIGNED.permit](m.owner, m.spender, m.value, m.deadline, sig.v, sig.r, sig.s);
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
          f.ledger.connect(f.stranger).getFunction(SIGNED.transfer)(
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
          f.ledger.connect(f.bob).getFunction(SIGNED.receive)(
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
      expect((await f.ledger.accountDetails(f.alice.address)).guarded).to.equal(false);
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
      expect((await f.ledger.accountDetails(f.alice.address)).guarded).to.equal(false);
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
