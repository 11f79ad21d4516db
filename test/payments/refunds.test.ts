import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectPaymentRejected, makeInvoice, paymentsReady, signedInvoice, type PaymentsFixture } from "./fixtures";
import { invoiceIdOf } from "../../src/payments/invoice";
import { KZ_VAT_2026, share, splitVat } from "../../src/payments/vat";
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
      await expectPaymentRejected(
        f,
        [f.merchant, f.alice],
        [invoice],
        () => f.payments.connect(f.merchant).refund(invoice, signature, f.alice.address, tenge(161), ref("too much")),
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
      await expectPaymentRejected(
        f,
        [f.merchant, f.alice],
        [invoice],
        () => f.payments.connect(f.alice).refund(invoice, signature, f.alice.address, tenge(1), ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "NotInvoiceMerchant")
            .withArgs(f.alice.address, f.merchant.address),
      );
    });

    it("reverts with InvoiceNotPaid for an unpaid or cancelled invoice", async () => {
      const f = await loadFixture(paidInvoice);
      const unpaid = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.merchant, f.alice],
        [unpaid.invoice],
        () =>
          f.payments.connect(f.merchant).refund(unpaid.invoice, unpaid.signature, f.alice.address, tenge(1), ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "InvoiceNotPaid").withArgs(unpaid.id),
      );
      await f.payments.connect(f.merchant).cancelInvoiceNonce(unpaid.invoice.nonce);
      await expectPaymentRejected(
        f,
        [f.merchant, f.alice],
        [unpaid.invoice],
        () =>
          f.payments.connect(f.merchant).refund(unpaid.invoice, unpaid.signature, f.alice.address, tenge(1), ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "InvoiceNotPaid").withArgs(unpaid.id),
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
      await expectPaymentRejected(
        f,
        [f.shop, f.alice],
        [signed.invoice],
        () =>
          f.payments.connect(f.shop).refund(signed.invoice, signed.signature, f.alice.address, tenge(116), ref("x")),
        (p) =>
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
});
