import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, type ContractTransactionResponse } from "ethers";
import { ledgerState } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { crossBorderFixture, yuan, type CrossBorderFixture } from "./fixtures";
import { FreezeState } from "../../src/tiers";
import { DAY, SweepMode, UTC8, at, endOfDayRule, giveSweepMandate, goToLocal, mandatedSweep } from "./helpers";

async function rejected(
  f: CrossBorderFixture,
  action: () => Promise<ContractTransactionResponse>,
  assertion: (p: Promise<ContractTransactionResponse>) => Promise<void>,
) {
  const accounts = [f.bankA, f.bankB, f.cnBank, f.fxFacility];
  const read = async () => ({
    foreign: await ledgerState(f.foreignLedger, accounts),
    rule: (await f.sweep.sweepRule()).toString(),
    mandates: await Promise.all(accounts.map((a) => f.sweep.hasMandate(a))),
  });
  const before = await read();
  await assertion(action());
  expect(await read()).to.deep.equal(before, "a rejected call changed the ledger or the sweep");
}

/** The central bank switches the rule to TransferToDestination: all of it to the FX facility, nothing kept. */
async function sweepAllToFxFacility(f: CrossBorderFixture): Promise<void> {
  await f.sweep.connect(f.foreignCentralBank).setSweepRule(
    endOfDayRule({
      mode: SweepMode.TransferToDestination,
      destination: f.fxFacility.address,
      overnightAllowance: 0n,
    }),
  );
}

describe("ForeignCbdcSweep", () => {
  describe("when the rule is off (the default)", () => {
    it("reverts with SweepRuleDisabled: banks keep their foreign CBDC overnight", async () => {
      const f = await loadFixture(crossBorderFixture);
      await giveSweepMandate(f, f.bankA);
      expect((await f.sweep.sweepRule()).enabled).to.equal(false);
      await rejected(
        f,
        () => f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address]),
        (p) => expect(p).to.be.revertedWithCustomError(f.sweep, "SweepRuleDisabled"),
      );
    });
  });

  describe("when the central bank sets the rule", () => {
    it("records it and emits old and new", async () => {
      const f = await loadFixture(crossBorderFixture);
      const old = await f.sweep.sweepRule();
      await expect(f.sweep.connect(f.foreignCentralBank).setSweepRule(endOfDayRule()))
        .to.emit(f.sweep, "SweepRuleSet")
        .withArgs(
          [
            old.destination,
            old.overnightAllowance,
            old.enabled,
            old.mode,
            old.utcOffset,
            old.windowStart,
            old.windowEnd,
          ],
          Object.values(endOfDayRule()),
        );
      expect((await f.sweep.sweepRule()).overnightAllowance).to.equal(yuan(10_000));
    });

    it("reverts with SweepWindowInvalid for an empty window or times of a day or more", async () => {
      const f = await loadFixture(crossBorderFixture);
      for (const bad of [
        endOfDayRule({ windowEnd: at(23) }),
        endOfDayRule({ windowEnd: DAY }),
        endOfDayRule({ utcOffset: DAY }),
      ]) {
        await rejected(
          f,
          () => f.sweep.connect(f.foreignCentralBank).setSweepRule(bad),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.sweep, "SweepWindowInvalid")
              .withArgs(bad.utcOffset, bad.windowStart, bad.windowEnd),
        );
      }
    });

    it("reverts with SweepDestinationMissing for a transfer without a destination", async () => {
      const f = await loadFixture(crossBorderFixture);
      await rejected(
        f,
        () =>
          f.sweep.connect(f.foreignCentralBank).setSweepRule(endOfDayRule({ mode: SweepMode.TransferToDestination })),
        (p) => expect(p).to.be.revertedWithCustomError(f.sweep, "SweepDestinationMissing"),
      );
    });

    it("reverts with AccessManagedUnauthorized for anyone but the foreign central bank (the NBK included)", async () => {
      const f = await loadFixture(crossBorderFixture);
      for (const caller of [f.centralBank, f.foreignOperator, f.sweepKeeper]) {
        await rejected(
          f,
          () => f.sweep.connect(caller).setSweepRule(endOfDayRule()),
          (p) => expect(p).to.be.revertedWithCustomError(f.sweep, "AccessManagedUnauthorized").withArgs(caller.address),
        );
      }
    });
  });

  describe("when the keeper sweeps inside the window", () => {
    it("redeems each mandated bank's balance above the allowance at its correspondent, and passes over the others", async () => {
      const f = await mandatedSweep();
      const supply = await f.foreignLedger.totalSupply();
      const redeemed = (await f.foreignLedger.bankOf(f.cnBank)).redeemed;
      await goToLocal(at(23, 30));
      const tx = f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address, f.bankB.address, f.fxFacility.address]);
      await expect(tx).to.changeTokenBalances(f.foreignLedger, [f.bankA, f.bankB], [-yuan(40_000), 0]);
      const day = BigInt(Math.floor(((await time.latest()) + UTC8) / DAY));
      await expect(tx).to.emit(f.sweep, "Swept").withArgs(f.bankA.address, ZeroAddress, yuan(40_000), day);
      await expect(tx)
        .to.emit(f.foreignLedger, "RedeemedToNonCash")
        .withArgs(f.bankA.address, f.cnBank.address, yuan(40_000), ref("FOREIGN-BANK"));
      expect(await f.foreignLedger.totalSupply()).to.equal(supply - yuan(40_000));
      expect((await f.foreignLedger.bankOf(f.cnBank)).redeemed).to.equal(redeemed + yuan(40_000));
    });

    it("transfers to the destination in TransferToDestination mode", async () => {
      const f = await mandatedSweep();
      await sweepAllToFxFacility(f);
      await goToLocal(at(23, 10));
      const tx = f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address]);
      await expect(tx).to.changeTokenBalances(f.foreignLedger, [f.bankA, f.fxFacility], [-yuan(50_000), yuan(50_000)]);
      await expect(tx)
        .to.emit(f.sweep, "Swept")
        .withArgs(f.bankA.address, f.fxFacility.address, yuan(50_000), anyDay());
    });

    it("skips an account the ledger refuses (frozen) with SweepSkipped, and still sweeps the rest of the batch", async () => {
      const f = await mandatedSweep();
      await f.foreignLedger.connect(f.cnBank).transfer(f.bankB.address, yuan(1));
      await giveSweepMandate(f, f.bankB);
      await f.foreignLedger
        .connect(f.foreignCompliance)
        .setFreezeState(f.bankA.address, FreezeState.Full, ref("order-cn-1"));
      await goToLocal(at(23, 30));
      const reason = f.foreignLedger.interface.encodeErrorResult("AccountFrozen", [f.bankA.address]);
      const tx = f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address, f.bankB.address]);
      await expect(tx).to.emit(f.sweep, "SweepSkipped").withArgs(f.bankA.address, reason);
      await expect(tx).to.changeTokenBalances(
        f.foreignLedger,
        [f.bankA, f.bankB],
        [0, -(yuan(200_001) - yuan(10_000))],
      );
    });

    it("skips with SweepSkipped when the destination is refused (frozen) in TransferToDestination mode, moving nothing", async () => {
      const f = await mandatedSweep();
      await sweepAllToFxFacility(f);
      await f.foreignLedger
        .connect(f.foreignCompliance)
        .setFreezeState(f.fxFacility.address, FreezeState.Full, ref("order-cn-2"));
      await goToLocal(at(23, 10));
      const before = await ledgerState(f.foreignLedger, [f.bankA, f.fxFacility]);
      const reason = f.foreignLedger.interface.encodeErrorResult("AccountFrozen", [f.fxFacility.address]);
      const tx = f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address]);
      await expect(tx).to.emit(f.sweep, "SweepSkipped").withArgs(f.bankA.address, reason);
      await expect(tx).to.not.emit(f.sweep, "Swept");
      expect(await ledgerState(f.foreignLedger, [f.bankA, f.fxFacility])).to.deep.equal(before);
    });

    it("never moves attached funds: only the free balance above the allowance", async () => {
      const f = await mandatedSweep();
      await f.foreignLedger.connect(f.foreignCompliance).attachFunds(f.bankA.address, yuan(30_000), ref("court-cn-2"));
      await goToLocal(at(23, 30));
      await expect(f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address])).to.changeTokenBalances(
        f.foreignLedger,
        [f.bankA],
        [-yuan(10_000)],
      );
    });

    it("works with a window that wraps past midnight", async () => {
      const f = await mandatedSweep();
      await f.sweep.connect(f.foreignCentralBank).setSweepRule(endOfDayRule({ windowStart: at(23), windowEnd: at(1) }));
      await goToLocal(at(0, 30));
      await expect(f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address])).to.changeTokenBalances(
        f.foreignLedger,
        [f.bankA],
        [-yuan(40_000)],
      );
      expect(await f.sweep.localTime()).to.deep.equal([BigInt(at(0, 30)), true]);
    });
  });

  describe("when the keeper sweeps wrongly", () => {
    it("reverts with OutsideSweepWindow outside the window", async () => {
      const f = await mandatedSweep();
      await goToLocal(at(12));
      await rejected(
        f,
        () => f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address]),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.sweep, "OutsideSweepWindow").withArgs(at(12), at(23), at(23, 50)),
      );
    });

    it("reverts with SweepBatchTooLarge above 100 accounts", async () => {
      const f = await mandatedSweep();
      await goToLocal(at(23, 30));
      const batch = Array.from({ length: 101 }, () => f.bankA.address);
      await rejected(
        f,
        () => f.sweep.connect(f.sweepKeeper).sweep(batch),
        (p) => expect(p).to.be.revertedWithCustomError(f.sweep, "SweepBatchTooLarge").withArgs(101, 100),
      );
    });

    it("reverts with AccessManagedUnauthorized for anyone but the keeper", async () => {
      const f = await mandatedSweep();
      await goToLocal(at(23, 30));
      await rejected(
        f,
        () => f.sweep.connect(f.foreignCentralBank).sweep([f.bankA.address]),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.sweep, "AccessManagedUnauthorized")
            .withArgs(f.foreignCentralBank.address),
      );
    });
  });

  describe("mandates", () => {
    it("are given by the bank itself and released only by the central bank", async () => {
      const f = await mandatedSweep();
      await expect(f.sweep.connect(f.stranger).acceptMandate())
        .to.be.revertedWithCustomError(f.sweep, "MandateAccountNotRegistered")
        .withArgs(f.stranger.address);
      await expect(f.sweep.connect(f.bankA).releaseMandate(f.bankA.address))
        .to.be.revertedWithCustomError(f.sweep, "AccessManagedUnauthorized")
        .withArgs(f.bankA.address);
      await expect(f.sweep.connect(f.foreignCentralBank).releaseMandate(f.bankA.address))
        .to.emit(f.sweep, "MandateReleased")
        .withArgs(f.bankA.address);
      expect(await f.sweep.hasMandate(f.bankA.address)).to.equal(false);
      await expect(f.sweep.connect(f.foreignCentralBank).releaseMandate(f.bankA.address))
        .to.be.revertedWithCustomError(f.sweep, "MandateNotGiven")
        .withArgs(f.bankA.address);
      await goToLocal(at(23, 30));
      await expect(f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address])).to.changeTokenBalances(
        f.foreignLedger,
        [f.bankA],
        [0],
      );
    });
  });
});

function anyDay() {
  return (value: bigint) => value > 0n;
}
