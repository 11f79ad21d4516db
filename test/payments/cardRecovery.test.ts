import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Channel, cardsReady, expectPaymentRejected, signedInvoice } from "./fixtures";
import { KZ_VAT_2026, splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

/** {cardsReady}, then bank A recovers alice's lost wallet to a replacement: her card stays linked to the lost one. */
async function aliceRecovered() {
  const f = await loadFixture(cardsReady);
  const replacement = f.spare[45];
  await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
  return { ...f, replacement };
}

describe("CardGateway: a card follows its holder's wallet recovery", () => {
  describe("when the payment agent charges a card whose holder's wallet was recovered", () => {
    it("debits the replacement wallet, which is the invoice's payer; the mandate counts the charge", async () => {
      const f = await loadFixture(aliceRecovered);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, tenge(1160));
      const { vat, net } = splitVat(tenge(1160), KZ_VAT_2026.STANDARD);
      const tx = f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.InPerson);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.replacement, f.alice, f.merchant, f.budget],
        [-tenge(1160), 0n, net, vat],
      );
      await expect(tx)
        .to.emit(f.payments, "InvoicePaid")
        .withArgs(id, f.merchant.address, f.replacement.address, tenge(1160), vat, 0, KZ_VAT_2026.STANDARD, false);
      expect(await f.cards.remainingMandate(f.card, f.agent.address)).to.equal(tenge(30_000) - tenge(1160));
    });

    it("follows the recovery chain: a wallet recovered twice is debited at its latest address", async () => {
      const f = await loadFixture(aliceRecovered);
      const second = f.spare[46];
      await f.ledger.connect(f.bankA).recoverAccount(f.replacement.address, second.address);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(500));
      await expect(
        f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.Online),
      ).to.changeTokenBalances(f.ledger, [second, f.replacement, f.alice], [-tenge(500), 0n, 0n]);
      expect((await f.cards.cardOf(f.card)).holder).to.equal(second.address);
    });
  });

  describe("when cash is drawn on the card after the recovery", () => {
    it("redeems the replacement's DKZT at the issuing bank's ATM", async () => {
      const f = await loadFixture(aliceRecovered);
      const tx = f.cards.connect(f.bankA).withdrawCash(f.card, tenge(2_000), ref("ATM-A"));
      await expect(tx).to.changeTokenBalances(f.ledger, [f.replacement, f.alice], [-tenge(2_000), 0n]);
      await expect(tx).to.emit(f.cards, "CashWithdrawn").withArgs(f.card, f.bankA.address, tenge(2_000), ref("ATM-A"));
    });

    it("moves the replacement's DKZT to another bank's ATM and redeems them there", async () => {
      const f = await loadFixture(aliceRecovered);
      await expect(
        f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(1_000), ref("ATM-B")),
      ).to.changeTokenBalances(f.ledger, [f.replacement, f.bankB], [-tenge(1_000), 0n]);
    });
  });

  describe("when the lost wallet's key acts on the card", () => {
    it("reverts with NotCardholder / NotCardholderOrIssuer: the lost key holds no card, mandate or block", async () => {
      const f = await loadFixture(aliceRecovered);
      const card = (await f.cards.cardOf(f.card)).toString();
      const mandate = (await f.cards.mandateOf(f.card, f.agent.address)).toString();
      await expectPaymentRejected(
        f,
        [f.alice, f.replacement],
        [],
        () => f.cards.connect(f.alice).grantMandate(f.card, f.agent.address, tenge(1), tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(f.cards, "NotCardholder").withArgs(f.alice.address, f.card),
      );
      await expect(f.cards.connect(f.alice).revokeMandate(f.card, f.agent.address))
        .to.be.revertedWithCustomError(f.cards, "NotCardholder")
        .withArgs(f.alice.address, f.card);
      await expect(f.cards.connect(f.alice).blockCard(f.card, ref("thief")))
        .to.be.revertedWithCustomError(f.cards, "NotCardholderOrIssuer")
        .withArgs(f.alice.address, f.card);
      expect((await f.cards.cardOf(f.card)).toString()).to.equal(card);
      expect((await f.cards.mandateOf(f.card, f.agent.address)).toString()).to.equal(mandate);
    });
  });

  describe("when the replacement wallet acts on the card", () => {
    it("holds it: cardOf names it, it changes and revokes the mandate and blocks the card", async () => {
      const f = await loadFixture(aliceRecovered);
      expect((await f.cards.cardOf(f.card)).holder).to.equal(f.replacement.address);
      await expect(f.cards.connect(f.replacement).grantMandate(f.card, f.agent.address, tenge(100), tenge(200)))
        .to.emit(f.cards, "MandateGranted")
        .withArgs(f.card, f.agent.address, tenge(20_000), tenge(30_000), tenge(100), tenge(200));
      await expect(f.cards.connect(f.replacement).revokeMandate(f.card, f.agent.address))
        .to.emit(f.cards, "MandateRevoked")
        .withArgs(f.card, f.agent.address);
      await expect(f.cards.connect(f.replacement).blockCard(f.card, ref("new phone")))
        .to.emit(f.cards, "CardBlocked")
        .withArgs(f.card, f.replacement.address, ref("new phone"));
    });
  });
});
