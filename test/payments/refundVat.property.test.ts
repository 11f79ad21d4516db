import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { paymentsReady, signedInvoice } from "./fixtures";
import { KZ_VAT_2026, VatCategory, refundVatPart, splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";
import { ref } from "../helpers/fixtures";
import { setPaymentMandates } from "../../src/payments/suite";

/**
 * paymentsReady, with a budget that holds plenty, a merchant line larger than any VAT below, and a business-tier
 * customer of bank A (`payer`) funded for every run and shrink of the property.
 */
async function budgetPaysBack() {
  const f = await paymentsReady();
  const payer = f.spare[12];
  await f.ledger.connect(f.bankA).onboardCustomer(payer.address, AccountKind.Individual, Tier.BUSINESS, ref("cust-p"));
  await setPaymentMandates(f, f.bankA, [payer]);
  await f.ledger.connect(f.bankA).transfer(payer.address, tenge(300_000));
  await f.payments.connect(f.taxAuthority).setVatRefundLine(f.merchant.address, tenge(10_000_000));
  await f.ledger.connect(f.bankB).transfer(f.budget.address, tenge(20_000));
  return { ...f, payer };
}

const CATEGORIES = [
  { vatCategory: VatCategory.STANDARD, vatRateBps: KZ_VAT_2026.STANDARD },
  { vatCategory: VatCategory.REDUCED_LOW, vatRateBps: KZ_VAT_2026.REDUCED_LOW },
  { vatCategory: VatCategory.REDUCED_HIGH, vatRateBps: KZ_VAT_2026.REDUCED_HIGH },
];

describe("MerchantPayments: B2C refund VAT paid back by the budget (properties, on-chain) @plain", () => {
  it("over any sequence of partial refunds the budget never pays back more than the invoice's VAT, each refund pays the payer exactly its amount, and a full refund returns the gross with exactly the VAT from the budget", async () => {
    const f = await loadFixture(budgetPaysBack);
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: tenge(2_000) }),
        fc.constantFrom(...CATEGORIES),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (gross, category, weights, full) => {
          const { invoice, signature } = await signedInvoice(f, f.merchant, gross, category);
          await f.payments.connect(f.payer).payInvoice(invoice, signature);
          const { vat } = splitVat(gross, category.vatRateBps);
          // Cut the gross (or, when not `full`, a part of it) into refunds proportional to the weights.
          const total = full ? gross : (gross * BigInt(weights[0])) / 1_001n;
          const sum = BigInt(weights.reduce((a, b) => a + b, 0));
          const refunds: bigint[] = [];
          let cut = 0n;
          for (const [i, w] of weights.entries()) {
            const part = i === weights.length - 1 ? total - cut : (total * BigInt(w)) / sum;
            cut += part;
            if (part > 0n) refunds.push(part);
          }
          const [budget0, alice0, merchant0, line0] = await Promise.all([
            f.ledger.balanceOf(f.budget),
            f.ledger.balanceOf(f.payer),
            f.ledger.balanceOf(f.merchant),
            f.payments.vatRefundLineOf(f.merchant.address),
          ]);
          let refunded = 0n;
          let fromBudget = 0n;
          for (const amount of refunds) {
            const part = refundVatPart(vat, refunded, amount, gross);
            expect(part).to.be.lte(amount);
            const alice = await f.ledger.balanceOf(f.payer);
            await f.payments.connect(f.merchant).refund(invoice, signature, f.payer.address, amount, ref("p"));
            expect((await f.ledger.balanceOf(f.payer)) - alice).to.equal(amount);
            refunded += amount;
            fromBudget += part;
            expect(fromBudget).to.be.lte(vat);
          }
          const [budget1, alice1, merchant1, line1] = await Promise.all([
            f.ledger.balanceOf(f.budget),
            f.ledger.balanceOf(f.payer),
            f.ledger.balanceOf(f.merchant),
            f.payments.vatRefundLineOf(f.merchant.address),
          ]);
          expect(budget0 - budget1).to.equal(fromBudget);
          expect(merchant0 - merchant1).to.equal(refunded - fromBudget);
          expect(alice1 - alice0).to.equal(refunded);
          expect(line0 - line1).to.equal(fromBudget);
          if (full) {
            expect(refunded).to.equal(gross);
            expect(fromBudget).to.equal(vat);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
