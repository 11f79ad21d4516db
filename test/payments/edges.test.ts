import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  CardNetwork,
  Channel,
  MCC,
  Settlement,
  cardToken,
  cardsReady,
  expectPaymentRejected,
  paymentsBare,
  paymentsReady,
  signedInvoice,
  today,
  type PaymentsFixture,
} from "./fixtures";
import { expectRejected } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { setPaymentMandates, scheduleVatRates } from "../../src/payments/suite";
import { KZ_VAT_2026, VatCategory, share, splitVat } from "../../src/payments/vat";
import { AccountKind, Tier } from "../../src/tiers";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";

/**
 * The rarely taken arms of the payments contracts: boundary amounts where a refund or a payment is all VAT,
 * callers that hold a role but no ledger account, and checks that only an unconfigured deployment meets.
 */

const ClaimStatus = { Pending: 1 } as const;

/** A card's and a mandate's stored records, for unchanged-state assertions. */
async function cardState(f: PaymentsFixture, card: string, agents: string[]): Promise<string[]> {
  const state = [(await f.cards.cardOf(card)).toString()];
  for (const agent of agents) state.push((await f.cards.mandateOf(card, agent)).toString());
  return state;
}

/**
 * paymentsBare (no VAT budget ever designated) with Kazakhstan's 2026 rates, the grocery merchant and the wholesale
 * supplier onboarded as VAT payers, and the merchant's B2B purchase of 1 160 ₸ from the supplier: 160 ₸ of VAT
 * marked to the supplier and claimable as input VAT by the merchant, who has filed a refund claim for all of it.
 */
async function circuitWithoutBudget() {
  const f = await paymentsBare();
  await scheduleVatRates(f.payments, f.taxAuthority, KZ_VAT_2026, await today());
  await f.ledger
    .connect(f.bankA)
    .onboardCustomer(f.supplier.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-wholesale"));
  await setPaymentMandates(f, f.bankA, [f.supplier]);
  await f.payments
    .connect(f.bankA)
    .onboardMerchant(f.merchant.address, MCC.GROCERY, ref("VAT-GROCERY"), Settlement.KeepDigital);
  await f.payments
    .connect(f.bankA)
    .onboardMerchant(f.supplier.address, MCC.WHOLESALE, ref("VAT-WHOLESALE"), Settlement.KeepDigital);
  await f.ledger.connect(f.bankA).transfer(f.merchant.address, tenge(200_000));
  const purchase = await signedInvoice(f, f.supplier, tenge(1160));
  await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
  const vat = splitVat(tenge(1160), KZ_VAT_2026.STANDARD).vat;
  await f.payments.connect(f.merchant).claimVatRefund(vat, ref("claim-2026-Q1"));
  return { ...f, vat, claimId: 1n };
}

/** paymentsReady, and the merchant's B2B purchase of 116 tiyn from the supplier (16 tiyn of VAT marked). */
async function smallB2bPurchase() {
  const f = await paymentsReady();
  const purchase = await signedInvoice(f, f.supplier, 116n);
  await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
  return { ...f, purchase };
}

/** paymentsReady, the merchant's VAT refund line at 10 ₸, and alice's B2C purchase of 116 tiyn from it. */
async function smallB2cPurchase() {
  const f = await paymentsReady();
  await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, tenge(10));
  const purchase = await signedInvoice(f, f.merchant, 116n);
  await f.payments.connect(f.alice).payInvoice(purchase.invoice, purchase.signature);
  return { ...f, purchase };
}

describe("Payments: edge paths", () => {
  describe("CardGateway", () => {
    describe("when a bank links a card to an address with no ledger account", () => {
      it("reverts with CardholderAccountInvalid and records no card", async () => {
        const f = await loadFixture(cardsReady);
        const nobody = f.spare[40].address;
        const card = cardToken("nobody");
        await expect(f.cards.connect(f.bankA).linkCard(card, nobody, CardNetwork.Visa, tenge(1_000)))
          .to.be.revertedWithCustomError(f.cards, "CardholderAccountInvalid")
          .withArgs(nobody);
        expect((await f.cards.cardOf(card)).holder).to.equal(ethers.ZeroAddress);
      });
    });

    describe("when the issuer sets a cash limit above 2^64 - 1 tiyn", () => {
      it("reverts with LimitTooLarge and keeps the old limit", async () => {
        const f = await loadFixture(cardsReady);
        const before = await cardState(f, f.card, []);
        await expect(f.cards.connect(f.bankA).setAtmDailyLimit(f.card, 2n ** 64n))
          .to.be.revertedWithCustomError(f.cards, "LimitTooLarge")
          .withArgs(2n ** 64n);
        expect(await cardState(f, f.card, [])).to.deep.equal(before);
        expect((await f.cards.cardOf(f.card)).atmDailyLimit).to.equal(tenge(50_000));
      });

      it("accepts exactly 2^64 - 1 tiyn", async () => {
        const f = await loadFixture(cardsReady);
        await expect(f.cards.connect(f.bankA).setAtmDailyLimit(f.card, 2n ** 64n - 1n))
          .to.emit(f.cards, "AtmLimitChanged")
          .withArgs(f.card, tenge(50_000), 2n ** 64n - 1n);
      });
    });

    describe("when an ATM operator holds the bank role but is not a registered bank on the ledger", () => {
      it("reverts with the ledger's BankNotRegistered; no cash is counted or moved", async () => {
        const f = await loadFixture(cardsReady);
        const rogue = f.spare[41];
        await f.manager.connect(f.operator).grantRole(Role.BANK, rogue.address, 0);
        const before = await cardState(f, f.card, []);
        await expectRejected(
          f.ledger,
          [f.alice, rogue, f.bankA, f.cards],
          () => f.cards.connect(rogue).withdrawCashAtOtherBank(f.card, tenge(1_000), ref("atm-1")),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "BankNotRegistered").withArgs(rogue.address),
        );
        expect(await cardState(f, f.card, [])).to.deep.equal(before);
      });
    });

    describe("when the cardholder grants a mandate with a daily limit above 2^64 - 1 tiyn", () => {
      it("reverts with LimitTooLarge and leaves the mandate as it was", async () => {
        const f = await loadFixture(cardsReady);
        const before = await cardState(f, f.card, [f.agent.address]);
        await expect(f.cards.connect(f.alice).grantMandate(f.card, f.agent.address, tenge(1), 2n ** 64n))
          .to.be.revertedWithCustomError(f.cards, "LimitTooLarge")
          .withArgs(2n ** 64n);
        expect(await cardState(f, f.card, [f.agent.address])).to.deep.equal(before);
      });
    });

    describe("when the cardholder grants a mandate to an address with no ledger account", () => {
      it("reverts with PaymentAgentInvalid and records no mandate", async () => {
        const f = await loadFixture(cardsReady);
        const nobody = f.spare[42].address;
        await expect(f.cards.connect(f.alice).grantMandate(f.card, nobody, tenge(100), tenge(1_000)))
          .to.be.revertedWithCustomError(f.cards, "PaymentAgentInvalid")
          .withArgs(nobody);
        expect((await f.cards.mandateOf(f.card, nobody)).active).to.equal(false);
      });
    });

    describe("when the cardholder revokes a mandate it never granted", () => {
      it("reverts with MandateMissing and the granted mandate stays", async () => {
        const f = await loadFixture(cardsReady);
        const before = await cardState(f, f.card, [f.agent.address, f.bob.address]);
        await expect(f.cards.connect(f.alice).revokeMandate(f.card, f.bob.address))
          .to.be.revertedWithCustomError(f.cards, "MandateMissing")
          .withArgs(f.card, f.bob.address);
        expect(await cardState(f, f.card, [f.agent.address, f.bob.address])).to.deep.equal(before);
      });
    });

    describe("when the agent has spent exactly the mandate's daily limit", () => {
      it("reports nothing remaining, and refuses one more tiyn with MandateDailyLimitExceeded", async () => {
        const f = await loadFixture(cardsReady);
        for (const amount of [tenge(20_000), tenge(10_000)]) {
          const { invoice, signature } = await signedInvoice(f, f.merchant, amount);
          await f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.Online);
        }
        expect(await f.cards.remainingMandate(f.card, f.agent.address)).to.equal(0n);
        const { invoice, signature } = await signedInvoice(f, f.merchant, 1n);
        await expectPaymentRejected(
          f,
          [f.alice, f.merchant],
          [invoice],
          () => f.cards.connect(f.agent).chargeCard(f.card, invoice, signature, Channel.Online),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.cards, "MandateDailyLimitExceeded")
              .withArgs(f.card, f.agent.address, tenge(30_000), tenge(30_000) + 1n),
        );
      });
    });

    describe("when a caller holding the payment-agent role is not a payment agent on the ledger", () => {
      for (const who of ["an address with no ledger account", "a registered individual"] as const) {
        it(`reverts with PaymentAgentNotActive for ${who}; nothing is paid or counted`, async () => {
          const f = await loadFixture(cardsReady);
          const caller = who === "a registered individual" ? f.bob : f.spare[43];
          await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, caller.address, 0);
          const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(100));
          const before = await cardState(f, f.card, [f.agent.address, caller.address]);
          await expectPaymentRejected(
            f,
            [f.alice, f.merchant, caller],
            [invoice],
            () => f.cards.connect(caller).chargeCard(f.card, invoice, signature, Channel.Online),
            (p) => expect(p).to.be.revertedWithCustomError(f.cards, "PaymentAgentNotActive").withArgs(caller.address),
          );
          expect(await cardState(f, f.card, [f.agent.address, caller.address])).to.deep.equal(before);
        });
      }
    });
  });

  describe("MerchantPayments and the VAT circuit: refunds that are all VAT, or none", () => {
    describe("when the supplier refunds a B2B invoice in parts whose VAT share rounds to zero, then to all", () => {
      it("a 3-tiyn refund carries no VAT: paid back from the supplier, marked VAT untouched", async () => {
        const f = await loadFixture(smallB2bPurchase);
        const { invoice, signature, id } = f.purchase;
        const vat = splitVat(116n, KZ_VAT_2026.STANDARD).vat;
        expect(share(vat, 3n, 116n)).to.equal(0n);
        const marked = await f.payments.markedVatOf(f.supplier.address);
        const input = await f.payments.inputVatOf(f.merchant.address);
        const tx = f.payments.connect(f.supplier).refund(invoice, signature, f.merchant.address, 3n, ref("part"));
        await expect(tx).to.changeTokenBalances(f.ledger, [f.supplier, f.merchant, f.payments], [-3n, 3n, 0n]);
        await expect(tx).not.to.emit(f.payments, "MarkedVatReversed");
        await expect(tx)
          .to.emit(f.payments, "InvoiceRefunded")
          .withArgs(id, f.supplier.address, f.merchant.address, 3n, 0n, 3n, ref("part"));
        expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(marked);
        expect(await f.payments.inputVatOf(f.merchant.address)).to.deep.equal(input);
      });

      it("the next 1-tiyn refund is all VAT: the marked tiyn goes back, no free DKZT moves", async () => {
        const f = await loadFixture(smallB2bPurchase);
        const { invoice, signature, id } = f.purchase;
        const vat = splitVat(116n, KZ_VAT_2026.STANDARD).vat;
        await f.payments.connect(f.supplier).refund(invoice, signature, f.merchant.address, 3n, ref("part"));
        expect(share(vat, 4n, 116n) - share(vat, 3n, 116n)).to.equal(1n);
        const supplierMarked = await f.payments.markedVatOf(f.supplier.address);
        const buyerMarked = await f.payments.markedVatOf(f.merchant.address);
        const [paid] = await f.payments.inputVatOf(f.merchant.address);
        const tx = f.payments.connect(f.supplier).refund(invoice, signature, f.merchant.address, 1n, ref("vat"));
        await expect(tx).to.changeTokenBalances(f.ledger, [f.supplier, f.merchant, f.payments], [0n, 0n, 0n]);
        await expect(tx)
          .to.emit(f.payments, "MarkedVatReversed")
          .withArgs(id, f.supplier.address, f.merchant.address, 1n);
        await expect(tx)
          .to.emit(f.payments, "InvoiceRefunded")
          .withArgs(id, f.supplier.address, f.merchant.address, 1n, 1n, 4n, ref("vat"));
        expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(supplierMarked - 1n);
        expect(await f.payments.markedVatOf(f.merchant.address)).to.equal(buyerMarked + 1n);
        expect((await f.payments.inputVatOf(f.merchant.address))[0]).to.equal(paid - 1n);
      });
    });

    describe("when the merchant refunds a B2C invoice in parts and its VAT refund line covers the VAT", () => {
      it("a part whose VAT is all of it is paid by the budget alone; the merchant pays nothing", async () => {
        const f = await loadFixture(smallB2cPurchase);
        const { invoice, signature, id } = f.purchase;
        const vat = splitVat(116n, KZ_VAT_2026.STANDARD).vat;
        // 3 tiyn carry no VAT: the merchant pays them, the line is untouched.
        await expect(
          f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, 3n, ref("part")),
        ).to.changeTokenBalances(f.ledger, [f.merchant, f.alice, f.budget], [-3n, 3n, 0n]);
        expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(tenge(10));
        // The next tiyn is all VAT: the budget pays it and the line falls by it.
        expect(share(vat, 4n, 116n) - share(vat, 3n, 116n)).to.equal(1n);
        const tx = f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, 1n, ref("vat"));
        await expect(tx).to.changeTokenBalances(f.ledger, [f.merchant, f.alice, f.budget], [0n, 1n, -1n]);
        await expect(tx)
          .to.emit(f.payments, "RefundVatPaidByBudget")
          .withArgs(id, f.merchant.address, f.budget.address, f.alice.address, 1n, tenge(10) - 1n);
        expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(tenge(10) - 1n);
      });
    });

    describe("when the buyer already claimed its input VAT and the supplier then refunds the invoice", () => {
      it("reverts with VatRefundExceedsInputVat: the VAT cannot be reversed twice", async () => {
        const f = await loadFixture(paymentsReady);
        const purchase = await signedInvoice(f, f.supplier, tenge(1160));
        await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
        const vat = splitVat(tenge(1160), KZ_VAT_2026.STANDARD).vat;
        await f.payments.connect(f.merchant).claimVatRefund(vat, ref("claim"));
        const claim = (await f.payments.vatRefundClaim(1n)).toString();
        await expectPaymentRejected(
          f,
          [f.supplier, f.merchant],
          [purchase.invoice],
          () =>
            f.payments
              .connect(f.supplier)
              .refund(purchase.invoice, purchase.signature, f.merchant.address, tenge(1160), ref("ret")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.payments, "VatRefundExceedsInputVat")
              .withArgs(f.merchant.address, 0n, vat),
        );
        expect((await f.payments.vatRefundClaim(1n)).toString()).to.equal(claim);
      });
    });

    describe("when a rate is at its 100 % ceiling and a business pays a 1-tiyn invoice", () => {
      it("the whole tiyn is VAT: marked to the supplier, and no net moves", async () => {
        const f = await loadFixture(paymentsReady);
        const tomorrow = (await today()) + 1;
        await f.payments.connect(f.taxAuthority).scheduleVatRate(VatCategory.REDUCED_HIGH, 10_000, tomorrow);
        await time.increase(86_400);
        expect((await f.payments.vatRate(VatCategory.REDUCED_HIGH)).rateBps).to.equal(10_000n);
        const { invoice, signature, id } = await signedInvoice(f, f.supplier, 1n, {
          vatCategory: VatCategory.REDUCED_HIGH,
          vatRateBps: 10_000,
        });
        const marked = await f.payments.markedVatOf(f.supplier.address);
        const tx = f.payments.connect(f.merchant).payInvoiceAsBusiness(invoice, signature);
        await expect(tx).to.changeTokenBalances(f.ledger, [f.merchant, f.supplier, f.payments], [-1n, 0n, 1n]);
        await expect(tx)
          .to.emit(f.payments, "InvoicePaid")
          .withArgs(id, f.supplier.address, f.merchant.address, 1n, 1n, VatCategory.REDUCED_HIGH, 10_000, true);
        expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(marked + 1n);
      });
    });

    describe("when no VAT budget was ever accepted", () => {
      it("payVatFromMarked reverts with VatBudgetNotSet and the marked VAT stays", async () => {
        const f = await loadFixture(circuitWithoutBudget);
        expect((await f.payments.vatBudget())[0]).to.equal(ethers.ZeroAddress);
        expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(f.vat);
        await expectPaymentRejected(
          f,
          [f.supplier, f.merchant],
          [],
          () => f.payments.connect(f.supplier).payVatFromMarked(f.vat, ref("2026-Q1")),
          (p) => expect(p).to.be.revertedWithCustomError(f.payments, "VatBudgetNotSet"),
        );
      });

      it("payVatRefund reverts with VatBudgetNotSet and the claim stays pending", async () => {
        const f = await loadFixture(circuitWithoutBudget);
        const claim = await f.payments.vatRefundClaim(f.claimId);
        expect(claim.status).to.equal(ClaimStatus.Pending);
        await expectPaymentRejected(
          f,
          [f.supplier, f.merchant],
          [],
          () => f.payments.connect(f.taxAuthority).payVatRefund(f.claimId),
          (p) => expect(p).to.be.revertedWithCustomError(f.payments, "VatBudgetNotSet"),
        );
        expect((await f.payments.vatRefundClaim(f.claimId)).toString()).to.equal(claim.toString());
      });
    });
  });

  describe("VatSchedule: the budget's acceptance with nothing designated", () => {
    it("reverts with VatBudgetNotDesignated for the account that already accepted, and the budget stays", async () => {
      const f = await loadFixture(paymentsReady);
      expect(await f.payments.vatBudget()).to.deep.equal([f.budget.address, ethers.ZeroAddress]);
      await expect(f.payments.connect(f.budget).acceptVatBudget())
        .to.be.revertedWithCustomError(f.payments, "VatBudgetNotDesignated")
        .withArgs(f.budget.address, ethers.ZeroAddress);
      expect(await f.payments.vatBudget()).to.deep.equal([f.budget.address, ethers.ZeroAddress]);
    });
  });

  describe("VatSchedule: categories beyond the table", () => {
    it("cancelVatRateChange reverts with VatCategoryUnknown and the pending change stays", async () => {
      const f = await loadFixture(paymentsReady);
      const tomorrow = (await today()) + 1;
      await f.payments.connect(f.taxAuthority).scheduleVatRate(VatCategory.STANDARD, 1_200, tomorrow);
      const pending = (await f.payments.pendingVatRate(VatCategory.STANDARD)).toString();
      await expect(f.payments.connect(f.taxAuthority).cancelVatRateChange(5))
        .to.be.revertedWithCustomError(f.payments, "VatCategoryUnknown")
        .withArgs(5);
      expect((await f.payments.pendingVatRate(VatCategory.STANDARD)).toString()).to.equal(pending);
    });

    it("vatRateOn reverts with VatCategoryUnknown for a category above EXEMPT", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.vatRateOn(5, await today()))
        .to.be.revertedWithCustomError(f.payments, "VatCategoryUnknown")
        .withArgs(5);
      const [rate, defined] = await f.payments.vatRateOn(VatCategory.EXEMPT, await today());
      expect([rate, defined]).to.deep.equal([0n, true]);
    });
  });
});
