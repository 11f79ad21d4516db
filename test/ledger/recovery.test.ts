import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { domainOf, randomNonce, SIGNED, signTransferAuthorization } from "../helpers/eip712";
import { tenge } from "../../src/money";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";
import { accountOf, remainingDailyOutflow } from "../../src/accounts";

const LEGAL_REF = ref("KNB-2024-0042");

/**
 * Alice lost her phone. Before that, today: she paid bob 1 000 ₸ (so 1 000 ₸ of her daily outflow is used),
 * switched waterfall on, approved the merchant for 500 ₸, and compliance attached 5 000 ₸ of her balance.
 * `replacement` is the fresh address her new wallet holds.
 */
async function lostWallet() {
  const f = await fundedLedger();
  const { ledger, alice, bob, merchant } = f;
  await ledger.connect(alice).transfer(bob.address, tenge(1_000));
  await ledger.connect(alice).setWaterfall(true);
  await ledger.connect(alice).approve(merchant.address, tenge(500));
  await ledger.connect(f.compliance).attachFunds(alice.address, tenge(5_000), LEGAL_REF);
  return { ...f, replacement: f.spare[0] };
}

describe("DigitalTenge wallet recovery", () => {
  describe("when the bank of record recovers its customer's lost wallet to a fresh address", () => {
    it("moves balance, status, tier, kind, bank of record, attachment, reference and today's outflow", async () => {
      const { ledger, alice, bankA, replacement } = await loadFixture(lostWallet);
      const before = await accountOf(ledger, alice.address);
      const supply = await ledger.totalSupply();
      await ledger.connect(bankA).recoverAccount(alice.address, replacement.address);

      const moved = await accountOf(ledger, replacement.address);
      expect(moved.registered).to.equal(true);
      expect(moved.closed).to.equal(false);
      expect(moved.kind).to.equal(AccountKind.Individual);
      expect(moved.tier).to.equal(Tier.STANDARD);
      expect(moved.bankOfRecord).to.equal(bankA.address);
      expect(moved.freeze).to.equal(FreezeState.None);
      expect(moved.waterfall).to.equal(true);
      expect(moved.balance).to.equal(tenge(99_000));
      expect(moved.attached).to.equal(tenge(5_000));
      expect(moved.spentToday).to.equal(tenge(1_000));
      expect(moved.accountRef).to.equal(ref("cust-alice"));
      expect(moved).to.deep.equal(before);
      expect(await ledger.balanceOf(replacement.address)).to.equal(tenge(99_000));
      expect(await ledger.attachedOf(replacement.address)).to.equal(tenge(5_000));
      expect(await remainingDailyOutflow(ledger, replacement.address)).to.equal(tenge(499_000));
      expect(await ledger.totalSupply()).to.equal(supply);
    });

    it("closes the lost address for good, keeping only its kind, bank of record and reference for the record", async () => {
      const { ledger, alice, bankA, replacement } = await loadFixture(lostWallet);
      await ledger.connect(bankA).recoverAccount(alice.address, replacement.address);
      const lost = await accountOf(ledger, alice.address);
      expect(lost.registered).to.equal(false);
      expect(lost.closed).to.equal(true);
      expect(lost.kind).to.equal(AccountKind.Individual);
      expect(lost.bankOfRecord).to.equal(bankA.address);
      expect(lost.tier).to.equal(0n);
      expect(lost.freeze).to.equal(FreezeState.None);
      expect(lost.waterfall).to.equal(false);
      expect(lost.balance).to.equal(0n);
      expect(lost.attached).to.equal(0n);
      expect(lost.spentToday).to.equal(0n);
      expect(lost.accountRef).to.equal(ref("cust-alice"));
      expect(await ledger.balanceOf(alice.address)).to.equal(0n);
      expect(await ledger.attachedOf(alice.address)).to.equal(0n);
    });

    it("emits Transfer(lost, replacement, balance), AccountRecovered and AccountClosed", async () => {
      const { ledger, alice, bankA, replacement } = await loadFixture(lostWallet);
      const tx = ledger.connect(bankA).recoverAccount(alice.address, replacement.address);
      await expect(tx).to.emit(ledger, "Transfer").withArgs(alice.address, replacement.address, tenge(99_000));
      await expect(tx)
        .to.emit(ledger, "AccountRecovered")
        .withArgs(alice.address, replacement.address, bankA.address, tenge(99_000));
      await expect(tx).to.emit(ledger, "AccountClosed").withArgs(alice.address);
      await expect(tx).to.changeTokenBalances(ledger, [alice, replacement], [-tenge(99_000), tenge(99_000)]);
    });

    it("lets the new address pay at once, within the unattached balance and what is left of today's limit", async () => {
      const { ledger, alice, bob, bankA, replacement } = await loadFixture(lostWallet);
      await ledger.connect(bankA).recoverAccount(alice.address, replacement.address);
      await expect(ledger.connect(replacement).transfer(bob.address, tenge(94_000))).to.changeTokenBalances(
        ledger,
        [replacement, bob],
        [-tenge(94_000), tenge(94_000)],
      );
      await expectRejected(
        ledger,
        [replacement, bob],
        () => ledger.connect(replacement).transfer(bob.address, 1n),
        (p) =>
          expect(p).to.be.revertedWithCustomError(ledger, "AttachedFundsLocked").withArgs(replacement.address, 0n, 1n),
      );
      expect((await accountOf(ledger, replacement.address)).spentToday).to.equal(tenge(95_000));
    });

    for (const state of [FreezeState.Full, FreezeState.OutboundOnly]) {
      it(`keeps a freeze (${Object.keys(FreezeState)[state]}) at the new address`, async () => {
        const { ledger, alice, bob, bankA, replacement, compliance } = await loadFixture(lostWallet);
        await ledger.connect(compliance).setFreezeState(alice.address, state, LEGAL_REF);
        await ledger.connect(bankA).recoverAccount(alice.address, replacement.address);
        expect((await accountOf(ledger, replacement.address)).freeze).to.equal(state);
        const error = state === FreezeState.Full ? "AccountFrozen" : "AccountOutboundBlocked";
        await expectRejected(
          ledger,
          [replacement, bob],
          () => ledger.connect(replacement).transfer(bob.address, tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, error).withArgs(replacement.address),
        );
      });
    }
  });

  describe("when the lost address is used after recovery", () => {
    async function recovered() {
      const f = await lostWallet();
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, f.replacement.address);
      return f;
    }

    it("cannot send: AccountNotRegistered", async () => {
      const { ledger, alice, bob } = await loadFixture(recovered);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(alice).transfer(bob.address, 0n),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(alice.address),
      );
    });

    it("cannot receive: AccountNotRegistered", async () => {
      const { ledger, alice, bob } = await loadFixture(recovered);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(bob).transfer(alice.address, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(alice.address),
      );
    });

    it("cannot be onboarded again by any bank or the operator: AccountAlreadyRegistered", async () => {
      const { ledger, alice, bankA, bankB, operator } = await loadFixture(recovered);
      const attempts = [
        () => ledger.connect(bankA).onboardCustomer(alice.address, AccountKind.Individual, Tier.STANDARD, ref("again")),
        () => ledger.connect(bankB).onboardCustomer(alice.address, AccountKind.Merchant, Tier.BUSINESS, ref("again")),
        () =>
          ledger
            .connect(operator)
            .onboardParticipant(alice.address, AccountKind.PaymentAgent, Tier.UNLIMITED, ZeroAddress, ref("again")),
      ];
      for (const attempt of attempts) {
        await expectRejected(ledger, [alice], attempt, (p) =>
          expect(p).to.be.revertedWithCustomError(ledger, "AccountAlreadyRegistered").withArgs(alice.address),
        );
      }
    });

    it("cannot be recovered a second time: AccountNotRegistered", async () => {
      const { ledger, alice, bankA, spare } = await loadFixture(recovered);
      await expectRejected(
        ledger,
        [alice, spare[1]],
        () => ledger.connect(bankA).recoverAccount(alice.address, spare[1].address),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(alice.address),
      );
    });

    it("is no one's to recover into: a closed address as replacement reverts with AccountAlreadyRegistered", async () => {
      const { ledger, alice, bob, bankA } = await loadFixture(recovered);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(bankA).recoverAccount(bob.address, alice.address),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountAlreadyRegistered").withArgs(alice.address),
      );
    });

    it("leaves a thief with the old key nothing: the old allowances cannot be spent (AccountNotRegistered)", async () => {
      const { ledger, alice, merchant } = await loadFixture(recovered);
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(500));
      await expectRejected(
        ledger,
        [alice, merchant],
        () => ledger.connect(merchant).transferFrom(alice.address, merchant.address, tenge(500)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(alice.address),
      );
    });

    it("leaves a thief with the old key nothing: authorisations signed with it cannot pay (AccountNotRegistered)", async () => {
      const { ledger, alice, bob } = await loadFixture(recovered);
      const a = {
        from: alice.address,
        to: bob.address,
        value: 0n,
        validAfter: 0n,
        validBefore: BigInt(await time.latest()) + 3600n,
        nonce: randomNonce(),
      };
      const sig = await signTransferAuthorization(alice, await domainOf(ledger), a);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger[SIGNED.transfer](a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.v, sig.r, sig.s),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(alice.address),
      );
      expect(await ledger.authorizationState(alice.address, a.nonce)).to.equal(false);
    });
  });

  describe("when the recovery is not allowed", () => {
    it("reverts with NotBankOfRecord when another bank tries", async () => {
      const { ledger, alice, bankB, replacement } = await loadFixture(lostWallet);
      await expectRejected(
        ledger,
        [alice, replacement],
        () => ledger.connect(bankB).recoverAccount(alice.address, replacement.address),
        (p) =>
          expect(p).to.be.revertedWithCustomError(ledger, "NotBankOfRecord").withArgs(bankB.address, alice.address),
      );
    });

    it("reverts with NotBankOfRecord for an operator-managed account, even with that bank as its bank of record", async () => {
      const { ledger, agent, bankA, replacement } = await loadFixture(lostWallet);
      expect((await accountOf(ledger, agent.address)).bankOfRecord).to.equal(bankA.address);
      await expectRejected(
        ledger,
        [agent, replacement],
        () => ledger.connect(bankA).recoverAccount(agent.address, replacement.address),
        (p) =>
          expect(p).to.be.revertedWithCustomError(ledger, "NotBankOfRecord").withArgs(bankA.address, agent.address),
      );
    });

    it("reverts with NotBankOfRecord for a bank, itself or another", async () => {
      const { ledger, bankA, bankB, replacement } = await loadFixture(lostWallet);
      for (const target of [bankA, bankB]) {
        await expectRejected(
          ledger,
          [target, replacement],
          () => ledger.connect(bankA).recoverAccount(target.address, replacement.address),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "NotBankOfRecord").withArgs(bankA.address, target.address),
        );
      }
    });

    it("reverts with AccountNotRegistered for an unknown lost address", async () => {
      const { ledger, stranger, bankA, replacement } = await loadFixture(lostWallet);
      await expectRejected(
        ledger,
        [stranger, replacement],
        () => ledger.connect(bankA).recoverAccount(stranger.address, replacement.address),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
      );
    });

    it("reverts with AccountAlreadyRegistered when the replacement is already registered", async () => {
      const { ledger, alice, bob, bankA } = await loadFixture(lostWallet);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(bankA).recoverAccount(alice.address, bob.address),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountAlreadyRegistered").withArgs(bob.address),
      );
    });

    it("reverts with AccountAlreadyRegistered when the replacement is the lost address itself", async () => {
      const { ledger, alice, bankA } = await loadFixture(lostWallet);
      await expectRejected(
        ledger,
        [alice],
        () => ledger.connect(bankA).recoverAccount(alice.address, alice.address),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountAlreadyRegistered").withArgs(alice.address),
      );
    });

    it("reverts with ZeroAddress for the zero replacement", async () => {
      const { ledger, alice, bankA } = await loadFixture(lostWallet);
      await expectRejected(
        ledger,
        [alice],
        () => ledger.connect(bankA).recoverAccount(alice.address, ZeroAddress),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ZeroAddress"),
      );
    });

    it("reverts with LedgerPaused while the ledger is paused", async () => {
      const { ledger, alice, bankA, operator, replacement } = await loadFixture(lostWallet);
      await ledger.connect(operator).pause();
      await expectRejected(
        ledger,
        [alice, replacement],
        () => ledger.connect(bankA).recoverAccount(alice.address, replacement.address),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
      );
    });

    it("reverts with AccessManagedUnauthorized for a caller without the bank role", async () => {
      const f = await loadFixture(lostWallet);
      for (const by of [f.compliance, f.operator, f.centralBank, f.alice, f.stranger]) {
        await expectRejected(
          f.ledger,
          [f.alice, f.replacement],
          () => f.ledger.connect(by).recoverAccount(f.alice.address, f.replacement.address),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(by.address),
        );
      }
    });
  });
});
