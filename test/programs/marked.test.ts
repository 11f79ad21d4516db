import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { AddressLike } from "ethers";
import { tenge } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";
import { MCC, ProgramStatus } from "../../src/programs/taps";
import { ledgerState } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { formatMarkedProgramReport, markedProgramReport } from "../../src/programs/report";
import { programsLedger, type ProgramsFixture } from "./fixtures";

const KBK = 101_101_001n; // the National Fund's transfer to the republican budget (illustrative)
const BUDGET = tenge(1_000_000);

type Railway = ProgramsFixture & {
  programId: bigint;
  contractor: HardhatEthersSigner;
  sub1: HardhatEthersSigner;
  sub2: HardhatEthersSigner;
  supplier: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
};

/**
 * The akimat's marked program (standing in for the National Fund): 1 000 000 ₸ from KBK 101101001 for a year;
 * final suppliers are building-materials merchants (5211). The general contractor is registered; sub1 is the
 * contractor's subcontractor and sub2 sub1's; the supplier sells cement (5211); the outsider is a merchant of
 * another category. All organisations at bank B.
 */
async function railway(): Promise<Railway> {
  const f = await programsLedger();
  const { markedPrograms: mp, akimat, ledger, bankB, merchantCategories } = f;
  const [contractor, sub1, sub2, supplier, outsider] = f.spare.slice(15, 20);
  for (const [who, name] of [
    [contractor, "kaztemirtrans-contractor"],
    [sub1, "sub-bridges"],
    [sub2, "sub-rails"],
    [supplier, "cement-shymkent"],
    [outsider, "car-dealer"],
  ] as const) {
    await ledger.connect(bankB).onboardCustomer(who.address, AccountKind.Merchant, Tier.BUSINESS, ref(name));
  }
  await merchantCategories.connect(bankB).setCategory(supplier.address, MCC.CONSTRUCTION_MATERIALS);
  await merchantCategories.connect(bankB).setCategory(outsider.address, 5511);
  const now = BigInt(await time.latest());
  await mp
    .connect(akimat)
    .createProgram({ kbk: KBK, start: now, end: now + 365n * 86_400n, ref: ref("NF-decree") }, BUDGET);
  const programId = await mp.programCount();
  await mp.connect(akimat).setRecipientCategory(programId, MCC.CONSTRUCTION_MATERIALS, true);
  await mp.connect(akimat).registerContractor(programId, contractor.address, ref("contract-1"));
  await mp.connect(contractor).registerSubcontractor(programId, sub1.address, ref("contract-1.1"));
  await mp.connect(sub1).registerSubcontractor(programId, sub2.address, ref("contract-1.1.1"));
  return { ...f, programId, contractor, sub1, sub2, supplier, outsider };
}

/** The books: contract balance == Σ (budget + marked); Σ parties' marked == marked total; funded adds up. */
async function expectMarkedBooks(f: Railway): Promise<void> {
  const { markedPrograms: mp, ledger } = f;
  let held = 0n;
  for (let id = 1n; id <= (await mp.programCount()); id++) {
    const p = await mp.programOf(id);
    const marked = await mp.markedTotal(id);
    expect(p.budget + marked + p.paidOut + p.returned).to.equal(p.funded, `program ${id}'s books`);
    held += p.budget + marked;
  }
  expect(await ledger.balanceOf(await mp.getAddress())).to.equal(held, "contract balance != Σ budget + marked");
  let parties = 0n;
  for (const who of [f.contractor, f.sub1, f.sub2]) parties += (await mp.partyOf(f.programId, who.address)).marked;
  expect(parties).to.equal(await mp.markedTotal(f.programId), "Σ marked balances != marked total");
}

/** A rejected call changes neither the ledger nor the chain's marked balances nor the program. */
async function expectMarkedRejected(
  f: Railway,
  accounts: AddressLike[],
  action: () => Promise<unknown>,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const { markedPrograms: mp, ledger, programId } = f;
  const read = async () => ({
    ledger: await ledgerState(ledger, [...accounts, mp, f.contractor, f.sub1, f.sub2, f.supplier]),
    program: (await mp.programOf(programId)).toString(),
    marked: await mp.markedTotal(programId),
    parties: await Promise.all(
      [f.contractor, f.sub1, f.sub2, f.supplier, f.outsider].map(async (p) =>
        (await mp.partyOf(programId, p.address)).toString(),
      ),
    ),
  });
  const before = await read();
  await assertion(action());
  expect(await read()).to.deep.equal(before, "a rejected call changed something");
}

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
      await mp.connect(sub1).registerSubcontractor(programId, outsider.address, ref("c"));
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

  describe("registering the chain", () => {
    it("rejects a party registered twice, a non-party registering, and accounts that are not organisations", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, stranger, alice, outsider } = f;
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(akimat).registerContractor(programId, sub1.address, ref("c")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyAlreadyRegistered").withArgs(programId, sub1.address),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(stranger).registerSubcontractor(programId, outsider.address, ref("c")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotRegistered").withArgs(programId, stranger.address),
      );
      for (const who of [alice, stranger]) {
        await expectMarkedRejected(
          f,
          [],
          () => mp.connect(contractor).registerSubcontractor(programId, who.address, ref("c")),
          (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotOrganisation").withArgs(who.address),
        );
      }
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).registerContractor(programId, outsider.address, ref("c")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramNotFunder").withArgs(programId, contractor.address),
      );
      await expect(mp.connect(contractor).registerSubcontractor(programId, outsider.address, ref("c-2")))
        .to.emit(mp, "SubcontractorRegistered")
        .withArgs(programId, contractor.address, outsider.address, 2, ref("c-2"));
      expect(await mp.partyOf(programId, outsider.address)).to.deep.equal([true, contractor.address, 2n, 0n]);
      expect(await mp.partyOf(programId, contractor.address)).to.deep.equal([true, akimat.address, 1n, 0n]);
    });

    it("stops a chain at 16 levels with ChainTooDeep", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, sub2, ledger, bankB } = f;
      let parent: HardhatEthersSigner = sub2; // depth 3
      for (let depth = 4; depth <= 17; depth++) {
        const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
        await setBalance(wallet.address, 10n ** 18n);
        const org = await ethers.getImpersonatedSigner(wallet.address);
        await ledger
          .connect(bankB)
          .onboardCustomer(org.address, AccountKind.Merchant, Tier.BUSINESS, ref(`org-${depth}`));
        if (depth === 17) {
          await expectMarkedRejected(
            f,
            [],
            () => mp.connect(parent).registerSubcontractor(programId, org.address, ref("c")),
            (p) => expect(p).to.be.revertedWithCustomError(mp, "ChainTooDeep").withArgs(programId, 17, 16),
          );
        } else {
          await mp.connect(parent).registerSubcontractor(programId, org.address, ref("c"));
          expect((await mp.partyOf(programId, org.address)).depth).to.equal(BigInt(depth));
          parent = org;
        }
      }
    });
  });
});
