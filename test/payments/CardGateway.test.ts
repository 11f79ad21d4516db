import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  CardNetwork,
  Channel,
  cardToken,
  cardsReady,
  expectPaymentRejected,
  paymentsReady,
  signedInvoice,
  type PaymentsFixture,
} from "./fixtures";
import { KZ_VAT_2026, splitVat, ALMATY_OFFSET_SECONDS, almatyDay } from "../../src/payments/vat";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";
import { setPaymentMandates } from "../../src/payments/suite";

/** A second registered payment agent with the role but no mandate on alice's card. */
async function otherAgent(f: PaymentsFixture) {
  const processor = f.spare[13];
  await f.ledger
    .connect(f.operator)
    .onboardParticipant(processor.address, AccountKind.PaymentAgent, Tier.UNLIMITED, f.bankB.address, ref("MC-PROC"));
  await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, processor.address, 0);
  return processor;
}

describe("CardGateway: cards, mandates and ATMs", () => {
  describe("when the issuing bank links a card", () => {
    it("records only the card token, holder, issuer and limits, emitting CardLinked", async () => {
      const f = await loadFixture(paymentsReady);
      const card = cardToken("bob-onay");
      await expect(f.cards.connect(f.bankA).linkCard(card, f.bob.address, CardNetwork.Onay, tenge(10_000)))
        .to.emit(f.cards, "CardLinked")
        .withArgs(card, f.bob.address, f.bankA.address, CardNetwork.Onay, tenge(10_000));
      const stored = await f.cards.cardOf(card);
      expect([stored.holder, stored.issuer, stored.network, stored.blocked, stored.atmDailyLimit]).to.deep.equal([
        f.bob.address,
        f.bankA.address,
        BigInt(CardNetwork.Onay),
        false,
        tenge(10_000),
      ]);
    });

    it("reverts with NotIssuingBank when the bank is not the holder's bank of record", async () => {
      const f = await loadFixture(paymentsReady);
      const card = cardToken("bob-visa");
      await expect(f.cards.connect(f.bankB).linkCard(card, f.bob.address, CardNetwork.Visa, 0))
        .to.be.revertedWithCustomError(f.cards, "NotIssuingBank")
        .withArgs(f.bankB.address, f.bob.address);
      expect((await f.cards.cardOf(card)).holder).to.equal(ethers.ZeroAddress);
    });

    it("reverts with AccessManagedUnauthorized without the bank role", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.cards.connect(f.agent).linkCard(cardToken("x"), f.bob.address, CardNetwork.Visa, 0))
        .to.be.revertedWithCustomError(f.cards, "AccessManagedUnauthorized")
        .withArgs(f.agent.address);
    });

    it("reverts with CardTokenZero, CardAlreadyLinked, CardholderAccountInvalid and LimitTooLarge", async () => {
      const f = await loadFixture(cardsReady);
      await expect(
        f.cards.connect(f.bankA).linkCard(ethers.ZeroHash, f.bob.address, CardNetwork.Visa, 0),
      ).to.be.revertedWithCustomError(f.cards, "CardTokenZero");
      await expect(f.cards.connect(f.bankA).linkCard(f.card, f.bob.address, CardNetwork.Visa, 0))
        .to.be.revertedWithCustomError(f.cards, "CardAlreadyLinked")
        .withArgs(f.card);
      await expect(f.cards.connect(f.bankA).linkCard(cardToken("agent"), f.agent.address, CardNetwork.Visa, 0))
        .to.be.revertedWithCustomError(f.cards, "CardholderAccountInvalid")
        .withArgs(f.agent.address);
      await expect(f.cards.connect(f.bankA).linkCard(cardToken("big"), f.bob.address, CardNetwork.Visa, 2n ** 64n))
        .to.be.revertedWithCustomError(f.cards, "LimitTooLarge")
        .withArgs(2n ** 64n);
    });

    it("never links an unlinked token again (its mandates die with it)", async () => {
      const f = await loadFixture(cardsReady);
      await expect(f.cards.connect(f.bankA).unlinkCard(f.card))
        .to.emit(f.cards, "CardUnlinked")
        .withArgs(f.card, f.alice.address, f.bankA.address);
      await expect(f.cards.connect(f.bankA).linkCard(f.card, f.alice.address, CardNetwork.Visa, 0))
        .to.be.revertedWithCustomError(f.cards, "CardAlreadyLinked")
        .withArgs(f.card);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.InPerson),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "CardNotLinked").withArgs(f.card),
      );
    });
  });

  describe("when the payment agent charges the card under its mandate", () => {
    for (const [name, channel] of Object.entries(Channel)) {
      it(`pays the invoice from the cardholder (${name}), VAT split, emitting CardCharged`, async () => {
        const f = await loadFixture(cardsReady);
        const { invoice, signature, id } = await signedInvoice(f, f.merchant, tenge(1160));
        const { vat, net } = splitVat(tenge(1160), KZ_VAT_2026.STANDARD);
        const tx = f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, channel);
        await expect(tx).to.changeTokenBalances(
          f.ledger,
          [f.alice, f.merchant, f.budget, f.agent],
          [-tenge(1160), net, vat, 0n],
        );
        await expect(tx).to.emit(f.cards, "CardCharged").withArgs(f.card, f.agent.address, id, tenge(1160), channel);
        await expect(tx)
          .to.emit(f.payments, "InvoicePaid")
          .withArgs(id, f.merchant.address, f.alice.address, tenge(1160), vat, 0, 1600, false);
        expect(await f.cards.remainingMandate(f.card, f.agent.address)).to.equal(tenge(30_000) - tenge(1160));
      });
    }

    it("reverts with MandatePerPaymentLimitExceeded above the per-payment limit", async () => {
      const f = await loadFixture(cardsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(20_000) + 1n);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.Online),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.cards, "MandatePerPaymentLimitExceeded")
            .withArgs(f.card, f.agent.address, tenge(20_000), tenge(20_000) + 1n),
      );
      expect(await f.cards.remainingMandate(f.card, f.agent.address)).to.equal(tenge(30_000));
    });

    it("reverts with MandateDailyLimitExceeded above the daily limit, and allows again the next day", async () => {
      const f = await loadFixture(cardsReady);
      const first = await signedInvoice(f, f.merchant, tenge(20_000));
      await f.cards.connect(f.agent).chargeCard(f.card, first.invoice, first.signature, Channel.InPerson);
      const second = await signedInvoice(f, f.merchant, tenge(10_001));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [second.invoice],
        () => f.cards.connect(f.agent).chargeCard(f.card, second.invoice, second.signature, Channel.InPerson),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.cards, "MandateDailyLimitExceeded")
            .withArgs(f.card, f.agent.address, tenge(30_000), tenge(30_001)),
      );
      const nextDay = (almatyDay(await time.latest()) + 1) * 86_400 - ALMATY_OFFSET_SECONDS;
      await time.increaseTo(nextDay);
      const third = await signedInvoice(f, f.merchant, tenge(10_001));
      await expect(
        f.cards.connect(f.agent).chargeCard(f.card, third.invoice, third.signature, Channel.InPerson),
      ).to.emit(f.cards, "CardCharged");
    });

    it("reverts with MandateMissing for an agent without a mandate: it cannot move the cardholder's money", async () => {
      const f = await loadFixture(cardsReady);
      const processor = await otherAgent(f);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(100));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant, processor],
        [invoice],
        () => f.cards.connect(processor).chargeCard(f.card, invoice, signature, Channel.Online),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "MandateMissing").withArgs(f.card, processor.address),
      );
    });

    it("reverts with AccessManagedUnauthorized for a caller without the agent role, even straight to payInvoiceFor", async () => {
      const f = await loadFixture(cardsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(100));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.cards.connect(f.stranger).chargeCard(f.card, invoice, signature, Channel.Online),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.cards, "AccessManagedUnauthorized").withArgs(f.stranger.address),
      );
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.agent).payInvoiceFor(f.alice.address, invoice, signature),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.payments, "AccessManagedUnauthorized").withArgs(f.agent.address),
      );
    });

    it("reverts with PaymentAgentNotActive when compliance froze the agent (a frozen agent moves nobody's money)", async () => {
      const f = await loadFixture(cardsReady);
      for (const state of [FreezeState.Full, FreezeState.OutboundOnly]) {
        await f.ledger.connect(f.compliance).setFreezeState(f.agent.address, state, ref("order"));
        const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(100));
        await expectPaymentRejected(
          f,
          [f.alice, f.merchant, f.agent],
          [invoice],
          () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.InPerson),
          (p) => expect(p).to.be.revertedWithCustomError(f.cards, "PaymentAgentNotActive").withArgs(f.agent.address),
        );
        await f.ledger.connect(f.compliance).setFreezeState(f.agent.address, FreezeState.None, ref("lifted"));
      }
    });

    it("reverts with MandateMissing once the cardholder revoked the mandate", async () => {
      const f = await loadFixture(cardsReady);
      await expect(f.cards.connect(f.alice).revokeMandate(f.card, f.agent.address))
        .to.emit(f.cards, "MandateRevoked")
        .withArgs(f.card, f.agent.address);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(100));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.Online),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "MandateMissing").withArgs(f.card, f.agent.address),
      );
    });

    it("passes on the payment's own rejections (a forged invoice)", async () => {
      const f = await loadFixture(cardsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(100));
      const edited = { ...invoice, amount: tenge(1) };
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.cards.connect(f.agent).chargeCard(f.card, edited, signature, Channel.Online),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid"),
      );
      expect(await f.cards.remainingMandate(f.card, f.agent.address)).to.equal(tenge(30_000));
    });
  });

  describe("mandates", () => {
    it("changes limits old → new, keeping today's spending", async () => {
      const f = await loadFixture(cardsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(5_000));
      await f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.InPerson);
      await expect(f.cards.connect(f.alice).grantMandate(f.card, f.agent.address, tenge(1_000), tenge(8_000)))
        .to.emit(f.cards, "MandateGranted")
        .withArgs(f.card, f.agent.address, tenge(20_000), tenge(30_000), tenge(1_000), tenge(8_000));
      expect(await f.cards.remainingMandate(f.card, f.agent.address)).to.equal(tenge(3_000));
    });

    it("reverts with NotCardholder, PaymentAgentInvalid and MandateLimitsInvalid", async () => {
      const f = await loadFixture(cardsReady);
      await expect(f.cards.connect(f.bob).grantMandate(f.card, f.agent.address, 1n, 1n))
        .to.be.revertedWithCustomError(f.cards, "NotCardholder")
        .withArgs(f.bob.address, f.card);
      await expect(f.cards.connect(f.alice).grantMandate(f.card, f.bob.address, 1n, 1n))
        .to.be.revertedWithCustomError(f.cards, "PaymentAgentInvalid")
        .withArgs(f.bob.address);
      for (const [perPayment, daily] of [
        [0n, 1n],
        [2n, 1n],
      ]) {
        await expect(f.cards.connect(f.alice).grantMandate(f.card, f.agent.address, perPayment, daily))
          .to.be.revertedWithCustomError(f.cards, "MandateLimitsInvalid")
          .withArgs(perPayment, daily);
      }
      await expect(f.cards.connect(f.bob).revokeMandate(f.card, f.agent.address))
        .to.be.revertedWithCustomError(f.cards, "NotCardholder")
        .withArgs(f.bob.address, f.card);
      expect((await f.cards.mandateOf(f.card, f.agent.address)).perPaymentLimit).to.equal(tenge(20_000));
    });
  });

  describe("when the card is blocked", () => {
    for (const who of ["holder", "issuer"] as const) {
      it(`stops charges and cash at once when the ${who} blocks it`, async () => {
        const f = await loadFixture(cardsReady);
        const blocker = who === "holder" ? f.alice : f.bankA;
        await expect(f.cards.connect(blocker).blockCard(f.card, ref("lost")))
          .to.emit(f.cards, "CardBlocked")
          .withArgs(f.card, blocker.address, ref("lost"));
        const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(100));
        await expectPaymentRejected(
          f,
          [f.alice, f.merchant],
          [invoice],
          () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.InPerson),
          (p) => expect(p).to.be.revertedWithCustomError(f.cards, "CardIsBlocked").withArgs(f.card),
        );
        await expectPaymentRejected(
          f,
          [f.alice],
          [],
          () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(100), ref("ATM-1")),
          (p) => expect(p).to.be.revertedWithCustomError(f.cards, "CardIsBlocked").withArgs(f.card),
        );
      });
    }

    it("reverts with NotCardholderOrIssuer for anyone else, CardIsBlocked when blocked twice", async () => {
      const f = await loadFixture(cardsReady);
      await expect(f.cards.connect(f.bankB).blockCard(f.card, ref("x")))
        .to.be.revertedWithCustomError(f.cards, "NotCardholderOrIssuer")
        .withArgs(f.bankB.address, f.card);
      await f.cards.connect(f.alice).blockCard(f.card, ref("lost"));
      await expect(f.cards.connect(f.bankA).blockCard(f.card, ref("x")))
        .to.be.revertedWithCustomError(f.cards, "CardIsBlocked")
        .withArgs(f.card);
    });

    it("is unblocked by the issuer only", async () => {
      const f = await loadFixture(cardsReady);
      await f.cards.connect(f.alice).blockCard(f.card, ref("lost"));
      await expect(f.cards.connect(f.alice).unblockCard(f.card))
        .to.be.revertedWithCustomError(f.cards, "AccessManagedUnauthorized")
        .withArgs(f.alice.address);
      await expect(f.cards.connect(f.bankB).unblockCard(f.card))
        .to.be.revertedWithCustomError(f.cards, "NotIssuingBank")
        .withArgs(f.bankB.address, f.alice.address);
      await expect(f.cards.connect(f.bankA).unblockCard(f.card))
        .to.emit(f.cards, "CardUnblocked")
        .withArgs(f.card, f.bankA.address);
      await expect(f.cards.connect(f.bankA).unblockCard(f.card))
        .to.be.revertedWithCustomError(f.cards, "CardNotBlocked")
        .withArgs(f.card);
    });
  });

  describe("when the cardholder withdraws cash at the issuing bank's ATM", () => {
    it("redeems (burns) the DKZT at that bank, emitting CashWithdrawn and RedeemedToNonCash", async () => {
      const f = await loadFixture(cardsReady);
      const supply = await f.ledger.totalSupply();
      const tx = f.cards.connect(f.bankA).withdrawCash(f.card, tenge(20_000), ref("ATM-ALMATY-7"));
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.bankA], [-tenge(20_000), 0n]);
      await expect(tx)
        .to.emit(f.cards, "CashWithdrawn")
        .withArgs(f.card, f.bankA.address, tenge(20_000), ref("ATM-ALMATY-7"));
      await expect(tx)
        .to.emit(f.ledger, "RedeemedToNonCash")
        .withArgs(f.alice.address, f.bankA.address, tenge(20_000), ref("cust-alice"));
      expect(await f.ledger.totalSupply()).to.equal(supply - tenge(20_000));
    });

    it("reverts with AtmDailyLimitExceeded above the card's daily cash limit", async () => {
      const f = await loadFixture(cardsReady);
      await f.cards.connect(f.bankA).withdrawCash(f.card, tenge(30_000), ref("ATM-1"));
      await expectPaymentRejected(
        f,
        [f.alice],
        [],
        () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(20_001), ref("ATM-1")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.cards, "AtmDailyLimitExceeded")
            .withArgs(f.card, tenge(50_000), tenge(50_001)),
      );
    });

    it("applies a new cash limit (old → new)", async () => {
      const f = await loadFixture(cardsReady);
      await expect(f.cards.connect(f.bankA).setAtmDailyLimit(f.card, tenge(1_000)))
        .to.emit(f.cards, "AtmLimitChanged")
        .withArgs(f.card, tenge(50_000), tenge(1_000));
      await expect(f.cards.connect(f.bankA).withdrawCash(f.card, tenge(1_001), ref("ATM-1")))
        .to.be.revertedWithCustomError(f.cards, "AtmDailyLimitExceeded")
        .withArgs(f.card, tenge(1_000), tenge(1_001));
    });

    it("reverts with NotIssuingBank at another bank's ATM and AccessManagedUnauthorized without the bank role", async () => {
      const f = await loadFixture(cardsReady);
      await expectPaymentRejected(
        f,
        [f.alice],
        [],
        () => f.cards.connect(f.bankB).withdrawCash(f.card, tenge(100), ref("ATM-B")),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.cards, "NotIssuingBank").withArgs(f.bankB.address, f.alice.address),
      );
      await expectPaymentRejected(
        f,
        [f.alice],
        [],
        () => f.cards.connect(f.agent).withdrawCash(f.card, tenge(100), ref("ATM-X")),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "AccessManagedUnauthorized").withArgs(f.agent.address),
      );
    });

    it("reverts with WithdrawalAmountZero, and with the ledger's errors (balance, frozen holder, frozen gateway)", async () => {
      const f = await loadFixture(cardsReady);
      await expect(f.cards.connect(f.bankA).withdrawCash(f.card, 0n, ref("ATM-1"))).to.be.revertedWithCustomError(
        f.cards,
        "WithdrawalAmountZero",
      );
      await f.cards.connect(f.bankA).setAtmDailyLimit(f.card, tenge(1_000_000));
      await expectPaymentRejected(
        f,
        [f.alice],
        [],
        () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(100_001), ref("ATM-1")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientBalance")
            .withArgs(f.alice.address, tenge(100_000), tenge(100_001)),
      );
      await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.Full, ref("order"));
      await expectPaymentRejected(
        f,
        [f.alice],
        [],
        () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(1), ref("ATM-1")),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.alice.address),
      );
      await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.None, ref("lifted"));
      const gateway = await f.cards.getAddress();
      await f.ledger.connect(f.compliance).setFreezeState(gateway, FreezeState.Full, ref("stop"));
      await expectPaymentRejected(
        f,
        [f.alice],
        [],
        () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(1), ref("ATM-1")),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(gateway),
      );
    });
  });
  describe("when the cardholder withdraws cash at another bank's ATM (off-us)", () => {
    /** What an off-us withdrawal may change: both banks' positions, the supply and the card's cash counter. */
    async function positions(f: PaymentsFixture, card: string) {
      const [a, b] = [await f.ledger.bankOf(f.bankA.address), await f.ledger.bankOf(f.bankB.address)];
      const stored = await f.cards.cardOf(card);
      return {
        supply: await f.ledger.totalSupply(),
        bankA: [a.issued, a.redeemed, a.outstanding],
        bankB: [b.issued, b.redeemed, b.outstanding],
        cash: [stored.atmSpentToday, stored.atmDay],
      };
    }

    it("moves the DKZT to the ATM bank and redeems them there: its position falls, the issuer's does not", async () => {
      const f = await loadFixture(cardsReady);
      const before = await positions(f, f.card);
      const tx = f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(20_000), ref("ATM-HALYK-3"));
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.bankB, f.bankA], [-tenge(20_000), 0n, 0n]);
      await expect(tx)
        .to.emit(f.cards, "CashWithdrawnAtOtherBank")
        .withArgs(f.card, f.bankB.address, f.bankA.address, tenge(20_000), ref("ATM-HALYK-3"));
      await expect(tx).to.emit(f.ledger, "Transfer").withArgs(f.alice.address, f.bankB.address, tenge(20_000));
      await expect(tx)
        .to.emit(f.ledger, "RedeemedToNonCash")
        .withArgs(f.bankB.address, f.bankB.address, tenge(20_000), ref("HALYK"));
      await expect(tx).not.to.emit(f.cards, "CashWithdrawn");
      const after = await positions(f, f.card);
      expect(after.supply).to.equal(before.supply - tenge(20_000));
      expect(after.bankA).to.deep.equal(before.bankA);
      expect(after.bankB).to.deep.equal([
        before.bankB[0],
        before.bankB[1] + tenge(20_000),
        before.bankB[2] - tenge(20_000),
      ]);
      expect(after.cash[0]).to.equal(tenge(20_000));
      // The net positions still add up to the supply.
      let sum = 0n;
      for (let id = 1n; id <= (await f.ledger.bankCount()); id++) {
        sum += (await f.ledger.bankOf(await f.ledger.bankById(id))).outstanding;
      }
      expect(sum).to.equal(after.supply);
    });

    it("counts on-us and off-us cash against one daily limit: AtmDailyLimitExceeded, nothing changed", async () => {
      const f = await loadFixture(cardsReady);
      await f.cards.connect(f.bankA).withdrawCash(f.card, tenge(30_000), ref("ATM-A"));
      const before = await positions(f, f.card);
      await expectPaymentRejected(
        f,
        [f.alice, f.bankB],
        [],
        () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(20_001), ref("ATM-B")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.cards, "AtmDailyLimitExceeded")
            .withArgs(f.card, tenge(50_000), tenge(50_001)),
      );
      expect(await positions(f, f.card)).to.deep.equal(before);
      await f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(20_000), ref("ATM-B"));
      expect((await f.cards.cardOf(f.card)).atmSpentToday).to.equal(tenge(50_000));
    });

    it("is a payment for the holder's tier: the ledger's DailyLimitExceeded applies (an on-us redemption is not)", async () => {
      const f = await loadFixture(cardsReady);
      const dana = f.spare[12];
      await f.ledger
        .connect(f.bankA)
        .onboardCustomer(dana.address, AccountKind.Individual, Tier.ANONYMOUS_LITE, ref("cust-dana"));
      await setPaymentMandates(f, f.bankA, [dana]);
      await f.ledger.connect(f.bankA).transfer(dana.address, tenge(60_000));
      const card = cardToken("dana-onay");
      await f.cards.connect(f.bankA).linkCard(card, dana.address, CardNetwork.Onay, tenge(100_000));
      const before = await positions(f, card);
      await expectPaymentRejected(
        f,
        [dana, f.bankB],
        [],
        () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(card, tenge(50_001), ref("ATM-B")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "DailyLimitExceeded")
            .withArgs(dana.address, tenge(50_000), tenge(50_001)),
      );
      expect(await positions(f, card)).to.deep.equal(before);
      await expect(f.cards.connect(f.bankA).withdrawCash(card, tenge(50_001), ref("ATM-A"))).to.changeTokenBalance(
        f.ledger,
        dana,
        -tenge(50_001),
      );
    });

    it("reverts with AtmBankIsIssuer for the issuer and AccessManagedUnauthorized without the bank role", async () => {
      const f = await loadFixture(cardsReady);
      const before = await positions(f, f.card);
      await expectPaymentRejected(
        f,
        [f.alice, f.bankA],
        [],
        () => f.cards.connect(f.bankA).withdrawCashAtOtherBank(f.card, tenge(100), ref("ATM-A")),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "AtmBankIsIssuer").withArgs(f.card, f.bankA.address),
      );
      await expectPaymentRejected(
        f,
        [f.alice, f.agent],
        [],
        () => f.cards.connect(f.agent).withdrawCashAtOtherBank(f.card, tenge(100), ref("ATM-X")),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "AccessManagedUnauthorized").withArgs(f.agent.address),
      );
      expect(await positions(f, f.card)).to.deep.equal(before);
    });

    it("reverts with the ledger's BankIsSuspended at a suspended bank's ATM", async () => {
      const f = await loadFixture(cardsReady);
      await f.ledger.connect(f.operator).setBankSuspended(f.bankB.address, true);
      const before = await positions(f, f.card);
      await expectPaymentRejected(
        f,
        [f.alice, f.bankB],
        [],
        () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(100), ref("ATM-B")),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "BankIsSuspended").withArgs(f.bankB.address),
      );
      expect(await positions(f, f.card)).to.deep.equal(before);
    });

    it("reverts with WithdrawalAmountZero, CardNotLinked and CardIsBlocked", async () => {
      const f = await loadFixture(cardsReady);
      const before = await positions(f, f.card);
      await expect(
        f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, 0n, ref("ATM-B")),
      ).to.be.revertedWithCustomError(f.cards, "WithdrawalAmountZero");
      const unknown = cardToken("nobody");
      await expect(f.cards.connect(f.bankB).withdrawCashAtOtherBank(unknown, tenge(1), ref("ATM-B")))
        .to.be.revertedWithCustomError(f.cards, "CardNotLinked")
        .withArgs(unknown);
      await f.cards.connect(f.alice).blockCard(f.card, ref("lost"));
      await expectPaymentRejected(
        f,
        [f.alice, f.bankB],
        [],
        () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(1), ref("ATM-B")),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "CardIsBlocked").withArgs(f.card),
      );
      expect(await positions(f, f.card)).to.deep.equal(before);
    });

    it("reverts with the ledger's errors: frozen ATM bank, frozen holder, balance", async () => {
      const f = await loadFixture(cardsReady);
      const before = await positions(f, f.card);
      const attempt = (amount: bigint) => () =>
        f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, amount, ref("ATM-B"));
      await f.ledger.connect(f.compliance).setFreezeState(f.bankB.address, FreezeState.Full, ref("order"));
      await expectPaymentRejected(f, [f.alice, f.bankB], [], attempt(tenge(1)), (p) =>
        expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.bankB.address),
      );
      await f.ledger.connect(f.compliance).setFreezeState(f.bankB.address, FreezeState.None, ref("lifted"));
      await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.OutboundOnly, ref("order"));
      await expectPaymentRejected(f, [f.alice, f.bankB], [], attempt(tenge(1)), (p) =>
        expect(p).to.be.revertedWithCustomError(f.ledger, "AccountOutboundBlocked").withArgs(f.alice.address),
      );
      await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.None, ref("lifted"));
      await f.cards.connect(f.bankA).setAtmDailyLimit(f.card, tenge(1_000_000));
      await expectPaymentRejected(f, [f.alice, f.bankB], [], attempt(tenge(100_001)), (p) =>
        expect(p)
          .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientBalance")
          .withArgs(f.alice.address, tenge(100_000), tenge(100_001)),
      );
      const after = await positions(f, f.card);
      expect([after.supply, after.bankA, after.bankB, after.cash]).to.deep.equal([
        before.supply,
        before.bankA,
        before.bankB,
        before.cash,
      ]);
    });
  });
});
