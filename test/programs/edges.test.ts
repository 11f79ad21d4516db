import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, type AddressLike } from "ethers";
import { LUNCH, lunchProgram, programsLedger, type ProgramsFixture } from "./fixtures";
import { expectProgramRejected } from "./state";
import { ledgerState } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { MCC, NO_LIMIT, TapRejection, encodeTap, tapId } from "../../src/programs/taps";
import { tenge } from "../../src/money";
import { accountOf } from "../../src/accounts";

/**
 * The rarely taken arms of the programs contracts: beneficiaries, funders and minors with no ledger account, the
 * largest limit plus one, a marked program's chain after it closed, a recovery that carries a guardian but no
 * rules, and the getters of what the deployment wired.
 */

/** The lunch program with one more beneficiary: an address enrolled by its account id that has no ledger account. */
async function unregisteredBeneficiary() {
  const f = await lunchProgram();
  const nobody = f.spare[40];
  expect((await accountOf(f.ledger, nobody.address)).registered).to.equal(false);
  const id = await f.purposePrograms.accountId(nobody.address);
  await f.purposePrograms.connect(f.akimat).registerBeneficiaries(f.programId, [id]);
  const index = await f.purposePrograms.indexOf(f.programId, id);
  return { ...f, nobody, index };
}

/**
 * The akimat's marked program (1 000 000 ₸ for one day, building materials eligible) with the bookshop as the
 * general contractor (the bookshop and canteens are merchants at bank A).
 */
async function markedProgram() {
  const f = await programsLedger();
  const now = BigInt(await time.latest());
  await f.markedPrograms
    .connect(f.akimat)
    .createProgram({ kbk: 101_101_001n, start: now, end: now + 86_400n, ref: ref("NF-decree") }, tenge(1_000_000));
  const programId = await f.markedPrograms.programCount();
  await f.markedPrograms.connect(f.akimat).setRecipientCategory(programId, MCC.CONSTRUCTION_MATERIALS, true);
  await f.markedPrograms.connect(f.akimat).registerContractor(programId, f.bookshop.address, ref("contract-1"));
  return { ...f, programId };
}

/** What a marked-program call must leave as it was: the program, its marked total, the given parties and the ledger. */
async function markedState(f: ProgramsFixture, programId: bigint, parties: AddressLike[]) {
  const addresses = await Promise.all(parties.map(async (p) => ethers.resolveAddress(p)));
  return {
    program: (await f.markedPrograms.programOf(programId)).toString(),
    marked: await f.markedPrograms.markedTotal(programId),
    parties: await Promise.all(addresses.map(async (a) => (await f.markedPrograms.partyOf(programId, a)).toString())),
    ledger: await ledgerState(f.ledger, [...addresses, f.markedPrograms]),
  };
}

describe("Programs: edge paths", () => {
  describe("getters of what the deployment wired", () => {
    it("every program contract names the suite's ledger, and the programs the categories and guardian rules", async () => {
      const f = await loadFixture(programsLedger);
      const ledger = await f.ledger.getAddress();
      const categories = await f.merchantCategories.getAddress();
      expect(await f.purposePrograms.ledger()).to.equal(ledger);
      expect(await f.markedPrograms.ledger()).to.equal(ledger);
      expect(await f.merchantCategories.ledger()).to.equal(ledger);
      expect(await f.moveToEarn.ledger()).to.equal(ledger);
      expect(await f.purposePrograms.merchantCategories()).to.equal(categories);
      expect(await f.markedPrograms.merchantCategories()).to.equal(categories);
      expect(await f.purposePrograms.guardianRules()).to.equal(await f.guardianRules.getAddress());
    });

    it("isAgent follows the funder's setAgent", async () => {
      const f = await loadFixture(lunchProgram);
      expect(await f.purposePrograms.isAgent(f.programId, f.agent.address)).to.equal(true);
      expect(await f.purposePrograms.isAgent(f.programId, f.stranger.address)).to.equal(false);
      await f.purposePrograms.connect(f.akimat).setAgent(f.programId, f.agent.address, false);
      expect(await f.purposePrograms.isAgent(f.programId, f.agent.address)).to.equal(false);
    });
  });

  describe("PurposePrograms", () => {
    describe("when an address with no ledger account creates a program", () => {
      it("reverts with ProgramFunderNotGovernment and no program or money moves", async () => {
        const f = await loadFixture(lunchProgram);
        const nobody = f.spare[41];
        const now = BigInt(await time.latest());
        const terms = { kbk: LUNCH.kbk, start: now, end: now + 86_400n, ref: ref("decree") };
        await expectProgramRejected(
          f,
          f.programId,
          [nobody, f.akimat],
          () =>
            f.purposePrograms
              .connect(nobody)
              .createProgram(terms, { perDay: NO_LIMIT, perProgram: NO_LIMIT }, tenge(1_000)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.purposePrograms, "ProgramFunderNotGovernment")
              .withArgs(nobody.address),
        );
      });
    });

    describe("when the funder sets a per-program limit above 2^96 - 1 tiyn", () => {
      it("reverts with LimitTooLarge and no program is created", async () => {
        const f = await loadFixture(lunchProgram);
        const now = BigInt(await time.latest());
        const terms = { kbk: LUNCH.kbk, start: now, end: now + 86_400n, ref: ref("decree") };
        await expectProgramRejected(
          f,
          f.programId,
          [f.akimat],
          () =>
            f.purposePrograms
              .connect(f.akimat)
              .createProgram(terms, { perDay: LUNCH.perDay, perProgram: NO_LIMIT + 1n }, tenge(1_000)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.purposePrograms, "LimitTooLarge")
              .withArgs(NO_LIMIT + 1n, NO_LIMIT),
        );
      });
    });

    describe("when an enrolled account beneficiary has no ledger account", () => {
      it("its own payment reverts with ProgramPayerBlocked; nothing is spent", async () => {
        const f = await loadFixture(unregisteredBeneficiary);
        await expectProgramRejected(
          f,
          f.programId,
          [f.nobody, f.canteens[0]],
          () => f.purposePrograms.connect(f.nobody).pay(f.programId, f.canteens[0].address, tenge(800), ref("meal")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.purposePrograms, "ProgramPayerBlocked")
              .withArgs(f.programId, f.nobody.address),
        );
      });

      it("its tap is reported BeneficiaryBlocked, and the rest of the batch settles", async () => {
        const f = await loadFixture(unregisteredBeneficiary);
        const pp = f.purposePrograms;
        const taps = [
          { terminal: 7, sequence: 1, beneficiary: Number(f.index), amount: tenge(800), canteen: 0 },
          { terminal: 7, sequence: 2, beneficiary: 1, amount: tenge(800), canteen: 0 },
        ];
        const budget = (await pp.programOf(f.programId)).budget;
        const tx = pp.connect(f.agent).submitTaps(f.programId, [f.canteens[0].address], taps.map(encodeTap));
        await expect(tx)
          .to.emit(pp, "TapRejected")
          .withArgs(f.programId, tapId(7, 1), f.index, TapRejection.BeneficiaryBlocked);
        await expect(tx).to.changeTokenBalances(f.ledger, [f.canteens[0], pp], [tenge(800), -tenge(800)]);
        expect((await pp.beneficiaryOf(f.programId, f.index)).spentTotal).to.equal(0n);
        expect((await pp.beneficiaryOf(f.programId, 1)).spentTotal).to.equal(tenge(800));
        expect((await pp.programOf(f.programId)).budget).to.equal(budget - tenge(800));
      });
    });
  });

  describe("MarkedPrograms", () => {
    describe("when a party offers, or a company accepts, a subcontract after the program closed", () => {
      it("reverts with ProgramIsClosed and the chain stays as it was", async () => {
        const f = await loadFixture(markedProgram);
        const sub = f.canteens[0];
        await f.markedPrograms.connect(f.bookshop).offerSubcontract(f.programId, sub.address, ref("c-1.1"));
        await time.increase(86_400);
        await f.markedPrograms.closeExpired(f.programId);
        const before = await markedState(f, f.programId, [f.bookshop, sub]);
        await expect(f.markedPrograms.connect(f.bookshop).offerSubcontract(f.programId, sub.address, ref("c-1.2")))
          .to.be.revertedWithCustomError(f.markedPrograms, "ProgramIsClosed")
          .withArgs(f.programId);
        await expect(f.markedPrograms.connect(sub).acceptSubcontract(f.programId, f.bookshop.address, ref("c-1.1")))
          .to.be.revertedWithCustomError(f.markedPrograms, "ProgramIsClosed")
          .withArgs(f.programId);
        expect(await markedState(f, f.programId, [f.bookshop, sub])).to.deep.equal(before);
        expect(
          await f.markedPrograms.isSubcontractOffered(f.programId, f.bookshop.address, sub.address, ref("c-1.1")),
        ).to.equal(true);
      });
    });

    describe("when the funder releases marked money of an account that is no party", () => {
      it("reverts with PartyNotRegistered and nothing moves", async () => {
        const f = await loadFixture(markedProgram);
        const outsider = f.canteens[1];
        await f.markedPrograms
          .connect(f.akimat)
          .acceptMilestone(f.programId, f.bookshop.address, ethers.id("milestone-1"), tenge(10_000));
        const before = await markedState(f, f.programId, [f.bookshop, outsider]);
        await expect(
          f.markedPrograms.connect(f.akimat).releaseMarked(f.programId, outsider.address, tenge(1_000), ref("rel")),
        )
          .to.be.revertedWithCustomError(f.markedPrograms, "PartyNotRegistered")
          .withArgs(f.programId, outsider.address);
        expect(await markedState(f, f.programId, [f.bookshop, outsider])).to.deep.equal(before);
      });
    });
  });

  describe("GuardianRules", () => {
    describe("when a bank links a guardian to an address with no ledger account", () => {
      it("reverts with GuardianNotBankOfRecord and links nothing", async () => {
        const f = await loadFixture(programsLedger);
        const nobody = f.spare[42].address;
        await expect(f.guardianRules.connect(f.bankA).setGuardian(nobody, f.parent.address))
          .to.be.revertedWithCustomError(f.guardianRules, "GuardianNotBankOfRecord")
          .withArgs(f.bankA.address, nobody);
        expect((await f.guardianRules.rulesOf(nobody)).guardian).to.equal(ZeroAddress);
      });
    });

    describe("when a minor with a guardian but no rules in force is recovered to a new wallet", () => {
      it("followRecovery carries the guardian over and clears no rules", async () => {
        const f = await loadFixture(programsLedger);
        const replacement = f.spare[43];
        await f.guardianRules.connect(f.bankA).setGuardian(f.minor.address, f.parent.address);
        expect((await f.guardianRules.rulesOf(f.minor.address)).active).to.equal(false);
        await f.ledger.connect(f.bankA).recoverAccount(f.minor.address, replacement.address);
        const follow = f.guardianRules.connect(f.stranger).followRecovery(f.minor.address);
        await expect(follow)
          .to.emit(f.guardianRules, "GuardianSet")
          .withArgs(replacement.address, f.bankA.address, ZeroAddress, f.parent.address);
        await expect(follow).not.to.emit(f.guardianRules, "RulesCleared");
        await expect(follow).not.to.emit(f.guardianRules, "RulesSet");
        const rules = await f.guardianRules.rulesOf(replacement.address);
        expect([rules.guardian, rules.active, rules.version]).to.deep.equal([f.parent.address, false, 0n]);
        expect(await f.guardianRules.guarded(replacement.address)).to.equal(false);
      });
    });
  });
});
