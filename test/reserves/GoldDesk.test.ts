import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { GOLD_MID, GOLD_SPREAD_BPS, goldStocked } from "./fixtures";
import { expectReservesRejected } from "./helpers";
import { tenge } from "../../src/money";
import { RESERVE_DEFAULTS } from "../../src/reserves";

const BPS = 10_000n;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const buyCost = (units: bigint, mid = GOLD_MID, spread = GOLD_SPREAD_BPS) =>
  ceilDiv(units * mid * (BPS + spread), 1_000_000n * BPS);
const sellProceeds = (units: bigint, mid = GOLD_MID, spread = GOLD_SPREAD_BPS) =>
  (units * mid * (BPS - spread)) / (1_000_000n * BPS);

describe("GoldDesk", () => {
  it("quotes the published mid with the spread on each side, ask rounded up and bid down", async () => {
    const { desk } = await loadFixture(goldStocked);
    const q = await desk.quote();
    expect(q.midPerGram).to.equal(GOLD_MID);
    expect(q.askPerGram).to.equal(ceilDiv(GOLD_MID * (BPS + GOLD_SPREAD_BPS), BPS));
    expect(q.bidPerGram).to.equal((GOLD_MID * (BPS - GOLD_SPREAD_BPS)) / BPS);
    expect(q.stale).to.equal(false);
    expect(await desk.maxPriceAge()).to.equal(BigInt(RESERVE_DEFAULTS.goldMaxPriceAge));
  });

  describe("buy", () => {
    it("takes ceil(units x ask) tiyn from the buyer to the treasury and gives the gold", async () => {
      const { desk, gold, ledger, alice, treasury } = await loadFixture(goldStocked);
      const units = 2_500_001n; // 2.500001 g
      const cost = buyCost(units);
      const tx = desk.connect(alice).buy(units, cost);
      await expect(tx).to.emit(desk, "GoldBought").withArgs(alice.address, units, cost, GOLD_MID);
      await expect(tx).to.changeTokenBalances(ledger, [alice, treasury], [-cost, cost]);
      await expect(tx).to.changeTokenBalances(gold, [desk, alice], [-units, units]);
    });

    it("charges the smallest unit rounded up (4.34 tiyn -> 5): rounding never gives gold away", async () => {
      const { desk, ledger, alice } = await loadFixture(goldStocked);
      expect(buyCost(1n)).to.equal(5n);
      await expect(desk.connect(alice).buy(1n, 5n)).to.changeTokenBalance(ledger, alice, -5n);
    });

    describe("when the cost is above the buyer's limit", () => {
      it("reverts with CostAboveLimit", async () => {
        const f = await loadFixture(goldStocked);
        const cost = buyCost(1_000_000n);
        await expectReservesRejected(
          f,
          [f.alice, f.treasury],
          () => f.desk.connect(f.alice).buy(1_000_000n, cost - 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.desk, "CostAboveLimit")
              .withArgs(cost, cost - 1n),
        );
      });
    });

    describe("when the price is stale", () => {
      it("reverts with PriceStale", async () => {
        const f = await loadFixture(goldStocked);
        const published = (await f.desk.quote()).publishedAt;
        await time.increase(RESERVE_DEFAULTS.goldMaxPriceAge + 1);
        const now = BigInt(await time.latest()) + 1n;
        await time.setNextBlockTimestamp(now);
        await expectReservesRejected(
          f,
          [f.alice, f.treasury],
          () => f.desk.connect(f.alice).buy(1n, 10n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.desk, "PriceStale")
              .withArgs(published, RESERVE_DEFAULTS.goldMaxPriceAge, now),
        );
      });
    });

    describe("when the desk holds less gold than asked", () => {
      it("reverts with the gold token's ERC20InsufficientBalance", async () => {
        const f = await loadFixture(goldStocked);
        const inventory = await f.desk.inventory();
        const deskAddress = await f.desk.getAddress();
        await f.ledger.connect(f.bankA).transfer(f.merchant.address, tenge(1));
        await expectReservesRejected(
          f,
          [f.merchant, f.treasury],
          () => f.desk.connect(f.merchant).buy(inventory + 1n, tenge(100_000_000)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.gold, "ERC20InsufficientBalance")
              .withArgs(deskAddress, inventory, inventory + 1n),
        );
      });
    });

    describe("when the buyer has no DKZT account", () => {
      it("reverts with the ledger's ModuleNotMandated: without an account it cannot even mandate the desk", async () => {
        const f = await loadFixture(goldStocked);
        const deskAddress = await f.desk.getAddress();
        await expectReservesRejected(
          f,
          [f.trader, f.treasury],
          () => f.desk.connect(f.trader).buy(1_000n, tenge(100)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated")
              .withArgs(deskAddress, f.trader.address),
        );
      });
    });

    describe("when the amount is zero", () => {
      it("reverts with ZeroAmount", async () => {
        const f = await loadFixture(goldStocked);
        await expectReservesRejected(
          f,
          [f.alice],
          () => f.desk.connect(f.alice).buy(0n, 0n),
          (p) => expect(p).to.be.revertedWithCustomError(f.desk, "ZeroAmount"),
        );
      });
    });
  });

  describe("sell", () => {
    async function aliceHoldsGold() {
      const f = await goldStocked();
      await f.desk.connect(f.alice).buy(10_000_000n, buyCost(10_000_000n));
      return f;
    }

    it("pays floor(units x bid) tiyn from the treasury's allowance and takes the gold back", async () => {
      const { desk, gold, ledger, alice, treasury } = await loadFixture(aliceHoldsGold);
      const units = 3_333_333n;
      const proceeds = sellProceeds(units);
      const tx = desk.connect(alice).sell(units, proceeds);
      await expect(tx).to.emit(desk, "GoldSold").withArgs(alice.address, units, proceeds, GOLD_MID);
      await expect(tx).to.changeTokenBalances(ledger, [treasury, alice], [-proceeds, proceeds]);
      await expect(tx).to.changeTokenBalances(gold, [alice, desk], [-units, units]);
      expect(proceeds).to.be.lessThan(buyCost(units));
    });

    describe("when the sale would pay nothing", () => {
      it("reverts with ProceedsBelowLimit even with no limit", async () => {
        const f = await loadFixture(aliceHoldsGold);
        // At 1 000 ₸ a gram one microgram is worth 0.0995 tiyn at the bid: floor gives 0. A move that large is
        // the central bank's (beyond the feed's band).
        await f.desk.connect(f.centralBank).overridePrice(100_000n, await time.latest());
        await expectReservesRejected(
          f,
          [f.alice, f.treasury],
          () => f.desk.connect(f.alice).sell(1n, 0n),
          (p) => expect(p).to.be.revertedWithCustomError(f.desk, "ProceedsBelowLimit").withArgs(0n, 0n),
        );
      });
    });

    describe("when the proceeds are below the seller's limit", () => {
      it("reverts with ProceedsBelowLimit", async () => {
        const f = await loadFixture(aliceHoldsGold);
        const proceeds = sellProceeds(1_000_000n);
        await expectReservesRejected(
          f,
          [f.alice, f.treasury],
          () => f.desk.connect(f.alice).sell(1_000_000n, proceeds + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.desk, "ProceedsBelowLimit")
              .withArgs(proceeds, proceeds + 1n),
        );
      });
    });

    describe("when the treasury's buy-back allowance is spent", () => {
      it("reverts with the ledger's ERC20InsufficientAllowance", async () => {
        const f = await loadFixture(aliceHoldsGold);
        const deskAddress = await f.desk.getAddress();
        await f.ledger.connect(f.treasury).approve(deskAddress, 1n);
        const proceeds = sellProceeds(1_000_000n);
        await expectReservesRejected(
          f,
          [f.alice, f.treasury],
          () => f.desk.connect(f.alice).sell(1_000_000n, 0n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientAllowance")
              .withArgs(deskAddress, 1n, proceeds),
        );
      });
    });
  });

  describe("publishPrice", () => {
    it("updates the mid price with the central bank's timestamp", async () => {
      const { desk, priceFeed } = await loadFixture(goldStocked);
      const at = await time.latest();
      await time.increase(10);
      await expect(desk.connect(priceFeed).publishPrice(4_400_000n, at + 5))
        .to.emit(desk, "PricePublished")
        .withArgs(GOLD_MID, 4_400_000n, at + 5);
    });

    const cases: [
      string,
      string,
      (now: bigint, last: bigint) => [bigint, bigint],
      (now: bigint, last: bigint) => unknown[],
    ][] = [
      ["the price is zero", "PriceOutOfRange", (now) => [0n, now], () => [0n, 10n ** 12n]],
      [
        "the price is above the bound",
        "PriceOutOfRange",
        (now) => [10n ** 12n + 1n, now],
        () => [10n ** 12n + 1n, 10n ** 12n],
      ],
      ["the timestamp is not newer", "PriceNotNewer", (_now, last) => [GOLD_MID, last], (_now, last) => [last, last]],
      [
        "the timestamp is in the future",
        "PriceFromFuture",
        (now) => [GOLD_MID, now + 100n],
        (now) => [now + 100n, now],
      ],
    ];
    for (const [condition, error, input, args] of cases) {
      describe(`when ${condition}`, () => {
        it(`reverts with ${error}`, async () => {
          const f = await loadFixture(goldStocked);
          const last = (await f.desk.quote()).publishedAt;
          const now = BigInt(await time.latest()) + 1n;
          await time.setNextBlockTimestamp(now);
          const [price, at] = input(now, last);
          await expectReservesRejected(
            f,
            [],
            () => f.desk.connect(f.priceFeed).publishPrice(price, at),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.desk, error)
                .withArgs(...args(now, last)),
          );
        });
      });
    }

    describe("when the caller is not the price feed", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const f = await loadFixture(goldStocked);
        await expectReservesRejected(
          f,
          [],
          () => f.desk.connect(f.custodian).publishPrice(1n, 1n),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.desk, "AccessManagedUnauthorized").withArgs(f.custodian.address),
        );
      });
    });
  });

  describe("central bank settings", () => {
    it("sets the spread, staleness bound and treasury, emitting old -> new", async () => {
      const { desk, centralBank, treasury, court } = await loadFixture(goldStocked);
      await expect(desk.connect(centralBank).setSpread(100n))
        .to.emit(desk, "SpreadSet")
        .withArgs(GOLD_SPREAD_BPS, 100n);
      await expect(desk.connect(centralBank).setMaxPriceAge(3_600n))
        .to.emit(desk, "MaxPriceAgeSet")
        .withArgs(RESERVE_DEFAULTS.goldMaxPriceAge, 3_600n);
      await expect(desk.connect(centralBank).setTreasury(court.address))
        .to.emit(desk, "TreasurySet")
        .withArgs(treasury.address, court.address);
    });

    const bounds: [string, string, (f: Awaited<ReturnType<typeof goldStocked>>) => Promise<unknown>, unknown[]][] = [
      [
        "the spread is above 10 %",
        "SpreadTooWide",
        (f) => f.desk.connect(f.centralBank).setSpread(1_001n),
        [1_001n, 1_000n],
      ],
      [
        "the staleness bound is zero",
        "PriceAgeOutOfRange",
        (f) => f.desk.connect(f.centralBank).setMaxPriceAge(0n),
        [0n, 7n * 86_400n],
      ],
      [
        "the staleness bound is above 7 days",
        "PriceAgeOutOfRange",
        (f) => f.desk.connect(f.centralBank).setMaxPriceAge(7n * 86_400n + 1n),
        [7n * 86_400n + 1n, 7n * 86_400n],
      ],
      [
        "the treasury is the zero address",
        "ZeroAddress",
        (f) => f.desk.connect(f.centralBank).setTreasury(ZeroAddress),
        [],
      ],
    ];
    for (const [condition, error, call, args] of bounds) {
      describe(`when ${condition}`, () => {
        it(`reverts with ${error}`, async () => {
          const f = await loadFixture(goldStocked);
          await expectReservesRejected(
            f,
            [],
            () => call(f),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.desk, error)
                .withArgs(...args),
          );
        });
      });
    }

    describe("when the caller is not the central bank", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const f = await loadFixture(goldStocked);
        await expectReservesRejected(
          f,
          [],
          () => f.desk.connect(f.priceFeed).setSpread(0n),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.desk, "AccessManagedUnauthorized").withArgs(f.priceFeed.address),
        );
      });
    });
  });
});
