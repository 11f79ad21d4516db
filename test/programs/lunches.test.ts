import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { MCC, NO_LIMIT, ProgramStatus, TapRejection, encodeTap, tapId, type Tap } from "../../src/programs/taps";
import { BeneficiaryTree } from "../../src/programs/merkle";
import { ref } from "../helpers/fixtures";
import { LUNCH, cardTokens, createProgram, expectProgramsHoldBudgets, lunchProgram, programsLedger } from "./fixtures";
import { expectProgramRejected } from "./state";

/** A tap of pupil `beneficiary` at canteen `canteen` (batch index), terminal 7, sequence `seq`. */
const tap = (seq: number, beneficiary: number, canteen = 0, amount: bigint = LUNCH.meal, terminal = 7): Tap => ({
  terminal,
  sequence: seq,
  beneficiary,
  amount,
  canteen,
});

describe("PurposePrograms: school lunches", () => {
  describe("createProgram", () => {
    it("moves the budget from the funder into the program and records the terms", async () => {
      const f = await loadFixture(programsLedger);
      const { purposePrograms, ledger, akimat } = f;
      const now = BigInt(await time.latest());
      const terms = { kbk: LUNCH.kbk, start: now, end: now + 86_400n * 30n, ref: ref("decree") };
      const limits = { perDay: LUNCH.perDay, perProgram: LUNCH.perProgram };
      const tx = purposePrograms.connect(akimat).createProgram(terms, limits, LUNCH.budget);
      await expect(tx)
        .to.emit(purposePrograms, "ProgramCreated")
        .withArgs(1n, akimat.address, LUNCH.kbk, LUNCH.budget, terms.start, terms.end, terms.ref)
        .and.to.emit(purposePrograms, "LimitsSet")
        .withArgs(1n, 0n, 0n, LUNCH.perDay, LUNCH.perProgram);
      await expect(tx).to.changeTokenBalances(ledger, [akimat, purposePrograms], [-LUNCH.budget, LUNCH.budget]);
      const p = await purposePrograms.programOf(1n);
      expect(p.funder).to.equal(akimat.address);
      expect(p.status).to.equal(ProgramStatus.Active);
      expect(p.kbk).to.equal(LUNCH.kbk);
      expect([p.budget, p.funded, p.paidOut, p.returned]).to.deep.equal([LUNCH.budget, LUNCH.budget, 0n, 0n]);
      expect(await purposePrograms.limitsOf(1n)).to.deep.equal([LUNCH.perDay, LUNCH.perProgram]);
      await expectProgramsHoldBudgets(f);
    });

    describe("when the funder is not a government account", () => {
      it("reverts with ProgramFunderNotGovernment", async () => {
        const f = await loadFixture(programsLedger);
        const { purposePrograms, alice } = f;
        const now = BigInt(await time.latest());
        const terms = { kbk: LUNCH.kbk, start: now, end: now + 1000n, ref: ref("x") };
        await expectProgramRejected(
          f,
          1n,
          [alice],
          () => purposePrograms.connect(alice).createProgram(terms, { perDay: 1n, perProgram: 1n }, tenge(10)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(purposePrograms, "ProgramFunderNotGovernment")
              .withArgs(alice.address),
        );
      });
    });

    describe("when the terms are bad", () => {
      it("reverts with ProgramWindowInvalid for an empty or past window", async () => {
        const f = await loadFixture(programsLedger);
        const { purposePrograms, akimat } = f;
        const now = BigInt(await time.latest());
        const limits = { perDay: 1n, perProgram: 1n };
        for (const [start, end] of [
          [now + 100n, now + 100n],
          [now - 1000n, now - 10n],
        ]) {
          await expectProgramRejected(
            f,
            1n,
            [akimat],
            () =>
              purposePrograms.connect(akimat).createProgram({ kbk: 1n, start, end, ref: ref("x") }, limits, tenge(10)),
            (p) =>
              expect(p).to.be.revertedWithCustomError(purposePrograms, "ProgramWindowInvalid").withArgs(start, end),
          );
        }
      });

      it("reverts with ProgramZeroAmount, ProgramAmountTooLarge and LimitTooLarge", async () => {
        const f = await loadFixture(programsLedger);
        const { purposePrograms, akimat } = f;
        const now = BigInt(await time.latest());
        const terms = { kbk: 1n, start: now, end: now + 1000n, ref: ref("x") };
        const ok = { perDay: 1n, perProgram: 1n };
        const byAkimat = purposePrograms.connect(akimat);
        await expectProgramRejected(
          f,
          1n,
          [akimat],
          () => byAkimat.createProgram(terms, ok, 0n),
          (p) => expect(p).to.be.revertedWithCustomError(purposePrograms, "ProgramZeroAmount"),
        );
        await expectProgramRejected(
          f,
          1n,
          [akimat],
          () => byAkimat.createProgram(terms, ok, 2n ** 96n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(purposePrograms, "ProgramAmountTooLarge")
              .withArgs(2n ** 96n, NO_LIMIT),
        );
        await expectProgramRejected(
          f,
          1n,
          [akimat],
          () => byAkimat.createProgram(terms, { perDay: 2n ** 96n, perProgram: 1n }, tenge(1)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(purposePrograms, "LimitTooLarge")
              .withArgs(2n ** 96n, NO_LIMIT),
        );
      });

      it("reverts with the ledger's error when the funder cannot pay the budget", async () => {
        const f = await loadFixture(programsLedger);
        const { purposePrograms, akimat, ledger } = f;
        const now = BigInt(await time.latest());
        const terms = { kbk: 1n, start: now, end: now + 1000n, ref: ref("x") };
        const held = await ledger.balanceOf(akimat.address);
        await expectProgramRejected(
          f,
          1n,
          [akimat],
          () => purposePrograms.connect(akimat).createProgram(terms, { perDay: 1n, perProgram: 1n }, held + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC20InsufficientBalance")
              .withArgs(akimat.address, held, held + 1n),
        );
      });
    });
  });

  describe("funder configuration", () => {
    it("only the funder may set agents, recipients, categories, limits, beneficiaries and the root", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, stranger, agent, canteens } = f;
      const by = pp.connect(stranger);
      const calls: [string, () => Promise<unknown>][] = [
        ["setAgent", () => by.setAgent(programId, agent.address, true)],
        ["setRecipient", () => by.setRecipient(programId, canteens[0].address, true)],
        ["setRecipientCategory", () => by.setRecipientCategory(programId, MCC.GROCERY, true)],
        ["setLimits", () => by.setLimits(programId, { perDay: 1n, perProgram: 1n })],
        ["registerBeneficiaries", () => by.registerBeneficiaries(programId, [ethers.id("x")])],
        ["setBeneficiaryRoot", () => by.setBeneficiaryRoot(programId, ethers.id("root"))],
        ["revokeBeneficiary", () => by.revokeBeneficiary(programId, 1)],
        ["topUp", () => by.topUp(programId, 1n)],
        ["pause", () => by.pause(programId)],
      ];
      for (const [name, call] of calls) {
        await expectProgramRejected(f, programId, [stranger], call, (p) =>
          expect(p, name).to.be.revertedWithCustomError(pp, "ProgramNotFunder").withArgs(programId, stranger.address),
        );
      }
    });

    it("setters emit old -> new", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, agent, canteens } = f;
      const by = pp.connect(akimat);
      await expect(by.setAgent(programId, agent.address, false))
        .to.emit(pp, "AgentSet")
        .withArgs(programId, agent.address, true, false);
      await expect(by.setRecipient(programId, canteens[0].address, true))
        .to.emit(pp, "RecipientSet")
        .withArgs(programId, canteens[0].address, false, true);
      await expect(by.setRecipientCategory(programId, MCC.CANTEEN, false))
        .to.emit(pp, "RecipientCategorySet")
        .withArgs(programId, MCC.CANTEEN, true, false);
      await expect(by.setLimits(programId, { perDay: 1n, perProgram: 2n }))
        .to.emit(pp, "LimitsSet")
        .withArgs(programId, LUNCH.perDay, LUNCH.perProgram, 1n, 2n);
      await expect(by.setBeneficiaryRoot(programId, ethers.id("r")))
        .to.emit(pp, "BeneficiaryRootSet")
        .withArgs(programId, ethers.ZeroHash, ethers.id("r"));
    });

    it("rejects a category above 9999, a zero id and an id enrolled twice", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, cards } = f;
      const by = pp.connect(akimat);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.setRecipientCategory(programId, 10_000, true),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramCategoryOutOfRange").withArgs(10_000),
      );
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.registerBeneficiaries(programId, [ethers.ZeroHash]),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryIdZero"),
      );
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.registerBeneficiaries(programId, [cards[3]]),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryAlreadyEnrolled").withArgs(programId, cards[3]),
      );
    });

    it("revokes a beneficiary once, and an unknown index not at all", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, cards } = f;
      const by = pp.connect(akimat);
      await expect(by.revokeBeneficiary(programId, 2))
        .to.emit(pp, "BeneficiaryRevoked")
        .withArgs(programId, cards[1], 2);
      expect((await pp.beneficiaryOf(programId, 2)).revoked).to.equal(true);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.revokeBeneficiary(programId, 2),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryIsRevoked").withArgs(programId, 2),
      );
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.revokeBeneficiary(programId, 99),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryIndexUnknown").withArgs(programId, 99),
      );
    });
  });

  describe("submitTaps", () => {
    it("pays each canteen once per batch for the meals served, and counts every pupil's day", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, agent, canteens, ledger } = f;
      const batchCanteens = [canteens[0].address, canteens[1].address];
      const taps = [tap(1, 1, 0), tap(2, 2, 0), tap(3, 3, 1), tap(4, 4, 0), tap(5, 5, 1, tenge(650))].map(encodeTap);
      const day = await ledger.today();
      const tx = pp.connect(agent).submitTaps(programId, batchCanteens, taps);
      await expect(tx)
        .to.emit(pp, "CanteenPaid")
        .withArgs(programId, canteens[0].address, day, 3n, 3n * LUNCH.meal)
        .and.to.emit(pp, "CanteenPaid")
        .withArgs(programId, canteens[1].address, day, 2n, LUNCH.meal + tenge(650))
        .and.to.emit(pp, "TapBatchSettled")
        .withArgs(programId, agent.address, day, 5n, 0n, 4n * LUNCH.meal + tenge(650))
        .and.not.to.emit(pp, "TapRejected");
      await expect(tx).to.changeTokenBalances(
        ledger,
        [pp, canteens[0], canteens[1]],
        [-(4n * LUNCH.meal + tenge(650)), 3n * LUNCH.meal, LUNCH.meal + tenge(650)],
      );
      // One ledger transfer per canteen, not per tap.
      const receipt = await (await tx).wait();
      const ledgerAddress = await ledger.getAddress();
      const transferTopic = ethers.id("Transfer(address,address,uint256)");
      const transfers = receipt!.logs.filter((l) => l.address === ledgerAddress && l.topics[0] === transferTopic);
      expect(transfers.length).to.equal(2);
      const b1 = await pp.beneficiaryOf(programId, 1);
      expect([b1.spentToday, b1.spentTotal]).to.deep.equal([LUNCH.meal, LUNCH.meal]);
      expect(await pp.isTapSettled(programId, tapId(7, 3))).to.equal(true);
      expect(await pp.isTapSettled(programId, tapId(7, 6))).to.equal(false);
      const p = await pp.programOf(programId);
      expect([p.budget, p.paidOut]).to.deep.equal([
        LUNCH.budget - (4n * LUNCH.meal + tenge(650)),
        4n * LUNCH.meal + tenge(650),
      ]);
      await expectProgramsHoldBudgets(f);
    });

    it("settles the good taps of a batch with bad ones, and reports each bad tap with its reason", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, agent, akimat, canteens, bookshop, ledger, compliance } = f;
      await pp.connect(akimat).revokeBeneficiary(programId, 9);
      await pp.connect(akimat).setRecipient(programId, canteens[2].address, true);
      await ledger.connect(compliance).setFreezeState(canteens[2].address, FreezeState.Full, ref("court-1"));
      // Pupil 6 already ate 800 today; pupil 8 has 199 500 of 200 000 left... (set below through limits).
      await pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(100, 6))]);

      const batchCanteens = [canteens[0].address, bookshop.address, canteens[2].address];
      const taps: [Tap, number][] = [
        [tap(1, 1), TapRejection.None],
        [tap(2, 99), TapRejection.BeneficiaryUnknown],
        [tap(3, 9), TapRejection.BeneficiaryRevoked],
        [tap(100, 2), TapRejection.TapDuplicate], // paid in the earlier batch
        [tap(4, 3), TapRejection.None],
        [tap(4, 4), TapRejection.TapDuplicate], // same tap id twice in this batch
        [tap(5, 4, 3), TapRejection.CanteenIndexOutOfRange],
        [tap(6, 4, 1), TapRejection.RecipientNotEligible], // a bookshop
        [tap(7, 4, 2), TapRejection.RecipientNotEligible], // listed but frozen
        [tap(8, 4, 0, 0n), TapRejection.AmountZero],
        [tap(9, 6), TapRejection.DailyLimitExceeded], // 800 + 800 > 1 500
        [tap(10, 6, 0, tenge(700)), TapRejection.None], // 800 + 700 = 1 500
        [tap(11, 5, 0, tenge(1_501)), TapRejection.DailyLimitExceeded],
      ];
      const paid = LUNCH.meal * 2n + tenge(700);
      const tx = pp.connect(agent).submitTaps(
        programId,
        batchCanteens,
        taps.map(([t]) => encodeTap(t)),
      );
      for (const [t, reason] of taps) {
        if (reason === TapRejection.None) continue;
        await expect(tx)
          .to.emit(pp, "TapRejected")
          .withArgs(programId, tapId(t.terminal, t.sequence), t.beneficiary, reason);
      }
      await expect(tx).to.emit(pp, "TapBatchSettled").withArgs(programId, agent.address, anyValue, 3n, 10n, paid);
      await expect(tx).to.changeTokenBalances(ledger, [pp, canteens[0], bookshop, canteens[2]], [-paid, paid, 0n, 0n]);
      // A rejected tap id is not spent: it may be resubmitted once fixed.
      expect(await pp.isTapSettled(programId, tapId(7, 6))).to.equal(false);
      expect(await pp.isTapSettled(programId, tapId(7, 4))).to.equal(true);
      expect((await pp.beneficiaryOf(programId, 4)).spentToday).to.equal(0n);
      expect((await pp.beneficiaryOf(programId, 6)).spentToday).to.equal(LUNCH.perDay);
      await expectProgramsHoldBudgets(f);
    });

    it("never pays a tap id twice: a resubmitted batch pays nothing", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, agent, canteens, ledger } = f;
      const taps = [tap(1, 1), tap(2, 2), tap(3, 3)].map(encodeTap);
      await pp.connect(agent).submitTaps(programId, [canteens[0].address], taps);
      await time.increase(86_400); // even on another day
      const tx = pp.connect(agent).submitTaps(programId, [canteens[0].address], taps);
      await expect(tx).to.changeTokenBalances(ledger, [pp, canteens[0]], [0n, 0n]);
      await expect(tx).to.emit(pp, "TapBatchSettled").withArgs(programId, agent.address, anyValue, 0n, 3n, 0n);
      for (let s = 1; s <= 3; s++) {
        await expect(tx).to.emit(pp, "TapRejected").withArgs(programId, tapId(7, s), s, TapRejection.TapDuplicate);
      }
      // The same sequence number on another terminal is another tap.
      await expect(
        pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 1, 0, LUNCH.meal, 8))]),
      ).to.changeTokenBalances(ledger, [canteens[0]], [LUNCH.meal]);
    });

    it("rejects taps beyond a pupil's program limit and beyond the budget", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, agent, akimat, canteens } = f;
      await pp.connect(akimat).setLimits(programId, { perDay: LUNCH.perDay, perProgram: tenge(1_000) });
      await pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 1))]);
      await time.increase(86_400);
      const tx = pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(2, 1))]);
      await expect(tx)
        .to.emit(pp, "TapRejected")
        .withArgs(programId, tapId(7, 2), 1, TapRejection.ProgramLimitExceeded);

      // A budget of 1 000 ₸ left pays one more meal of 800, not two.
      const budget = (await pp.programOf(programId)).budget;
      await pp.connect(akimat).setLimits(programId, { perDay: NO_LIMIT, perProgram: NO_LIMIT });
      await pp
        .connect(agent)
        .submitTaps(programId, [canteens[0].address], [encodeTap(tap(3, 2, 0, budget - tenge(1_000)))]);
      const last = pp
        .connect(agent)
        .submitTaps(programId, [canteens[0].address], [encodeTap(tap(4, 3)), encodeTap(tap(5, 4))]);
      await expect(last).to.emit(pp, "TapRejected").withArgs(programId, tapId(7, 5), 4, TapRejection.BudgetExhausted);
      await expect(last)
        .to.emit(pp, "TapBatchSettled")
        .withArgs(programId, agent.address, anyValue, 1n, 1n, LUNCH.meal);
      expect((await pp.programOf(programId)).budget).to.equal(tenge(200));
      await expectProgramsHoldBudgets(f);
    });

    describe("when the caller is not one of the program's agents", () => {
      it("reverts with ProgramNotAgent", async () => {
        const f = await loadFixture(lunchProgram);
        const { purposePrograms: pp, programId, stranger, canteens } = f;
        await expectProgramRejected(
          f,
          programId,
          [canteens[0]],
          () => pp.connect(stranger).submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 1))]),
          (p) => expect(p).to.be.revertedWithCustomError(pp, "ProgramNotAgent").withArgs(programId, stranger.address),
        );
      });
    });

    describe("when the program is paused, not yet open, over or unknown", () => {
      it("reverts with ProgramIsPaused, ProgramNotOpen or ProgramUnknown", async () => {
        const f = await loadFixture(lunchProgram);
        const { purposePrograms: pp, programId, agent, akimat, canteens } = f;
        const submit = (id: bigint) => () =>
          pp.connect(agent).submitTaps(id, [canteens[0].address], [encodeTap(tap(1, 1))]);
        await pp.connect(akimat).pause(programId);
        await expectProgramRejected(f, programId, [canteens[0]], submit(programId), (p) =>
          expect(p).to.be.revertedWithCustomError(pp, "ProgramIsPaused").withArgs(programId),
        );
        await pp.connect(akimat).unpause(programId);
        const p = await pp.programOf(programId);
        await time.increaseTo(p.end);
        await expectProgramRejected(f, programId, [canteens[0]], submit(programId), (x) =>
          expect(x).to.be.revertedWithCustomError(pp, "ProgramNotOpen").withArgs(programId, p.start, p.end, anyValue),
        );
        await expectProgramRejected(f, programId, [canteens[0]], submit(42n), (x) =>
          expect(x).to.be.revertedWithCustomError(pp, "ProgramUnknown").withArgs(42n),
        );
        const now = BigInt(await time.latest());
        const later = await createProgram(f, akimat, { start: now + 1000n, end: now + 5000n, budget: tenge(10) });
        await pp.connect(akimat).setAgent(later, agent.address, true);
        await expectProgramRejected(f, later, [canteens[0]], submit(later), (x) =>
          expect(x)
            .to.be.revertedWithCustomError(pp, "ProgramNotOpen")
            .withArgs(later, now + 1000n, now + 5000n, anyValue),
        );
      });
    });

    describe("when the ledger is paused", () => {
      it("reverts the batch with LedgerPaused and pays nothing", async () => {
        const f = await loadFixture(lunchProgram);
        const { purposePrograms: pp, programId, agent, canteens, ledger, operator } = f;
        await ledger.connect(operator).pause();
        await expectProgramRejected(
          f,
          programId,
          [canteens[0]],
          () => pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 1))]),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
        );
        expect(await pp.isTapSettled(programId, tapId(7, 1))).to.equal(false);
      });
    });

    it("reverts with TapCanteensTooMany above 255 canteens", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, agent, canteens } = f;
      const many = Array.from({ length: 256 }, () => canteens[0].address);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => pp.connect(agent).submitTaps(programId, many, []),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "TapCanteensTooMany").withArgs(256, 255),
      );
    });
  });

  describe("a large beneficiary list published as a Merkle root", () => {
    const LIST = 20_000;
    let ids: string[];
    let tree: BeneficiaryTree;
    before(() => {
      ids = cardTokens(LIST, "almaty-2023");
      tree = new BeneficiaryTree(ids);
    });

    it("enrols a listed pupil by proof (anybody may submit it), who is then paid like any other", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, agent, stranger, canteens, ledger } = f;
      await pp.connect(akimat).setBeneficiaryRoot(programId, tree.root);
      const pupil = ids[12_345];
      const proof = tree.proof(pupil);
      expect(proof.length).to.equal(15); // ceil(log2(20 000))
      await expect(pp.connect(stranger).enrolByProof(programId, pupil, proof))
        .to.emit(pp, "BeneficiaryEnrolled")
        .withArgs(programId, pupil, 21, true);
      expect(await pp.indexOf(programId, pupil)).to.equal(21);
      // The last leaf of an odd layer, too.
      await pp.connect(agent).enrolByProof(programId, ids[LIST - 1], tree.proof(ids[LIST - 1]));
      await expect(
        pp.connect(agent).submitTaps(programId, [canteens[0].address], [encodeTap(tap(1, 21))]),
      ).to.changeTokenBalances(ledger, [canteens[0]], [LUNCH.meal]);
    });

    it("rejects a wrong proof, an unlisted id, a second enrolment and a program without a root", async () => {
      const f = await loadFixture(lunchProgram);
      const { purposePrograms: pp, programId, akimat, stranger, cards } = f;
      const by = pp.connect(stranger);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.enrolByProof(programId, ids[1], tree.proof(ids[1])),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryRootNotSet").withArgs(programId),
      );
      await pp.connect(akimat).setBeneficiaryRoot(programId, tree.root);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.enrolByProof(programId, ids[1], tree.proof(ids[2])),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryProofInvalid").withArgs(programId, ids[1]),
      );
      const outsider = ethers.id("not on the list");
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.enrolByProof(programId, outsider, tree.proof(ids[1])),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryProofInvalid").withArgs(programId, outsider),
      );
      await by.enrolByProof(programId, ids[1], tree.proof(ids[1]));
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.enrolByProof(programId, ids[1], tree.proof(ids[1])),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryAlreadyEnrolled").withArgs(programId, ids[1]),
      );
      // An explicitly enrolled card cannot be enrolled again by proof either.
      const mixed = new BeneficiaryTree([cards[0], ...ids.slice(0, 10)]);
      await pp.connect(akimat).setBeneficiaryRoot(programId, mixed.root);
      await expectProgramRejected(
        f,
        programId,
        [],
        () => by.enrolByProof(programId, cards[0], mixed.proof(cards[0])),
        (p) => expect(p).to.be.revertedWithCustomError(pp, "BeneficiaryAlreadyEnrolled").withArgs(programId, cards[0]),
      );
    });
  });
});
