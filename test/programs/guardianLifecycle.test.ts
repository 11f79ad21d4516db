import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ref } from "../helpers/fixtures";
import { tenge } from "../../src/money";
import {
  CAP,
  CASH,
  GROCERY,
  categoryRefused,
  expectRefused,
  guardedPayer,
  instruct,
  signedInstruction,
  type GuardedFixture,
} from "./guardedPayer";

/** Everything of the guardian rules a refused lifecycle call must leave as it was, for each of `minors`. */
async function rulesState(f: GuardedFixture, minors: string[]) {
  return Promise.all(
    minors.map(async (m) => ({ rules: (await f.rules.rulesOf(m)).toString(), nonce: await f.rules.nonces(m) })),
  );
}

describe("Guardian rules through an account's lifecycle", () => {
  describe("when the bank recovers a guarded minor's wallet", () => {
    async function recovered() {
      const f = await loadFixture(guardedPayer);
      const replacement = f.spare[30];
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      return { ...f, replacement };
    }

    it("the replacement stays guarded, and its payments are refused until the rules follow", async () => {
      const f = await recovered();
      expect((await f.ledger.accountDetails(f.replacement.address)).guarded).to.equal(true);
      await expectRefused(
        f,
        [f.replacement, f.merchant],
        f.replacement.address,
        () => f.ledger.connect(f.replacement).transfer(f.merchant.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(f.rules, "GuardianRulesMissing").withArgs(f.replacement.address),
      );
    });

    it("once the rules follow the recovery, they apply to the replacement", async () => {
      const f = await recovered();
      const follow = f.rules.connect(f.stranger).followRecovery(f.alice.address);
      await expect(follow)
        .to.emit(f.rules, "GuardianSet")
        .withArgs(f.replacement.address, f.bankA.address, ZeroAddress, f.bob.address);
      await expect(follow).to.emit(f.rules, "RulesCleared").withArgs(f.alice.address, f.bankA.address, 1);
      expect((await f.rules.rulesOf(f.alice.address)).active).to.equal(false);
      expect((await f.rules.rulesOf(f.replacement.address)).guardian).to.equal(f.bob.address);
      await f.ledger.connect(f.replacement).transfer(f.merchant.address, tenge(10));
      await expectRefused(
        f,
        [f.replacement, f.bob],
        f.replacement.address,
        () => f.ledger.connect(f.replacement).transfer(f.bob.address, tenge(10)),
        categoryRefused(f, f.replacement.address, f.bob.address, false, 0),
      );
    });

    it("followRecovery reverts with GuardianNotRecovered for a wallet never recovered", async () => {
      const f = await recovered();
      const before = await rulesState(f, [f.bob.address]);
      await expect(f.rules.followRecovery(f.bob.address))
        .to.be.revertedWithCustomError(f.rules, "GuardianNotRecovered")
        .withArgs(f.bob.address);
      expect(await rulesState(f, [f.bob.address])).to.deep.equal(before);
    });

    it("follows a wallet recovered twice to the live one (a -> b -> c gives c)", async () => {
      const f = await recovered();
      const last = f.spare[31];
      await f.ledger.connect(f.bankA).recoverAccount(f.replacement.address, last.address);
      await expect(f.rules.followRecovery(f.alice.address))
        .to.emit(f.rules, "GuardianSet")
        .withArgs(last.address, f.bankA.address, ZeroAddress, f.bob.address);
      const rules = await f.rules.rulesOf(last.address);
      expect([rules.active, rules.dailyCap, rules.categories]).to.deep.equal([true, CAP, [BigInt(GROCERY)]]);
      expect((await f.rules.rulesOf(f.replacement.address)).active).to.equal(false);
      await f.ledger.connect(last).transfer(f.merchant.address, tenge(10));
    });

    describe("when followRecovery is replayed", () => {
      it("reverts with GuardianRecoveryAlreadyFollowed, even after the bank lifted the replacement's rules", async () => {
        const f = await recovered();
        await f.rules.followRecovery(f.alice.address);
        // The replacement's bank lifts its rules and unlinks its guardian: a replay must not bring them back.
        await f.rules.connect(f.bankA).clearRules(f.replacement.address);
        await f.rules.connect(f.bankA).setGuardian(f.replacement.address, ZeroAddress);
        const minors = [f.alice.address, f.replacement.address];
        const before = await rulesState(f, minors);
        await expectRefused(
          f,
          [f.replacement],
          f.replacement.address,
          () => f.rules.connect(f.stranger).followRecovery(f.alice.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.rules, "GuardianRecoveryAlreadyFollowed")
              .withArgs(f.alice.address, f.replacement.address),
        );
        expect(await rulesState(f, minors)).to.deep.equal(before);
        expect((await f.ledger.accountDetails(f.replacement.address)).guarded).to.equal(false);
      });
    });

    describe("when the replacement's bank linked a guardian or set rules before the old ones followed", () => {
      it("reverts with GuardianReplacementHasOwnRules and overwrites nothing", async () => {
        const f = await recovered();
        await f.rules.connect(f.bankA).setGuardian(f.replacement.address, f.carol.address);
        const minors = [f.alice.address, f.replacement.address];
        let before = await rulesState(f, minors);
        await expect(f.rules.connect(f.stranger).followRecovery(f.alice.address))
          .to.be.revertedWithCustomError(f.rules, "GuardianReplacementHasOwnRules")
          .withArgs(f.replacement.address, f.carol.address, false);
        expect(await rulesState(f, minors)).to.deep.equal(before);

        // Rules in force without a guardian link (the link was removed after the instruction) refuse too.
        await instruct(f.rules, f.bankA, f.carol, f.replacement.address, tenge(50), [GROCERY]);
        await f.rules.connect(f.bankA).setGuardian(f.replacement.address, ZeroAddress);
        before = await rulesState(f, minors);
        await expect(f.rules.connect(f.stranger).followRecovery(f.alice.address))
          .to.be.revertedWithCustomError(f.rules, "GuardianReplacementHasOwnRules")
          .withArgs(f.replacement.address, ZeroAddress, true);
        expect(await rulesState(f, minors)).to.deep.equal(before);
        expect((await f.rules.rulesOf(f.replacement.address)).dailyCap).to.equal(tenge(50));
      });
    });
  });

  describe("when the bank recovers the guardian's own wallet", () => {
    async function guardianRecovered() {
      const f = await loadFixture(guardedPayer);
      const newKey = f.spare[32];
      await f.ledger.connect(f.bankA).recoverAccount(f.bob.address, newKey.address);
      return { ...f, newKey };
    }

    it("the replacement wallet instructs: its signed rules go in force", async () => {
      const f = await guardianRecovered();
      const args = await signedInstruction(f.rules, f.newKey, f.alice.address, tenge(3_000), [GROCERY, CASH]);
      await expect(f.rules.connect(f.bankA).setRules(...args))
        .to.emit(f.rules, "RulesSet")
        .withArgs(f.alice.address, f.newKey.address, 2, CAP, tenge(3_000), [GROCERY, CASH]);
      expect((await f.rules.rulesOf(f.alice.address)).dailyCap).to.equal(tenge(3_000));
    });

    it("the lost key no longer instructs: GuardianSignatureInvalid names the replacement", async () => {
      const f = await guardianRecovered();
      const args = await signedInstruction(f.rules, f.bob, f.alice.address, tenge(3_000), [GROCERY, CASH]);
      const before = await rulesState(f, [f.alice.address]);
      await expect(f.rules.connect(f.bankA).setRules(...args))
        .to.be.revertedWithCustomError(f.rules, "GuardianSignatureInvalid")
        .withArgs(f.alice.address, f.bob.address, f.newKey.address);
      expect(await rulesState(f, [f.alice.address])).to.deep.equal(before);
    });
  });

  describe("when the minor's bank is suspended", () => {
    async function suspended() {
      const f = await loadFixture(guardedPayer);
      await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, true);
      return f;
    }

    it("setGuardian, setRules and clearRules revert with BankIsSuspended and change nothing", async () => {
      const f = await suspended();
      const args = await signedInstruction(f.rules, f.bob, f.alice.address, tenge(3_000), [GROCERY]);
      const before = await rulesState(f, [f.alice.address]);
      const byBank = f.rules.connect(f.bankA);
      for (const action of [
        () => byBank.setGuardian(f.alice.address, f.carol.address),
        () => byBank.setRules(...args),
        () => byBank.clearRules(f.alice.address),
      ]) {
        await expect(action()).to.be.revertedWithCustomError(f.ledger, "BankIsSuspended").withArgs(f.bankA.address);
      }
      expect(await rulesState(f, [f.alice.address])).to.deep.equal(before);
      expect((await f.ledger.accountDetails(f.alice.address)).guarded).to.equal(true);
    });

    it("merchant categories: setCategory and clearCategory revert with BankIsSuspended and change nothing", async () => {
      const f = await suspended();
      const before = await f.categories.categoryOf(f.merchant.address);
      await expect(f.categories.connect(f.bankA).setCategory(f.merchant.address, 5812))
        .to.be.revertedWithCustomError(f.ledger, "BankIsSuspended")
        .withArgs(f.bankA.address);
      await expect(f.categories.connect(f.bankA).clearCategory(f.merchant.address))
        .to.be.revertedWithCustomError(f.ledger, "BankIsSuspended")
        .withArgs(f.bankA.address);
      expect(await f.categories.categoryOf(f.merchant.address)).to.deep.equal(before);
    });

    it("reinstated, the bank sets rules again", async () => {
      const f = await suspended();
      await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, false);
      await expect(f.rules.connect(f.bankA).clearRules(f.alice.address))
        .to.emit(f.rules, "RulesCleared")
        .withArgs(f.alice.address, f.bankA.address, 1);
    });
  });

  describe("cash at another bank's ATM", () => {
    it("a minor whose guardian allowed cash (6011) withdraws at another bank's ATM, counted against the cap", async () => {
      const f = await loadFixture(guardedPayer);
      // The ATM's bank redeems through the card gateway: its own mandate for the gateway on the ledger.
      await f.ledger.connect(f.bankB).setModuleMandate(f.cards, true);
      await instruct(f.rules, f.bankA, f.bob, f.alice.address, CAP, [GROCERY, CASH]);
      const tx = f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(500), ref("ATM-B"));
      await expect(tx)
        .to.emit(f.rules, "GuardedPaymentCounted")
        .withArgs(f.alice.address, f.bankB.address, await f.ledger.getAddress(), tenge(500), tenge(500));
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.bankB], [-tenge(500), 0n]);
      await expectRefused(
        f,
        [f.alice, f.bankB],
        f.alice.address,
        () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, CAP, ref("ATM-B")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.rules, "GuardianDailyCapExceeded")
            .withArgs(f.alice.address, CAP, CAP + tenge(500)),
      );
    });

    it("without the cash permission it is refused as cash disbursement, and nothing moves", async () => {
      const f = await loadFixture(guardedPayer);
      await expectRefused(
        f,
        [f.alice, f.bankB],
        f.alice.address,
        () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(500), ref("ATM-B")),
        categoryRefused(f, f.alice.address, f.bankB.address, true, CASH),
      );
    });

    it("a suspended bank is no cash desk: a payment to it matches no category", async () => {
      const f = await loadFixture(guardedPayer);
      await instruct(f.rules, f.bankA, f.bob, f.alice.address, CAP, [GROCERY, CASH]);
      await f.ledger.connect(f.operator).setBankSuspended(f.bankB.address, true);
      await expectRefused(
        f,
        [f.alice, f.bankB],
        f.alice.address,
        () => f.ledger.connect(f.alice).transfer(f.bankB.address, tenge(10)),
        categoryRefused(f, f.alice.address, f.bankB.address, false, 0),
      );
    });
  });
});
