import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { MCC, ProgramStatus, TapRejection, encodeTap, type Tap } from "../../src/programs/taps";
import { BeneficiaryTree } from "../../src/programs/merkle";
import { formatProgramReport, programReport } from "../../src/programs/report";
import { ref } from "../helpers/fixtures";
import { LUNCH, createProgram, expectProgramsHoldBudgets, lunchProgram, type ProgramsFixture } from "./fixtures";
import { expectProgramRejected } from "./state";

const tap = (seq: number, beneficiary: number, canteen = 0, amount: bigint = LUNCH.meal): Tap => ({
  terminal: 3,
  sequence: seq,
  beneficiary,
  amount,
  canteen,
});

/** funded == budget + paidOut + returned, for every program. */
async function expectProgramBooksBalance(f: ProgramsFixture): Promise<void> {
  const count = await f.purposePrograms.programCount();
  for (let id = 1n; id <= count; id++) {
    const p = await f.purposePrograms.programOf(id);
    expect(p.budget + p.paidOut + p.returned).to.equal(p.funded, `program ${id}'s books`);
  }
  await expectProgramsHoldBudgets(f);
}

describe("PurposePrograms: top-up, pause, expiry and report", () => {
  describe("topUp", () => {
    it("adds the funder's DKZT to the budget under the same budget code", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, ledger } = f;
      const tx = pp.connect(akimat).topUp(programId, tenge(250_000));
      await expect(tx)
        .to.emit(pp, "ProgramToppedUp")
        .withArgs(programId, akimat.address, tenge(250_000), LUNCH.budget + tenge(250_000));
      await expect(tx).to.changeTokenBalances(ledger, [akimat, pp], [-tenge(250_000), tenge(250_000)]);
      const p = await pp.programOf(programId);
      expect([p.budget, p.funded, p.kbk]).to.deep.equal([
        LUNCH.budget + tenge(250_000),
        LUNCH.budget + tenge(250_000),
        LUNCH.kbk,
      ]);
      await expectProgramBooksBalance(f);
    });

    it("rejects zero, another caller, and an amount past the largest budget", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, ministry } = f;
      await expectProgramRejected(
        f,
        programId,
        [akimat],
        () => pp.connect(akimat).topUp(programId, 0n),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramZeroAmount"),
      );
      await expectProgramRejected(
        f,
        programId,
        [ministry],
        () => pp.connect(ministry).topUp(programId, 1n),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramNotFunder").withArgs(programId, ministry.address),
      );
      const max = 2n ** 96n - 1n;
      await expectProgramRejected(
        f,
        programId,
        [akimat],
        () => pp.connect(akimat).topUp(programId, max),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(pp, "ProgramAmountTooLarge")
            .withArgs(LUNCH.budget + max, max),
      );
      await expectProgramRejected(
        f,
        9n,
        [akimat],
        () => pp.connect(akimat).topUp(9n, 1n),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramUnknown").withArgs(9n),
      );
    });
  });

  describe("pause", () => {
    it("stops taps and beneficiary payments until the funder unpauses; top-ups stay open", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, agent, bob, canteens, ledger } = f;
      await pp.connect(akimat).registerBeneficiaries(programId, [await pp.accountId(bob.address)]);
      await expect(pp.connect(akimat).pause(programId))
        .to.emit(pp, "ProgramPaused")
        .withArgs(programId, akimat.address);
      expect((await pp.programOf(programId)).status).to.equal(ProgramStatus.Paused);
      await expectProgramRejected(
        f,
        programId,
        [canteens[0], bob],
        () => pp.connect(bob).pay(programId, canteens[0].address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramIsPaused").withArgs(programId),
      );
      await expectProgramRejected(
        f,
        programId,
        [],
        () => pp.connect(akimat).pause(programId),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramIsPaused").withArgs(programId),
      );
      await pp.connect(akimat).topUp(programId, tenge(1));
      await expect(pp.connect(akimat).unpause(programId))
        .to.emit(pp, "ProgramUnpaused")
        .withArgs(programId, akimat.address);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => pp.connect(akimat).unpause(programId),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramNotPaused").withArgs(programId),
      );
      await expect(
        pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 1))]),
      ).to.changeTokenBalances(ledger, [canteens[0]], [LUNCH.meal]);
    });
  });

  describe("closeExpired", () => {
    it("before the window ends, reverts with ProgramNotExpired", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, stranger } = f;
      const { end } = await pp.programOf(programId);
      await expectProgramRejected(
        f,
        programId,
        [f.akimat],
        () => pp.connect(stranger).closeExpired(programId),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramNotExpired").withArgs(programId, end, anyValue),
      );
    });

    it("after the window, returns the unspent budget to the budget code it came from, with the audit events", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, agent, stranger, canteens, ledger } = f;
      await pp.connect(agent).submitTaps(
        programId,
        [canteens[0].address],
        [1, 2, 3].map((i) => encodeTap(tap(i, i))),
      );
      await pp.connect(akimat).topUp(programId, tenge(10_000));
      const spent = 3n * LUNCH.meal;
      const left = LUNCH.budget + tenge(10_000) - spent;
      await time.increaseTo((await pp.programOf(programId)).end);

      const tx = pp.connect(stranger).closeExpired(programId);
      await expect(tx)
        .to.emit(pp, "BudgetReturned")
        .withArgs(programId, LUNCH.kbk, akimat.address, left)
        .and.to.emit(pp, "ProgramClosed")
        .withArgs(programId, stranger.address, LUNCH.budget + tenge(10_000), spent, left);
      await expect(tx).to.changeTokenBalances(ledger, [pp, akimat, stranger], [-left, left, 0n]);
      const p = await pp.programOf(programId);
      expect([p.status, p.budget, p.paidOut, p.returned]).to.deep.equal([
        BigInt(ProgramStatus.Closed),
        0n,
        spent,
        left,
      ]);
      await expectProgramBooksBalance(f);
    });

    it("closes a paused program too, and an emptied one without a payment", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, agent, canteens, ledger } = f;
      await pp.connect(akimat).pause(programId);
      const now = BigInt(await time.latest());
      const small = await createProgram(f, akimat, { start: now, end: now + 100n, budget: LUNCH.meal });
      await pp.connect(akimat).setAgent(small, agent.address, true);
      await pp.connect(akimat).setRecipient(small, canteens[1].address, true);
      await pp.connect(akimat).registerBeneficiaries(small, [ethers.id("pupil")]);
      await pp.connect(agent).submitTaps(small, [canteens[1].address], [encodeTap(tap(1, 1))]);
      await time.increase(200);
      await expect(pp.closeExpired(small))
        .to.emit(pp, "BudgetReturned")
        .withArgs(small, LUNCH.kbk, akimat.address, 0n)
        .and.not.to.emit(ledger, "Transfer");
      await time.increaseTo((await pp.programOf(programId)).end);
      await expect(pp.closeExpired(programId))
        .to.emit(pp, "BudgetReturned")
        .withArgs(programId, LUNCH.kbk, akimat.address, LUNCH.budget);
      await expectProgramBooksBalance(f);
    });

    it("a closed program is closed for good: nothing more is paid, funded or configured", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, agent, canteens, stranger } = f;
      await time.increaseTo((await pp.programOf(programId)).end);
      await pp.closeExpired(programId);
      const tree = new BeneficiaryTree([ethers.id("a"), ethers.id("b")]);
      const by = pp.connect(akimat);
      const calls: [string, () => Promise<unknown>][] = [
        ["closeExpired", () => pp.connect(stranger).closeExpired(programId)],
        ["topUp", () => by.topUp(programId, 1n)],
        ["pause", () => by.pause(programId)],
        ["setAgent", () => by.setAgent(programId, agent.address, true)],
        ["setRecipient", () => by.setRecipient(programId, canteens[0].address, true)],
        ["setRecipientCategory", () => by.setRecipientCategory(programId, MCC.CANTEEN, true)],
        ["setLimits", () => by.setLimits(programId, { perDay: 1n, perProgram: 1n })],
        ["setBeneficiaryRoot", () => by.setBeneficiaryRoot(programId, tree.root)],
        ["registerBeneficiaries", () => by.registerBeneficiaries(programId, [ethers.id("late")])],
        [
          "enrolByProof",
          () => pp.connect(stranger).enrolByProof(programId, ethers.id("a"), tree.proof(ethers.id("a"))),
        ],
        ["submitTaps", () => pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 1))])],
      ];
      for (const [name, call] of calls) {
        await expectProgramRejected(f, programId, [akimat, canteens[0]], call, (p) =>
          expect(p, name).to.be.revertedWithCustomError(pp, "ProgramIsClosed").withArgs(programId),
        );
      }
      await expectProgramRejected(
        f,
        programId,
        [akimat],
        () => by.unpause(programId),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramNotPaused").withArgs(programId),
      );
    });

    it("waits for the funder's account to be able to receive (the ledger's rule), then returns", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, ledger, compliance } = f;
      await time.increaseTo((await pp.programOf(programId)).end);
      await ledger.connect(compliance).setFreezeState(akimat.address, FreezeState.Full, ref("order-1"));
      await expectProgramRejected(
        f,
        programId,
        [akimat],
        () => pp.closeExpired(programId),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(akimat.address),
      );
      await ledger.connect(compliance).setFreezeState(akimat.address, FreezeState.None, ref("order-2"));
      await expect(pp.closeExpired(programId)).to.changeTokenBalances(ledger, [akimat], [LUNCH.budget]);
    });
  });

  describe("when the ledger is paused", () => {
    it("nothing is paid: beneficiary payments, top-ups and returns at expiry revert with LedgerPaused", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, bob, canteens, ledger, operator } = f;
      await pp.connect(akimat).registerBeneficiaries(programId, [await pp.accountId(bob.address)]);
      await ledger.connect(operator).pause();
      await expectProgramRejected(
        f,
        programId,
        [bob, canteens[0]],
        () => pp.connect(bob).pay(programId, canteens[0].address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
      );
      await expectProgramRejected(
        f,
        programId,
        [akimat],
        () => pp.connect(akimat).topUp(programId, 1n),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
      );
      await time.increaseTo((await pp.programOf(programId)).end);
      await expectProgramRejected(
        f,
        programId,
        [akimat],
        () => pp.closeExpired(programId),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
      );
    });
  });

  describe("the program report", () => {
    it("gives lunches per school per day, spent, remaining and returned", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, agent, canteens, bob } = f;
      const [c0, c1] = [canteens[0].address, canteens[1].address];
      const day1 = await f.ledger.today();
      await pp
        .connect(agent)
        .submitTaps(programId, [c0, c1], [tap(1, 1, 0), tap(2, 2, 1), tap(3, 3, 0), tap(4, 99, 0)].map(encodeTap));
      await pp.connect(agent).submitTaps(programId, [c1], [tap(5, 4, 0), tap(1, 5, 0)].map(encodeTap)); // 1: duplicate
      await time.increase(86_400);
      await pp.connect(agent).submitTaps(programId, [c0], [tap(6, 1, 0), tap(7, 2, 0)].map(encodeTap));
      await pp.connect(akimat).registerBeneficiaries(programId, [await pp.accountId(bob.address)]);
      await pp.connect(bob).pay(programId, c1, tenge(300), ref("snack"));
      await pp.connect(akimat).topUp(programId, tenge(1_000));

      let report = await programReport(pp, programId);
      const meal = LUNCH.meal;
      const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      const day1Rows = [
        { canteen: c0, day: day1, meals: 2n, amount: 2n * meal },
        { canteen: c1, day: day1, meals: 2n, amount: 2n * meal },
      ].sort((a, b) => byKey(a.canteen, b.canteen));
      expect(report.lunches.map(({ canteen, day, meals, amount }) => ({ canteen, day, meals, amount }))).to.deep.equal([
        ...day1Rows,
        { canteen: c0, day: day1 + 1n, meals: 2n, amount: 2n * meal },
      ]);
      expect(report.lunches[0].date).to.equal(new Date(Number(day1) * 86_400_000).toISOString().slice(0, 10));
      const spent = 6n * meal + tenge(300);
      expect(report).to.include({
        status: "Active",
        funded: LUNCH.budget + tenge(1_000),
        toppedUp: tenge(1_000),
        spent,
        remaining: LUNCH.budget + tenge(1_000) - spent,
        returned: 0n,
        tapsPaid: 6n,
        beneficiaryPayments: tenge(300),
      });
      expect(report.tapsRejected).to.deep.equal({ BeneficiaryUnknown: 1n, TapDuplicate: 1n });

      await time.increaseTo((await pp.programOf(programId)).end);
      await pp.closeExpired(programId);
      report = await programReport(pp, programId);
      expect(report).to.include({ status: "Closed", remaining: 0n, returned: LUNCH.budget + tenge(1_000) - spent });
      expect(formatProgramReport(report)).to.include("Lunches served per school per day:").and.include("2 meals");
      await expect(programReport(pp, 77n)).to.be.rejectedWith("there is no program 77");
    });
  });

  it("keeps the books after every step: the contract holds exactly the unspent budgets", async () => {
    const f = await loadFixture(lunchProgram);
    const { purposePrograms: pp, programId, akimat, ministry, agent, canteens } = f;
    await expectProgramBooksBalance(f);
    const now = BigInt(await time.latest());
    const other = await createProgram(f, ministry, { start: now, end: now + 10_000n, budget: tenge(50_000) });
    await expectProgramBooksBalance(f);
    await pp
      .connect(agent)
      .submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 1)), encodeTap(tap(2, 2, 0, 0n))]);
    await expectProgramBooksBalance(f);
    await pp.connect(akimat).topUp(programId, tenge(5));
    await expectProgramBooksBalance(f);
    await time.increase(10_001);
    await pp.closeExpired(other);
    await expectProgramBooksBalance(f);
    const rejected = await pp
      .connect(agent)
      .submitTaps(programId, [canteens[0].address], [encodeTap(tap(2, 2, 0, 0n))]);
    await expect(rejected).to.emit(pp, "TapRejected").withArgs(programId, anyValue, 2, TapRejection.AmountZero);
    await expectProgramBooksBalance(f);
  });
});
