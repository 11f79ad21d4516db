import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { paymentsReady, signedInvoice, today } from "./fixtures";
import { vatReport } from "../../src/payments/report";
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

  it("flags a refund whose payment is not in the scanned range", async () => {
    const f = await loadFixture(tradingDay);
    const start = await f.ledger.runner!.provider!.getBlockNumber();
    const sale = await signedInvoice(f, f.merchant, tenge(232));
    await f.payments.connect(f.alice).payInvoice(sale.invoice, sale.signature);
    await f.payments.connect(f.merchant).refund(sale.invoice, sale.signature, f.alice.address, tenge(116), ref("x"));
    const report = await vatReport(f.payments, { fromBlock: start + 2 });
    expect(report.unmatchedRefunds).to.deep.equal([
      { invoiceId: sale.id, merchant: f.merchant.address, amount: tenge(116), vatReversed: tenge(16) },
    ]);
  });
});
