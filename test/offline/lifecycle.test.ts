import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { chequeDigest, encodeBatch, outcomesOf, type SignedCheque } from "../../src/offline";
import { alicePurse, deviceKey, expectHeldMatchesLedger, expectOfflineRejected, type PurseFixture } from "./fixtures";

/** Alice's purse (20 000 ₸), then bank A recovers alice's lost wallet to a replacement. */
async function ownerRecovered() {
  const f = await loadFixture(alicePurse);
  const replacement = f.spare[40];
  await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
  return { ...f, replacement };
}

/** Alice's purse (20 000 ₸), then bank A recovers the payee bob's lost wallet to a replacement. */
async function payeeRecovered() {
  const f = await loadFixture(alicePurse);
  const bobNew = f.spare[41];
  await f.ledger.connect(f.bankA).recoverAccount(f.bob.address, bobNew.address);
  return { ...f, bobNew };
}

/**
 * Alice's purse with a double spend of serial 0 (A: 1 000 ₸ to the merchant, paid; B: 500 ₸ to bob, loss claim 1,
 * the purse frozen), past its settlement window; then the operator suspends bank A, which certified it.
 */
async function certifierSuspended(): Promise<PurseFixture & { b: SignedCheque }> {
  const f = await loadFixture(alicePurse);
  await f.offline.redeem(f.pay(f.merchant.address, tenge(1_000), 0));
  const b = f.pay(f.bob.address, tenge(500), 0);
  await f.offline.redeem(b);
  await time.increaseTo((await f.offline.purseOf(f.device.address)).settleBy + 1n);
  await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, true);
  return { ...f, b };
}

describe("OfflinePurses: the owner's wallet recovered", () => {
  describe("when the lost wallet's key acts on the purse", () => {
    for (const [name, call] of [
      ["fund", (f: Awaited<ReturnType<typeof ownerRecovered>>) => f.offline.connect(f.alice).fund(f.device, 1n)],
      [
        "closePurse",
        (f: Awaited<ReturnType<typeof ownerRecovered>>) => f.offline.connect(f.alice).closePurse(f.device),
      ],
      ["reclaim", (f: Awaited<ReturnType<typeof ownerRecovered>>) => f.offline.connect(f.alice).reclaim(f.device)],
    ] as const) {
      it(`${name} reverts with NotPurseOwner; nothing changes`, async () => {
        const f = await loadFixture(ownerRecovered);
        await expectOfflineRejected(
          f,
          [f.alice, f.replacement],
          [f.device.address],
          () => call(f),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "NotPurseOwner")
              .withArgs(f.device.address, f.alice.address),
        );
      });
    }
  });

  describe("when the replacement wallet acts on the purse", () => {
    it("funds it, closes it and reclaims what is left to itself", async () => {
      const f = await loadFixture(ownerRecovered);
      await expect(f.offline.connect(f.replacement).fund(f.device, tenge(1_000)))
        .to.emit(f.offline, "PurseFunded")
        .withArgs(f.device.address, f.replacement.address, tenge(1_000), tenge(21_000));
      await expect(f.offline.connect(f.replacement).closePurse(f.device)).to.emit(f.offline, "PurseCloseRequested");
      await time.increaseTo((await f.offline.purseOf(f.device.address)).settleBy + 1n);
      const tx = f.offline.connect(f.replacement).reclaim(f.device);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.replacement, f.alice, f.offlineAddress],
        [tenge(21_000), 0n, -tenge(21_000)],
      );
      await expect(tx)
        .to.emit(f.offline, "PurseReclaimed")
        .withArgs(f.device.address, f.replacement.address, tenge(21_000));
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });
});

describe("OfflinePurses: a payee's wallet recovered", () => {
  describe("when a cheque to the lost wallet is redeemed alone", () => {
    it("pays the replacement, named in ChequeRedeemed", async () => {
      const f = await loadFixture(payeeRecovered);
      const cheque = f.pay(f.bob.address, tenge(700), 0);
      const tx = f.offline.redeem(cheque);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.bobNew, f.bob], [tenge(700), 0n]);
      await expect(tx)
        .to.emit(f.offline, "ChequeRedeemed")
        .withArgs(f.device.address, f.bobNew.address, 0, tenge(700), chequeDigest(f.domain, cheque.cheque));
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });

  describe("when cheques to the lost wallet are in a batch", () => {
    it("credits the replacement with their sum, and the other payees as usual", async () => {
      const f = await loadFixture(payeeRecovered);
      const signed = [
        f.pay(f.bob.address, tenge(300), 0),
        f.pay(f.merchant.address, tenge(1_000), 1),
        f.pay(f.bob.address, tenge(200), 2),
      ];
      const batch = encodeBatch(signed);
      const tx = f.offline.connect(f.agent).redeemBatch(batch.purses, batch.payees, batch.cheques);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.bobNew, f.bob, f.merchant, f.offlineAddress],
        [tenge(500), 0n, tenge(1_000), -tenge(1_500)],
      );
      const outcomes = outcomesOf((await (await tx).wait())!, f.offline);
      expect(outcomes.map((o) => [o.paid, o.payee])).to.deep.equal([
        [true, f.bobNew.address],
        [true, f.merchant.address],
        [true, f.bobNew.address],
      ]);
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });

  describe("when the payee's wallet was recovered more times in a row than the ledger's chain bound (16)", () => {
    it("reverts with RecoveryChainTooLong past 16 hops (17 recoveries); the purse and the balances are unchanged", async () => {
      const f = await loadFixture(alicePurse);
      const chain = Array.from({ length: 17 }, (_, i) => deviceKey(`recovered-bob-${i}`).address);
      let lost = f.bob.address;
      for (const replacement of chain) {
        await f.ledger.connect(f.bankA).recoverAccount(lost, replacement);
        lost = replacement;
      }
      await expectOfflineRejected(
        f,
        [f.bob, ...chain],
        [f.device.address],
        () => f.offline.redeem(f.pay(f.bob.address, tenge(100), 0)),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "RecoveryChainTooLong").withArgs(chain[16], 16),
      );
    });
  });

  describe("when the bank covers a loss claim of the lost wallet", () => {
    it("pays the replacement", async () => {
      const f = await loadFixture(alicePurse);
      await f.offline.redeem(f.pay(f.merchant.address, tenge(1_000), 0));
      await f.offline.redeem(f.pay(f.bob.address, tenge(500), 0));
      const bobNew = f.spare[41];
      await f.ledger.connect(f.bankA).recoverAccount(f.bob.address, bobNew.address);
      const tx = f.offline.connect(f.bankA).coverLossClaim(1);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.bankA, bobNew, f.bob], [-tenge(500), tenge(500), 0n]);
      await expect(tx).to.emit(f.offline, "LossClaimCovered").withArgs(1, f.bankA.address, bobNew.address, tenge(500));
    });
  });
});

describe("OfflinePurses: a suspended bank has no power over its purses", () => {
  const powers = [
    ["revokeDevice", (f: PurseFixture) => f.offline.connect(f.bankA).revokeDevice(f.device)],
    ["sweepFrozenPurse", (f: PurseFixture) => f.offline.connect(f.bankA).sweepFrozenPurse(f.device)],
    ["coverLossClaim", (f: PurseFixture) => f.offline.connect(f.bankA).coverLossClaim(1)],
  ] as const;
  for (const [name, call] of powers) {
    describe(`when the suspended certifying bank calls ${name}`, () => {
      it("reverts with the ledger's BankIsSuspended; the purse, the claim and the balances are unchanged", async () => {
        const f = await loadFixture(certifierSuspended);
        const claim = (await f.offline.lossClaim(1)).toString();
        await expectOfflineRejected(
          f,
          [f.bankA, f.bob, f.alice],
          [f.device.address],
          () => call(f),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "BankIsSuspended").withArgs(f.bankA.address),
        );
        expect((await f.offline.lossClaim(1)).toString()).to.equal(claim);
      });
    });
  }

  describe("when the operator reinstates the bank", () => {
    it("covers the claim and sweeps the purse again", async () => {
      const f = await loadFixture(certifierSuspended);
      await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, false);
      await expect(f.offline.connect(f.bankA).coverLossClaim(1))
        .to.emit(f.offline, "LossClaimCovered")
        .withArgs(1, f.bankA.address, f.bob.address, tenge(500));
      await expect(f.offline.connect(f.bankA).sweepFrozenPurse(f.device))
        .to.emit(f.offline, "FrozenPurseSwept")
        .withArgs(f.device.address, f.bankA.address, tenge(19_000));
    });
  });
});
