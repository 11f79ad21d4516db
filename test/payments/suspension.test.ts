import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  CardNetwork,
  MCC,
  Settlement,
  cardToken,
  cardsReady,
  expectPaymentRejected,
  type CardsFixture,
} from "./fixtures";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

/** The card gateway's and the merchant registry's records a refused bank call must leave as they were. */
async function modulesState(f: CardsFixture, cards: string[]): Promise<string[]> {
  const state: string[] = [];
  for (const card of cards) state.push((await f.cards.cardOf(card)).toString());
  for (const merchant of [f.merchant, f.shop, f.spare[44]]) {
    state.push((await f.payments.merchantOf(merchant.address)).toString());
  }
  return state;
}

/**
 * {cardsReady}, plus: bank A onboards a new merchant account (not yet in the registry) and its customer alice blocks
 * a second card of hers; then the operator suspends bank A.
 */
async function bankASuspended() {
  const f = await loadFixture(cardsReady);
  const newcomer = f.spare[44];
  await f.ledger
    .connect(f.bankA)
    .onboardCustomer(newcomer.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-newcomer"));
  const blocked = cardToken("alice-onay");
  await f.cards.connect(f.bankA).linkCard(blocked, f.alice.address, CardNetwork.Onay, tenge(5_000));
  await f.cards.connect(f.alice).blockCard(blocked, ref("lost"));
  await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, true);
  return { ...f, newcomer, blocked };
}

type Suspended = Awaited<ReturnType<typeof bankASuspended>>;

/** Every bank power of the card gateway and the merchant registry, as bank A would use it. */
const powers: [string, (f: Suspended) => Promise<unknown>][] = [
  ["linkCard", (f) => f.cards.connect(f.bankA).linkCard(cardToken("bob-visa"), f.bob, CardNetwork.Visa, tenge(1))],
  ["unlinkCard", (f) => f.cards.connect(f.bankA).unlinkCard(f.card)],
  ["blockCard (as the issuer)", (f) => f.cards.connect(f.bankA).blockCard(f.card, ref("issuer"))],
  ["unblockCard", (f) => f.cards.connect(f.bankA).unblockCard(f.blocked)],
  ["setAtmDailyLimit", (f) => f.cards.connect(f.bankA).setAtmDailyLimit(f.card, 2n ** 64n - 1n)],
  ["withdrawCash", (f) => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(1_000), ref("ATM-A"))],
  [
    "onboardMerchant",
    (f) => f.payments.connect(f.bankA).onboardMerchant(f.newcomer, MCC.KIOSK, ref("VAT"), Settlement.KeepDigital),
  ],
  ["setMerchantVatRegistration", (f) => f.payments.connect(f.bankA).setMerchantVatRegistration(f.merchant, ref("X"))],
  [
    "setMerchantSettlement",
    (f) => f.payments.connect(f.bankA).setMerchantSettlement(f.merchant, Settlement.ConvertToNonCash),
  ],
  ["setMerchantMcc", (f) => f.payments.connect(f.bankA).setMerchantMcc(f.merchant, MCC.RESTAURANT)],
  ["offboardMerchant", (f) => f.payments.connect(f.bankA).offboardMerchant(f.shop)],
];

describe("Payments: a suspended bank has no power in the modules", () => {
  for (const [name, call] of powers) {
    describe(`when a suspended bank calls ${name}`, () => {
      it("reverts with the ledger's BankIsSuspended; no card, merchant, balance or position changes", async () => {
        const f = await loadFixture(bankASuspended);
        const before = await modulesState(f, [f.card, f.blocked]);
        const position = (await f.ledger.bankOf(f.bankA.address)).toString();
        await expectPaymentRejected(
          f,
          [f.alice, f.bob, f.merchant, f.shop, f.newcomer, f.bankA],
          [],
          () => call(f),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "BankIsSuspended").withArgs(f.bankA.address),
        );
        expect(await modulesState(f, [f.card, f.blocked])).to.deep.equal(before);
        expect((await f.ledger.bankOf(f.bankA.address)).toString()).to.equal(position);
      });
    });
  }

  describe("when the reviewed attack is tried: raise the cash limit to the maximum, then redeem the whole balance", () => {
    it("refuses both steps; the holder keeps her balance and her card's limit", async () => {
      const f = await loadFixture(bankASuspended);
      const balance = await f.ledger.balanceOf(f.alice.address);
      await expect(f.cards.connect(f.bankA).setAtmDailyLimit(f.card, 2n ** 64n - 1n))
        .to.be.revertedWithCustomError(f.ledger, "BankIsSuspended")
        .withArgs(f.bankA.address);
      await expect(f.cards.connect(f.bankA).withdrawCash(f.card, balance, ref("ATM-A")))
        .to.be.revertedWithCustomError(f.ledger, "BankIsSuspended")
        .withArgs(f.bankA.address);
      expect(await f.ledger.balanceOf(f.alice.address)).to.equal(balance);
      expect((await f.cards.cardOf(f.card)).atmDailyLimit).to.equal(tenge(50_000));
    });
  });

  describe("when the card's holder blocks it while her bank is suspended", () => {
    it("blocks the card: the holder's own protection does not depend on her bank", async () => {
      const f = await loadFixture(bankASuspended);
      await expect(f.cards.connect(f.alice).blockCard(f.card, ref("stolen")))
        .to.emit(f.cards, "CardBlocked")
        .withArgs(f.card, f.alice.address, ref("stolen"));
      expect((await f.cards.cardOf(f.card)).blocked).to.equal(true);
    });
  });

  describe("when the operator reinstates the bank", () => {
    it("uses its powers again: the cash limit changes and a merchant is onboarded", async () => {
      const f = await loadFixture(bankASuspended);
      await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, false);
      await expect(f.cards.connect(f.bankA).setAtmDailyLimit(f.card, tenge(60_000)))
        .to.emit(f.cards, "AtmLimitChanged")
        .withArgs(f.card, tenge(50_000), tenge(60_000));
      await expect(
        f.payments.connect(f.bankA).onboardMerchant(f.newcomer, MCC.KIOSK, ref("VAT"), Settlement.KeepDigital),
      )
        .to.emit(f.payments, "MerchantOnboarded")
        .withArgs(f.newcomer.address, f.bankA.address, MCC.KIOSK, ref("VAT"), Settlement.KeepDigital);
    });
  });
});
