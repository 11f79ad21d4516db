import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { GOLD_MID, goldStocked, type GoldIds, type ReservesFixture } from "./fixtures";
import { expectReservesRejected } from "./helpers";

// One stolen price-feed key: the reviewed attack published 1 tiyn a gram and sold 1 099.89 g for 11.06 ₸. Now a
// feed publication stays within MAX_PRICE_MOVE_BPS of the anchor (the price in force when the day's band window
// opened); beyond it, only the central bank's overridePrice (a delayed role) moves the price.

const MAX_MOVE_BPS = 500n;
const DAY = 24 * 60 * 60;
const UNITS_PER_GRAM = 1_000_000n;

/** The price `bps` basis points from `mid`, rounded toward `mid` (so it stays inside the band). */
function moved(mid: bigint, bps: bigint): bigint {
  return bps >= 0n ? (mid * (10_000n + bps)) / 10_000n : (mid * (10_000n + bps) + 9_999n) / 10_000n;
}

type Desk = ReservesFixture & GoldIds;

/** Publish `mid` as of the next block's time. */
async function publish(f: Desk, mid: bigint) {
  const at = (await time.latest()) + 1;
  await time.setNextBlockTimestamp(at);
  return f.desk.connect(f.priceFeed).publishPrice(mid, at);
}

describe("GoldDesk: the price feed's band", () => {
  it("anchors the band at the first price and reports it", async () => {
    const f = await loadFixture(goldStocked);
    const [anchor] = await f.desk.priceAnchor();
    expect(anchor).to.equal(GOLD_MID);
    expect(await f.desk.MAX_PRICE_MOVE_BPS()).to.equal(MAX_MOVE_BPS);
    expect(await f.desk.ANCHOR_PERIOD()).to.equal(BigInt(DAY));
  });

  describe("when a stolen feed key publishes 1 tiyn a gram (the reviewed attack)", () => {
    it("reverts with PriceMoveTooLarge and the price, inventory and treasury stay", async () => {
      const f = await loadFixture(goldStocked);
      await expectReservesRejected(
        f,
        [f.treasury],
        () => publish(f, 1n),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.desk, "PriceMoveTooLarge").withArgs(GOLD_MID, 1n, MAX_MOVE_BPS),
      );
    });
  });

  describe("when it publishes the largest price there is", () => {
    it("reverts with PriceMoveTooLarge: the treasury's buy-back allowance is not drained", async () => {
      const f = await loadFixture(goldStocked);
      await expectReservesRejected(
        f,
        [f.treasury],
        () => publish(f, 10n ** 12n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.desk, "PriceMoveTooLarge")
            .withArgs(GOLD_MID, 10n ** 12n, MAX_MOVE_BPS),
      );
    });
  });

  describe("within the band", () => {
    it("accepts a move of exactly 5 % either way, and refuses one tiyn more", async () => {
      const f = await loadFixture(goldStocked);
      const up = moved(GOLD_MID, MAX_MOVE_BPS);
      await expect(publish(f, up)).to.emit(f.desk, "PricePublished");
      await expectReservesRejected(
        f,
        [],
        () => publish(f, up + 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.desk, "PriceMoveTooLarge")
            .withArgs(GOLD_MID, up + 1n, MAX_MOVE_BPS),
      );
      const down = moved(GOLD_MID, -MAX_MOVE_BPS);
      await expect(publish(f, down)).to.emit(f.desk, "PricePublished");
      await expectReservesRejected(
        f,
        [],
        () => publish(f, down - 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.desk, "PriceMoveTooLarge")
            .withArgs(GOLD_MID, down - 1n, MAX_MOVE_BPS),
      );
    });
  });

  describe("when the feed steps 5 % at a time within one day", () => {
    it("refuses the second step: the anchor does not follow the feed inside the window", async () => {
      const f = await loadFixture(goldStocked);
      const first = moved(GOLD_MID, -MAX_MOVE_BPS);
      await publish(f, first);
      const second = moved(first, -MAX_MOVE_BPS);
      await expectReservesRejected(
        f,
        [],
        () => publish(f, second),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.desk, "PriceMoveTooLarge").withArgs(GOLD_MID, second, MAX_MOVE_BPS),
      );
    });

    it("rolls the anchor to the price in force a day later, and the next step is then inside the band", async () => {
      const f = await loadFixture(goldStocked);
      const first = moved(GOLD_MID, -MAX_MOVE_BPS);
      await publish(f, first);
      await time.increase(DAY);
      const second = moved(first, -MAX_MOVE_BPS);
      const tx = publish(f, second);
      await expect(tx)
        .to.emit(f.desk, "PriceAnchorSet")
        .withArgs(GOLD_MID, first, await time.latest().then((t) => t + 1));
      await expect(tx).to.emit(f.desk, "PricePublished");
      expect((await f.desk.priceAnchor())[0]).to.equal(first);
    });
  });

  describe("when a publication is already stale when it arrives", () => {
    it("reverts with PriceStale", async () => {
      const f = await loadFixture(goldStocked);
      const maxAge = await f.desk.maxPriceAge();
      await time.increase(maxAge + 10n);
      const now = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(now);
      const at = now - maxAge - 1n;
      await expectReservesRejected(
        f,
        [],
        () => f.desk.connect(f.priceFeed).publishPrice(GOLD_MID, at),
        (p) => expect(p).to.be.revertedWithCustomError(f.desk, "PriceStale").withArgs(at, maxAge, now),
      );
    });
  });

  describe("overridePrice (the central bank, beyond the band)", () => {
    it("sets any price in range and anchors the band there", async () => {
      const f = await loadFixture(goldStocked);
      const at = await time.latest();
      await time.setNextBlockTimestamp(at + 1); // the anchor's time is the block's: not the machine's speed
      const tx = f.desk.connect(f.centralBank).overridePrice(100_000n, at);
      await expect(tx).to.emit(f.desk, "PricePublished").withArgs(GOLD_MID, 100_000n, at);
      await expect(tx)
        .to.emit(f.desk, "PriceAnchorSet")
        .withArgs(GOLD_MID, 100_000n, at + 1);
      expect((await f.desk.quote()).midPerGram).to.equal(100_000n);
      await expect(publish(f, 105_000n)).to.emit(f.desk, "PricePublished");
      await expect(publish(f, 105_001n))
        .to.be.revertedWithCustomError(f.desk, "PriceMoveTooLarge")
        .withArgs(100_000n, 105_001n, MAX_MOVE_BPS);
    });

    describe("when the caller is the price feed", () => {
      it("reverts with AccessManagedUnauthorized: one key never moves the price beyond the band", async () => {
        const f = await loadFixture(goldStocked);
        const at = await time.latest();
        await expectReservesRejected(
          f,
          [],
          () => f.desk.connect(f.priceFeed).overridePrice(1n, at),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.desk, "AccessManagedUnauthorized").withArgs(f.priceFeed.address),
        );
      });
    });
  });

  describe("the worst one stolen feed key can do in one band window", () => {
    it("takes at most 4.525 % of the inventory sold plus 8.6145 % of the buy-back paid (spread 50 bps)", async () => {
      const f = await loadFixture(goldStocked);
      const units = 100n * UNITS_PER_GRAM;
      const fair = (u: bigint) => (u * GOLD_MID) / UNITS_PER_GRAM;
      // The thief's accomplice buys at the band's floor and sells back at its ceiling, the same day.
      await publish(f, moved(GOLD_MID, -MAX_MOVE_BPS));
      const paidIn = await f.desk.quoteBuy(units);
      await f.desk.connect(f.merchant).buy(units, paidIn);
      await publish(f, moved(GOLD_MID, MAX_MOVE_BPS));
      const paidOut = await f.desk.quoteSell(units);
      await f.desk.connect(f.merchant).sell(units, paidOut);
      const loss = fair(units) - paidIn + (paidOut - fair(units));
      // alpha x value out + gamma x DKZT paid out, the rates in units of 10^-7 for exactness.
      const bound = (fair(units) * 452_500n + paidOut * 861_450n) / 10n ** 7n;
      expect(loss).to.be.greaterThan(0n);
      expect(loss).to.be.at.most(bound);
    });
  });
});
