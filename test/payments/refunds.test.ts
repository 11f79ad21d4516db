import { expect } from "chai";
import { ethers } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectPaymentRejected, makeInvoice, paymentsReady, signedInvoice, type PaymentsFixture } from "./fixtures";
import { invoiceIdOf, signInvoice, type Invoice } from "../../src/payments/invoice";
import { FreezeState } from "../../src/tiers";
import { KZ_VAT_2026, refundVatPart, share, splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

async function paid(f: PaymentsFixture, amount = tenge("1160.01")) {
  const signed = await signedInvoice(f, f.merchant, amount);
  await f.payments.connect(f.alice).payInvoice(signed.invoice, signed.signature);
  return { ...signed, vat: splitVat(amount, KZ_VAT_2026.STANDARD).vat };
}

async function paidInvoice() {
  const f = await paymentsReady();
  return { ...f, paid: await paid(f) };
}

/** A refund: who sends it, of which signed invoice, to whom, how much, under what reference. */
interface Refund {
  by: HardhatEthersSigner;
  invoice: Invoice;
  signature: string;
  to: HardhatEthersSigner;
  amount: bigint;
  reason: string;
}

/**
 * Assert that `refund` is rejected as `assertion` says, leaving as they were the ledger and payments state of the
 * invoice's merchant and of alice, its payer (with the module's and the budget's), and the invoice's.
 */
async function expectRefundRejected(
  f: PaymentsFixture,
  refund: Refund,
  assertion: (attempt: Promise<ContractTransactionResponse>) => Promise<void>,
): Promise<void> {
  const { by, invoice, signature, to, amount, reason } = refund;
  await expectPaymentRejected(
    f,
    [invoice.merchant, f.alice],
    [invoice],
    () => f.payments.connect(by).refund(invoice, signature, to.address, amount, ref(reason)),
    assertion,
  );
}

describe("MerchantPayments: refunds", () => {
  describe("when the merchant refunds a paid invoice in full", () => {
    it("pays the whole amount back to the payer and reverses the invoice's VAT", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature, id, vat } = f.paid;
      const tx = f.payments
        .connect(f.merchant)
        .refund(invoice, signature, f.alice.address, invoice.amount, ref("returned"));
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.merchant, f.alice, f.budget],
        [-invoice.amount, invoice.amount, 0n],
      );
      await expect(tx)
        .to.emit(f.payments, "InvoiceRefunded")
        .withArgs(id, f.merchant.address, f.alice.address, invoice.amount, vat, invoice.amount, ref("returned"));
      expect(await f.payments.refundedOf(id)).to.equal(invoice.amount);
    });
  });

  describe("when the merchant refunds in parts", () => {
    it("reverses VAT proportionally; the parts add up to the invoice's VAT exactly", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature, id, vat } = f.paid;
      const parts = [tenge("333.33"), tenge("0.01"), tenge("500.00")];
      parts.push(invoice.amount - parts.reduce((a, b) => a + b, 0n));
      let refunded = 0n;
      let reversed = 0n;
      for (const amount of parts) {
        const vatPart = share(vat, refunded + amount, invoice.amount) - share(vat, refunded, invoice.amount);
        refunded += amount;
        reversed += vatPart;
        await expect(f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, amount, ref("partial")))
          .to.emit(f.payments, "InvoiceRefunded")
          .withArgs(id, f.merchant.address, f.alice.address, amount, vatPart, refunded, ref("partial"));
      }
      expect(reversed).to.equal(vat);
      expect(await f.payments.refundedOf(id)).to.equal(invoice.amount);
    });

    it("reverts with RefundExceedsPaid beyond what was paid, leaving balances and the refunded total unchanged", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature, id } = f.paid;
      await f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, tenge(1000), ref("partial"));
      await expectRefundRejected(
        f,
        { by: f.merchant, invoice, signature, to: f.alice, amount: tenge(161), reason: "too much" },
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "RefundExceedsPaid")
            .withArgs(id, invoice.amount, tenge(1000), tenge(161)),
      );
    });
  });

  describe("when the refund is not allowed", () => {
    it("reverts with NotInvoiceMerchant for anyone but the merchant", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature } = f.paid;
      await expectRefundRejected(
        f,
        { by: f.alice, invoice, signature, to: f.alice, amount: tenge(1), reason: "x" },
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "NotInvoiceMerchant")
            .withArgs(f.alice.address, f.merchant.address),
      );
    });

    it("reverts with PayerIsMerchant for a refund to the merchant itself", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature } = f.paid;
      await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, tenge(1_000));
      await expectRefundRejected(
        f,
        { by: f.merchant, invoice, signature, to: f.merchant, amount: invoice.amount, reason: "x" },
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "PayerIsMerchant").withArgs(f.merchant.address),
      );
    });

    it("reverts with InvoiceNotPaid for an unpaid or cancelled invoice", async () => {
      const f = await loadFixture(paidInvoice);
      const unpaid = await signedInvoice(f, f.merchant, tenge(116));
      await expectRefundRejected(f, { by: f.merchant, ...unpaid, to: f.alice, amount: tenge(1), reason: "x" }, (p) =>
        expect(p).to.be.revertedWithCustomError(f.payments, "InvoiceNotPaid").withArgs(unpaid.id),
      );
      await f.payments.connect(f.merchant).cancelInvoiceNonce(unpaid.invoice.nonce);
      await expectRefundRejected(f, { by: f.merchant, ...unpaid, to: f.alice, amount: tenge(1), reason: "x" }, (p) =>
        expect(p).to.be.revertedWithCustomError(f.payments, "InvoiceNotPaid").withArgs(unpaid.id),
      );
    });

    it("reverts with InvoiceSignatureInvalid when the merchant inflates the paid amount", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature } = f.paid;
      const inflated = { ...invoice, amount: invoice.amount * 10n };
      await expectPaymentRejected(
        f,
        [f.merchant, f.alice],
        [invoice],
        () =>
          f.payments.connect(f.merchant).refund(inflated, signature, f.alice.address, invoice.amount * 2n, ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(invoiceIdOf(f.domain, inflated), f.merchant.address),
      );
    });

    it("reverts with RefundAmountZero for a refund of nothing", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature, id } = f.paid;
      await expect(f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, 0n, ref("x")))
        .to.be.revertedWithCustomError(f.payments, "RefundAmountZero")
        .withArgs(id);
    });

    it("reverts with the ledger's ERC20InsufficientBalance when a converting merchant holds no DKZT", async () => {
      const f = await loadFixture(paymentsReady);
      const signed = await signedInvoice(f, f.shop, tenge(116));
      await f.payments.connect(f.alice).payInvoice(signed.invoice, signed.signature);
      await expectRefundRejected(f, { by: f.shop, ...signed, to: f.alice, amount: tenge(116), reason: "x" }, (p) =>
        expect(p)
          .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientBalance")
          .withArgs(f.shop.address, 0n, tenge(116)),
      );
    });
  });

  describe("when the invoice was registered on-chain", () => {
    it("is refunded with an empty signature", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(232));
      await f.payments.connect(f.merchant).registerInvoice(invoice);
      await f.payments.connect(f.bob).payInvoice(invoice, "0x");
      await expect(f.payments.connect(f.merchant).refund(invoice, "0x", f.bob.address, tenge(116), ref("half")))
        .to.emit(f.payments, "InvoiceRefunded")
        .withArgs(
          invoiceIdOf(f.domain, invoice),
          f.merchant.address,
          f.bob.address,
          tenge(116),
          tenge(16),
          tenge(116),
          ref("half"),
        );
    });
  });
  describe("when the tax authority gave the merchant a VAT refund line", () => {
    const LINE = tenge(1_000);

    async function withLine() {
      const f = await paidInvoice();
      await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, LINE);
      // The budget holds more than this sale's VAT (other taxpayers' VAT).
      await f.ledger.connect(f.bankB).transfer(f.budget.address, tenge(5_000));
      return f;
    }

    it("the budget pays back the VAT part and the merchant the rest, atomically; the line falls by it", async () => {
      const f = await loadFixture(withLine);
      const { invoice, signature, id, vat } = f.paid;
      const tx = f.payments
        .connect(f.merchant)
        .refund(invoice, signature, f.alice.address, invoice.amount, ref("returned"));
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.merchant, f.alice, f.budget],
        [-(invoice.amount - vat), invoice.amount, -vat],
      );
      await expect(tx)
        .to.emit(f.payments, "RefundVatPaidByBudget")
        .withArgs(id, f.merchant.address, f.budget.address, f.alice.address, vat, LINE - vat);
      await expect(tx)
        .to.emit(f.payments, "InvoiceRefunded")
        .withArgs(id, f.merchant.address, f.alice.address, invoice.amount, vat, invoice.amount, ref("returned"));
      expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(LINE - vat);
    });

    it("over partial refunds the budget pays back exactly the invoice's VAT, and the payer exactly the gross", async () => {
      const f = await loadFixture(withLine);
      const { invoice, signature, vat } = f.paid;
      const parts = [tenge("0.01"), tenge("0.01"), tenge("333.33"), tenge("0.03")];
      parts.push(invoice.amount - parts.reduce((a, b) => a + b, 0n));
      const [budget0, alice0] = [await f.ledger.balanceOf(f.budget), await f.ledger.balanceOf(f.alice)];
      let refunded = 0n;
      let fromBudget = 0n;
      for (const amount of parts) {
        const vatPart = refundVatPart(vat, refunded, amount, invoice.amount);
        await expect(
          f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, amount, ref("part")),
        ).to.changeTokenBalances(f.ledger, [f.budget, f.merchant], [-vatPart, -(amount - vatPart)]);
        refunded += amount;
        fromBudget += vatPart;
        expect(fromBudget).to.be.lte(vat);
      }
      expect(fromBudget).to.equal(vat);
      expect(budget0 - (await f.ledger.balanceOf(f.budget))).to.equal(vat);
      expect((await f.ledger.balanceOf(f.alice)) - alice0).to.equal(invoice.amount);
      expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(LINE - vat);
    });

    it("when the line does not cover the VAT part, the merchant advances the whole refund and the line stays", async () => {
      const f = await loadFixture(paidInvoice);
      const { invoice, signature, vat } = f.paid;
      await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, vat - 1n);
      const tx = f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, invoice.amount, ref("r"));
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.merchant, f.alice, f.budget],
        [-invoice.amount, invoice.amount, 0n],
      );
      await expect(tx).not.to.emit(f.payments, "RefundVatPaidByBudget");
      expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(vat - 1n);
    });

    it("bounds by the line what a merchant re-signing a spent nonce with a larger amount can draw from the budget", async () => {
      const f = await loadFixture(withLine);
      const { invoice } = f.paid;
      // The merchant signs a different invoice with the nonce its real sale spent: the contract sees an
      // authentic invoice with a spent nonce (a B2C payment keeps no other record), so only the line limits it.
      const forged = { ...invoice, amount: tenge(11_600), orderRef: ethers.id("never sold") };
      const signature = await signInvoice(f.merchant, f.domain, forged);
      const vat = splitVat(forged.amount, KZ_VAT_2026.STANDARD).vat;
      const half = forged.amount / 2n;
      const first = refundVatPart(vat, 0n, half, forged.amount);
      expect(first).to.be.lte(LINE);
      await expect(
        f.payments.connect(f.merchant).refund(forged, signature, f.bob.address, half, ref("x")),
      ).to.changeTokenBalance(f.ledger, f.budget, -first);
      const second = refundVatPart(vat, half, half, forged.amount);
      expect(second).to.be.gt(LINE - first);
      await expect(
        f.payments.connect(f.merchant).refund(forged, signature, f.bob.address, half, ref("x")),
      ).to.changeTokenBalances(f.ledger, [f.budget, f.merchant], [0n, -half]);
      expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(LINE - first);
    });

    it("leaves a B2B invoice's refund to the marked VAT circuit: the line is not drawn", async () => {
      const f = await loadFixture(withLine);
      const signed = await signedInvoice(f, f.supplier, tenge(11_600));
      await f.payments.connect(f.merchant).payInvoiceAsBusiness(signed.invoice, signed.signature);
      await f.payments.connect(f.taxAuthority).setVatRefundLine(f.supplier.address, LINE);
      const tx = f.payments
        .connect(f.supplier)
        .refund(signed.invoice, signed.signature, f.merchant.address, tenge(11_600), ref("r"));
      await expect(tx).to.changeTokenBalance(f.ledger, f.budget, 0n);
      await expect(tx).not.to.emit(f.payments, "RefundVatPaidByBudget");
      expect(await f.payments.vatRefundLineOf(f.supplier.address)).to.equal(LINE);
    });

    it("reverts with the ledger's AccountFrozen when the budget is frozen, leaving balances, line and refunds unchanged", async () => {
      const f = await loadFixture(withLine);
      const { invoice, signature } = f.paid;
      await f.ledger.connect(f.compliance).setFreezeState(f.budget.address, FreezeState.Full, ref("order"));
      await expectRefundRejected(
        f,
        { by: f.merchant, invoice, signature, to: f.alice, amount: invoice.amount, reason: "r" },
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.budget.address),
      );
    });

    it("reverts with the ledger's ERC20InsufficientBalance when the budget cannot pay, changing nothing", async () => {
      const f = await loadFixture(withLine);
      const { invoice, signature, vat } = f.paid;
      const held = await f.ledger.balanceOf(f.budget);
      await f.ledger.connect(f.budget).transfer(f.bankB.address, held);
      await expectRefundRejected(
        f,
        { by: f.merchant, invoice, signature, to: f.alice, amount: invoice.amount, reason: "r" },
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientBalance")
            .withArgs(f.budget.address, 0n, vat),
      );
    });
  });

  describe("when the tax authority sets a VAT refund line", () => {
    it("emits VatRefundLineSet old → new", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, tenge(500)))
        .to.emit(f.payments, "VatRefundLineSet")
        .withArgs(f.merchant.address, 0n, tenge(500));
      await expect(f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, 0n))
        .to.emit(f.payments, "VatRefundLineSet")
        .withArgs(f.merchant.address, tenge(500), 0n);
      expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(0n);
    });

    it("reverts with AccessManagedUnauthorized for anyone else, ZeroAddressNotAllowed and VatRefundLineTooLarge", async () => {
      const f = await loadFixture(paymentsReady);
      await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, tenge(500));
      const attempts = [
        {
          call: () => f.payments.connect(f.merchant).setVatRefundLine(f.merchant.address, tenge(1_000_000)),
          check: (p: Promise<unknown>) =>
            expect(p)
              .to.be.revertedWithCustomError(f.payments, "AccessManagedUnauthorized")
              .withArgs(f.merchant.address),
        },
        {
          call: () => f.payments.connect(f.taxAuthority).setVatRefundLine(ethers.ZeroAddress, 1n),
          check: (p: Promise<unknown>) => expect(p).to.be.revertedWithCustomError(f.payments, "ZeroAddressNotAllowed"),
        },
        {
          call: () => f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, 2n ** 96n),
          check: (p: Promise<unknown>) =>
            expect(p)
              .to.be.revertedWithCustomError(f.payments, "VatRefundLineTooLarge")
              .withArgs(2n ** 96n),
        },
      ];
      for (const { call, check } of attempts) {
        await expectPaymentRejected(f, [f.merchant], [], call, check);
      }
      expect(await f.payments.vatRefundLineOf(f.merchant.address)).to.equal(tenge(500));
    });
  });
});
