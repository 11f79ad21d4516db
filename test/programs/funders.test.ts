import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { MCC, ProgramStatus } from "../../src/programs/taps";
import { ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { LUNCH, expectProgramsHoldBudgets, lunchProgram, programsLedger } from "./fixtures";
import { expectProgramRejected } from "./state";

describe("Programs: a funder's mandate on the ledger", () => {
  async function withoutMandates() {
    const f = await lunchProgram();
    const { ledger, akimat, sponsor, purposePrograms, markedPrograms, moveToEarn } = f;
    for (const module of [purposePrograms, markedPrograms])
      await ledger.connect(akimat).setModuleMandate(module, false);
    await ledger.connect(sponsor).setModuleMandate(moveToEarn, false);
    return f;
  }

  it("a program contract the funder gave no mandate cannot take its money: ModuleNotMandated, nothing moves", async () => {
    const f = await loadFixture(withoutMandates);
    const { purposePrograms: pp, markedPrograms: mp, programId, akimat, ledger } = f;
    const now = BigInt(await time.latest());
    const terms = { kbk: LUNCH.kbk, start: now, end: now + 86_400n, ref: ref("decree") };
    const attempts: [string, () => Promise<unknown>][] = [
      [await pp.getAddress(), () => pp.connect(akimat).topUp(programId, tenge(1_000))],
      [await pp.getAddress(), () => pp.connect(akimat).createProgram(terms, { perDay: 1n, perProgram: 1n }, tenge(1))],
      [await mp.getAddress(), () => mp.connect(akimat).createProgram(terms, tenge(1))],
    ];
    for (const [module, attempt] of attempts) {
      await expectProgramRejected(f, programId, [akimat, mp], attempt, (p) =>
        expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(module, akimat.address),
      );
    }
    expect(await mp.programCount()).to.equal(0n);
    expect(await ledger.hasMandate(akimat.address, pp)).to.equal(false);
  });

  it("a campaign its sponsor gave no mandate cannot be funded: ModuleNotMandated, nothing moves", async () => {
    const f = await loadFixture(withoutMandates);
    const { moveToEarn: m2e, sponsor, ledger } = f;
    await expectRejected(
      ledger,
      [m2e, sponsor],
      () => m2e.connect(sponsor).fund(tenge(1_000)),
      (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(m2e, sponsor.address),
    );
  });

  it("with the mandate given again, the funder tops up", async () => {
    const f = await loadFixture(withoutMandates);
    const { purposePrograms: pp, programId, akimat, ledger } = f;
    await expect(ledger.connect(akimat).setModuleMandate(pp, true))
      .to.emit(ledger, "ModuleMandateSet")
      .withArgs(akimat.address, pp, true, akimat.address);
    await expect(pp.connect(akimat).topUp(programId, tenge(1_000))).to.changeTokenBalances(
      ledger,
      [akimat, pp],
      [-tenge(1_000), tenge(1_000)],
    );
  });
});

describe("Programs: when the funder's bank recovers the funder's wallet", () => {
  async function recoveredFunder() {
    const f = await lunchProgram();
    const newAkimat = f.spare[26];
    await f.ledger.connect(f.bankA).recoverAccount(f.akimat.address, newAkimat.address);
    return { ...f, newAkimat };
  }

  it("after the window, the program closes and its unspent budget is returned to the replacement", async () => {
    const f = await loadFixture(recoveredFunder);
    const { purposePrograms: pp, programId, akimat, newAkimat, stranger, ledger } = f;
    await time.increaseTo((await pp.programOf(programId)).end);
    const tx = pp.connect(stranger).closeExpired(programId);
    await expect(tx)
      .to.emit(pp, "BudgetReturned")
      .withArgs(programId, LUNCH.kbk, newAkimat.address, LUNCH.budget)
      .and.to.emit(pp, "ProgramClosed")
      .withArgs(programId, stranger.address, LUNCH.budget, 0n, LUNCH.budget);
    await expect(tx).to.changeTokenBalances(ledger, [pp, newAkimat, akimat], [-LUNCH.budget, LUNCH.budget, 0n]);
    const p = await pp.programOf(programId);
    expect([p.status, p.budget, p.returned, p.funder]).to.deep.equal([
      BigInt(ProgramStatus.Closed),
      0n,
      LUNCH.budget,
      akimat.address,
    ]);
    await expectProgramsHoldBudgets(f);
  });

  it("the replacement holds the funder's powers: pause, unpause, recipients, top-up", async () => {
    const f = await loadFixture(recoveredFunder);
    const { purposePrograms: pp, programId, newAkimat, bookshop } = f;
    await expect(pp.connect(newAkimat).pause(programId))
      .to.emit(pp, "ProgramPaused")
      .withArgs(programId, newAkimat.address);
    await expect(pp.connect(newAkimat).unpause(programId))
      .to.emit(pp, "ProgramUnpaused")
      .withArgs(programId, newAkimat.address);
    await expect(pp.connect(newAkimat).setRecipient(programId, bookshop.address, true))
      .to.emit(pp, "RecipientSet")
      .withArgs(programId, bookshop.address, false, true);
    await expect(pp.connect(newAkimat).topUp(programId, tenge(1_000)))
      .to.emit(pp, "ProgramToppedUp")
      .withArgs(programId, newAkimat.address, tenge(1_000), LUNCH.budget + tenge(1_000));
  });

  it("the lost key holds none: every funder power reverts with ProgramNotFunder and nothing changes", async () => {
    const f = await loadFixture(recoveredFunder);
    const { purposePrograms: pp, programId, akimat, bookshop } = f;
    const attempts = [
      () => pp.connect(akimat).pause(programId),
      () => pp.connect(akimat).setRecipient(programId, bookshop.address, true),
      () => pp.connect(akimat).setRecipientCategory(programId, MCC.BOOKS, true),
      () => pp.connect(akimat).setAgent(programId, akimat.address, true),
      () => pp.connect(akimat).registerBeneficiaries(programId, [ref("pupil")]),
    ];
    for (const attempt of attempts) {
      await expectProgramRejected(f, programId, [akimat, bookshop], attempt, (p) =>
        expect(p).to.be.revertedWithCustomError(pp, "ProgramNotFunder").withArgs(programId, akimat.address),
      );
    }
  });
});

describe("MoveToEarn: when the sponsor's bank recovers the sponsor's wallet", () => {
  async function recoveredSponsor() {
    const f = await loadFixture(programsLedger);
    const { moveToEarn: m2e, sponsor, ledger, bankA } = f;
    await m2e.connect(sponsor).fund(tenge(1_000));
    const newSponsor = f.spare[27];
    await ledger.connect(bankA).recoverAccount(sponsor.address, newSponsor.address);
    return { ...f, newSponsor };
  }

  it("the replacement is the owner: it withdraws the pool", async () => {
    const f = await recoveredSponsor();
    const { moveToEarn: m2e, newSponsor, ledger } = f;
    expect(await m2e.owner()).to.equal(newSponsor.address);
    const tx = m2e.connect(newSponsor).withdraw(tenge(1_000));
    await expect(tx).to.emit(m2e, "PoolWithdrawn").withArgs(newSponsor.address, tenge(1_000), 0n);
    await expect(tx).to.changeTokenBalances(ledger, [m2e, newSponsor], [-tenge(1_000), tenge(1_000)]);
  });

  it("the lost key holds no sponsor power: OwnableUnauthorizedAccount, and the pool stays", async () => {
    const f = await recoveredSponsor();
    const { moveToEarn: m2e, sponsor, oracle, ledger } = f;
    for (const attempt of [
      () => m2e.connect(sponsor).withdraw(tenge(1_000)),
      () => m2e.connect(sponsor).addOracle(oracle.address),
    ]) {
      await expectRejected(ledger, [m2e, sponsor], attempt, (p) =>
        expect(p).to.be.revertedWithCustomError(m2e, "OwnableUnauthorizedAccount").withArgs(sponsor.address),
      );
    }
    expect(await m2e.isOracle(oracle.address)).to.equal(false);
  });
});
