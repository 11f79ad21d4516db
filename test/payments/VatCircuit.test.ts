import { expect } from "chai";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expectPaymentRejected, paymentsReady, signedInvoice, type PaymentsFixture } from "./fixtures";
import { KZ_VAT_2026, VatCategory, splitVat, share } from "../../src/payments/vat";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

const IVAT = KZ_VAT_2026.STANDARD;
const ClaimStatus = { None: 0, Pending: 1, Paid: 2, Rejected: 3 } as const;

/** The circuit's invariant: the marked balances sum to totalMarkedVat, which is the module's ledger balance. */
async function expectCircuitBalanced(f: PaymentsFixture): Promise<void> {
  let sum = 0n;
  for (const business of [f.merchant, f.shop, f.kiosk, f.supplier, f.exporter])
    sum += await f.payments.markedVatOf(business.address);
  expect(await f.payments.totalMarkedVat()).to.equal(sum);
  expect(await f.ledger.balanceOf(await f.payments.getAddress())).to.equal(sum);
}

/** The merchant (a VAT payer) bought 11 600 ₸ of goods from the supplier: 1 600 ₸ VAT marked to the supplier. */
async function afterPurchase() {
  const f = await paymentsReady();
  const purchase = await signedInvoice(f, f.supplier, tenge(11_600));
  await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
  return { ...f, purchase };
}

describe("VatCircuit: marked VAT between VAT payers (Digital VAT)", () => {
  describe("when a VAT payer pays a VAT-registered supplier", () => {
    it("pays the net as free money and marks the VAT to the supplier", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.supplier, tenge(11_600));
      const module = await f.payments.getAddress();
      const tx = f.payments.connect(f.merchant).payInvoiceAsBusiness(invoice, signature);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.merchant, f.supplier, module, f.budget],
        [-tenge(11_600), tenge(10_000), tenge(1_600), 0n],
      );
      await expect(tx)
        .to.emit(f.payments, "VatMarked")
        .withArgs(id, f.supplier.address, f.merchant.address, tenge(1_600), 0n);
      await expect(tx)
        .to.emit(f.payments, "InvoicePaid")
        .withArgs(
          id,
          f.supplier.address,
          f.merchant.address,
          tenge(11_600),
          tenge(1_600),
          VatCategory.STANDARD,
          IVAT,
          true,
        );
      expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(tenge(1_600));
      expect(await f.payments.inputVatOf(f.merchant.address)).to.deep.equal([tenge(1_600), 0n]);
      await expectCircuitBalanced(f);
    });

    it("pays the VAT part from the buyer's own marked balance first, moving no DKZT for it", async () => {
      const f = await loadFixture(afterPurchase);
      // The supplier (holding 1 600 ₸ marked) buys 23 200 ₸ from the exporter: VAT 3 200, 1 600 of it marked.
      const { invoice, signature, id } = await signedInvoice(f, f.exporter, tenge(23_200));
      const module = await f.payments.getAddress();
      const tx = f.payments.connect(f.supplier).payInvoiceAsBusiness(invoice, signature);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.supplier, f.exporter, module],
        [-tenge(21_600), tenge(20_000), tenge(1_600)],
      );
      await expect(tx)
        .to.emit(f.payments, "VatMarked")
        .withArgs(id, f.exporter.address, f.supplier.address, tenge(3_200), tenge(1_600));
      expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(0n);
      expect(await f.payments.markedVatOf(f.exporter.address)).to.equal(tenge(3_200));
      await expectCircuitBalanced(f);
    });

    it("marks nothing for a zero-rated supply and pays a non-VAT supplier in full", async () => {
      const f = await loadFixture(paymentsReady);
      const zero = await signedInvoice(f, f.exporter, tenge(500), {
        vatCategory: VatCategory.ZERO_RATED,
        vatRateBps: 0,
      });
      await expect(
        f.payments.connect(f.merchant).payInvoiceAsBusiness(zero.invoice, zero.signature),
      ).to.changeTokenBalances(f.ledger, [f.merchant, f.exporter], [-tenge(500), tenge(500)]);
      const kiosk = await signedInvoice(f, f.kiosk, tenge(300), { vatRateBps: 0 });
      await expect(
        f.payments.connect(f.merchant).payInvoiceAsBusiness(kiosk.invoice, kiosk.signature),
      ).to.changeTokenBalances(f.ledger, [f.merchant, f.kiosk], [-tenge(300), tenge(300)]);
      expect(await f.payments.totalMarkedVat()).to.equal(0n);
    });

    it("reverts with NotVatPayer when the buyer is not a VAT-registered business", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.supplier, tenge(116));
      for (const buyer of [f.alice, f.kiosk]) {
        await expectPaymentRejected(
          f,
          [buyer, f.supplier],
          [invoice],
          () => f.payments.connect(buyer).payInvoiceAsBusiness(invoice, signature),
          (p) => expect(p).to.be.revertedWithCustomError(f.payments, "NotVatPayer").withArgs(buyer.address),
        );
      }
    });

    it("keeps the sum of marked balances equal to the module's ledger balance over any sequence of operations", async () => {
      const f = await loadFixture(paymentsReady);
      const businesses = [f.merchant, f.supplier, f.exporter];
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              buyer: fc.integer({ min: 0, max: 2 }),
              seller: fc.integer({ min: 0, max: 2 }),
              amount: fc.bigInt({ min: 1n, max: tenge(2_000) }),
              payVat: fc.bigInt({ min: 0n, max: tenge(100) }),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          async (ops) => {
            for (const op of ops) {
              const buyer = businesses[op.buyer];
              if (op.buyer !== op.seller) {
                const { invoice, signature } = await signedInvoice(f, businesses[op.seller], op.amount);
                await f.payments.connect(buyer).payInvoiceAsBusiness(invoice, signature);
              }
              const marked = await f.payments.markedVatOf(buyer.address);
              const pay = op.payVat < marked ? op.payVat : marked;
              if (pay > 0n) await f.payments.connect(buyer).payVatFromMarked(pay, ref("2026-Q1"));
              await expectCircuitBalanced(f);
            }
          },
        ),
        { numRuns: 10 },
      );
    });
  });

  describe("marked VAT cannot leave the VAT circuit", () => {
    it("is not part of the supplier's free balance: a transfer beyond the free balance fails", async () => {
      const f = await loadFixture(afterPurchase);
      const free = await f.ledger.balanceOf(f.supplier.address);
      await expect(f.ledger.connect(f.supplier).transfer(f.bob.address, free + 1n))
        .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientBalance")
        .withArgs(f.supplier.address, free, free + 1n);
    });

    it("is not spent on a B2C purchase or the net part of a B2B purchase", async () => {
      const f = await loadFixture(afterPurchase);
      const b2c = await signedInvoice(f, f.merchant, tenge(116));
      await f.payments.connect(f.supplier).payInvoice(b2c.invoice, b2c.signature);
      const noVat = await signedInvoice(f, f.kiosk, tenge(100), { vatRateBps: 0 });
      await f.payments.connect(f.supplier).payInvoiceAsBusiness(noVat.invoice, noVat.signature);
      expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(tenge(1_600));
      await expectCircuitBalanced(f);
    });

    it("cannot be moved out of the module's account by anyone calling the ledger", async () => {
      const f = await loadFixture(afterPurchase);
      const module = await f.payments.getAddress();
      for (const caller of [f.supplier, f.operator, f.bankA]) {
        await expect(f.ledger.connect(caller).moduleTransfer(module, caller.address, 1n))
          .to.be.revertedWithCustomError(f.ledger, "NotSystemModule")
          .withArgs(caller.address);
      }
      await expectCircuitBalanced(f);
    });

    it("pays VAT to the budget, and nowhere else", async () => {
      const f = await loadFixture(afterPurchase);
      const module = await f.payments.getAddress();
      await expect(
        f.payments.connect(f.supplier).payVatFromMarked(tenge(1_000), ref("2026-01")),
      ).to.changeTokenBalances(f.ledger, [module, f.budget, f.supplier], [-tenge(1_000), tenge(1_000), 0n]);
      expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(tenge(600));
      await expectCircuitBalanced(f);
    });

    it("emits MarkedVatPaidToBudget", async () => {
      const f = await loadFixture(afterPurchase);
      await expect(f.payments.connect(f.supplier).payVatFromMarked(tenge(600), ref("2026-01")))
        .to.emit(f.payments, "MarkedVatPaidToBudget")
        .withArgs(f.supplier.address, f.budget.address, tenge(600), ref("2026-01"));
    });

    it("reverts with MarkedVatInsufficient beyond the marked balance and VatAmountZero for nothing", async () => {
      const f = await loadFixture(afterPurchase);
      await expectPaymentRejected(
        f,
        [f.supplier],
        [],
        () => f.payments.connect(f.supplier).payVatFromMarked(tenge(1_600) + 1n, ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "MarkedVatInsufficient")
            .withArgs(f.supplier.address, tenge(1_600), tenge(1_600) + 1n),
      );
      await expectPaymentRejected(
        f,
        [f.merchant],
        [],
        () => f.payments.connect(f.merchant).payVatFromMarked(1n, ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "MarkedVatInsufficient")
            .withArgs(f.merchant.address, 0n, 1n),
      );
      await expect(f.payments.connect(f.supplier).payVatFromMarked(0n, ref("x"))).to.be.revertedWithCustomError(
        f.payments,
        "VatAmountZero",
      );
    });
  });

  describe("when a B2B invoice is refunded", () => {
    it("returns the net as free money and the VAT part from the supplier's marked balance to the buyer's", async () => {
      const f = await loadFixture(afterPurchase);
      const { invoice, signature, id } = f.purchase;
      const amount = tenge("5800.00");
      const vatPart = share(tenge(1_600), amount, invoice.amount);
      const tx = f.payments.connect(f.supplier).refund(invoice, signature, f.merchant.address, amount, ref("returned"));
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.supplier, f.merchant],
        [-(amount - vatPart), amount - vatPart],
      );
      await expect(tx)
        .to.emit(f.payments, "MarkedVatReversed")
        .withArgs(id, f.supplier.address, f.merchant.address, vatPart);
      expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(tenge(1_600) - vatPart);
      expect(await f.payments.markedVatOf(f.merchant.address)).to.equal(vatPart);
      expect(await f.payments.inputVatOf(f.merchant.address)).to.deep.equal([tenge(1_600) - vatPart, 0n]);
      await expectCircuitBalanced(f);
    });

    it("reverts with RefundPayerMismatch when refunded to someone else than the buyer", async () => {
      const f = await loadFixture(afterPurchase);
      const { invoice, signature, id } = f.purchase;
      await expectPaymentRejected(
        f,
        [f.supplier, f.merchant, f.bob],
        [invoice],
        () => f.payments.connect(f.supplier).refund(invoice, signature, f.bob.address, tenge(100), ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "RefundPayerMismatch")
            .withArgs(id, f.merchant.address, f.bob.address),
      );
    });

    it("reverts with MarkedVatInsufficient when the supplier already paid its marked VAT to the budget", async () => {
      const f = await loadFixture(afterPurchase);
      const { invoice, signature } = f.purchase;
      await f.payments.connect(f.supplier).payVatFromMarked(tenge(1_600), ref("2026-01"));
      await expectPaymentRejected(
        f,
        [f.supplier, f.merchant],
        [invoice],
        () => f.payments.connect(f.supplier).refund(invoice, signature, f.merchant.address, invoice.amount, ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "MarkedVatInsufficient")
            .withArgs(f.supplier.address, 0n, tenge(1_600)),
      );
    });
  });

  describe("an exporter's VAT refund claim", () => {
    /** The exporter bought 116 000 ₸ of inputs from the supplier (16 000 ₸ marked VAT); the budget holds VAT. */
    async function exporterWithInputVat() {
      const f = await paymentsReady();
      const inputs = await signedInvoice(f, f.supplier, tenge(116_000));
      await f.payments.connect(f.exporter).payInvoiceAsBusiness(inputs.invoice, inputs.signature);
      await f.ledger.connect(f.bankB).transfer(f.budget.address, tenge(50_000)); // VAT collected earlier
      return f;
    }

    it("is bounded by the marked input VAT it paid, and paid from the budget on approval", async () => {
      const f = await loadFixture(exporterWithInputVat);
      expect(await f.payments.inputVatOf(f.exporter.address)).to.deep.equal([tenge(16_000), 0n]);
      const day = Number(await f.payments.turnoverDay());
      await expect(f.payments.connect(f.exporter).claimVatRefund(tenge(16_000), ref("EXPORT-DECL-1")))
        .to.emit(f.payments, "VatRefundClaimed")
        .withArgs(1n, f.exporter.address, tenge(16_000), ref("EXPORT-DECL-1"), day);
      expect(await f.payments.vatRefundClaim(1n)).to.deep.equal([
        f.exporter.address,
        tenge(16_000),
        BigInt(day),
        BigInt(ClaimStatus.Pending),
      ]);
      await time.increase(12 * 86_400);
      const tx = f.payments.connect(f.taxAuthority).payVatRefund(1n);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.budget, f.exporter], [-tenge(16_000), tenge(16_000)]);
      await expect(tx)
        .to.emit(f.payments, "VatRefundPaid")
        .withArgs(1n, f.exporter.address, f.budget.address, tenge(16_000), 12n);
      expect((await f.payments.vatRefundClaim(1n)).status).to.equal(BigInt(ClaimStatus.Paid));
      await expectCircuitBalanced(f);
    });

    it("reverts with VatRefundExceedsInputVat beyond what it can prove it paid", async () => {
      const f = await loadFixture(exporterWithInputVat);
      await f.payments.connect(f.exporter).claimVatRefund(tenge(10_000), ref("DECL-1"));
      await expect(f.payments.connect(f.exporter).claimVatRefund(tenge(6_001), ref("DECL-2")))
        .to.be.revertedWithCustomError(f.payments, "VatRefundExceedsInputVat")
        .withArgs(f.exporter.address, tenge(6_000), tenge(6_001));
      await expect(f.payments.connect(f.merchant).claimVatRefund(1n, ref("DECL-3")))
        .to.be.revertedWithCustomError(f.payments, "VatRefundExceedsInputVat")
        .withArgs(f.merchant.address, 0n, 1n);
      expect(await f.payments.inputVatOf(f.exporter.address)).to.deep.equal([tenge(16_000), tenge(10_000)]);
    });

    it("gives the amount back to claim when the tax authority rejects it", async () => {
      const f = await loadFixture(exporterWithInputVat);
      await f.payments.connect(f.exporter).claimVatRefund(tenge(16_000), ref("DECL-1"));
      await expect(f.payments.connect(f.taxAuthority).rejectVatRefund(1n, ref("no export proof")))
        .to.emit(f.payments, "VatRefundRejected")
        .withArgs(1n, f.exporter.address, tenge(16_000), ref("no export proof"));
      expect(await f.payments.inputVatOf(f.exporter.address)).to.deep.equal([tenge(16_000), 0n]);
      await expect(f.payments.connect(f.taxAuthority).payVatRefund(1n))
        .to.be.revertedWithCustomError(f.payments, "VatRefundClaimNotPending")
        .withArgs(1n, ClaimStatus.Rejected);
    });

    it("reverts with VatRefundClaimNotPending when paid twice, VatRefundClaimUnknown for no claim", async () => {
      const f = await loadFixture(exporterWithInputVat);
      await f.payments.connect(f.exporter).claimVatRefund(tenge(1_000), ref("DECL-1"));
      await f.payments.connect(f.taxAuthority).payVatRefund(1n);
      await expectPaymentRejected(
        f,
        [f.exporter],
        [],
        () => f.payments.connect(f.taxAuthority).payVatRefund(1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "VatRefundClaimNotPending")
            .withArgs(1n, ClaimStatus.Paid),
      );
      await expect(f.payments.connect(f.taxAuthority).payVatRefund(2n))
        .to.be.revertedWithCustomError(f.payments, "VatRefundClaimUnknown")
        .withArgs(2n);
    });

    it("reverts with AccessManagedUnauthorized when anyone but the tax authority approves or rejects", async () => {
      const f = await loadFixture(exporterWithInputVat);
      await f.payments.connect(f.exporter).claimVatRefund(tenge(1_000), ref("DECL-1"));
      for (const caller of [f.exporter, f.budget, f.bankB]) {
        await expectPaymentRejected(
          f,
          [f.exporter],
          [],
          () => f.payments.connect(caller).payVatRefund(1n),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.payments, "AccessManagedUnauthorized").withArgs(caller.address),
        );
      }
      await expect(f.payments.connect(f.exporter).rejectVatRefund(1n, ref("x")))
        .to.be.revertedWithCustomError(f.payments, "AccessManagedUnauthorized")
        .withArgs(f.exporter.address);
    });

    it("reverts with NotVatPayer and VatAmountZero", async () => {
      const f = await loadFixture(exporterWithInputVat);
      await expect(f.payments.connect(f.kiosk).claimVatRefund(1n, ref("x")))
        .to.be.revertedWithCustomError(f.payments, "NotVatPayer")
        .withArgs(f.kiosk.address);
      await expect(f.payments.connect(f.exporter).claimVatRefund(0n, ref("x"))).to.be.revertedWithCustomError(
        f.payments,
        "VatAmountZero",
      );
    });

    it("cannot claim VAT paid straight to the budget (a B2C purchase is not marked input VAT)", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.supplier, tenge(11_600));
      await f.payments.connect(f.exporter).payInvoice(invoice, signature);
      expect(await f.payments.inputVatOf(f.exporter.address)).to.deep.equal([0n, 0n]);
      const { vat } = splitVat(tenge(11_600), IVAT);
      await expect(f.payments.connect(f.exporter).claimVatRefund(vat, ref("x")))
        .to.be.revertedWithCustomError(f.payments, "VatRefundExceedsInputVat")
        .withArgs(f.exporter.address, 0n, vat);
    });
  });
});
