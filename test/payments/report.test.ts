import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { paymentsReady, signedInvoice, today } from "./fixtures";
import { vatReport } from "../../src/payments/report";
import { invoiceIdOf, signInvoice } from "../../src/payments/invoice";
import { KZ_VAT_2026, VatCategory, splitVat, share, dateOfDay } from "../../src/payments/vat";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

/** A day of trading: B2C sales at two rates, a partial refund, a B2B purchase and marked VAT paid. */
async function tradingDay() {
  const f = await paymentsReady();
  const sale1 = await signedInvoice(f, f.merchant, tenge(1160));
  await f.payments.connect(f.alice).payInvoice(sale1.invoice, sale1.signature);
  const sale2 = await signedInvoice(f, f.merchant, tenge(1050), {
    vatCategory: VatCategory.REDUCED_LOW,
    vatRateBps: KZ_VAT_2026.REDUCED_LOW,
  });
  await f.payments.connect(f.bob).payInvoice(sale2.invoice, sale2.signature);
  await f.payments.connect(f.merchant).refund(sale1.invoice, sale1.signature, f.alice.address, tenge(580), ref("half"));
  const purchase = await signedInvoice(f, f.supplier, tenge(11_600));
  await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
  await f.payments.connect(f.supplier).payVatFromMarked(tenge(600), ref("2026-01"));
  return { ...f, day: await today() };
}

describe("VAT report (events → per merchant, per period)", () => {
  it("reports VAT collected, marked and reversed per merchant, period and category", async () => {
    const f = await loadFixture(tradingDay);
    const report = await vatReport(f.payments, { period: "day" });
    const period = dateOfDay(f.day);
    const vat1 = splitVat(tenge(1160), KZ_VAT_2026.STANDARD).vat;
    const vat2 = splitVat(tenge(1050), KZ_VAT_2026.REDUCED_LOW).vat;
    expect(report.rows).to.deep.equal(
      [
        {
          merchant: f.merchant.address,
          period,
          category: 0,
          payments: 1,
          gross: tenge(1160),
          vatToBudget: vat1,
          vatMarked: 0n,
          refunds: tenge(580),
          vatReversed: share(vat1, tenge(580), tenge(1160)),
          vatRepaidByBudget: 0n,
          vatToOffset: share(vat1, tenge(580), tenge(1160)),
        },
        {
          merchant: f.merchant.address,
          period,
          category: 1,
          payments: 1,
          gross: tenge(1050),
          vatToBudget: vat2,
          vatMarked: 0n,
          refunds: 0n,
          vatReversed: 0n,
          vatRepaidByBudget: 0n,
          vatToOffset: 0n,
        },
        {
          merchant: f.supplier.address,
          period,
          category: 0,
          payments: 1,
          gross: tenge(11_600),
          vatToBudget: 0n,
          vatMarked: tenge(1600),
          refunds: 0n,
          vatReversed: 0n,
          vatRepaidByBudget: 0n,
          vatToOffset: 0n,
        },
      ].sort((a, b) => (a.merchant === b.merchant ? a.category - b.category : a.merchant.localeCompare(b.merchant))),
    );
    expect(report.markedVatPaid).to.deep.equal([{ business: f.supplier.address, period, amount: tenge(600) }]);
    expect(report.unmatchedRefunds).to.deep.equal([]);
  });

  it("filters by merchant and by days, and groups by month", async () => {
    const f = await loadFixture(tradingDay);
    const mine = await vatReport(f.payments, { merchant: f.supplier.address.toLowerCase(), period: "month" });
    expect(mine.rows.map((r) => [r.merchant, r.period])).to.deep.equal([
      [f.supplier.address, dateOfDay(f.day).slice(0, 7)],
    ]);
    expect(await vatReport(f.payments, { fromDay: f.day + 1 })).to.deep.equal({
      rows: [],
      markedVatPaid: [],
      unmatchedRefunds: [],
    });
    await time.increase(86_400);
    const later = await signedInvoice(f, f.merchant, tenge(116));
    await f.payments.connect(f.alice).payInvoice(later.invoice, later.signature);
    const next = await vatReport(f.payments, { fromDay: f.day + 1, period: "day" });
    expect(next.rows.map((r) => [r.merchant, r.period, r.vatToBudget])).to.deep.equal([
      [f.merchant.address, dateOfDay(f.day + 1), tenge(16)],
    ]);
  });

  it("matches a refund to its payment made before the scanned range, under the category it was paid in", async () => {
    const f = await loadFixture(tradingDay);
    const sale = await signedInvoice(f, f.merchant, tenge(232));
    await f.payments.connect(f.alice).payInvoice(sale.invoice, sale.signature);
    const start = await f.ledger.runner!.provider!.getBlockNumber();
    await f.payments.connect(f.merchant).refund(sale.invoice, sale.signature, f.alice.address, tenge(116), ref("x"));
    const report = await vatReport(f.payments, { fromBlock: start + 1, period: "day" });
    expect(report.unmatchedRefunds).to.deep.equal([]);
    expect(report.rows).to.deep.equal([
      {
        merchant: f.merchant.address,
        period: dateOfDay(f.day),
        category: VatCategory.STANDARD,
        payments: 0,
        gross: 0n,
        vatToBudget: 0n,
        vatMarked: 0n,
        refunds: tenge(116),
        vatReversed: tenge(16),
        vatRepaidByBudget: 0n,
        vatToOffset: tenge(16),
      },
    ]);
  });

  it("splits reversed VAT into what the budget paid back and what the merchant offsets; B2B reversals are neither", async () => {
    const f = await loadFixture(tradingDay);
    await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, tenge(100));
    const sale = await signedInvoice(f, f.merchant, tenge(2_320));
    await f.payments.connect(f.alice).payInvoice(sale.invoice, sale.signature);
    // 116 ₸ refunded: 16 ₸ VAT within the line (the budget); then 1 160 ₸: 160 ₸ VAT above what is left (the merchant).
    await f.payments.connect(f.merchant).refund(sale.invoice, sale.signature, f.alice.address, tenge(116), ref("a"));
    await f.payments.connect(f.merchant).refund(sale.invoice, sale.signature, f.alice.address, tenge(1_160), ref("b"));
    const purchase = await signedInvoice(f, f.supplier, tenge(1_160));
    await f.payments.connect(f.merchant).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
    await f.payments
      .connect(f.supplier)
      .refund(purchase.invoice, purchase.signature, f.merchant.address, tenge(1_160), ref("c"));
    const report = await vatReport(f.payments, { period: "day" });
    const standard = (merchant: string) =>
      report.rows.find((r) => r.merchant === merchant && r.category === VatCategory.STANDARD)!;
    const vat1 = splitVat(tenge(1160), KZ_VAT_2026.STANDARD).vat;
    const earlier = share(vat1, tenge(580), tenge(1160));
    const mine = standard(f.merchant.address);
    expect([mine.refunds, mine.vatReversed, mine.vatRepaidByBudget, mine.vatToOffset]).to.deep.equal([
      tenge(580) + tenge(1_276),
      earlier + tenge(176),
      tenge(16),
      earlier + tenge(160),
    ]);
    const supplier = standard(f.supplier.address);
    expect([supplier.vatReversed, supplier.vatRepaidByBudget, supplier.vatToOffset]).to.deep.equal([
      tenge(160),
      0n,
      0n,
    ]);
  });

  it("flags a refund of an invoice never paid (a spent nonce re-signed), with the VAT the budget paid back on it", async () => {
    const f = await loadFixture(tradingDay);
    await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, tenge(100));
    const sale = await signedInvoice(f, f.merchant, tenge(116));
    await f.payments.connect(f.alice).payInvoice(sale.invoice, sale.signature);
    const forged = { ...sale.invoice, amount: tenge(1_160), orderRef: ethers.id("never sold") };
    const signature = await signInvoice(f.merchant, f.domain, forged);
    await f.payments.connect(f.merchant).refund(forged, signature, f.bob.address, tenge(580), ref("x"));
    const report = await vatReport(f.payments);
    expect(report.unmatchedRefunds).to.deep.equal([
      {
        invoiceId: invoiceIdOf(f.domain, forged),
        merchant: f.merchant.address,
        amount: tenge(580),
        vatReversed: tenge(80),
        vatRepaidByBudget: tenge(80),
      },
    ]);
  });
});
