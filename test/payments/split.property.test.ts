import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { paymentsReady, signedInvoice } from "./fixtures";
import { KZ_VAT_2026, VatCategory, vatOf, type VatCategoryName } from "../../src/payments/vat";
import { tenge } from "../../src/money";

const CATEGORIES = Object.keys(VatCategory) as VatCategoryName[];

describe("MerchantPayments: the VAT split on the ledger (properties)", () => {
  it("moves exactly the gross from the payer: VAT (the stated rule) to the budget, the rest to the merchant; no tiyn created or lost", async () => {
    const f = await loadFixture(paymentsReady);
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: tenge(2_000) }),
        fc.constantFrom(...CATEGORIES),
        async (gross, category) => {
          const rate = KZ_VAT_2026[category];
          const { invoice, signature } = await signedInvoice(f, f.merchant, gross, {
            vatCategory: VatCategory[category],
            vatRateBps: rate,
          });
          const accounts = [f.alice, f.merchant, f.budget];
          const before = await Promise.all(accounts.map((a) => f.ledger.balanceOf(a.address)));
          const supply = await f.ledger.totalSupply();
          await f.payments.connect(f.alice).payInvoice(invoice, signature);
          const after = await Promise.all(accounts.map((a) => f.ledger.balanceOf(a.address)));
          const vat = vatOf(gross, rate);
          expect(before[0] - after[0]).to.equal(gross);
          expect(after[2] - before[2]).to.equal(vat);
          expect(after[1] - before[1]).to.equal(gross - vat);
          expect(await f.ledger.totalSupply()).to.equal(supply);
          // The stated rule: vat = round_half_up(gross × rate / (10 000 + rate)).
          const d = 10_000n + BigInt(rate);
          expect(
            (2n * vat - 1n) * d <= 2n * gross * BigInt(rate) && 2n * gross * BigInt(rate) < (2n * vat + 1n) * d,
          ).to.equal(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("burns exactly the net for a converting merchant and pays exactly the VAT", async () => {
    const f = await loadFixture(paymentsReady);
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 1n, max: tenge(4_000) }), async (gross) => {
        const { invoice, signature } = await signedInvoice(f, f.shop, gross);
        const supply = await f.ledger.totalSupply();
        const budget = await f.ledger.balanceOf(f.budget.address);
        await f.payments.connect(f.alice).payInvoice(invoice, signature);
        const vat = vatOf(gross, KZ_VAT_2026.STANDARD);
        expect(await f.ledger.totalSupply()).to.equal(supply - (gross - vat));
        expect(await f.ledger.balanceOf(f.budget.address)).to.equal(budget + vat);
        expect(await f.ledger.balanceOf(f.shop.address)).to.equal(0n);
      }),
      { numRuns: 20 },
    );
  });
});
