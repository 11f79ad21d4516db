import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectPaymentRejected, exporterClaimed, paymentsReady, paymentsState, signedInvoice } from "./fixtures";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

/** {exporterClaimed} (claim 1 pending), then bank B recovers the exporter's wallet to a replacement. */
async function exporterRecoveredWithClaim() {
  const f = await exporterClaimed();
  const replacement = f.spare[47];
  await f.ledger.connect(f.bankB).recoverAccount(f.exporter.address, replacement.address);
  return { ...f, replacement };
}

/**
 * The merchant (a VAT payer) bought 11 600 ₸ from the supplier: 1 600 ₸ VAT marked to the supplier, claimable input
 * VAT of the merchant. The tax authority gave the supplier a 500 ₸ VAT refund line.
 */
async function afterPurchase() {
  const f = await paymentsReady();
  const purchase = await signedInvoice(f, f.supplier, tenge(11_600));
  await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
  await f.payments.connect(f.taxAuthority).setVatRefundLine(f.supplier.address, tenge(500));
  return { ...f, purchase, replacement: f.spare[47] };
}

describe("VatCircuit: a VAT refund follows the claimant's wallet recovery", () => {
  describe("when the tax authority pays a claim filed by a wallet its bank has since recovered", () => {
    it("pays the replacement from the budget, named in VatRefundPaid", async () => {
      const f = await loadFixture(exporterRecoveredWithClaim);
      const tx = f.payments.connect(f.taxAuthority).payVatRefund(1n);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.budget, f.replacement, f.exporter],
        [-tenge(16_000), tenge(16_000), 0n],
      );
      await expect(tx)
        .to.emit(f.payments, "VatRefundPaid")
        .withArgs(1n, f.replacement.address, f.budget.address, tenge(16_000), 0n);
    });
  });
});

describe("MerchantPayments: what the module holds for a wallet follows its recovery (followRecovery)", () => {
  describe("when the wallet was never recovered", () => {
    it("reverts with AccountNotRecovered; nothing changes", async () => {
      const f = await loadFixture(afterPurchase);
      await expectPaymentRejected(
        f,
        [f.supplier],
        [],
        () => f.payments.connect(f.stranger).followRecovery(f.supplier.address),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "AccountNotRecovered").withArgs(f.supplier.address),
      );
    });
  });

  describe("when a supplier's wallet was recovered", () => {
    it("hands its merchant record, marked VAT and refund line to the replacement, which pays the VAT from it", async () => {
      const f = await loadFixture(afterPurchase);
      const record = (await f.payments.merchantOf(f.supplier.address)).toString();
      await f.ledger.connect(f.bankA).recoverAccount(f.supplier.address, f.replacement.address);
      await expect(f.payments.connect(f.stranger).followRecovery(f.supplier.address))
        .to.emit(f.payments, "RecoveryFollowed")
        .withArgs(f.supplier.address, f.replacement.address, true, tenge(1_600), 0n, tenge(500));
      expect((await f.payments.merchantOf(f.replacement.address)).toString()).to.equal(record);
      expect((await f.payments.merchantOf(f.supplier.address)).registered).to.equal(false);
      expect(await f.payments.markedVatOf(f.replacement.address)).to.equal(tenge(1_600));
      expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(0n);
      expect(await f.payments.vatRefundLineOf(f.replacement.address)).to.equal(tenge(500));
      expect(await f.payments.totalMarkedVat()).to.equal(tenge(1_600));
      await expect(
        f.payments.connect(f.replacement).payVatFromMarked(tenge(1_600), ref("2026-01")),
      ).to.changeTokenBalances(f.ledger, [f.payments, f.budget], [-tenge(1_600), tenge(1_600)]);
    });

    it("reverts with MerchantAlreadyRegistered when the replacement was onboarded as a merchant meanwhile", async () => {
      const f = await loadFixture(afterPurchase);
      await f.ledger.connect(f.bankA).recoverAccount(f.supplier.address, f.replacement.address);
      await f.payments.connect(f.bankA).onboardMerchant(f.replacement.address, 5045, ref("VAT-NEW"), 0);
      await expectPaymentRejected(
        f,
        [f.supplier, f.replacement],
        [],
        () => f.payments.followRecovery(f.supplier.address),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "MerchantAlreadyRegistered")
            .withArgs(f.replacement.address),
      );
      expect((await f.payments.merchantOf(f.supplier.address)).registered).to.equal(true);
    });
  });

  describe("when a B2B buyer's wallet was recovered", () => {
    it("moves its input VAT, and the supplier's refund goes to the replacement, reversing the marked VAT to it", async () => {
      const f = await loadFixture(afterPurchase);
      const { invoice, signature } = f.purchase;
      await f.ledger.connect(f.bankA).recoverAccount(f.merchant.address, f.replacement.address);
      await expect(f.payments.followRecovery(f.merchant.address))
        .to.emit(f.payments, "RecoveryFollowed")
        .withArgs(f.merchant.address, f.replacement.address, true, 0n, tenge(1_600), 0n);
      expect(await f.payments.inputVatOf(f.replacement.address)).to.deep.equal([tenge(1_600), 0n]);
      const before = await paymentsState(f, [f.merchant, f.replacement, f.supplier], [invoice]);
      await expect(
        f.payments.connect(f.supplier).refund(invoice, signature, f.merchant.address, invoice.amount, ref("x")),
      )
        .to.be.revertedWithCustomError(f.payments, "RefundPayerMismatch")
        .withArgs(await f.payments.invoiceId(invoice), f.replacement.address, f.merchant.address);
      expect(await paymentsState(f, [f.merchant, f.replacement, f.supplier], [invoice])).to.deep.equal(before);
      const tx = f.payments
        .connect(f.supplier)
        .refund(invoice, signature, f.replacement.address, invoice.amount, ref("returned"));
      await expect(tx).to.changeTokenBalances(f.ledger, [f.replacement, f.supplier], [tenge(10_000), -tenge(10_000)]);
      expect(await f.payments.markedVatOf(f.replacement.address)).to.equal(tenge(1_600));
      expect(await f.payments.inputVatOf(f.replacement.address)).to.deep.equal([0n, 0n]);
    });
  });

  describe("when the recovered exporter's pending claim is rejected", () => {
    it("gives the claimed input VAT back to the lost wallet, and a second followRecovery moves it on", async () => {
      const f = await loadFixture(exporterRecoveredWithClaim);
      await expect(f.payments.followRecovery(f.exporter.address))
        .to.emit(f.payments, "RecoveryFollowed")
        .withArgs(f.exporter.address, f.replacement.address, true, 0n, 0n, 0n);
      await f.payments.connect(f.taxAuthority).rejectVatRefund(1n, ref("no export proof"));
      expect(await f.payments.inputVatOf(f.exporter.address)).to.deep.equal([tenge(16_000), 0n]);
      await expect(f.payments.followRecovery(f.exporter.address))
        .to.emit(f.payments, "RecoveryFollowed")
        .withArgs(f.exporter.address, f.replacement.address, false, 0n, tenge(16_000), 0n);
      expect(await f.payments.inputVatOf(f.replacement.address)).to.deep.equal([tenge(16_000), 0n]);
      await expect(f.payments.connect(f.replacement).claimVatRefund(tenge(16_000), ref("EXPORT-DECL-2"))).to.emit(
        f.payments,
        "VatRefundClaimed",
      );
    });
  });
});
