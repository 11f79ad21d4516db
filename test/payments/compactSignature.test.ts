import { expect } from "chai";
import { Signature, toBeHex } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectPaymentRejected, paymentsReady, signedInvoice } from "./fixtures";
import { KZ_VAT_2026, VatCategory, splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";

const AMOUNT = tenge("1160.00");

/** The EIP-2098 compact form (64 bytes: r, vs) of a 65-byte signature. */
const compact = (signature: string): string => Signature.from(signature).compactSerialized;

describe("MerchantPayments: EIP-2098 compact invoice signatures", () => {
  describe("when the merchant's signature comes in its 64-byte compact form", () => {
    it("pays the invoice: net to the merchant, VAT to the budget", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, AMOUNT);
      const { vat, net } = splitVat(AMOUNT, KZ_VAT_2026.STANDARD);
      const tx = f.payments.connect(f.alice).payInvoice(invoice, compact(signature));
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.merchant, f.budget], [-AMOUNT, net, vat]);
      await expect(tx)
        .to.emit(f.payments, "InvoicePaid")
        .withArgs(id, f.merchant.address, f.alice.address, AMOUNT, vat, VatCategory.STANDARD, 1600, false);
    });

    it("reverts with InvoiceNonceUsed when the invoice, paid with one form, is sent again with the other", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, AMOUNT);
      await f.payments.connect(f.alice).payInvoice(invoice, signature);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, compact(signature)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceNonceUsed")
            .withArgs(f.merchant.address, invoice.nonce),
      );
    });
  });

  describe("when the compact signature is not the merchant's", () => {
    it("reverts with InvoiceSignatureInvalid for another signer's compact signature", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, id } = await signedInvoice(f, f.merchant, AMOUNT);
      const { signature: forged } = await signedInvoice(f, f.shop, AMOUNT, {
        ...invoice,
        merchant: f.merchant.address,
      });
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, compact(forged)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(id, f.merchant.address),
      );
    });

    it("reverts with InvoiceSignatureInvalid when vs's parity bit is flipped (the other key)", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, AMOUNT);
      const sig = Signature.from(signature);
      const flipped = sig.r + toBeHex(BigInt(sig.yParityAndS) ^ (1n << 255n), 32).slice(2);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, flipped),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(id, f.merchant.address),
      );
    });
  });
});
