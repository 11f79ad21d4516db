import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MCC, ProgramStatus } from "../../src/programs/taps";
import { ref } from "../helpers/fixtures";
import { formatMarkedProgramReport, markedProgramReport } from "../../src/programs/report";
import { BUDGET, KBK, expectMarkedBooks, expectMarkedRejected, railway, subcontract } from "./railway";

describe("MarkedPrograms: marked procurement funds", () => {
  describe("acceptMilestone", () => {
    it("turns budget into the contractor's marked balance, and no DKZT leaves the program", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, contractor, ledger } = f;
      const milestone = ethers.id("section 1: earthworks km 0-50");
      const tx = mp.connect(akimat).acceptMilestone(programId, contractor.address, milestone, tenge(300_000));
      await expect(tx)
        .to.emit(mp, "MilestoneAccepted")
        .withArgs(programId, contractor.address, milestone, tenge(300_000), tenge(300_000));
      await expect(tx).to.changeTokenBalances(ledger, [mp, contractor, akimat], [0n, 0n, 0n]);
      expect((await mp.partyOf(programId, contractor.address)).marked).to.equal(tenge(300_000));
      expect((await mp.programOf(programId)).budget).to.equal(BUDGET - tenge(300_000));
      expect(await mp.isMilestoneAccepted(programId, milestone)).to.equal(true);
      await expectMarkedBooks(f);
    });

    it("pays only against a new milestone, of a general contractor, by the funder, within the budget", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, stranger } = f;
      const m1 = ethers.id("m1");
      await mp.connect(akimat).acceptMilestone(programId, contractor.address, m1, tenge(1));
      const by = mp.connect(akimat);
      await expectMarkedRejected(
        f,
        [],
        () => by.acceptMilestone(programId, contractor.address, m1, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "MilestoneAlreadyAccepted").withArgs(programId, m1),
      );
      for (const who of [sub1, stranger]) {
        await expectMarkedRejected(
          f,
          [],
          () => by.acceptMilestone(programId, who.address, ethers.id("m2"), tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotContractor").withArgs(programId, who.address),
        );
      }
      await expectMarkedRejected(
        f,
        [],
        () => by.acceptMilestone(programId, contractor.address, ethers.id("m2"), 0n),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramZeroAmount"),
      );
      const left = BUDGET - tenge(1);
      await expectMarkedRejected(
        f,
        [],
        () => by.acceptMilestone(programId, contractor.address, ethers.id("m2"), left + 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(mp, "ProgramBudgetExceeded")
            .withArgs(programId, left, left + 1n),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).acceptMilestone(programId, contractor.address, ethers.id("m2"), 1n),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramNotFunder").withArgs(programId, contractor.address),
      );
      await by.pause(programId);
      await expectMarkedRejected(
        f,
        [],
        () => by.acceptMilestone(programId, contractor.address, ethers.id("m2"), 1n),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramIsPaused").withArgs(programId),
      );
    });
  });

  describe("the marked chain", () => {
    async function funded() {
      const f = await railway();
      await f.markedPrograms
        .connect(f.akimat)
        .acceptMilestone(f.programId, f.contractor.address, ethers.id("m1"), tenge(300_000));
      return f;
    }

    it("flows down the chain still marked, and leaves only to a final supplier, as DKZT", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, contractor, sub1, sub2, supplier, ledger } = f;
      await expect(mp.connect(contractor).payMarked(programId, sub1.address, tenge(200_000), ref("inv-1")))
        .to.emit(mp, "MarkedPaid")
        .withArgs(programId, contractor.address, sub1.address, tenge(200_000), ref("inv-1"));
      await expectMarkedBooks(f);
      const down = mp.connect(sub1).payMarked(programId, sub2.address, tenge(120_000), ref("inv-2"));
      await expect(down).to.changeTokenBalances(ledger, [mp, sub1, sub2], [0n, 0n, 0n]);
      await expectMarkedBooks(f);
      const out = mp.connect(sub2).payMarked(programId, supplier.address, tenge(50_000), ref("cement"));
      await expect(out)
        .to.emit(mp, "MarkedSpent")
        .withArgs(programId, sub2.address, supplier.address, tenge(50_000), ref("cement"));
      await expect(out).to.changeTokenBalances(ledger, [mp, supplier, sub2], [-tenge(50_000), tenge(50_000), 0n]);
      // The contractor buys directly from the supplier too.
      await mp.connect(contractor).payMarked(programId, supplier.address, tenge(10_000), ref("rebar"));
      const marked = await Promise.all(
        [contractor, sub1, sub2].map(async (p) => (await mp.partyOf(programId, p.address)).marked),
      );
      expect(marked).to.deep.equal([tenge(90_000), tenge(80_000), tenge(70_000)]);
      expect((await mp.programOf(programId)).paidOut).to.equal(tenge(60_000));
      await expectMarkedBooks(f);
    });

    it("cannot leak: no party can pay itself, up the chain, across it, to an outsider, or move DKZT it does not hold", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, contractor, sub1, sub2, outsider, alice, bankB, akimat, ledger } = f;
      await mp.connect(contractor).payMarked(programId, sub1.address, tenge(100_000), ref("x"));
      const attempts: [HardhatEthersSigner, HardhatEthersSigner, string][] = [
        [contractor, contractor, "itself"],
        [sub1, contractor, "up the chain"],
        [contractor, sub2, "two levels down"],
        [sub1, sub1, "itself"],
        [contractor, outsider, "an outsider merchant of another category"],
        [contractor, alice, "a person"],
        [contractor, bankB, "its bank (cash-out)"],
        [contractor, akimat, "the funder"],
      ];
      for (const [payer, to, what] of attempts) {
        await expectMarkedRejected(
          f,
          [payer, to],
          () => mp.connect(payer).payMarked(programId, to.address, tenge(1), ref("x")),
          (p) =>
            expect(p, what)
              .to.be.revertedWithCustomError(mp, "MarkedRecipientNotAllowed")
              .withArgs(programId, payer.address, to.address),
        );
      }
      // Marked money is not in the parties' wallets: the ledger sees nothing to send or redeem.
      await expectMarkedRejected(
        f,
        [contractor, alice],
        () => ledger.connect(contractor).transfer(alice.address, tenge(1)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "ERC20InsufficientBalance")
            .withArgs(contractor.address, 0n, tenge(1)),
      );
      await expectMarkedRejected(
        f,
        [sub1],
        () => ledger.connect(sub1).redeemToNonCash(tenge(1)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "ERC20InsufficientBalance")
            .withArgs(sub1.address, 0n, tenge(1)),
      );
      // An eligible supplier that joins the chain is a party: it can no longer be paid "out" by anyone but its parent.
      await f.merchantCategories.connect(bankB).setCategory(outsider.address, MCC.CONSTRUCTION_MATERIALS);
      await subcontract(mp, programId, sub1, outsider, ref("c"));
      await expectMarkedRejected(
        f,
        [outsider],
        () => mp.connect(contractor).payMarked(programId, outsider.address, 1n, ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(mp, "MarkedRecipientNotAllowed")
            .withArgs(programId, contractor.address, outsider.address),
      );
      await expectMarkedBooks(f);
    });

    it("rejects more than the marked balance, zero, and a payer outside the chain", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, contractor, sub1, supplier, stranger } = f;
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).payMarked(programId, sub1.address, tenge(300_001), ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(mp, "MarkedBalanceInsufficient")
            .withArgs(programId, contractor.address, tenge(300_000), tenge(300_001)),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).payMarked(programId, supplier.address, 0n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramZeroAmount"),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(stranger).payMarked(programId, supplier.address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotRegistered").withArgs(programId, stranger.address),
      );
    });

    it("a frozen or receive-only party directs no marked money", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, contractor, sub1, supplier, ledger, compliance } = f;
      for (const state of [1, 2]) {
        await ledger.connect(compliance).setFreezeState(contractor.address, state, ref("order"));
        for (const to of [sub1, supplier]) {
          await expectMarkedRejected(
            f,
            [to],
            () => mp.connect(contractor).payMarked(programId, to.address, 1n, ref("x")),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(mp, "ProgramPayerBlocked")
                .withArgs(programId, contractor.address),
          );
        }
        await ledger.connect(compliance).setFreezeState(contractor.address, 0, ref("lifted"));
      }
    });

    it("stops while the ledger is paused: no milestone, no marked payment, nothing paid out", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, supplier, ledger, operator } = f;
      await ledger.connect(operator).pause();
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(akimat).acceptMilestone(programId, contractor.address, ethers.id("m9"), 1n),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramLedgerPaused"),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).payMarked(programId, sub1.address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramLedgerPaused"),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).payMarked(programId, supplier.address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(akimat).releaseMarked(programId, contractor.address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
      );
    });

    it("stops while the funder pauses the program", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, supplier } = f;
      await mp.connect(akimat).pause(programId);
      for (const to of [sub1, supplier]) {
        await expectMarkedRejected(
          f,
          [to],
          () => mp.connect(contractor).payMarked(programId, to.address, 1n, ref("x")),
          (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramIsPaused").withArgs(programId),
        );
      }
      await expectMarkedRejected(
        f,
        [contractor],
        () => mp.connect(akimat).releaseMarked(programId, contractor.address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramIsPaused").withArgs(programId),
      );
    });

    it("the funder alone releases a party's marked balance to its account when it met its obligations", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, ledger } = f;
      await mp.connect(contractor).payMarked(programId, sub1.address, tenge(100_000), ref("x"));
      const tx = mp.connect(akimat).releaseMarked(programId, sub1.address, tenge(15_000), ref("act-of-acceptance"));
      await expect(tx)
        .to.emit(mp, "MarkedReleased")
        .withArgs(programId, sub1.address, tenge(15_000), ref("act-of-acceptance"));
      await expect(tx).to.changeTokenBalances(ledger, [mp, sub1], [-tenge(15_000), tenge(15_000)]);
      await expectMarkedRejected(
        f,
        [sub1],
        () => mp.connect(sub1).releaseMarked(programId, sub1.address, 1n, ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramNotFunder").withArgs(programId, sub1.address),
      );
      await expectMarkedRejected(
        f,
        [sub1],
        () => mp.connect(akimat).releaseMarked(programId, sub1.address, tenge(85_001), ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(mp, "MarkedBalanceInsufficient")
            .withArgs(programId, sub1.address, tenge(85_000), tenge(85_001)),
      );
      await expectMarkedBooks(f);
    });

    it("after the window the unspent budget returns to its budget code; marked balances stay earned and payable", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, akimat, contractor, supplier, ledger } = f;
      await time.increaseTo((await mp.programOf(programId)).end);
      const tx = mp.closeExpired(programId);
      await expect(tx)
        .to.emit(mp, "BudgetReturned")
        .withArgs(programId, KBK, akimat.address, BUDGET - tenge(300_000));
      await expect(tx).to.changeTokenBalances(
        ledger,
        [mp, akimat],
        [-(BUDGET - tenge(300_000)), BUDGET - tenge(300_000)],
      );
      expect((await mp.programOf(programId)).status).to.equal(ProgramStatus.Closed);
      expect(await mp.markedTotal(programId)).to.equal(tenge(300_000));
      await expectMarkedBooks(f);
      await expect(
        mp.connect(contractor).payMarked(programId, supplier.address, tenge(1_000), ref("late invoice")),
      ).to.changeTokenBalances(ledger, [supplier], [tenge(1_000)]);
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(akimat).acceptMilestone(programId, contractor.address, ethers.id("late"), 1n),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramIsClosed").withArgs(programId),
      );
      await expectMarkedBooks(f);
    });

    it("reports the program: remaining, marked, spent (to suppliers, released), returned, milestones", async () => {
      const f = await loadFixture(funded);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, supplier } = f;
      await mp.connect(contractor).payMarked(programId, sub1.address, tenge(100_000), ref("x"));
      await mp.connect(sub1).payMarked(programId, supplier.address, tenge(40_000), ref("x"));
      await mp.connect(akimat).releaseMarked(programId, contractor.address, tenge(5_000), ref("x"));
      await time.increaseTo((await mp.programOf(programId)).end);
      await mp.closeExpired(programId);
      const r = await markedProgramReport(mp, programId);
      expect(r).to.include({
        status: "Closed",
        funded: BUDGET,
        remaining: 0n,
        marked: tenge(255_000),
        spent: tenge(45_000),
        toSuppliers: tenge(40_000),
        released: tenge(5_000),
        returned: BUDGET - tenge(300_000),
      });
      expect(r.milestones).to.deep.equal([
        { contractor: contractor.address, milestoneId: ethers.id("m1"), amount: tenge(300_000) },
      ]);
      expect(formatMarkedProgramReport(r)).to.include("Milestones accepted:");
    });
  });
});
