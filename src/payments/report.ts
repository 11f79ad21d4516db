/**
 * VAT reporting from the chain's events, per merchant and per period (Almaty-local day or month):
 * VAT collected for the budget (B2C split), VAT marked (B2B), VAT reversed by refunds (and of it, what the
 * budget paid back on-chain and what the merchant advanced and offsets in its VAT return), marked VAT paid to the
 * budget, and reconciliation: every refund must match a payment of the same invoice. A refund in the range is
 * matched to its payment wherever that lies on the chain (an invoice paid last month, refunded this month, is
 * reported in this month's period under the category it was paid in); a refund with no payment at all is an
 * invoice the merchant signed with an already spent nonce and never sold: listed as unmatched, with any VAT the
 * budget paid back on it, for the tax authority to recover.
 */
import type { MerchantPayments } from "../../typechain-types";
import { almatyDay, dateOfDay } from "./vat";

export type Period = "day" | "month";

/** One line of the report: a merchant (supplier), a period, a VAT category. */
export interface VatReportRow {
  merchant: string;
  period: string;
  category: number;
  payments: number;
  gross: bigint;
  /** VAT paid straight to the budget (B2C split). */
  vatToBudget: bigint;
  /** VAT marked to the merchant (B2B). */
  vatMarked: bigint;
  refunds: bigint;
  /** VAT reversed by the merchant's refunds of invoices in this category (B2C and B2B). */
  vatReversed: bigint;
  /** Of `vatReversed`, B2C VAT the budget paid back to payers on-chain (within the merchant's VAT refund line). */
  vatRepaidByBudget: bigint;
  /** Of `vatReversed`, B2C VAT the merchant advanced to payers: it offsets this in its VAT return. */
  vatToOffset: bigint;
}

/** Marked VAT a business paid to the budget in a period. */
export interface MarkedVatPaymentRow {
  business: string;
  period: string;
  amount: bigint;
}

export interface VatReport {
  rows: VatReportRow[];
  markedVatPaid: MarkedVatPaymentRow[];
  /** Refunds whose invoice has no payment in the scanned range: to be reconciled by the tax authority. */
  unmatchedRefunds: Array<{
    invoiceId: string;
    merchant: string;
    amount: bigint;
    vatReversed: bigint;
    /** VAT the budget paid back on it: to recover from the merchant. */
    vatRepaidByBudget: bigint;
  }>;
}

export interface VatReportOptions {
  /** Only this merchant (any case). */
  merchant?: string;
  fromBlock?: number;
  toBlock?: number | "latest";
  /** Almaty-local day bounds (inclusive). */
  fromDay?: number;
  toDay?: number;
  period?: Period;
}

function periodOf(day: number, period: Period): string {
  const date = dateOfDay(day);
  return period === "day" ? date : date.slice(0, 7);
}

/** Build the report from the MerchantPayments events in the block range. */
export async function vatReport(payments: MerchantPayments, options: VatReportOptions = {}): Promise<VatReport> {
  const period = options.period ?? "month";
  const from = options.fromBlock ?? 0;
  const to = options.toBlock ?? "latest";
  const provider = payments.runner?.provider;
  if (!provider) throw new Error("the contract needs a provider");
  const dayOfBlock = new Map<number, number>();
  const dayOf = async (blockNumber: number): Promise<number> => {
    let day = dayOfBlock.get(blockNumber);
    if (day === undefined) {
      const block = await provider.getBlock(blockNumber);
      if (!block) throw new Error(`no block ${blockNumber}`);
      day = almatyDay(block.timestamp);
      dayOfBlock.set(blockNumber, day);
    }
    return day;
  };
  const inRange = (day: number): boolean =>
    (options.fromDay === undefined || day >= options.fromDay) && (options.toDay === undefined || day <= options.toDay);
  const wanted = (merchant: string): boolean =>
    !options.merchant || merchant.toLowerCase() === options.merchant.toLowerCase();

  const rows = new Map<string, VatReportRow>();
  const row = (merchant: string, day: number, category: number): VatReportRow => {
    const key = `${merchant}|${periodOf(day, period)}|${category}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        merchant,
        period: periodOf(day, period),
        category,
        payments: 0,
        gross: 0n,
        vatToBudget: 0n,
        vatMarked: 0n,
        refunds: 0n,
        vatReversed: 0n,
        vatRepaidByBudget: 0n,
        vatToOffset: 0n,
      };
      rows.set(key, r);
    }
    return r;
  };

  const paidAs = new Map<string, { category: number; marked: boolean }>();
  for (const e of await payments.queryFilter(payments.filters.InvoicePaid(), from, to)) {
    const { invoiceId, merchant, amount, vat, vatCategory, marked } = e.args;
    paidAs.set(invoiceId, { category: Number(vatCategory), marked });
    const day = await dayOf(e.blockNumber);
    if (!wanted(merchant) || !inRange(day)) continue;
    const r = row(merchant, day, Number(vatCategory));
    r.payments += 1;
    r.gross += amount;
    if (marked) r.vatMarked += vat;
    else r.vatToBudget += vat;
  }

  // The contract emits RefundVatPaidByBudget as the log right before its InvoiceRefunded (same transaction).
  const repaidAt = new Map<string, bigint>();
  for (const e of await payments.queryFilter(payments.filters.RefundVatPaidByBudget(), from, to)) {
    repaidAt.set(`${e.blockNumber}|${e.index + 1}`, e.args.vat);
  }
  const unmatchedRefunds: VatReport["unmatchedRefunds"] = [];
  for (const e of await payments.queryFilter(payments.filters.InvoiceRefunded(), from, to)) {
    const { invoiceId, merchant, amount, vatReversed } = e.args;
    const day = await dayOf(e.blockNumber);
    if (!wanted(merchant) || !inRange(day)) continue;
    const repaid = repaidAt.get(`${e.blockNumber}|${e.index}`) ?? 0n;
    let paid = paidAs.get(invoiceId);
    if (paid === undefined) {
      // Paid before the scanned range? Look the payment up by its (indexed) invoice id over the whole chain.
      const [payment] = await payments.queryFilter(payments.filters.InvoicePaid(invoiceId), 0, to);
      if (payment) {
        paid = { category: Number(payment.args.vatCategory), marked: payment.args.marked };
        paidAs.set(invoiceId, paid);
      }
    }
    if (paid === undefined) {
      unmatchedRefunds.push({ invoiceId, merchant, amount, vatReversed, vatRepaidByBudget: repaid });
      continue;
    }
    const r = row(merchant, day, paid.category);
    r.refunds += amount;
    r.vatReversed += vatReversed;
    r.vatRepaidByBudget += repaid;
    if (!paid.marked) r.vatToOffset += vatReversed - repaid;
  }

  const markedVatPaid: MarkedVatPaymentRow[] = [];
  const byBusiness = new Map<string, MarkedVatPaymentRow>();
  for (const e of await payments.queryFilter(payments.filters.MarkedVatPaidToBudget(), from, to)) {
    const { business, amount } = e.args;
    const day = await dayOf(e.blockNumber);
    if (!wanted(business) || !inRange(day)) continue;
    const key = `${business}|${periodOf(day, period)}`;
    let r = byBusiness.get(key);
    if (!r) {
      r = { business, period: periodOf(day, period), amount: 0n };
      byBusiness.set(key, r);
      markedVatPaid.push(r);
    }
    r.amount += amount;
  }

  const sorted = [...rows.values()].sort((a, b) =>
    a.merchant === b.merchant
      ? a.period === b.period
        ? a.category - b.category
        : a.period.localeCompare(b.period)
      : a.merchant.localeCompare(b.merchant),
  );
  return { rows: sorted, markedVatPaid, unmatchedRefunds };
}
