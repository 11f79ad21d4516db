import { expect } from "chai";
import { ethers } from "hardhat";
import { ZeroAddress, type ContractTransactionReceipt, type ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import {
  DEFAULT_OFFLINE_LIMITS,
  PurseStatus,
  encodeBatch,
  outcomesOf,
  signCheque,
  type RedemptionOutcome,
  type SignedCheque,
} from "../../src/offline";
import {
  alicePurse,
  deviceKey,
  now,
  openPurse,
  expectHeldMatchesLedger,
  expectOfflineRejected,
  offlineReady,
  type OfflineFixture,
  type PurseFixture,
} from "./fixtures";

// Paths of the offline purses the main suites do not reach: a zero ledger at deployment, closing a purse with
// nothing left in it, serials beyond the fingerprint slots, and a batch whose refused payee shares the batch with
// a cheque already rejected in judging.

async function send(f: OfflineFixture, signed: SignedCheque[]): Promise<RedemptionOutcome[]> {
  const batch = encodeBatch(signed);
  const receipt: ContractTransactionReceipt = (await (
    await f.offline.connect(f.agent).redeemBatch(batch.purses, batch.payees, batch.cheques)
  ).wait())!;
  return outcomesOf(receipt, f.offline);
}

function reasons(outcomes: RedemptionOutcome[]): (string | undefined)[] {
  return outcomes.map((o) => (o.paid ? undefined : `${o.reason!.name}(${o.reason!.args.map(String).join(",")})`));
}

/** Alice's purse (20 000 ₸) spent to the last tiyn by one cheque to the merchant. */
async function spentPurse(): Promise<PurseFixture> {
  const f = await alicePurse();
  await f.offline.redeem(f.pay(f.merchant.address, tenge(20_000), 0));
  return f;
}

/**
 * After the purse's settlement window, `by` ends the empty purse with `end`: it emits `event` (purse, `by`, 0),
 * moves no DKZT, and leaves the purse Closed with the held total matching the ledger.
 */
async function expectClosedEmpty(
  f: PurseFixture,
  by: HardhatEthersSigner,
  event: "PurseReclaimed" | "FrozenPurseSwept",
  end: () => Promise<ContractTransactionResponse>,
): Promise<void> {
  const { settleBy } = await f.offline.purseOf(f.device.address);
  await time.increaseTo(settleBy + 1n);
  const tx = end();
  await expect(tx).to.emit(f.offline, event).withArgs(f.device.address, by.address, 0n);
  await expect(tx).not.to.emit(f.ledger, "Transfer");
  await expect(tx).to.changeTokenBalances(f.ledger, [by, f.offlineAddress], [0n, 0n]);
  expect((await f.offline.purseOf(f.device.address)).status).to.equal(PurseStatus.Closed);
  await expectHeldMatchesLedger(f, [f.device.address]);
}

describe("OfflinePurses edges", () => {
  describe("when deployed with a zero ledger", () => {
    it("reverts with ZeroAddress", async () => {
      const f = await loadFixture(offlineReady);
      const factory = await ethers.getContractFactory("OfflinePurses");
      await expect(
        factory.deploy(await f.manager.getAddress(), ZeroAddress, DEFAULT_OFFLINE_LIMITS),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });
  });

  describe("when the owner reclaims a purse spent to the last tiyn", () => {
    it("closes it, reports 0 reclaimed and moves no money", async () => {
      const f = await loadFixture(spentPurse);
      await f.offline.connect(f.alice).closePurse(f.device.address);
      await expectClosedEmpty(f, f.alice, "PurseReclaimed", () => f.offline.connect(f.alice).reclaim(f.device.address));
    });
  });

  describe("when the bank sweeps a frozen purse with nothing left", () => {
    it("closes it, reports 0 swept and moves no money", async () => {
      const f = await loadFixture(spentPurse);
      // A second cheque on an empty purse: an overspend, which freezes it.
      await f.offline.redeem(f.pay(f.bob.address, tenge(500), 1));
      const view = await f.offline.purseOf(f.device.address);
      expect(view.status).to.equal(PurseStatus.Frozen);
      expect(view.balance).to.equal(0n);
      await expectClosedEmpty(f, f.bankA, "FrozenPurseSwept", () =>
        f.offline.connect(f.bankA).sweepFrozenPurse(f.device.address),
      );
    });
  });

  describe("serials at or beyond MAX_PAYMENTS", () => {
    it("have no fingerprint, even on a purse whose every slot is spent", async () => {
      const f = await loadFixture(alicePurse);
      const max = Number(await f.offline.MAX_PAYMENTS());
      for (let serial = 0; serial < max; serial++) {
        await f.offline.redeem(f.pay(f.merchant.address, tenge(100), serial));
        expect(await f.offline.serialFingerprint(f.device.address, serial)).not.to.equal(0n);
      }
      for (const serial of [max, max + 1, 255]) {
        expect(await f.offline.serialFingerprint(f.device.address, serial)).to.equal(0n);
      }
    });

    it("cannot prove a double spend: two cheques with serial MAX_PAYMENTS revert with DoubleSpendNotProven", async () => {
      const f = await loadFixture(alicePurse);
      const serial = Number(await f.offline.MAX_PAYMENTS());
      const settled = f.pay(f.merchant.address, tenge(1_000), serial);
      const unpaid = f.pay(f.bob.address, tenge(500), serial);
      await expectOfflineRejected(
        f,
        [f.bob, f.merchant],
        [f.device.address],
        () => f.offline.reportDoubleSpend(settled, unpaid),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.offline, "DoubleSpendNotProven").withArgs(f.device.address, serial),
      );
    });

    it("cannot prove a double spend beyond the certificate's own maxPayments either", async () => {
      const f = await loadFixture(offlineReady);
      const device = deviceKey("three");
      await openPurse(f, f.alice, f.bankA, device, tenge(1_000), { maxPayments: 3 });
      const expiry = (await now()) + 86_400n;
      const pay = (payee: string, amount: bigint) =>
        signCheque(f.domain, device, { purse: device.address, payee, amount, serial: 3, expiry });
      const settled = pay(f.merchant.address, tenge(10));
      const unpaid = pay(f.bob.address, tenge(20));
      await expectOfflineRejected(
        f,
        [f.bob, f.merchant],
        [device.address],
        () => f.offline.reportDoubleSpend(settled, unpaid),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "DoubleSpendNotProven").withArgs(device.address, 3),
      );
    });
  });

  describe("when the ledger refuses a payee in a batch that also holds a cheque rejected in judging", () => {
    it("gives back only the refused payee's cheque and keeps the other cheque's own reason", async () => {
      const f = await loadFixture(alicePurse);
      await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.Full, ethers.ZeroHash);
      const before = await f.offline.purseOf(f.device.address);
      const held = await f.offline.totalHeld();
      const outcomes = await send(f, [
        f.pay(f.merchant.address, tenge(1_000), 0), // good cheque, frozen payee
        f.pay(f.bob.address, 0n, 1), // zero amount: rejected in judging
        f.pay(f.bob.address, tenge(300), 2), // good cheque, good payee
      ]);
      expect(reasons(outcomes)).to.deep.equal([
        `AccountFrozen(${f.merchant.address})`,
        `ChequeAmountZero(${f.device.address},1)`,
        undefined,
      ]);
      const after = await f.offline.purseOf(f.device.address);
      // Only bob's 300 ₸ left the purse: the merchant's 1 000 ₸ came back once, the empty cheque took nothing.
      expect(after.balance).to.equal(before.balance - tenge(300));
      expect(await f.offline.serialFingerprint(f.device.address, 0)).to.equal(0n);
      expect(await f.offline.serialFingerprint(f.device.address, 1)).to.equal(0n);
      expect(await f.offline.serialFingerprint(f.device.address, 2)).not.to.equal(0n);
      expect(await f.offline.totalHeld()).to.equal(held - tenge(300));
      expect(await f.ledger.balanceOf(f.merchant.address)).to.equal(0n);
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });
});
