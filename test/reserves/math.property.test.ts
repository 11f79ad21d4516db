import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ReserveMathHarness__factory } from "../../typechain-types";

const BPS = 10_000n;
const UNITS_PER_GRAM = 1_000_000n;
const ceilDiv = (a: bigint, b: bigint) => (a === 0n ? 0n : (a - 1n) / b + 1n);

async function harness() {
  const [deployer] = await ethers.getSigners();
  return new ReserveMathHarness__factory(deployer).deploy();
}

const RUNS = { numRuns: 150 };
const tiyn = fc.bigInt({ min: 0n, max: 2n ** 96n - 1n });
const units = fc.bigInt({ min: 1n, max: 2n ** 80n });
const price = fc.bigInt({ min: 1n, max: 10n ** 12n });
const spread = fc.bigInt({ min: 0n, max: 1_000n });

describe("ReserveMath (properties)", () => {
  it("pays exactly the amount when fully backed and never more than the exact share when short", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(tiyn, tiyn, tiyn, async (a, b, c) => {
        const [amount, obligations] = a <= b ? [a, b] : [b, a];
        const available = c;
        const paid = await h.redemptionPayout(amount, available, obligations);
        if (available >= obligations) {
          expect(paid).to.equal(amount);
          return;
        }
        expect(paid).to.equal((amount * available) / obligations);
        // Rounding down never creates tenge: paid x obligations <= amount x available.
        expect(paid * obligations <= amount * available).to.equal(true);
        // The holders who stay keep at least their share: the ratio never falls.
        if (obligations > amount) {
          expect((available - paid) * obligations >= available * (obligations - amount)).to.equal(true);
        }
      }),
      RUNS,
    );
  });

  it("splitting a redemption gains at most the one tiyn its own rounding left behind, and never pays out more than the reserve", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(tiyn, tiyn, tiyn, tiyn, async (x1, x2, av, ob) => {
        const obligations = ob + x1 + x2 + 1n;
        const available = av % obligations; // short
        const first = await h.redemptionPayout(x1, available, obligations);
        const second = await h.redemptionPayout(x2, available - first, obligations - x1);
        const once = await h.redemptionPayout(x1 + x2, available, obligations);
        expect(first + second <= once + 1n).to.equal(true);
        expect(first + second <= available).to.equal(true);
      }),
      RUNS,
    );
  });

  it("computes the free reserve, ratio (rounded down) and surplus exactly", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(tiyn, tiyn, tiyn, async (reserve, attached, obligations) => {
        const free = await h.freeReserve(reserve, attached);
        expect(free).to.equal(reserve > attached ? reserve - attached : 0n);
        expect(await h.ratioBps(free, obligations)).to.equal(obligations === 0n ? BPS : (free * BPS) / obligations);
        expect(await h.surplus(free, obligations)).to.equal(free > obligations ? free - obligations : 0n);
      }),
      RUNS,
    );
  });
});

describe("GoldMath (properties)", () => {
  it("bounds a bar's fine weight by gross x fineness, rounded down, and maps mg to units exactly", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: 15_000_000n }),
        fc.bigInt({ min: 9_950n, max: 10_000n }),
        async (gross, fineness) => {
          const fine = await h.maxFineWeightMg(gross, fineness);
          expect(fine).to.equal((gross * fineness) / 10_000n);
          expect(fine <= gross).to.equal(true);
          expect(await h.unitsOfMg(fine)).to.equal(fine * 1_000n);
        },
      ),
      RUNS,
    );
  });

  it("charges buyers the exact price rounded up and pays sellers rounded down", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(units, price, spread, async (u, mid, s) => {
        const cost = await h.buyCost(u, mid, s);
        const proceeds = await h.sellProceeds(u, mid, s);
        const den = UNITS_PER_GRAM * BPS;
        expect(cost).to.equal(ceilDiv(u * mid * (BPS + s), den));
        expect(proceeds).to.equal((u * mid * (BPS - s)) / den);
        // Never below / above the exact amounts: no tenge or gold created by rounding.
        expect(cost * den >= u * mid * (BPS + s)).to.equal(true);
        expect(proceeds * den <= u * mid * (BPS - s)).to.equal(true);
        // A round trip never profits.
        expect(proceeds <= cost).to.equal(true);
      }),
      RUNS,
    );
  });

  it("never rewards splitting: buying in two parts costs at least as much, selling in two parts pays at most as much", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(units, units, price, spread, async (u1, u2, mid, s) => {
        const [c1, c2, c] = await Promise.all([
          h.buyCost(u1, mid, s),
          h.buyCost(u2, mid, s),
          h.buyCost(u1 + u2, mid, s),
        ]);
        expect(c1 + c2 >= c).to.equal(true);
        const [p1, p2, p] = await Promise.all([
          h.sellProceeds(u1, mid, s),
          h.sellProceeds(u2, mid, s),
          h.sellProceeds(u1 + u2, mid, s),
        ]);
        expect(p1 + p2 <= p).to.equal(true);
      }),
      RUNS,
    );
  });

  it("quotes ask rounded up and bid rounded down around the mid", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(price, spread, async (mid, s) => {
        const ask = await h.askPerGram(mid, s);
        const bid = await h.bidPerGram(mid, s);
        expect(ask).to.equal(ceilDiv(mid * (BPS + s), BPS));
        expect(bid).to.equal((mid * (BPS - s)) / BPS);
        expect(bid <= mid && mid <= ask).to.equal(true);
      }),
      RUNS,
    );
  });
});

describe("BridgeRateLimit (properties)", () => {
  const DAY = 86_400n;
  const limit = fc.bigInt({ min: 0n, max: 2n ** 128n - 1n });
  const seconds = fc.bigInt({ min: 0n, max: 2n ** 40n });

  it("refills linearly, rounded down, never above the limit, and is full a day after any state", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(limit, fc.bigInt({ min: 0n, max: 10n ** 18n }), seconds, seconds, async (l, b, t0, dt) => {
        const buffer = b > l ? l : b;
        const available = await h.bufferAvailable(buffer, t0, l, t0 + dt);
        const exact = buffer + (dt * l) / DAY;
        expect(available).to.equal(exact < l ? exact : l);
        expect(available >= buffer && available <= l).to.equal(true);
        const later = await h.bufferAvailable(buffer, t0, l, t0 + dt + 1n);
        expect(later >= available).to.equal(true, "never shrinks with time");
        expect(await h.bufferAvailable(buffer, t0, l, t0 + DAY)).to.equal(l);
      }),
      RUNS,
    );
  });

  it("resizes by the difference: a raise adds it, a cut takes it (down to 0), never above the new limit", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(limit, limit, fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), async (oldLimit, newLimit, c) => {
        const current = c > oldLimit ? oldLimit : c;
        const resized = await h.bufferResized(current, oldLimit, newLimit);
        const spent = oldLimit - current;
        expect(resized <= newLimit).to.equal(true);
        // What was spent stays spent (capped at the new limit).
        expect(newLimit - resized).to.equal(spent < newLimit ? spent : newLimit);
      }),
      RUNS,
    );
  });
});
