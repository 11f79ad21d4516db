import { expect } from "chai";
import {
  AbiCoder,
  Signature,
  ZeroAddress,
  concat,
  getBytes,
  keccak256,
  recoverAddress,
  TypedDataEncoder,
} from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import {
  CHEQUE_TYPES,
  PurseStatus,
  chequeDigest,
  fingerprintOf,
  signCheque,
  type Cheque,
  type SignedCheque,
} from "../../src/offline";
import type { OfflinePurses } from "../../typechain-types";
import {
  GRACE,
  alicePurse,
  deviceKey,
  expectHeldMatchesLedger,
  expectOfflineRejected,
  now,
  type PurseFixture,
} from "./fixtures";

const LEGAL = "0x" + "11".repeat(32);

/** A signed cheque as the contract's SignedCheque tuple, for event assertions. */
function tuple(s: SignedCheque): unknown[] {
  const c = s.cheque;
  return [[c.purse, c.payee, c.amount, c.serial, c.expiry], s.r, s.vs];
}

function reason(offline: OfflinePurses, name: string, args: unknown[]): string {
  return offline.interface.encodeErrorResult(name, args);
}

/** A paid cheque A (serial 0, 1 000 ₸ to the merchant) and a different cheque B with the same serial (500 ₸ to bob). */
async function duplicateSerial(): Promise<PurseFixture & { a: SignedCheque; b: SignedCheque }> {
  const f = await alicePurse();
  const a = f.pay(f.merchant.address, tenge(1_000), 0);
  await f.offline.redeem(a);
  const b = f.pay(f.bob.address, tenge(500), 0);
  return { ...f, a, b };
}

describe("OfflinePurses: redemption", () => {
  describe("redeem", () => {
    it("pays the payee from the purse through the ledger, and spends the serial", async () => {
      const f = await loadFixture(alicePurse);
      const cheque = f.pay(f.merchant.address, tenge(1_500), 0);
      const digest = chequeDigest(f.domain, cheque.cheque);
      expect(await f.offline.hashCheque(cheque.cheque)).to.equal(digest);
      expect(await f.offline.redeem.staticCall(cheque)).to.equal(true);

      const tx = f.offline.connect(f.stranger).redeem(cheque); // anyone may redeem for the payee
      await expect(tx).to.changeTokenBalances(f.ledger, [f.merchant, f.offlineAddress], [tenge(1_500), -tenge(1_500)]);
      await expect(tx)
        .to.emit(f.offline, "ChequeRedeemed")
        .withArgs(f.device.address, f.merchant.address, 0, tenge(1_500), digest);
      const view = await f.offline.purseOf(f.device.address);
      expect(view.balance).to.equal(tenge(18_500));
      expect(view.settledPayments).to.equal(1n);
      expect(await f.offline.serialFingerprint(f.device.address, 0)).to.equal(fingerprintOf(digest));
      await expectHeldMatchesLedger(f, [f.device.address]);
    });

    it("pays up to exactly the purse's balance", async () => {
      const f = await loadFixture(alicePurse);
      await f.offline.redeem(f.pay(f.merchant.address, tenge(20_000), 0));
      expect((await f.offline.purseOf(f.device.address)).balance).to.equal(0n);
      expect((await f.offline.purseOf(f.device.address)).status).to.equal(PurseStatus.Active);
    });

    describe("when the cheque is not signed by the purse's device key", () => {
      it("reverts with ChequeSignatureInvalid naming the key that signed", async () => {
        const f = await loadFixture(alicePurse);
        const thief = deviceKey("thief");
        const forged = signCheque(f.domain, thief, { ...f.pay(f.merchant.address, tenge(1), 0).cheque });
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(forged),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "ChequeSignatureInvalid")
              .withArgs(f.device.address, thief.address),
        );
      });

      it("reverts with ChequeSignatureInvalid when the amount was changed after signing", async () => {
        const f = await loadFixture(alicePurse);
        const signed = f.pay(f.merchant.address, tenge(1), 0);
        const tampered = { ...signed, cheque: { ...signed.cheque, amount: tenge(10_000) } };
        const recovered = recoverAddress(
          chequeDigest(f.domain, tampered.cheque),
          Signature.from({ r: signed.r, yParityAndS: signed.vs }),
        );
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(tampered),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "ChequeSignatureInvalid")
              .withArgs(f.device.address, recovered),
        );
      });

      it("reverts with ChequeSignatureInvalid naming the zero address for an empty signature", async () => {
        const f = await loadFixture(alicePurse);
        const signed = f.pay(f.merchant.address, tenge(1), 0);
        const zero = "0x" + "00".repeat(32);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem({ ...signed, r: zero, vs: zero }),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "ChequeSignatureInvalid")
              .withArgs(f.device.address, ZeroAddress),
        );
      });

      it("reverts with ChequeSignatureInvalid for a cheque signed for another chain or contract", async () => {
        const f = await loadFixture(alicePurse);
        for (const domain of [
          { ...f.domain, chainId: 1n },
          { ...f.domain, verifyingContract: f.stranger.address },
        ]) {
          const replayed = signCheque(domain, f.device, f.pay(f.merchant.address, tenge(1), 0).cheque);
          const recovered = recoverAddress(
            chequeDigest(f.domain, replayed.cheque),
            Signature.from({ r: replayed.r, yParityAndS: replayed.vs }),
          );
          await expectOfflineRejected(
            f,
            [f.merchant],
            [f.device.address],
            () => f.offline.redeem(replayed),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.offline, "ChequeSignatureInvalid")
                .withArgs(f.device.address, recovered),
          );
        }
      });
    });

    describe("when the purse is not registered", () => {
      it("reverts with PurseUnknown", async () => {
        const f = await loadFixture(alicePurse);
        const unknown = deviceKey("unregistered");
        const signed = signCheque(f.domain, unknown, {
          purse: unknown.address,
          payee: f.merchant.address,
          amount: tenge(1),
          serial: 0,
          expiry: (await now()) + 1000n,
        });
        await expectOfflineRejected(
          f,
          [f.merchant],
          [unknown.address],
          () => f.offline.redeem(signed),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "PurseUnknown").withArgs(unknown.address),
        );
      });
    });

    describe("when the cheque has expired", () => {
      it("reverts with ChequeExpired", async () => {
        const f = await loadFixture(alicePurse);
        const expiry = (await now()) + 100n;
        const signed = f.pay(f.merchant.address, tenge(1), 3, expiry);
        await time.increaseTo(expiry + 1n);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(signed),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.offline, "ChequeExpired").withArgs(f.device.address, 3, expiry),
        );
      });
    });

    describe("when the purse no longer settles", () => {
      it("reverts with PurseSettlementClosed", async () => {
        const f = await loadFixture(alicePurse);
        const { settleBy } = await f.offline.purseOf(f.device.address);
        const signed = f.pay(f.merchant.address, tenge(1), 0, settleBy + 100n);
        await time.increaseTo(settleBy + 1n);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(signed),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseSettlementClosed")
              .withArgs(f.device.address, settleBy),
        );
      });
    });

    describe("when the serial is beyond the purse's payments", () => {
      it("reverts with ChequeSerialOutOfRange", async () => {
        const f = await loadFixture(alicePurse);
        const signed = f.pay(f.merchant.address, tenge(1), 10);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(signed),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "ChequeSerialOutOfRange")
              .withArgs(f.device.address, 10, 10),
        );
      });
    });

    describe("when the cheque is for zero tiyn", () => {
      it("reverts with ChequeAmountZero", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(f.pay(f.merchant.address, 0n, 0)),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ChequeAmountZero").withArgs(f.device.address, 0),
        );
      });
    });

    describe("when the cheque pays the zero address", () => {
      it("reverts with ChequePayeeZero", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [],
          [f.device.address],
          () => f.offline.redeem(f.pay(ZeroAddress, tenge(1), 0)),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ChequePayeeZero").withArgs(f.device.address, 0),
        );
      });
    });

    describe("when the same cheque is presented again", () => {
      it("reverts with ChequeAlreadyRedeemed and freezes nothing", async () => {
        const f = await loadFixture(alicePurse);
        const signed = f.pay(f.merchant.address, tenge(1_000), 0);
        await f.offline.redeem(signed);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.connect(f.merchant).redeem(signed),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.offline, "ChequeAlreadyRedeemed").withArgs(f.device.address, 0),
        );
        expect((await f.offline.purseOf(f.device.address)).status).to.equal(PurseStatus.Active);
      });
    });

    describe("when the payee's account cannot receive", () => {
      it("reverts with the ledger's AccountFrozen, and the cheque pays once the payee is unfrozen", async () => {
        const f = await loadFixture(alicePurse);
        const signed = f.pay(f.merchant.address, tenge(1_000), 0);
        await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.Full, LEGAL);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(signed),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.merchant.address),
        );
        await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.None, LEGAL);
        await expect(f.offline.redeem(signed)).to.changeTokenBalance(f.ledger, f.merchant, tenge(1_000));
      });

      it("reverts with the ledger's AccountNotRegistered for a payee without an account", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [f.stranger],
          [f.device.address],
          () => f.offline.redeem(f.pay(f.stranger.address, tenge(1), 0)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountNotRegistered").withArgs(f.stranger.address),
        );
      });

      it("reverts with the ledger's HoldingLimitExceeded above the payee's holding limit", async () => {
        const f = await loadFixture(alicePurse);
        // Carol (anonymous-lite: 100 000 ₸ holding limit) already holds 99 000 ₸.
        await f.ledger.connect(f.bankB).transfer(f.carol.address, tenge(99_000));
        await expectOfflineRejected(
          f,
          [f.carol],
          [f.device.address],
          () => f.offline.redeem(f.pay(f.carol.address, tenge(2_000), 0)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "HoldingLimitExceeded")
              .withArgs(f.carol.address, tenge(100_000), tenge(101_000)),
        );
      });
    });

    describe("when the ledger is paused", () => {
      it("reverts with the ledger's LedgerPaused", async () => {
        const f = await loadFixture(alicePurse);
        await f.ledger.connect(f.operator).pause();
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(f.pay(f.merchant.address, tenge(1), 0)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "LedgerPaused"),
        );
      });
    });

    describe("when compliance has frozen the offline module", () => {
      it("reverts with the ledger's NotSystemModule", async () => {
        const f = await loadFixture(alicePurse);
        await f.ledger.connect(f.compliance).setFreezeState(f.offlineAddress, FreezeState.Full, LEGAL);
        await expectOfflineRejected(
          f,
          [f.merchant],
          [f.device.address],
          () => f.offline.redeem(f.pay(f.merchant.address, tenge(1), 0)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(f.offlineAddress),
        );
      });
    });
  });

  describe("double spending", () => {
    describe("when a different cheque spends a serial already spent", () => {
      it("rejects it without reverting, freezes the purse, emits the evidence and records a loss claim", async () => {
        const f = await loadFixture(duplicateSerial);
        const digestA = chequeDigest(f.domain, f.a.cheque);
        const digestB = chequeDigest(f.domain, f.b.cheque);
        expect(await f.offline.redeem.staticCall(f.b)).to.equal(false);
        const supply = await f.ledger.totalSupply();

        const tx = f.offline.connect(f.bob).redeem(f.b);
        await expect(tx).to.changeTokenBalances(f.ledger, [f.bob, f.offlineAddress], [0n, 0n]);
        const t = await now();
        await expect(tx)
          .to.emit(f.offline, "ChequeRejected")
          .withArgs(
            f.device.address,
            f.bob.address,
            0,
            tenge(500),
            digestB,
            reason(f.offline, "ChequeDoubleSpent", [f.device.address, 0, 1]),
          );
        await expect(tx)
          .to.emit(f.offline, "DuplicateSerialDetected")
          .withArgs(f.device.address, 1, 0, tuple(f.b), fingerprintOf(digestA));
        await expect(tx)
          .to.emit(f.offline, "LossClaimRecorded")
          .withArgs(1, f.bankA.address, f.bob.address, f.device.address, tenge(500), digestB);
        await expect(tx)
          .to.emit(f.offline, "PurseFrozen")
          .withArgs(f.device.address, 1, t + GRACE);

        const view = await f.offline.purseOf(f.device.address);
        expect(view.status).to.equal(PurseStatus.Frozen);
        expect(view.balance).to.equal(tenge(19_000));
        expect(view.settleBy).to.equal(t + GRACE);
        expect(await f.offline.serialFingerprint(f.device.address, 0)).to.equal(fingerprintOf(digestA));
        const claim = await f.offline.lossClaim(1);
        expect([
          claim.purse,
          claim.amount,
          claim.serial,
          claim.covered,
          claim.payee,
          claim.bank,
          claim.chequeDigest,
        ]).to.deep.equal([f.device.address, tenge(500), 0n, false, f.bob.address, f.bankA.address, digestB]);
        expect(await f.offline.lossClaimOfCheque(digestB)).to.equal(1n);
        expect(await f.ledger.totalSupply()).to.equal(supply);
        await expectHeldMatchesLedger(f, [f.device.address]);
      });

      it("reverts with ChequeAlreadyClaimed when the double-spent cheque is presented again", async () => {
        const f = await loadFixture(duplicateSerial);
        await f.offline.redeem(f.b);
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.redeem(f.b),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.offline, "ChequeAlreadyClaimed").withArgs(f.device.address, 0, 1),
        );
      });
    });

    describe("when a cheque asks more than the purse has left", () => {
      it("rejects it in full, freezes the purse and records a loss claim for its amount", async () => {
        const f = await loadFixture(alicePurse);
        await f.offline.redeem(f.pay(f.merchant.address, tenge(15_000), 0));
        const over = f.pay(f.bob.address, tenge(6_000), 1);
        const digest = chequeDigest(f.domain, over.cheque);
        const tx = f.offline.redeem(over);
        await expect(tx).to.changeTokenBalances(f.ledger, [f.bob, f.offlineAddress], [0n, 0n]);
        await expect(tx)
          .to.emit(f.offline, "OverspendDetected")
          .withArgs(f.device.address, 1, tuple(over), tenge(5_000));
        await expect(tx)
          .to.emit(f.offline, "ChequeRejected")
          .withArgs(
            f.device.address,
            f.bob.address,
            1,
            tenge(6_000),
            digest,
            reason(f.offline, "ChequeOverspent", [f.device.address, 1, tenge(5_000), 1]),
          );
        await expect(tx)
          .to.emit(f.offline, "LossClaimRecorded")
          .withArgs(1, f.bankA.address, f.bob.address, f.device.address, tenge(6_000), digest);
        const view = await f.offline.purseOf(f.device.address);
        expect(view.status).to.equal(PurseStatus.Frozen);
        expect(view.balance).to.equal(tenge(5_000));
        expect(await f.offline.serialFingerprint(f.device.address, 1)).to.equal(0n);
      });
    });

    describe("when the purse is frozen", () => {
      it("still pays fresh cheques within its balance until settleBy, records later double spends without a second freeze", async () => {
        const f = await loadFixture(duplicateSerial);
        await f.offline.redeem(f.b);
        const { settleBy } = await f.offline.purseOf(f.device.address);
        await expect(f.offline.redeem(f.pay(f.carol.address, tenge(4_000), 1))).to.changeTokenBalance(
          f.ledger,
          f.carol,
          tenge(4_000),
        );
        const again = f.pay(f.carol.address, tenge(10), 1);
        const tx = f.offline.redeem(again);
        await expect(tx)
          .to.emit(f.offline, "LossClaimRecorded")
          .withArgs(
            2,
            f.bankA.address,
            f.carol.address,
            f.device.address,
            tenge(10),
            chequeDigest(f.domain, again.cheque),
          );
        await expect(tx).not.to.emit(f.offline, "PurseFrozen");
        expect((await f.offline.purseOf(f.device.address)).settleBy).to.equal(settleBy);
        expect(await f.offline.lossClaimCount()).to.equal(2n);
      });

      it("keeps it from the owner: funding and reclaiming revert with PurseNotActive", async () => {
        const f = await loadFixture(duplicateSerial);
        await f.offline.redeem(f.b);
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).fund(f.device.address, tenge(1)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
              .withArgs(f.device.address, PurseStatus.Frozen),
        );
        await time.increase(GRACE + 1n);
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).reclaim(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
              .withArgs(f.device.address, PurseStatus.Frozen),
        );
      });
    });

    describe("sweepFrozenPurse", () => {
      it("gives the certifying bank what is left once the purse no longer settles, and closes it", async () => {
        const f = await loadFixture(duplicateSerial);
        await f.offline.redeem(f.b);
        const { settleBy } = await f.offline.purseOf(f.device.address);
        await expectOfflineRejected(
          f,
          [f.bankA],
          [f.device.address],
          () => f.offline.connect(f.bankA).sweepFrozenPurse(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseStillSettling")
              .withArgs(f.device.address, settleBy),
        );
        await time.increaseTo(settleBy + 1n);
        const tx = f.offline.connect(f.bankA).sweepFrozenPurse(f.device.address);
        await expect(tx)
          .to.emit(f.offline, "FrozenPurseSwept")
          .withArgs(f.device.address, f.bankA.address, tenge(19_000));
        await expect(tx).to.changeTokenBalances(f.ledger, [f.bankA, f.offlineAddress], [tenge(19_000), -tenge(19_000)]);
        expect((await f.offline.purseOf(f.device.address)).status).to.equal(PurseStatus.Closed);
        await expectHeldMatchesLedger(f, [f.device.address]);
        await expectOfflineRejected(
          f,
          [f.bankA],
          [f.device.address],
          () => f.offline.connect(f.bankA).sweepFrozenPurse(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
              .withArgs(f.device.address, PurseStatus.Closed),
        );
      });

      describe("when the purse is not frozen", () => {
        it("reverts with PurseNotFrozen", async () => {
          const f = await loadFixture(alicePurse);
          await time.increase(40n * 86400n + GRACE);
          await expectOfflineRejected(
            f,
            [f.bankA],
            [f.device.address],
            () => f.offline.connect(f.bankA).sweepFrozenPurse(f.device.address),
            (p) => expect(p).to.be.revertedWithCustomError(f.offline, "PurseNotFrozen").withArgs(f.device.address),
          );
        });
      });

      describe("when the caller is another bank or no bank", () => {
        it("reverts with NotPurseBank or AccessManagedUnauthorized", async () => {
          const f = await loadFixture(duplicateSerial);
          await f.offline.redeem(f.b);
          await time.increase(GRACE + 1n);
          await expectOfflineRejected(
            f,
            [f.bankB],
            [f.device.address],
            () => f.offline.connect(f.bankB).sweepFrozenPurse(f.device.address),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.offline, "NotPurseBank")
                .withArgs(f.device.address, f.bankB.address),
          );
          await expectOfflineRejected(
            f,
            [f.alice],
            [f.device.address],
            () => f.offline.connect(f.alice).sweepFrozenPurse(f.device.address),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.offline, "AccessManagedUnauthorized").withArgs(f.alice.address),
          );
        });
      });
    });

    describe("coverLossClaim", () => {
      it("has the certifying bank pay the payee from its own DKZT, once; no money is created", async () => {
        const f = await loadFixture(duplicateSerial);
        const supply = await f.ledger.totalSupply();
        await f.offline.redeem(f.b);
        const tx = f.offline.connect(f.bankA).coverLossClaim(1);
        await expect(tx).to.emit(f.offline, "LossClaimCovered").withArgs(1, f.bankA.address, f.bob.address, tenge(500));
        await expect(tx).to.changeTokenBalances(
          f.ledger,
          [f.bankA, f.bob, f.offlineAddress],
          [-tenge(500), tenge(500), 0n],
        );
        expect((await f.offline.lossClaim(1)).covered).to.equal(true);
        expect(await f.ledger.totalSupply()).to.equal(supply);
        await expectOfflineRejected(
          f,
          [f.bankA, f.bob],
          [f.device.address],
          () => f.offline.connect(f.bankA).coverLossClaim(1),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "LossClaimAlreadyCovered").withArgs(1),
        );
      });

      describe("when the claim is against another bank", () => {
        it("reverts with NotClaimBank", async () => {
          const f = await loadFixture(duplicateSerial);
          await f.offline.redeem(f.b);
          await expectOfflineRejected(
            f,
            [f.bankB, f.bob],
            [f.device.address],
            () => f.offline.connect(f.bankB).coverLossClaim(1),
            (p) => expect(p).to.be.revertedWithCustomError(f.offline, "NotClaimBank").withArgs(1, f.bankB.address),
          );
        });
      });

      describe("when there is no such claim", () => {
        it("reverts with LossClaimUnknown", async () => {
          const f = await loadFixture(duplicateSerial);
          await expectOfflineRejected(
            f,
            [f.bankA],
            [f.device.address],
            () => f.offline.connect(f.bankA).coverLossClaim(7),
            (p) => expect(p).to.be.revertedWithCustomError(f.offline, "LossClaimUnknown").withArgs(7),
          );
        });
      });

      describe("when the caller has no bank role", () => {
        it("reverts with AccessManagedUnauthorized", async () => {
          const f = await loadFixture(duplicateSerial);
          await f.offline.redeem(f.b);
          await expectOfflineRejected(
            f,
            [f.bob],
            [f.device.address],
            () => f.offline.connect(f.bob).coverLossClaim(1),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.offline, "AccessManagedUnauthorized").withArgs(f.bob.address),
          );
        });
      });

      describe("when the bank cannot pay", () => {
        it("reverts with the ledger's error and leaves the claim open", async () => {
          const f = await loadFixture(duplicateSerial);
          await f.offline.redeem(f.b);
          await f.ledger.connect(f.compliance).setFreezeState(f.bob.address, FreezeState.Full, LEGAL);
          await expectOfflineRejected(
            f,
            [f.bankA, f.bob],
            [f.device.address],
            () => f.offline.connect(f.bankA).coverLossClaim(1),
            (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.bob.address),
          );
          expect((await f.offline.lossClaim(1)).covered).to.equal(false);
        });
      });
    });
  });

  describe("reportDoubleSpend", () => {
    /** Grind a cheque B (serial 0, to bob) whose 16-bit fingerprint equals settled cheque A's, as a key holder could. */
    function grindCollision(f: PurseFixture, a: SignedCheque): SignedCheque {
      const domainSeparator = TypedDataEncoder.hashDomain({ ...f.domain });
      const typeHash = keccak256(new TextEncoder().encode(TypedDataEncoder.from(CHEQUE_TYPES).encodeType("Cheque")));
      const coder = AbiCoder.defaultAbiCoder();
      const target = fingerprintOf(chequeDigest(f.domain, a.cheque));
      const prefix = getBytes(concat(["0x1901", domainSeparator]));
      for (let k = 1n; k < 2_000_000n; k++) {
        const cheque: Cheque = {
          purse: f.device.address,
          payee: f.bob.address,
          amount: tenge(500),
          serial: 0,
          expiry: a.cheque.expiry - k,
        };
        const structHash = keccak256(
          coder.encode(
            ["bytes32", "address", "address", "uint48", "uint8", "uint40"],
            [typeHash, cheque.purse, cheque.payee, cheque.amount, cheque.serial, cheque.expiry],
          ),
        );
        const digest = keccak256(concat([prefix, structHash]));
        if (fingerprintOf(digest) === target) return signCheque(f.domain, f.device, cheque);
      }
      throw new Error("no collision found");
    }

    it("proves a double spend a ground fingerprint hid from redemption: both cheques in the event, claim for the unpaid one", async () => {
      const f = await loadFixture(duplicateSerial);
      const b = grindCollision(f, f.a);
      const digestB = chequeDigest(f.domain, b.cheque);
      expect(digestB).not.to.equal(chequeDigest(f.domain, f.a.cheque));
      // Redemption takes it for a replay: rejected, nothing frozen.
      await expectOfflineRejected(
        f,
        [f.bob],
        [f.device.address],
        () => f.offline.redeem(b),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.offline, "ChequeAlreadyRedeemed").withArgs(f.device.address, 0),
      );

      const tx = f.offline.connect(f.bob).reportDoubleSpend(f.a, b);
      await expect(tx).to.emit(f.offline, "DoubleSpendProven").withArgs(f.device.address, 1, tuple(f.a), tuple(b));
      await expect(tx)
        .to.emit(f.offline, "LossClaimRecorded")
        .withArgs(1, f.bankA.address, f.bob.address, f.device.address, tenge(500), digestB);
      await expect(tx).to.emit(f.offline, "PurseFrozen");
      expect((await f.offline.purseOf(f.device.address)).status).to.equal(PurseStatus.Frozen);
      await expectOfflineRejected(
        f,
        [f.bob],
        [f.device.address],
        () => f.offline.reportDoubleSpend(f.a, b),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.offline, "ChequeAlreadyClaimed").withArgs(f.device.address, 0, 1),
      );
    });

    it("records a claim for a double-spent cheque never presented", async () => {
      const f = await loadFixture(duplicateSerial);
      expect(await f.offline.reportDoubleSpend.staticCall(f.a, f.b)).to.equal(1n);
      await expect(f.offline.reportDoubleSpend(f.a, f.b))
        .to.emit(f.offline, "LossClaimRecorded")
        .withArgs(1, f.bankA.address, f.bob.address, f.device.address, tenge(500), chequeDigest(f.domain, f.b.cheque));
    });

    describe("when the two cheques do not prove a double spend", () => {
      it("reverts with DoubleSpendNotProven for one cheque twice, two serials, or a 'settled' cheque that did not settle", async () => {
        const f = await loadFixture(duplicateSerial);
        const otherSerial = f.pay(f.bob.address, tenge(500), 1);
        for (const [settled, unpaid, serial] of [
          [f.a, f.a, 0],
          [f.a, otherSerial, 1],
          [f.b, f.a, 0],
        ] as const) {
          await expectOfflineRejected(
            f,
            [f.bob],
            [f.device.address],
            () => f.offline.reportDoubleSpend(settled, unpaid),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.offline, "DoubleSpendNotProven")
                .withArgs(f.device.address, serial),
          );
        }
      });

      it("reverts with DoubleSpendNotProven for cheques of two purses", async () => {
        const f = await loadFixture(duplicateSerial);
        const other = deviceKey("other");
        const foreign = signCheque(f.domain, other, { ...f.b.cheque, purse: other.address });
        await expect(f.offline.reportDoubleSpend(foreign, f.b))
          .to.be.revertedWithCustomError(f.offline, "DoubleSpendNotProven")
          .withArgs(f.device.address, 0);
      });
    });

    describe("when a signature is not the purse's", () => {
      it("reverts with ChequeSignatureInvalid", async () => {
        const f = await loadFixture(duplicateSerial);
        const thief = deviceKey("thief");
        const forged = signCheque(f.domain, thief, f.b.cheque);
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.reportDoubleSpend(f.a, forged),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "ChequeSignatureInvalid")
              .withArgs(f.device.address, thief.address),
        );
        await expect(f.offline.reportDoubleSpend(forged, f.a))
          .to.be.revertedWithCustomError(f.offline, "ChequeSignatureInvalid")
          .withArgs(f.device.address, thief.address);
      });
    });

    describe("when the purse no longer settles, or the unpaid cheque is expired, empty or unpayable", () => {
      it("reverts with PurseSettlementClosed after settleBy", async () => {
        const f = await loadFixture(duplicateSerial);
        const { settleBy } = await f.offline.purseOf(f.device.address);
        await time.increaseTo(settleBy + 1n);
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.reportDoubleSpend(f.a, f.b),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseSettlementClosed")
              .withArgs(f.device.address, settleBy),
        );
      });

      it("reverts with ChequeExpired, ChequeAmountZero or ChequePayeeZero", async () => {
        const f = await loadFixture(duplicateSerial);
        const soon = (await now()) + 3600n;
        const expired = f.pay(f.bob.address, tenge(500), 0, soon);
        const zero = f.pay(f.bob.address, 0n, 0);
        const nobody = f.pay(ZeroAddress, tenge(500), 0);
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.reportDoubleSpend(f.a, zero),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ChequeAmountZero").withArgs(f.device.address, 0),
        );
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.reportDoubleSpend(f.a, nobody),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ChequePayeeZero").withArgs(f.device.address, 0),
        );
        await time.increaseTo(soon + 1n);
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.reportDoubleSpend(f.a, expired),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.offline, "ChequeExpired").withArgs(f.device.address, 0, soon),
        );
      });

      it("reverts with PurseUnknown for an unregistered purse", async () => {
        const f = await loadFixture(duplicateSerial);
        const unknown = deviceKey("unregistered");
        const x = signCheque(f.domain, unknown, { ...f.a.cheque, purse: unknown.address });
        const y = signCheque(f.domain, unknown, { ...f.b.cheque, purse: unknown.address });
        await expect(f.offline.reportDoubleSpend(x, y))
          .to.be.revertedWithCustomError(f.offline, "PurseUnknown")
          .withArgs(unknown.address);
      });
    });
  });
});
