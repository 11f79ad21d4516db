import { expect } from "chai";
import { MaxUint256 } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { BAR_100G, goldStocked, ref } from "./fixtures";
import { expectReservesRejected } from "./helpers";

// Gold follows the ledger's wallet recovery: a recovered (closed) address can never move gold itself, and
// followRecovery moves all of it to the address the ledger recovered it to (LedgerAccounts.current).

const BAR_UNITS = BAR_100G.fine * 1_000n;
const TEN_GRAMS = 10_000_000n;

/** The merchant holds the 100 g bar's fine weight, alice 10 g; then bank A recovers both wallets. */
async function recoveredHolders() {
  const f = await goldStocked();
  await f.desk.connect(f.merchant).buy(BAR_UNITS, await f.desk.quoteBuy(BAR_UNITS));
  await f.desk.connect(f.alice).buy(TEN_GRAMS, await f.desk.quoteBuy(TEN_GRAMS));
  const [merchantNew, aliceNew, aliceNewer] = f.spare;
  await f.ledger.connect(f.bankA).recoverAccount(f.merchant.address, merchantNew.address);
  await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, aliceNew.address);
  return { ...f, merchantNew, aliceNew, aliceNewer };
}

describe("GoldToken: gold follows wallet recovery", () => {
  describe("when a recovered wallet tries to move its own gold", () => {
    it("reverts with HolderNotRegistered (the ledger closed it) and nothing moves", async () => {
      const f = await loadFixture(recoveredHolders);
      await expectReservesRejected(
        f,
        [f.alice, f.aliceNew],
        () => f.gold.connect(f.alice).transfer(f.aliceNew.address, 1n),
        (attempt) =>
          expect(attempt).to.be.revertedWithCustomError(f.gold, "HolderNotRegistered").withArgs(f.alice.address),
      );
    });
  });

  describe("followRecovery", () => {
    it("moves the whole balance to the replacement, called by anyone", async () => {
      const { gold, stranger, alice, aliceNew } = await loadFixture(recoveredHolders);
      const tx = gold.connect(stranger).followRecovery(alice.address);
      await expect(tx).to.emit(gold, "RecoveryFollowed").withArgs(alice.address, aliceNew.address, TEN_GRAMS);
      await expect(tx).to.changeTokenBalances(gold, [alice, aliceNew], [-TEN_GRAMS, TEN_GRAMS]);
    });

    it("lets the replacement sell at the desk", async () => {
      const { gold, desk, ledger, treasury, alice, aliceNew } = await loadFixture(recoveredHolders);
      await gold.followRecovery(alice.address);
      await gold.connect(aliceNew).approve(await desk.getAddress(), MaxUint256);
      const proceeds = await desk.quoteSell(TEN_GRAMS);
      const tx = desk.connect(aliceNew).sell(TEN_GRAMS, proceeds);
      await expect(tx)
        .to.emit(desk, "GoldSold")
        .withArgs(aliceNew.address, TEN_GRAMS, proceeds, await desk.quote().then((q) => q.midPerGram));
      await expect(tx).to.changeTokenBalances(ledger, [treasury, aliceNew], [-proceeds, proceeds]);
      expect(await gold.balanceOf(aliceNew.address)).to.equal(0n);
    });

    it("lets the replacement redeem a bar", async () => {
      const { gold, merchant, merchantNew, bar100Id } = await loadFixture(recoveredHolders);
      await gold.followRecovery(merchant.address);
      await expect(gold.connect(merchantNew).redeemBar(bar100Id, ref("PICKUP-1")))
        .to.emit(gold, "BarReleased")
        .withArgs(bar100Id, merchantNew.address, BAR_UNITS, ref("PICKUP-1"));
      expect(await gold.balanceOf(merchantNew.address)).to.equal(0n);
    });

    it("follows a chain of recoveries to the live address", async () => {
      const { gold, ledger, bankA, alice, aliceNew, aliceNewer } = await loadFixture(recoveredHolders);
      await ledger.connect(bankA).recoverAccount(aliceNew.address, aliceNewer.address);
      await expect(gold.followRecovery(alice.address))
        .to.emit(gold, "RecoveryFollowed")
        .withArgs(alice.address, aliceNewer.address, TEN_GRAMS);
      expect(await gold.balanceOf(aliceNewer.address)).to.equal(TEN_GRAMS);
    });

    describe("when the address was never recovered", () => {
      it("reverts with HolderNotRecovered and nothing moves", async () => {
        const f = await loadFixture(recoveredHolders);
        await expectReservesRejected(
          f,
          [f.bob],
          () => f.gold.followRecovery(f.bob.address),
          (attempt) =>
            expect(attempt).to.be.revertedWithCustomError(f.gold, "HolderNotRecovered").withArgs(f.bob.address),
        );
      });
    });

    describe("when the recovered address holds no gold (already followed)", () => {
      it("reverts with RecoveredBalanceEmpty and nothing moves", async () => {
        const f = await loadFixture(recoveredHolders);
        await f.gold.followRecovery(f.alice.address);
        await expectReservesRejected(
          f,
          [f.alice, f.aliceNew],
          () => f.gold.followRecovery(f.alice.address),
          (attempt) =>
            expect(attempt).to.be.revertedWithCustomError(f.gold, "RecoveredBalanceEmpty").withArgs(f.alice.address),
        );
      });
    });

    describe("when the gold token is paused", () => {
      it("reverts with EnforcedPause and nothing moves", async () => {
        const f = await loadFixture(recoveredHolders);
        await f.gold.connect(f.operator).pause();
        await expectReservesRejected(
          f,
          [f.alice, f.aliceNew],
          () => f.gold.followRecovery(f.alice.address),
          (attempt) => expect(attempt).to.be.revertedWithCustomError(f.gold, "EnforcedPause"),
        );
      });
    });
  });
});
