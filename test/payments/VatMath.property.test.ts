import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { VatMathHarness } from "../../typechain-types";
import { vatOf, share, BPS } from "../../src/payments/vat";

async function harness(): Promise<{ math: VatMathHarness }> {
  const math = await (await ethers.getContractFactory("VatMathHarness")).deploy();
  return { math };
}

const MAX_AMOUNT = 2n ** 96n - 1n; // the ledger's largest balance, in tiyn
const gross = fc.bigInt({ min: 0n, max: MAX_AMOUNT });
const smallGross = fc.bigInt({ min: 1n, max: 10n ** 12n });
const rate = fc.integer({ min: 0, max: 10_000 });
const RUNS = { numRuns: 200 };

describe("VatMath (properties)", () => {
  describe("vatOf / split", () => {
    it("splits any amount at any rate into vat + net == gross exactly", async () => {
      const { math } = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(gross, rate, async (g, r) => {
          const [vat, net] = await math.split(g, r);
          expect(vat + net).to.equal(g);
          expect(vat).to.be.lte(g);
        }),
        RUNS,
      );
    });

    it("is round_half_up(gross × rate / (10 000 + rate)): within half a tiyn, ties up", async () => {
      const { math } = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(gross, rate, async (g, r) => {
          const vat = await math.vatOf(g, r);
          const d = BPS + BigInt(r);
          // vat = floor(x + 1/2) with x = g r / d  <=>  (2 vat - 1) d <= 2 g r < (2 vat + 1) d
          expect((2n * vat - 1n) * d <= 2n * g * BigInt(r)).to.equal(true);
          expect(2n * g * BigInt(r) < (2n * vat + 1n) * d).to.equal(true);
          expect(vat).to.equal(vatOf(g, r));
        }),
        RUNS,
      );
    });

    it("rounds an exact half up (gross 29 at 16%: 4.0 → 4; gross 21 at 5%: 1.0 → 1; 10.5 tiyn → 11)", async () => {
      const { math } = await loadFixture(harness);
      expect(await math.vatOf(29n, 1600)).to.equal(4n); // 29 × 1600 / 11600 = 4.0
      expect(await math.vatOf(21n, 500)).to.equal(1n); // 21 × 500 / 10500 = 1.0
      expect(await math.vatOf(21n, 10_000)).to.equal(11n); // 21 / 2 = 10.5 → 11
      expect(await math.vatOf(3n, 10_000)).to.equal(2n); // 1.5 → 2
      expect(await math.vatOf(1160n, 1600)).to.equal(160n);
      expect(await math.vatOf(1n, 1600)).to.equal(0n);
    });

    it("charges no VAT at rate 0 and half (rounded up) at 100%", async () => {
      const { math } = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(gross, async (g) => {
          expect(await math.vatOf(g, 0)).to.equal(0n);
          expect(await math.vatOf(g, 10_000)).to.equal((g + 1n) / 2n);
        }),
        { numRuns: 50 },
      );
    });
  });

  describe("share (the VAT part of refunds)", () => {
    it("the VAT parts of any sequence of partial refunds add up to the invoice's VAT, each at most its refund", async () => {
      const { math } = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(
          smallGross,
          rate,
          fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 }),
          async (g, r, weights) => {
            const vat = await math.vatOf(g, r);
            // cut g into refunds proportional to the weights, the last taking the rest
            const sum = BigInt(weights.reduce((a, b) => a + b, 0));
            const refunds: bigint[] = [];
            let left = g;
            for (let i = 0; i < weights.length; i++) {
              const part = i === weights.length - 1 ? left : (g * BigInt(weights[i])) / sum;
              refunds.push(part);
              left -= part;
            }
            let refunded = 0n;
            let reversed = 0n;
            for (const amount of refunds) {
              const part = (await math.share(vat, refunded + amount, g)) - (await math.share(vat, refunded, g));
              expect(part >= 0n && part <= amount).to.equal(true);
              expect(part).to.equal(share(vat, refunded + amount, g) - share(vat, refunded, g));
              refunded += amount;
              reversed += part;
            }
            expect(refunded).to.equal(g);
            expect(reversed).to.equal(vat);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
