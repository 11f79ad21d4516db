import { expect } from "chai";
import { ZeroAddress, getBytes, hexlify } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import {
  CHEQUE_RECORD_BYTES,
  PurseStatus,
  chequeDigest,
  encodeBatch,
  outcomesOf,
  redeemCheques,
  signCheque,
  type SignedCheque,
} from "../../src/offline";
import {
  deviceKey,
  expectHeldMatchesLedger,
  expectOfflineRejected,
  now,
  offlineReady,
  openPurse,
  reasonsOf,
  redeemInBatch,
  type OfflineFixture,
} from "./fixtures";
import type { Wallet } from "ethers";

const LEGAL = "0x" + "11".repeat(32);

interface ThreePurses extends OfflineFixture {
  devices: { alice: Wallet; bob: Wallet; carol: Wallet };
  expiry: bigint;
  pay: (device: Wallet, payee: string, amount: bigint, serial: number, expiry?: bigint) => SignedCheque;
  purses: string[];
}

/**
 * Three purses: alice's (bank A, 20 000 ₸), bob's (bank A, 5 000 ₸), carol's (bank B, 10 000 ₸). Payees: the
 * merchant, the court deposit account, the payment agent.
 */
async function threePurses(): Promise<ThreePurses> {
  const f = await offlineReady();
  await f.ledger.connect(f.bankB).transfer(f.carol.address, tenge(30_000));
  const devices = { alice: deviceKey("alice"), bob: deviceKey("bob"), carol: deviceKey("carol") };
  const expiry = (await now()) + 30n * 86400n;
  await openPurse(f, f.alice, f.bankA, devices.alice, tenge(20_000), { expiry });
  await openPurse(f, f.bob, f.bankA, devices.bob, tenge(5_000), { expiry });
  await openPurse(f, f.carol, f.bankB, devices.carol, tenge(10_000), { expiry });
  const pay = (device: Wallet, payee: string, amount: bigint, serial: number, e: bigint = expiry): SignedCheque =>
    signCheque(f.domain, device, { purse: device.address, payee, amount, serial, expiry: e });
  return { ...f, devices, expiry, pay, purses: Object.values(devices).map((d) => d.address) };
}

describe("OfflinePurses: batch redemption", () => {
  it("pays a batch mixing purses and payees with one ledger credit per payee", async () => {
    const f = await loadFixture(threePurses);
    const { alice, bob, carol } = f.devices;
    const signed = [
      f.pay(alice, f.merchant.address, tenge(1_000), 0),
      f.pay(carol, f.court.address, tenge(700), 0),
      f.pay(bob, f.merchant.address, tenge(250), 0),
      f.pay(alice, f.court.address, tenge(2_000), 1),
      f.pay(carol, f.merchant.address, tenge(300), 1),
      f.pay(bob, f.agent.address, tenge(125.5), 1),
      f.pay(alice, f.merchant.address, tenge(40), 2),
      f.pay(carol, f.court.address, tenge(9_000), 2),
    ];
    const batch = encodeBatch(signed);
    const [count, amount] = await f.offline.redeemBatch.staticCall(batch.purses, batch.payees, batch.cheques);
    expect([count, amount]).to.deep.equal([8n, tenge(13_415.5)]);

    const tx = f.offline.connect(f.agent).redeemBatch(batch.purses, batch.payees, batch.cheques);
    await expect(tx).to.changeTokenBalances(
      f.ledger,
      [f.merchant, f.court, f.agent, f.offlineAddress],
      [tenge(1_590), tenge(11_700), tenge(125.5), -tenge(13_415.5)],
    );
    const receipt = (await (await tx).wait())!;
    const outcomes = outcomesOf(receipt, f.offline);
    expect(outcomes.map((o) => o.paid)).to.deep.equal(Array(8).fill(true));
    expect(outcomes.map((o) => o.digest)).to.deep.equal(signed.map((s) => chequeDigest(f.domain, s.cheque)));
    const ledgerAddress = (await f.ledger.getAddress()).toLowerCase();
    const credits = receipt.logs
      .filter((l) => l.address.toLowerCase() === ledgerAddress)
      .map((l) => f.ledger.interface.parseLog(l))
      .filter((e) => e?.name === "Transfer");
    expect(credits.map((e) => e!.args[1] as string)).to.have.members([
      f.merchant.address,
      f.court.address,
      f.agent.address,
    ]);
    expect((await f.offline.purseOf(alice.address)).balance).to.equal(tenge(16_960));
    expect((await f.offline.purseOf(bob.address)).settledPayments).to.equal(2n);
    expect((await f.offline.purseOf(carol.address)).balance).to.equal(0n);
    await expectHeldMatchesLedger(f, f.purses);
  });

  it("settles the good cheques and reports each bad one with its exact error, leaving it unspent", async () => {
    const f = await loadFixture(threePurses);
    const { alice, bob, carol } = f.devices;
    const earlier = f.pay(bob, f.merchant.address, tenge(100), 0);
    await f.offline.redeem(earlier);
    const unknown = deviceKey("unregistered");
    const thief = deviceKey("thief");
    const soon = (await now()) + 3600n;
    const expiring = f.pay(carol, f.merchant.address, tenge(5), 5, soon);
    const signed = [
      f.pay(alice, f.merchant.address, tenge(1_000), 0), // good
      expiring, // expires before the batch
      signCheque(f.domain, thief, { ...f.pay(alice, f.court.address, tenge(50), 1).cheque }), // forged
      f.pay(alice, f.court.address, tenge(50), 10), // serial out of range
      signCheque(f.domain, unknown, {
        purse: unknown.address,
        payee: f.court.address,
        amount: 1n,
        serial: 0,
        expiry: f.expiry,
      }),
      f.pay(carol, f.court.address, 0n, 0), // zero amount
      f.pay(carol, ZeroAddress, tenge(1), 1), // zero payee
      earlier, // already redeemed
      f.pay(bob, f.court.address, tenge(300), 1), // good
    ];
    await time.increaseTo(soon + 1n);
    const before = { carol: await f.offline.purseOf(carol.address) };
    const { outcomes } = await redeemInBatch(f, signed);
    expect(reasonsOf(outcomes)).to.deep.equal([
      undefined,
      `ChequeExpired(${carol.address},5,${soon})`,
      `ChequeSignatureInvalid(${alice.address},${thief.address})`,
      `ChequeSerialOutOfRange(${alice.address},10,10)`,
      `PurseUnknown(${unknown.address})`,
      `ChequeAmountZero(${carol.address},0)`,
      `ChequePayeeZero(${carol.address},1)`,
      `ChequeAlreadyRedeemed(${bob.address},0)`,
      undefined,
    ]);
    expect(await f.ledger.balanceOf(f.merchant.address)).to.equal(tenge(100) + tenge(1_000));
    expect(await f.ledger.balanceOf(f.court.address)).to.equal(tenge(300));
    expect((await f.offline.purseOf(carol.address)).toString()).to.equal(before.carol.toString());
    expect(await f.offline.serialFingerprint(alice.address, 1)).to.equal(0n);
    expect((await f.offline.purseOf(alice.address)).status).to.equal(PurseStatus.Active);
    expect(await f.offline.lossClaimCount()).to.equal(0n);
    await expectHeldMatchesLedger(f, f.purses);
  });

  it("pays each cheque once: the same batch again pays nothing and freezes nothing", async () => {
    const f = await loadFixture(threePurses);
    const signed = [
      f.pay(f.devices.alice, f.merchant.address, tenge(10), 0),
      f.pay(f.devices.bob, f.court.address, tenge(20), 0),
    ];
    await redeemInBatch(f, signed);
    const { outcomes } = await redeemInBatch(f, signed);
    expect(reasonsOf(outcomes)).to.deep.equal([
      `ChequeAlreadyRedeemed(${f.devices.alice.address},0)`,
      `ChequeAlreadyRedeemed(${f.devices.bob.address},0)`,
    ]);
    expect(await f.ledger.balanceOf(f.merchant.address)).to.equal(tenge(10));
    expect((await f.offline.purseOf(f.devices.alice.address)).status).to.equal(PurseStatus.Active);
  });

  describe("double spending inside a batch", () => {
    it("pays the first of two cheques with one serial and freezes the purse on the second", async () => {
      const f = await loadFixture(threePurses);
      const { alice } = f.devices;
      const first = f.pay(alice, f.merchant.address, tenge(1_000), 4);
      const second = f.pay(alice, f.court.address, tenge(800), 4);
      const { receipt, outcomes } = await redeemInBatch(f, [first, second, f.pay(alice, f.agent.address, tenge(1), 5)]);
      expect(reasonsOf(outcomes)).to.deep.equal([undefined, `ChequeDoubleSpent(${alice.address},4,1)`, undefined]);
      const events = receipt.logs
        .map((l) => f.offline.interface.parseLog(l))
        .filter((e) => e !== null)
        .map((e) => e.name);
      expect(events).to.include.members(["DuplicateSerialDetected", "LossClaimRecorded", "PurseFrozen"]);
      expect((await f.offline.purseOf(alice.address)).status).to.equal(PurseStatus.Frozen);
      expect(await f.ledger.balanceOf(f.court.address)).to.equal(0n);
      const claim = await f.offline.lossClaim(1);
      expect([claim.payee, claim.amount, claim.bank]).to.deep.equal([f.court.address, tenge(800), f.bankA.address]);
      await expectHeldMatchesLedger(f, f.purses);
    });

    it("pays cheques in order until the purse is empty and freezes it on the one that overspends", async () => {
      const f = await loadFixture(threePurses);
      const { bob } = f.devices; // holds 5 000 ₸
      const { outcomes } = await redeemInBatch(f, [
        f.pay(bob, f.merchant.address, tenge(3_000), 0),
        f.pay(bob, f.court.address, tenge(2_500), 1),
        f.pay(bob, f.agent.address, tenge(2_000), 2),
      ]);
      expect(reasonsOf(outcomes)).to.deep.equal([
        undefined,
        `ChequeOverspent(${bob.address},1,${tenge(2_000)},1)`,
        undefined,
      ]);
      expect((await f.offline.purseOf(bob.address)).balance).to.equal(0n);
      expect((await f.offline.purseOf(bob.address)).status).to.equal(PurseStatus.Frozen);
    });
  });

  describe("when the ledger refuses a payee", () => {
    it("rejects a frozen payee's cheques with the ledger's AccountFrozen, gives them back, and pays the rest", async () => {
      const f = await loadFixture(threePurses);
      const { alice, carol } = f.devices;
      await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.Full, LEGAL);
      const toMerchant = [
        f.pay(alice, f.merchant.address, tenge(1_000), 0),
        f.pay(carol, f.merchant.address, tenge(2_000), 0),
      ];
      const { outcomes } = await redeemInBatch(f, [
        toMerchant[0],
        f.pay(alice, f.court.address, tenge(500), 1),
        toMerchant[1],
      ]);
      expect(reasonsOf(outcomes)).to.deep.equal([
        `AccountFrozen(${f.merchant.address})`,
        undefined,
        `AccountFrozen(${f.merchant.address})`,
      ]);
      expect((await f.offline.purseOf(alice.address)).balance).to.equal(tenge(19_500));
      expect(await f.offline.serialFingerprint(alice.address, 0)).to.equal(0n);
      expect((await f.offline.purseOf(carol.address)).balance).to.equal(tenge(10_000));
      expect((await f.offline.purseOf(carol.address)).settledPayments).to.equal(0n);
      await expectHeldMatchesLedger(f, f.purses);

      // Unfrozen, the merchant redeems the very same cheques.
      await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.None, LEGAL);
      const again = await redeemInBatch(f, toMerchant);
      expect(reasonsOf(again.outcomes)).to.deep.equal([undefined, undefined]);
      expect(await f.ledger.balanceOf(f.merchant.address)).to.equal(tenge(3_000));
    });

    it("rejects an unregistered payee's cheques with the ledger's AccountNotRegistered", async () => {
      const f = await loadFixture(threePurses);
      const { outcomes } = await redeemInBatch(f, [
        f.pay(f.devices.alice, f.stranger.address, tenge(1), 0),
        f.pay(f.devices.bob, f.court.address, tenge(1), 0),
      ]);
      expect(reasonsOf(outcomes)).to.deep.equal([`AccountNotRegistered(${f.stranger.address})`, undefined]);
    });

    it("above a payee's holding limit, credits its cheques one by one and rejects only those that do not fit", async () => {
      const f = await loadFixture(threePurses);
      const { alice, bob } = f.devices;
      // Carol (anonymous-lite: 100 000 ₸) holds 20 000 ₸; bring her to 95 000 ₸.
      await f.ledger.connect(f.bankB).transfer(f.carol.address, tenge(75_000));
      const { outcomes } = await redeemInBatch(f, [
        f.pay(alice, f.carol.address, tenge(3_000), 0),
        f.pay(bob, f.carol.address, tenge(1_000), 0),
        f.pay(alice, f.carol.address, tenge(2_000), 1),
        f.pay(alice, f.merchant.address, tenge(7), 2),
      ]);
      expect(reasonsOf(outcomes)).to.deep.equal([
        undefined,
        undefined,
        `HoldingLimitExceeded(${f.carol.address},${tenge(100_000)},${tenge(101_000)})`,
        undefined,
      ]);
      expect(await f.ledger.balanceOf(f.carol.address)).to.equal(tenge(99_000));
      expect((await f.offline.purseOf(alice.address)).balance).to.equal(tenge(16_993));
      expect(await f.offline.serialFingerprint(alice.address, 1)).to.equal(0n);
      await expectHeldMatchesLedger(f, f.purses);
    });
  });

  describe("when the ledger is paused", () => {
    it("reverts the whole batch with the ledger's LedgerPaused", async () => {
      const f = await loadFixture(threePurses);
      await f.ledger.connect(f.operator).pause();
      const batch = encodeBatch([f.pay(f.devices.alice, f.merchant.address, tenge(1), 0)]);
      await expectOfflineRejected(
        f,
        [f.merchant],
        f.purses,
        () => f.offline.redeemBatch(batch.purses, batch.payees, batch.cheques),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "LedgerPaused"),
      );
    });
  });

  describe("when compliance has frozen the offline module", () => {
    it("reverts the whole batch with the ledger's NotSystemModule (not a payee's fault)", async () => {
      const f = await loadFixture(threePurses);
      await f.ledger.connect(f.compliance).setFreezeState(f.offlineAddress, FreezeState.Full, LEGAL);
      const batch = encodeBatch([f.pay(f.devices.alice, f.merchant.address, tenge(1), 0)]);
      await expectOfflineRejected(
        f,
        [f.merchant],
        f.purses,
        () => f.offline.redeemBatch(batch.purses, batch.payees, batch.cheques),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(f.offlineAddress),
      );
    });
  });

  describe("when the batch is malformed", () => {
    it("reverts with BatchEmpty for no cheque", async () => {
      const f = await loadFixture(threePurses);
      await expect(f.offline.redeemBatch([], [], "0x")).to.be.revertedWithCustomError(f.offline, "BatchEmpty");
    });

    it("reverts with BatchMalformed for a partial record", async () => {
      const f = await loadFixture(threePurses);
      const batch = encodeBatch([f.pay(f.devices.alice, f.merchant.address, tenge(1), 0)]);
      const cut = hexlify(getBytes(batch.cheques).slice(0, CHEQUE_RECORD_BYTES - 1));
      await expect(f.offline.redeemBatch(batch.purses, batch.payees, cut))
        .to.be.revertedWithCustomError(f.offline, "BatchMalformed")
        .withArgs(CHEQUE_RECORD_BYTES - 1);
    });

    it("reverts with BatchPurseIndexOutOfRange or BatchPayeeIndexOutOfRange for an index past its table", async () => {
      const f = await loadFixture(threePurses);
      const batch = encodeBatch([
        f.pay(f.devices.alice, f.merchant.address, tenge(1), 0),
        f.pay(f.devices.bob, f.court.address, tenge(1), 0),
      ]);
      const bytes = getBytes(batch.cheques);
      const badPurse = Uint8Array.from(bytes);
      badPurse[CHEQUE_RECORD_BYTES] = 2;
      await expectOfflineRejected(
        f,
        [f.merchant, f.court],
        f.purses,
        () => f.offline.redeemBatch(batch.purses, batch.payees, badPurse),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "BatchPurseIndexOutOfRange").withArgs(1, 2, 2),
      );
      const badPayee = Uint8Array.from(bytes);
      badPayee[1] = 9;
      await expect(f.offline.redeemBatch(batch.purses, batch.payees, badPayee))
        .to.be.revertedWithCustomError(f.offline, "BatchPayeeIndexOutOfRange")
        .withArgs(0, 9, 2);
    });

    it("reverts with BatchPursesUnordered when a purse appears twice or out of order", async () => {
      const f = await loadFixture(threePurses);
      const batch = encodeBatch([
        f.pay(f.devices.alice, f.merchant.address, tenge(1), 3),
        f.pay(f.devices.alice, f.court.address, tenge(1), 3),
      ]);
      // Two table entries for the same purse would give each its own copy of the purse: refused.
      const bytes = Uint8Array.from(getBytes(batch.cheques));
      bytes[CHEQUE_RECORD_BYTES] = 1;
      await expectOfflineRejected(
        f,
        [f.merchant, f.court],
        f.purses,
        () => f.offline.redeemBatch([batch.purses[0], batch.purses[0]], batch.payees, bytes),
        (p) => expect(p).to.be.revertedWithCustomError(f.offline, "BatchPursesUnordered").withArgs(1),
      );
      const two = encodeBatch([
        f.pay(f.devices.alice, f.merchant.address, tenge(1), 0),
        f.pay(f.devices.bob, f.merchant.address, tenge(1), 0),
      ]);
      await expect(f.offline.redeemBatch([...two.purses].reverse(), two.payees, two.cheques))
        .to.be.revertedWithCustomError(f.offline, "BatchPursesUnordered")
        .withArgs(1);
    });
  });

  it("redeems a long list in chunks with src/offline redeemCheques", async () => {
    const f = await loadFixture(threePurses);
    const signed = [0, 1, 2, 3].flatMap((serial) => [
      f.pay(f.devices.alice, f.merchant.address, tenge(10), serial),
      f.pay(f.devices.carol, f.court.address, tenge(20), serial),
    ]);
    const { outcomes, gasUsed } = await redeemCheques(f.offline, signed, 3);
    expect(gasUsed).to.have.length(3);
    expect(outcomes.map((o) => o.paid)).to.deep.equal(Array(8).fill(true));
    expect(await f.ledger.balanceOf(f.merchant.address)).to.equal(tenge(40));
    expect(await f.ledger.balanceOf(f.court.address)).to.equal(tenge(80));
  });
});
