import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { tenge } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";
import { ref } from "../helpers/fixtures";
import { expectMarkedBooks, expectMarkedRejected, railway, subcontract } from "./railway";

describe("MarkedPrograms: the chain (consent, removal, recovery)", () => {
  describe("registering the chain", () => {
    it("rejects a party registered twice, a non-party offering, and accepting accounts that are not organisations", async () => {
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
        () => mp.connect(stranger).offerSubcontract(programId, outsider.address, ref("c")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotRegistered").withArgs(programId, stranger.address),
      );
      for (const who of [alice, stranger]) {
        await mp.connect(contractor).offerSubcontract(programId, who.address, ref("c"));
        await expectMarkedRejected(
          f,
          [],
          () => mp.connect(who).acceptSubcontract(programId, contractor.address, ref("c")),
          (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotOrganisation").withArgs(who.address),
        );
      }
      await mp.connect(sub1).offerSubcontract(programId, contractor.address, ref("c"));
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).acceptSubcontract(programId, sub1.address, ref("c")),
        (p) =>
          expect(p).to.be.revertedWithCustomError(mp, "PartyAlreadyRegistered").withArgs(programId, contractor.address),
      );
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(contractor).registerContractor(programId, outsider.address, ref("c")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramNotFunder").withArgs(programId, contractor.address),
      );
      await expect(mp.connect(contractor).offerSubcontract(programId, outsider.address, ref("c-2")))
        .to.emit(mp, "SubcontractOffered")
        .withArgs(programId, contractor.address, outsider.address, ref("c-2"));
      expect(await mp.isSubcontractOffered(programId, contractor.address, outsider.address, ref("c-2"))).to.equal(true);
      expect((await mp.partyOf(programId, outsider.address)).registered).to.equal(false);
      await expect(mp.connect(outsider).acceptSubcontract(programId, contractor.address, ref("c-2")))
        .to.emit(mp, "SubcontractorRegistered")
        .withArgs(programId, contractor.address, outsider.address, 2, ref("c-2"));
      expect(await mp.isSubcontractOffered(programId, contractor.address, outsider.address, ref("c-2"))).to.equal(
        false,
      );
      expect(await mp.partyOf(programId, outsider.address)).to.deep.equal([true, contractor.address, 2n, 0n, 0n]);
      expect(await mp.partyOf(programId, contractor.address)).to.deep.equal([true, akimat.address, 1n, 2n, 0n]);
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
            () => mp.connect(parent).offerSubcontract(programId, org.address, ref("c")),
            (p) => expect(p).to.be.revertedWithCustomError(mp, "ChainTooDeep").withArgs(programId, 17, 16),
          );
        } else {
          await subcontract(mp, programId, parent, org, ref("c"));
          expect((await mp.partyOf(programId, org.address)).depth).to.equal(BigInt(depth));
          parent = org;
        }
      }
    });
  });

  describe("when a contractor offers a subcontract to an independent supplier", () => {
    it("the supplier stays independent until it accepts: every party still pays it as a final supplier", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, supplier, ledger } = f;
      await mp.connect(akimat).acceptMilestone(programId, contractor.address, ethers.id("m1"), tenge(300_000));
      await mp.connect(contractor).payMarked(programId, sub1.address, tenge(100_000), ref("inv"));
      // The capture attempt: the contractor names the supplier its subcontractor.
      await mp.connect(contractor).offerSubcontract(programId, supplier.address, ref("capture"));
      expect((await mp.partyOf(programId, supplier.address)).registered).to.equal(false);
      const tx = mp.connect(sub1).payMarked(programId, supplier.address, tenge(40_000), ref("cement"));
      await expect(tx)
        .to.emit(mp, "MarkedSpent")
        .withArgs(programId, sub1.address, supplier.address, tenge(40_000), ref("cement"));
      await expect(tx).to.changeTokenBalances(ledger, [mp, supplier], [-tenge(40_000), tenge(40_000)]);
      await expectMarkedBooks(f);
    });

    it("accepting anything but the open offer reverts with SubcontractNotOffered and nothing changes", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, contractor, sub1, supplier } = f;
      await mp.connect(contractor).offerSubcontract(programId, supplier.address, ref("c-9"));
      for (const [parent, contractRef] of [
        [contractor, ref("c-other")],
        [sub1, ref("c-9")],
      ] as const) {
        await expectMarkedRejected(
          f,
          [],
          () => mp.connect(supplier).acceptSubcontract(programId, parent.address, contractRef),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(mp, "SubcontractNotOffered")
              .withArgs(programId, parent.address, supplier.address, contractRef),
        );
      }
      await subcontract(mp, programId, contractor, supplier, ref("c-9"));
      // An accepted offer is spent: it cannot be accepted twice.
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(supplier).acceptSubcontract(programId, contractor.address, ref("c-9")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(mp, "SubcontractNotOffered")
            .withArgs(programId, contractor.address, supplier.address, ref("c-9")),
      );
    });
  });

  describe("when a contractor offers a subcontract to a company the funder means to hire directly", () => {
    it("the funder still registers it as a general contractor; the offer can no longer be accepted", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, contractor, outsider } = f;
      await mp.connect(contractor).offerSubcontract(programId, outsider.address, ref("pre-empt"));
      await expect(mp.connect(akimat).registerContractor(programId, outsider.address, ref("contract-2")))
        .to.emit(mp, "ContractorRegistered")
        .withArgs(programId, outsider.address, ref("contract-2"));
      await expectMarkedRejected(
        f,
        [],
        () => mp.connect(outsider).acceptSubcontract(programId, contractor.address, ref("pre-empt")),
        (p) =>
          expect(p).to.be.revertedWithCustomError(mp, "PartyAlreadyRegistered").withArgs(programId, outsider.address),
      );
      expect(await mp.partyOf(programId, outsider.address)).to.deep.equal([true, akimat.address, 1n, 0n, 0n]);
    });
  });

  describe("unregisterParty", () => {
    it("the funder removes a party with no marked money and no subcontractors, which can then join elsewhere", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, sub1, sub2 } = f;
      expect((await mp.partyOf(programId, sub1.address)).subcontractors).to.equal(1n);
      await expect(mp.connect(akimat).unregisterParty(programId, sub2.address))
        .to.emit(mp, "PartyUnregistered")
        .withArgs(programId, sub2.address, sub1.address, akimat.address);
      expect((await mp.partyOf(programId, sub2.address)).registered).to.equal(false);
      expect((await mp.partyOf(programId, sub1.address)).subcontractors).to.equal(0n);
      await mp.connect(akimat).registerContractor(programId, sub2.address, ref("contract-3"));
      expect((await mp.partyOf(programId, sub2.address)).depth).to.equal(1n);
      // A general contractor (depth 1) is removed the same way; no parent party counts it.
      await expect(mp.connect(akimat).unregisterParty(programId, sub2.address))
        .to.emit(mp, "PartyUnregistered")
        .withArgs(programId, sub2.address, akimat.address, akimat.address);
    });

    it("refuses a party holding marked money, one with subcontractors, a non-party and anyone but the funder", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, sub2, outsider } = f;
      await mp.connect(akimat).acceptMilestone(programId, contractor.address, ethers.id("m1"), tenge(1_000));
      await mp.connect(contractor).payMarked(programId, sub1.address, tenge(1_000), ref("x"));
      await mp.connect(sub1).payMarked(programId, sub2.address, tenge(1_000), ref("x"));
      const cases = [
        [akimat, sub2, "PartyHoldsMarked", [programId, sub2.address, tenge(1_000)]],
        [akimat, sub1, "PartyHasSubcontractors", [programId, sub1.address, 1n]],
        [akimat, outsider, "PartyNotRegistered", [programId, outsider.address]],
        [contractor, sub1, "ProgramNotFunder", [programId, contractor.address]],
      ] as const;
      for (const [caller, party, error, args] of cases) {
        await expectMarkedRejected(
          f,
          [],
          () => mp.connect(caller).unregisterParty(programId, party.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(mp, error)
              .withArgs(...args),
        );
      }
    });
  });

  describe("when a party's bank recovers its wallet", () => {
    async function recoveredSub1() {
      const f = await railway();
      const { markedPrograms: mp, programId, akimat, contractor, sub1, ledger, bankB } = f;
      await mp.connect(akimat).acceptMilestone(programId, contractor.address, ethers.id("m1"), tenge(300_000));
      await mp.connect(contractor).payMarked(programId, sub1.address, tenge(100_000), ref("inv"));
      const newSub1 = f.spare[24];
      await ledger.connect(bankB).recoverAccount(sub1.address, newSub1.address);
      return { ...f, newSub1 };
    }

    it("followRecovery moves its place and marked balance; the replacement pays its subcontractor and a supplier", async () => {
      const f = await loadFixture(recoveredSub1);
      const { markedPrograms: mp, programId, contractor, sub1, sub2, supplier, newSub1, stranger, ledger } = f;
      await expect(mp.connect(stranger).followRecovery(programId, sub1.address))
        .to.emit(mp, "PartyRecovered")
        .withArgs(programId, sub1.address, newSub1.address, tenge(100_000));
      expect(await mp.partyOf(programId, newSub1.address)).to.deep.equal([
        true,
        contractor.address,
        2n,
        1n,
        tenge(100_000),
      ]);
      expect((await mp.partyOf(programId, sub1.address)).registered).to.equal(false);
      await expect(mp.connect(newSub1).payMarked(programId, sub2.address, tenge(30_000), ref("rails")))
        .to.emit(mp, "MarkedPaid")
        .withArgs(programId, newSub1.address, sub2.address, tenge(30_000), ref("rails"));
      const tx = mp.connect(newSub1).payMarked(programId, supplier.address, tenge(20_000), ref("cement"));
      await expect(tx).to.changeTokenBalances(ledger, [mp, supplier], [-tenge(20_000), tenge(20_000)]);
      expect((await mp.partyOf(programId, newSub1.address)).marked).to.equal(tenge(50_000));
      // Its subcontractor, registered below the lost wallet, is counted at the replacement when removed.
      await mp.connect(sub2).payMarked(programId, supplier.address, tenge(30_000), ref("cement-2"));
      await mp.connect(f.akimat).unregisterParty(programId, sub2.address);
      expect((await mp.partyOf(programId, newSub1.address)).subcontractors).to.equal(0n);
    });

    it("a parent recovered twice: its subcontractor is removed once the live wallet's record is followed", async () => {
      const f = await loadFixture(recoveredSub1);
      const { markedPrograms: mp, programId, akimat, sub1, sub2, newSub1, ledger, bankB } = f;
      await mp.followRecovery(programId, sub1.address);
      const last = f.spare[29];
      await ledger.connect(bankB).recoverAccount(newSub1.address, last.address);
      await expectMarkedRejected(
        f,
        [newSub1, last],
        () => mp.connect(akimat).unregisterParty(programId, sub2.address),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotRegistered").withArgs(programId, last.address),
      );
      await mp.followRecovery(programId, newSub1.address);
      await expect(mp.connect(akimat).unregisterParty(programId, sub2.address))
        .to.emit(mp, "PartyUnregistered")
        .withArgs(programId, sub2.address, sub1.address, akimat.address);
      expect((await mp.partyOf(programId, last.address)).subcontractors).to.equal(0n);
    });

    it("the lost key directs nothing, and the replacement nothing until the recovery is followed", async () => {
      const f = await loadFixture(recoveredSub1);
      const { markedPrograms: mp, programId, sub1, sub2, newSub1 } = f;
      await expectMarkedRejected(
        f,
        [newSub1],
        () => mp.connect(sub1).payMarked(programId, sub2.address, tenge(1), ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramPayerBlocked").withArgs(programId, sub1.address),
      );
      await expectMarkedRejected(
        f,
        [newSub1],
        () => mp.connect(newSub1).payMarked(programId, sub2.address, tenge(1), ref("x")),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotRegistered").withArgs(programId, newSub1.address),
      );
    });

    it("followRecovery is once per lost wallet, only for a recovered party, never onto a party", async () => {
      const f = await loadFixture(recoveredSub1);
      const { markedPrograms: mp, programId, akimat, contractor, sub1, newSub1, supplier } = f;
      await expectMarkedRejected(
        f,
        [newSub1],
        () => mp.followRecovery(programId, contractor.address),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotRecovered").withArgs(contractor.address),
      );
      // The replacement already joined the chain on its own: the lost wallet's place does not overwrite it.
      await mp.connect(akimat).registerContractor(programId, newSub1.address, ref("contract-4"));
      const before = (await mp.partyOf(programId, newSub1.address)).toString();
      await expectMarkedRejected(
        f,
        [newSub1],
        () => mp.followRecovery(programId, sub1.address),
        (p) =>
          expect(p).to.be.revertedWithCustomError(mp, "PartyAlreadyRegistered").withArgs(programId, newSub1.address),
      );
      expect((await mp.partyOf(programId, newSub1.address)).toString()).to.equal(before);
      await mp.connect(akimat).unregisterParty(programId, newSub1.address);
      await mp.followRecovery(programId, sub1.address);
      await expectMarkedRejected(
        f,
        [newSub1, supplier],
        () => mp.followRecovery(programId, sub1.address),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "PartyNotRegistered").withArgs(programId, sub1.address),
      );
    });

    it("releaseMarked pays the party's live wallet", async () => {
      const f = await loadFixture(recoveredSub1);
      const { markedPrograms: mp, programId, akimat, sub1, newSub1, ledger } = f;
      const tx = mp.connect(akimat).releaseMarked(programId, sub1.address, tenge(10_000), ref("wages"));
      await expect(tx).to.emit(mp, "MarkedReleased").withArgs(programId, sub1.address, tenge(10_000), ref("wages"));
      await expect(tx).to.changeTokenBalances(ledger, [mp, newSub1], [-tenge(10_000), tenge(10_000)]);
      await expectMarkedBooks(f);
    });
  });

  describe("when the funder's bank recovers the funder's wallet", () => {
    it("the replacement accepts milestones and the lost key cannot", async () => {
      const f = await loadFixture(railway);
      const { markedPrograms: mp, programId, akimat, contractor, ledger, bankA } = f;
      const newAkimat = f.spare[25];
      await ledger.connect(bankA).recoverAccount(akimat.address, newAkimat.address);
      await expectMarkedRejected(
        f,
        [akimat, newAkimat],
        () => mp.connect(akimat).acceptMilestone(programId, contractor.address, ethers.id("m1"), tenge(1_000)),
        (p) => expect(p).to.be.revertedWithCustomError(mp, "ProgramNotFunder").withArgs(programId, akimat.address),
      );
      await expect(mp.connect(newAkimat).acceptMilestone(programId, contractor.address, ethers.id("m1"), tenge(1_000)))
        .to.emit(mp, "MilestoneAccepted")
        .withArgs(programId, contractor.address, ethers.id("m1"), tenge(1_000), tenge(1_000));
      // The recovered funder registers contractors, whose chain works as before.
      await mp.connect(newAkimat).registerContractor(programId, f.supplier.address, ref("contract-5"));
      expect((await mp.partyOf(programId, f.supplier.address)).parent).to.equal(newAkimat.address);
    });
  });
});
