import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { paymentsReady, signedInvoice, MCC } from "./fixtures";
import { decodeEmvQr, encodeEmvQr } from "../../src/payments/emvqr";
import { vatReport } from "../../src/payments/report";
import { KZ_VAT_2026, splitVat, dateOfDay } from "../../src/payments/vat";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

/**
 * The pilot's retail story end to end: a QR payment at a restaurant that converts to non-cash, a Visa card
 * purchase online, cash at the bank's ATM, a wholesale purchase between VAT payers, an exporter's VAT refund
 * paid within the fortnight, and the tax authority's report — with the supply and every balance reconciled.
 */
describe("Pilot day: retail and business payments (integration)", () => {
  it("runs the day and every tiyn is accounted for", async () => {
    const f = await loadFixture(paymentsReady);
    const supply0 = await f.ledger.totalSupply();
    const { vat: vat580, net: net580 } = splitVat(tenge(5_800), KZ_VAT_2026.STANDARD);

    // 1. Alice scans the restaurant's QR code and pays; the restaurant converts its net to non-cash at bank A.
    const dinner = await signedInvoice(f, f.shop, tenge(5_800));
    const payload = encodeEmvQr({
      invoice: dinner.invoice,
      signature: dinner.signature,
      chainId: BigInt(f.domain.chainId ?? 0),
      contract: await f.payments.getAddress(),
      mcc: MCC.RESTAURANT,
      merchantName: "DASTARKHAN",
      city: "ALMATY",
    });
    const scanned = decodeEmvQr(payload);
    await expect(f.payments.connect(f.alice).payInvoice(scanned.invoice, scanned.signature ?? "0x"))
      .to.emit(f.ledger, "RedeemedToNonCash")
      .withArgs(f.shop.address, f.bankA.address, net580, ref("cust-restaurant"));

    // 2. Bob's Visa card (bank A) buys groceries online through the card processor, under his mandate.
    await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, f.agent.address, 0);
    const card = ethers.id("bank-a-salt|bob-visa");
    await f.cards.connect(f.bankA).linkCard(card, f.bob.address, 1, tenge(20_000));
    await f.cards.connect(f.bob).grantMandate(card, f.agent.address, tenge(10_000), tenge(15_000));
    const groceries = await signedInvoice(f, f.merchant, tenge(2_320));
    await f.cards.connect(f.agent).chargeCard(card, groceries.invoice, groceries.signature, 1);

    // 3. Bob takes 3 000 ₸ cash at bank A's ATM: redeemed (burned) at bank A.
    await f.cards.connect(f.bankA).withdrawCash(card, tenge(3_000), ref("ATM-ABAY-12"));

    // 4. The grocery buys wholesale from the supplier: VAT marked to the supplier.
    const wholesale = await signedInvoice(f, f.supplier, tenge(116_000));
    await f.payments.connect(f.merchant).payInvoiceAsBusiness(wholesale.invoice, wholesale.signature);
    // 5. The exporter buys inputs from the supplier too (8 000 ₸ marked input VAT) and claims it back.
    const inputs = await signedInvoice(f, f.supplier, tenge(58_000));
    await f.payments.connect(f.exporter).payInvoiceAsBusiness(inputs.invoice, inputs.signature);
    await f.payments.connect(f.exporter).claimVatRefund(tenge(8_000), ref("EXPORT-2026-001"));
    // The supplier pays its VAT for the period from its marked balance.
    await f.payments.connect(f.supplier).payVatFromMarked(tenge(24_000), ref("2026-11"));

    // Twelve days later the State Revenue Committee approves the exporter's refund: paid from the budget.
    const day0 = Number(await f.payments.turnoverDay());
    await time.increase(12 * 86_400);
    await expect(f.payments.connect(f.taxAuthority).payVatRefund(1n))
      .to.emit(f.payments, "VatRefundPaid")
      .withArgs(1n, f.exporter.address, f.budget.address, tenge(8_000), 12n);

    // Reconciliation: supply fell by exactly what was redeemed (restaurant's net, ATM cash).
    expect(await f.ledger.totalSupply()).to.equal(supply0 - net580 - tenge(3_000));
    // The budget holds the B2C VAT (dinner, groceries) and the supplier's VAT payment, less the refund.
    const { vat: vat232 } = splitVat(tenge(2_320), KZ_VAT_2026.STANDARD);
    expect(await f.ledger.balanceOf(f.budget.address)).to.equal(vat580 + vat232 + tenge(24_000) - tenge(8_000));
    // The circuit holds exactly the marked balances: supplier 16 000 + 8 000 − 24 000 paid = 0.
    expect(await f.payments.markedVatOf(f.supplier.address)).to.equal(0n);
    expect(await f.ledger.balanceOf(await f.payments.getAddress())).to.equal(await f.payments.totalMarkedVat());

    // The report for the day: VAT to the budget per merchant, marked VAT per supplier.
    const report = await vatReport(f.payments, { period: "day", fromDay: day0, toDay: day0 });
    const byMerchant = Object.fromEntries(report.rows.map((r) => [r.merchant, r]));
    expect(byMerchant[f.shop.address].vatToBudget).to.equal(vat580);
    expect(byMerchant[f.merchant.address].vatToBudget).to.equal(vat232);
    expect(byMerchant[f.supplier.address].vatMarked).to.equal(tenge(24_000));
    expect(report.rows.every((r) => r.period === dateOfDay(day0))).to.equal(true);
    expect(report.markedVatPaid).to.deep.equal([
      { business: f.supplier.address, period: dateOfDay(day0), amount: tenge(24_000) },
    ]);
  });
});
