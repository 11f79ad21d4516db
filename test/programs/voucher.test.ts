import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { NO_LIMIT, TapRejection, encodeTap, tapId } from "../../src/programs/taps";
import { ref } from "../helpers/fixtures";
import { LUNCH, expectProgramsHoldBudgets, lunchProgram } from "./fixtures";
import { expectProgramRejected } from "./state";

describe("PurposePrograms: account beneficiaries (pay)", () => {
  async function voucher() {
    const f = await lunchProgram();
    const { purposePrograms: pp, programId, akimat, bob } = f;
    await pp.connect(akimat).registerBeneficiaries(programId, [await pp.accountId(bob.address)]);
    return { ...f, bobIndex: 21 };
  }

  it("pays an eligible merchant from the program, within the limits", async () => {
    const f = await loadFixture(voucher);
    const { purposePrograms: pp, programId, bob, canteens, ledger, bobIndex } = f;
    expect((await pp.beneficiaryOf(programId, bobIndex)).isAccount).to.equal(true);
    const tx = pp.connect(bob).pay(programId, canteens[3].address, tenge(900), ref("lunch"));
    await expect(tx)
      .to.emit(pp, "BeneficiaryPaid")
      .withArgs(programId, bob.address, canteens[3].address, tenge(900), ref("lunch"));
    await expect(tx).to.changeTokenBalances(ledger, [pp, canteens[3], bob], [-tenge(900), tenge(900), 0n]);
    await expectProgramsHoldBudgets(f);
  });

  it("can never withdraw the money or send it anywhere but an eligible recipient", async () => {
    const f = await loadFixture(voucher);
    const { purposePrograms: pp, programId, bob, alice, bookshop, bankA } = f;
    await expectProgramRejected(
      f,
      programId,
      [bob],
      () => pp.connect(bob).pay(programId, bob.address, tenge(1), ref("x")),
      (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryPaysItself").withArgs(programId, bob.address),
    );
    for (const to of [alice, bookshop, bankA]) {
      await expectProgramRejected(
        f,
        programId,
        [bob, to],
        () => pp.connect(bob).pay(programId, to.address, tenge(1), ref("x")),
        (p) =>
          expect(p).to.be.revertedWithCustomError(pp, "ProgramRecipientNotEligible").withArgs(programId, to.address),
      );
    }
  });

  describe("when the beneficiary is itself an eligible recipient (a canteen enrolled as an account)", () => {
    async function canteenBeneficiary() {
      const f = await loadFixture(voucher);
      const { purposePrograms: pp, programId, akimat, canteens } = f;
      await pp.connect(akimat).registerBeneficiaries(programId, [await pp.accountId(canteens[3].address)]);
      return { ...f, canteen: canteens[3], canteenIndex: 22 };
    }

    it("paying itself reverts with BeneficiaryPaysItself; nothing is spent or moved", async () => {
      const f = await canteenBeneficiary();
      const { purposePrograms: pp, programId, canteen } = f;
      expect(await pp.isEligibleRecipient(programId, canteen.address)).to.equal(true);
      await expectProgramRejected(
        f,
        programId,
        [canteen],
        () => pp.connect(canteen).pay(programId, canteen.address, tenge(100), ref("self")),
        (p) =>
          expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryPaysItself").withArgs(programId, canteen.address),
      );
    });

    it("it still pays another eligible canteen", async () => {
      const f = await canteenBeneficiary();
      const { purposePrograms: pp, programId, canteen, canteens, ledger, canteenIndex } = f;
      const tx = pp.connect(canteen).pay(programId, canteens[4].address, tenge(100), ref("lunch"));
      await expect(tx)
        .to.emit(pp, "BeneficiaryPaid")
        .withArgs(programId, canteen.address, canteens[4].address, tenge(100), ref("lunch"));
      await expect(tx).to.changeTokenBalances(ledger, [pp, canteens[4], canteen], [-tenge(100), tenge(100), 0n]);
      expect((await pp.beneficiaryOf(programId, canteenIndex)).spentTotal).to.equal(tenge(100));
    });
  });

  it("a frozen or receive-only beneficiary directs no program money: pay reverts, its taps are reported", async () => {
    const f = await loadFixture(voucher);
    const { purposePrograms: pp, programId, bob, canteens, ledger, compliance, agent, bobIndex } = f;
    for (const state of [FreezeState.Full, FreezeState.OutboundOnly]) {
      await ledger.connect(compliance).setFreezeState(bob.address, state, ref("order"));
      await expectProgramRejected(
        f,
        programId,
        [bob, canteens[0]],
        () => pp.connect(bob).pay(programId, canteens[0].address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramPayerBlocked").withArgs(programId, bob.address),
      );
      const t = encodeTap({ terminal: 5, sequence: state, beneficiary: bobIndex, amount: LUNCH.meal, canteen: 0 });
      await expect(pp.connect(agent).submitTaps(programId, [canteens[0].address], [t]))
        .to.emit(pp, "TapRejected")
        .withArgs(programId, tapId(5, state), bobIndex, TapRejection.BeneficiaryBlocked);
      await ledger.connect(compliance).setFreezeState(bob.address, FreezeState.None, ref("lifted"));
    }
    expect((await pp.beneficiaryOf(programId, bobIndex)).spentTotal).to.equal(0n);
  });

  it("rejects a non-beneficiary, a revoked one, zero, the limits and the budget with exact errors", async () => {
    const f = await loadFixture(voucher);
    const { purposePrograms: pp, programId, bob, alice, akimat, canteens, bobIndex } = f;
    const to = canteens[0].address;
    await expectProgramRejected(
      f,
      programId,
      [alice],
      () => pp.connect(alice).pay(programId, to, 1n, ref("x")),
      async (p) =>
        expect(p)
          .to.be.revertedWithCustomError(pp, "BeneficiaryUnknown")
          .withArgs(programId, await pp.accountId(alice.address)),
    );
    await expectProgramRejected(
      f,
      programId,
      [bob],
      () => pp.connect(bob).pay(programId, to, 0n, ref("x")),
      (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramZeroAmount"),
    );
    await expectProgramRejected(
      f,
      programId,
      [bob],
      () => pp.connect(bob).pay(programId, to, LUNCH.perDay + 1n, ref("x")),
      (p) =>
        expect(p)
          .to.be.revertedWithCustomError(pp, "BeneficiaryDailyLimitExceeded")
          .withArgs(programId, bobIndex, LUNCH.perDay, LUNCH.perDay + 1n),
    );
    await pp.connect(akimat).setLimits(programId, { perDay: NO_LIMIT, perProgram: tenge(100) });
    await expectProgramRejected(
      f,
      programId,
      [bob],
      () => pp.connect(bob).pay(programId, to, tenge(101), ref("x")),
      (p) =>
        expect(p)
          .to.be.revertedWithCustomError(pp, "BeneficiaryProgramLimitExceeded")
          .withArgs(programId, bobIndex, tenge(100), tenge(101)),
    );
    await pp.connect(akimat).setLimits(programId, { perDay: NO_LIMIT, perProgram: NO_LIMIT });
    await expectProgramRejected(
      f,
      programId,
      [bob],
      () => pp.connect(bob).pay(programId, to, LUNCH.budget + 1n, ref("x")),
      (p) =>
        expect(p)
          .to.be.revertedWithCustomError(pp, "ProgramBudgetExceeded")
          .withArgs(programId, LUNCH.budget, LUNCH.budget + 1n),
    );
    await pp.connect(akimat).revokeBeneficiary(programId, bobIndex);
    await expectProgramRejected(
      f,
      programId,
      [bob],
      () => pp.connect(bob).pay(programId, to, 1n, ref("x")),
      (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryIsRevoked").withArgs(programId, bobIndex),
    );
  });

  describe("when the beneficiary's bank recovers its wallet", () => {
    async function recoveredBeneficiary() {
      const f = await loadFixture(voucher);
      const { purposePrograms: pp, programId, bob, canteens, ledger, bankA } = f;
      await pp.connect(bob).pay(programId, canteens[0].address, tenge(900), ref("lunch"));
      const newBob = f.spare[28];
      await ledger.connect(bankA).recoverAccount(bob.address, newBob.address);
      return { ...f, newBob };
    }

    it("followRecovery moves the enrolment and its counters: the replacement pays within what is left today", async () => {
      const f = await recoveredBeneficiary();
      const { purposePrograms: pp, programId, bob, newBob, canteens, stranger, ledger, bobIndex } = f;
      await expect(pp.connect(stranger).followRecovery(programId, bob.address))
        .to.emit(pp, "BeneficiaryRecovered")
        .withArgs(programId, bobIndex, bob.address, newBob.address);
      expect(await pp.indexOf(programId, await pp.accountId(newBob.address))).to.equal(bobIndex);
      expect(await pp.indexOf(programId, await pp.accountId(bob.address))).to.equal(0n);
      const b = await pp.beneficiaryOf(programId, bobIndex);
      expect([b.id, b.spentToday]).to.deep.equal([await pp.accountId(newBob.address), tenge(900)]);
      await expect(
        pp.connect(newBob).pay(programId, canteens[1].address, tenge(600), ref("lunch")),
      ).to.changeTokenBalances(ledger, [pp, canteens[1]], [-tenge(600), tenge(600)]);
      await expectProgramRejected(
        f,
        programId,
        [newBob],
        () => pp.connect(newBob).pay(programId, canteens[1].address, 1n, ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(pp, "BeneficiaryDailyLimitExceeded")
            .withArgs(programId, bobIndex, LUNCH.perDay, LUNCH.perDay + 1n),
      );
    });

    it("until then the replacement is no beneficiary; followRecovery is once, for a recovered, enrolled account", async () => {
      const f = await recoveredBeneficiary();
      const { purposePrograms: pp, programId, akimat, alice, bob, newBob, canteens } = f;
      const newId = await pp.accountId(newBob.address);
      await expectProgramRejected(
        f,
        programId,
        [newBob],
        () => pp.connect(newBob).pay(programId, canteens[1].address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryUnknown").withArgs(programId, newId),
      );
      await expectProgramRejected(
        f,
        programId,
        [],
        () => pp.followRecovery(programId, alice.address),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryNotRecovered").withArgs(alice.address),
      );
      // The funder enrolled the replacement on its own: the lost wallet's enrolment does not overwrite it.
      await pp.connect(akimat).registerBeneficiaries(programId, [newId]);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => pp.followRecovery(programId, bob.address),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryAlreadyEnrolled").withArgs(programId, newId),
      );
      // A replay finds the lost wallet no longer enrolled.
      const other = await loadFixture(recoveredBeneficiary);
      await other.purposePrograms.followRecovery(other.programId, other.bob.address);
      const lostId = await other.purposePrograms.accountId(other.bob.address);
      await expectProgramRejected(
        other,
        other.programId,
        [],
        () => other.purposePrograms.followRecovery(other.programId, other.bob.address),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(other.purposePrograms, "BeneficiaryUnknown")
            .withArgs(other.programId, lostId),
      );
    });
  });
});
