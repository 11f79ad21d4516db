import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import type { SignedCheque } from "../../src/offline";
import {
  alicePurse,
  expectHeldMatchesLedger,
  expectOfflineRejected,
  reasonsOf,
  redeemInBatch,
  type PurseFixture,
} from "./fixtures";

const LEGAL = "0x" + "11".repeat(32);

/**
 * In one batch: `first` (to the merchant, whose account compliance freezes for the batch) is judged first, so
 * `claimed` is rejected as a double spend with `claimReason` (loss claim 1, the purse frozen); then the ledger refuses
 * the merchant and `first` is given back (its serial unspent, its amount back in the purse).
 */
async function batchGivingBack(f: PurseFixture, first: SignedCheque, claimed: SignedCheque, claimReason: string) {
  await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.Full, LEGAL);
  const { outcomes } = await redeemInBatch(f, [first, claimed]);
  expect(reasonsOf(outcomes)).to.deep.equal([`AccountFrozen(${f.merchant.address})`, claimReason]);
  await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.None, LEGAL);
}

interface GivenBack extends PurseFixture {
  a: SignedCheque;
  b: SignedCheque;
}

/**
 * Alice's purse (20 000 ₸). One batch holds cheque A (serial 0, 1 000 ₸ to the merchant, whose account compliance
 * has frozen) and a different cheque B for the same serial (500 ₸ to bob). A is judged first and spends serial 0,
 * so B is rejected as a double spend: loss claim 1 for bob, the purse frozen. Then the ledger refuses the frozen
 * merchant: A is given back, serial 0 is unspent again. The merchant is unfrozen afterwards.
 */
async function claimAfterGiveBack(): Promise<GivenBack> {
  const f = await loadFixture(alicePurse);
  const a = f.pay(f.merchant.address, tenge(1_000), 0);
  const b = f.pay(f.bob.address, tenge(500), 0);
  await batchGivingBack(f, a, b, `ChequeDoubleSpent(${f.device.address},0,1)`);
  expect(await f.offline.serialFingerprint(f.device.address, 0)).to.equal(0n);
  return { ...f, a, b };
}

describe("OfflinePurses: a loss claim and its own cheque never both pay", () => {
  describe("when a batch records a claim for a cheque that can still pay (the serial's first cheque given back)", () => {
    it("pays the claimed cheque later once; its bank's cover is then refused with LossClaimChequeRedeemed", async () => {
      const f = await loadFixture(claimAfterGiveBack);
      await expect(f.offline.redeem(f.b)).to.changeTokenBalances(
        f.ledger,
        [f.bob, f.offlineAddress],
        [tenge(500), -tenge(500)],
      );
      await expectOfflineRejected(
        f,
        [f.bankA, f.bob],
        [f.device.address],
        () => f.offline.connect(f.bankA).coverLossClaim(1),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "LossClaimChequeRedeemed").withArgs(1),
      );
      expect((await f.offline.lossClaim(1)).covered).to.equal(false);
      await expectHeldMatchesLedger(f, [f.device.address]);
    });

    it("refuses the claimed cheque with ChequeLossCovered once the bank covered the claim: bob is paid once", async () => {
      const f = await loadFixture(claimAfterGiveBack);
      await expect(f.offline.connect(f.bankA).coverLossClaim(1)).to.changeTokenBalances(
        f.ledger,
        [f.bankA, f.bob],
        [-tenge(500), tenge(500)],
      );
      await expectOfflineRejected(
        f,
        [f.bob, f.bankA],
        [f.device.address],
        () => f.offline.redeem(f.b),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ChequeLossCovered").withArgs(f.device.address, 0, 1),
      );
      // In a batch the same cheque is reported, not paid; the given-back cheque A then pays its serial.
      const { outcomes } = await redeemInBatch(f, [f.b, f.a]);
      expect(reasonsOf(outcomes)).to.deep.equal([`ChequeLossCovered(${f.device.address},0,1)`, undefined]);
      await expectHeldMatchesLedger(f, [f.device.address]);
      // The bank's recourse: what is left in the frozen purse once it no longer settles.
      const { settleBy, balance } = await f.offline.purseOf(f.device.address);
      await time.increaseTo(settleBy + 1n);
      await expect(f.offline.connect(f.bankA).sweepFrozenPurse(f.device.address)).to.changeTokenBalances(
        f.ledger,
        [f.bankA, f.bob],
        [balance, 0n],
      );
    });

    it("pays the claimed cheque in a later batch too, and the claim is void", async () => {
      const f = await loadFixture(claimAfterGiveBack);
      const { outcomes } = await redeemInBatch(f, [f.b]);
      expect(reasonsOf(outcomes)).to.deep.equal([undefined]);
      await expect(f.offline.connect(f.bankA).coverLossClaim(1))
        .to.be.revertedWithCustomError(f.offline, "LossClaimChequeRedeemed")
        .withArgs(1);
    });
  });

  describe("when a batch records an overspend claim and the cheque it overspent behind is given back", () => {
    it("pays the claimed cheque later from the restored balance, once; the cover is refused", async () => {
      const f = await loadFixture(alicePurse);
      const big = f.pay(f.merchant.address, tenge(19_900), 0);
      const small = f.pay(f.bob.address, tenge(300), 1);
      await batchGivingBack(f, big, small, `ChequeOverspent(${f.device.address},1,${tenge(100)},1)`);
      await expect(f.offline.redeem(small)).to.changeTokenBalances(f.ledger, [f.bob], [tenge(300)]);
      await expect(f.offline.connect(f.bankA).coverLossClaim(1))
        .to.be.revertedWithCustomError(f.offline, "LossClaimChequeRedeemed")
        .withArgs(1);
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });
});

describe("OfflinePurses: a cheque payable to the offline module itself", () => {
  describe("when it is redeemed alone", () => {
    it("reverts with ChequePayeeIsModule; the purse, totalHeld and the module's balance are unchanged", async () => {
      const f = await loadFixture(alicePurse);
      const cheque = f.pay(f.offlineAddress, tenge(1_000), 0);
      await expectOfflineRejected(
        f,
        [f.alice],
        [f.device.address],
        () => f.offline.redeem(cheque),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ChequePayeeIsModule").withArgs(f.device.address, 0),
      );
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });

  describe("when it is in a batch", () => {
    it("is reported with ChequePayeeIsModule and the other cheques pay; the module holds what the purses hold", async () => {
      const f = await loadFixture(alicePurse);
      const { outcomes } = await redeemInBatch(f, [
        f.pay(f.offlineAddress, tenge(1_000), 0),
        f.pay(f.merchant.address, tenge(700), 1),
      ]);
      expect(reasonsOf(outcomes)).to.deep.equal([`ChequePayeeIsModule(${f.device.address},0)`, undefined]);
      expect((await f.offline.purseOf(f.device.address)).balance).to.equal(tenge(19_300));
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });

  describe("when it is the unpaid cheque of a double-spend report", () => {
    it("reverts with ChequePayeeIsModule: no loss claim could pay the module", async () => {
      const f = await loadFixture(alicePurse);
      const settled = f.pay(f.merchant.address, tenge(1_000), 0);
      await f.offline.redeem(settled);
      const unpaid = f.pay(f.offlineAddress, tenge(500), 0);
      await expectOfflineRejected(
        f,
        [f.merchant],
        [f.device.address],
        () => f.offline.reportDoubleSpend(settled, unpaid),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ChequePayeeIsModule").withArgs(f.device.address, 0),
      );
    });
  });
});
