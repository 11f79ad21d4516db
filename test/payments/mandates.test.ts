import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  Channel,
  cardsReady,
  expectAlicePaymentRejected,
  expectPaymentRejected,
  exporterClaimed,
  paymentsReady,
  signedInvoice,
} from "./fixtures";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";
import { setPaymentMandates } from "../../src/payments/suite";

/** The payments module's and the card gateway's addresses. */
async function modules(f: Awaited<ReturnType<typeof paymentsReady>>) {
  return { payments: await f.payments.getAddress(), cards: await f.cards.getAddress() };
}

describe("Payments: the ledger's module mandates", () => {
  describe("as a deployment sets them up", () => {
    it("has each bank's customers mandate both modules, the budget the payments module, the ATM banks the gateway", async () => {
      const f = await loadFixture(paymentsReady);
      const { payments, cards } = await modules(f);
      for (const customer of [f.alice, f.bob, f.merchant, f.carol, f.shop, f.kiosk, f.supplier, f.exporter]) {
        expect(await f.ledger.hasMandate(customer.address, payments)).to.equal(true);
        expect(await f.ledger.hasMandate(customer.address, cards)).to.equal(true);
      }
      expect(await f.ledger.hasMandate(f.budget.address, payments)).to.equal(true);
      expect(await f.ledger.hasMandate(f.bankA.address, cards)).to.equal(true);
      expect(await f.ledger.hasMandate(f.bankB.address, cards)).to.equal(true);
    });
  });

  describe("when the payer's bank has revoked its payments mandate", () => {
    it("payInvoice reverts with ModuleNotMandated; the invoice's nonce stays unused and nothing moves", async () => {
      const f = await loadFixture(paymentsReady);
      const { payments, cards } = await modules(f);
      await setPaymentMandates(f, f.bankA, [f.alice], false);
      expect([await f.ledger.hasMandate(f.alice, payments), await f.ledger.hasMandate(f.alice, cards)]).to.deep.equal([
        false,
        false,
      ]);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectAlicePaymentRejected(f, invoice, signature, (p) =>
        expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(payments, f.alice.address),
      );
    });

    it("a card charge reverts with ModuleNotMandated; the agent's mandate counts nothing", async () => {
      const f = await loadFixture(cardsReady);
      const { payments } = await modules(f);
      await f.ledger.connect(f.bankA).setCustomerMandate(f.alice.address, payments, false);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(1_160));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant, f.agent],
        [invoice],
        () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.InPerson),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(payments, f.alice.address),
      );
      expect(await f.cards.remainingMandate(f.card, f.agent.address)).to.equal(tenge(30_000));
    });
  });

  describe("when the merchant refunds without its payments mandate", () => {
    it("reverts with ModuleNotMandated; the refunded total stays zero", async () => {
      const f = await loadFixture(paymentsReady);
      const { payments } = await modules(f);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(1_160));
      await f.payments.connect(f.alice).payInvoice(invoice, signature);
      await f.ledger.connect(f.merchant).setModuleMandate(payments, false);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, tenge(100), ref("returned")),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(payments, f.merchant.address),
      );
    });
  });

  describe("when the holder has revoked the card gateway's mandate", () => {
    it("cash at the issuer's ATM reverts with ModuleNotMandated; the card's cash counter is unchanged", async () => {
      const f = await loadFixture(cardsReady);
      const { cards } = await modules(f);
      await f.ledger.connect(f.alice).setModuleMandate(cards, false);
      const card = (await f.cards.cardOf(f.card)).toString();
      await expectPaymentRejected(
        f,
        [f.alice, f.bankA],
        [],
        () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(1_000), ref("ATM-A")),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(cards, f.alice.address),
      );
      expect((await f.cards.cardOf(f.card)).toString()).to.equal(card);
    });
  });

  describe("when another bank's ATM has not mandated the card gateway for its own account", () => {
    it("reverts with ModuleNotMandated at the redemption; the holder's payment to the ATM bank is undone", async () => {
      const f = await loadFixture(cardsReady);
      const { cards } = await modules(f);
      await f.ledger.connect(f.bankB).setModuleMandate(cards, false);
      const position = (await f.ledger.bankOf(f.bankB.address)).toString();
      await expectPaymentRejected(
        f,
        [f.alice, f.bankB],
        [],
        () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(1_000), ref("ATM-B")),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(cards, f.bankB.address),
      );
      expect((await f.ledger.bankOf(f.bankB.address)).toString()).to.equal(position);
    });
  });

  describe("when the VAT budget has revoked the payments module's mandate", () => {
    it("payVatRefund reverts with ModuleNotMandated and the claim stays pending", async () => {
      const f = await loadFixture(exporterClaimed);
      const { payments } = await modules(f);
      await f.ledger.connect(f.budget).setModuleMandate(payments, false);
      const claim = (await f.payments.vatRefundClaim(1n)).toString();
      await expectPaymentRejected(
        f,
        [f.exporter],
        [],
        () => f.payments.connect(f.taxAuthority).payVatRefund(1n),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(payments, f.budget.address),
      );
      expect((await f.payments.vatRefundClaim(1n)).toString()).to.equal(claim);
    });
  });

  describe("when someone pays the payments module's account with a plain transfer", () => {
    it("is refused with ModuleNotPayable: the module's balance stays equal to totalMarkedVat", async () => {
      const f = await loadFixture(paymentsReady);
      const { payments } = await modules(f);
      const purchase = await signedInvoice(f, f.supplier, tenge(11_600));
      await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
      expect(await f.payments.totalMarkedVat()).to.equal(tenge(1_600));
      await expectPaymentRejected(
        f,
        [f.alice],
        [],
        () => f.ledger.connect(f.alice).transfer(payments, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotPayable").withArgs(payments),
      );
      expect(await f.ledger.balanceOf(payments)).to.equal(await f.payments.totalMarkedVat());
    });
  });
});
