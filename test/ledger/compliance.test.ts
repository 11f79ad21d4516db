import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import {
  domainOf,
  randomNonce,
  signCancelAuthorization,
  SIGNED,
  signPermit,
  signTransferAuthorization,
} from "../helpers/eip712";
import { tenge } from "../../src/money";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";
import { accountOf } from "../../src/accounts";

/*
 * What each compliance status still allows, as IDigitalTenge.sol's header documents it:
 *
 * | status            | send | receive | approve > 0 | permit | spend an allowance | redeem | approve 0 | cancel 3009 |
 * |-------------------|------|---------|-------------|--------|--------------------|--------|-----------|-------------|
 * | fully frozen      | no   | no      | no          | no     | no                 | no     | yes       | yes         |
 * | receive-only      | no   | yes     | no          | no     | no                 | no     | yes       | yes         |
 * | attached (amount) | only the unattached part; the attached amount moves only by seize                      |
 *
 * "No" is the exact error naming the account: AccountFrozen / AccountOutboundBlocked / AttachedFundsLocked, and
 * nothing changes. Allowances a frozen or receive-only account gave earlier cannot be spent either (the owner
 * cannot send), and a frozen, receive-only or unregistered SPENDER cannot move anyone's money.
 */

const LEGAL_REF = ref("KNB-2024-0042");
const COURT_ORDER = ref("COURT-ALM-77/24");

/** The funded ledger and its EIP-712 domain. Alice 100 000 ₸, bob 10 000 ₸ (standard); carol 0 (anonymous-lite). */
async function compliance() {
  const f = await fundedLedger();
  return { ...f, domain: await domainOf(f.ledger) };
}
type Fixture = Awaited<ReturnType<typeof compliance>>;

async function freeze(f: Fixture, account: HardhatEthersSigner, state: number): Promise<void> {
  await f.ledger.connect(f.compliance).setFreezeState(account.address, state, LEGAL_REF);
}

/** A signed permit from `owner` for `spender`, ready to submit. */
async function signedPermit(f: Fixture, owner: HardhatEthersSigner, spender: string, value: bigint) {
  const deadline = BigInt(await time.latest()) + 3600n;
  const nonce = await f.ledger.nonces(owner.address);
  const sig = await signPermit(owner, f.domain, { owner: owner.address, spender, value, nonce, deadline });
  return () => f.ledger[SIGNED.permit](owner.address, spender, value, deadline, sig.v, sig.r, sig.s);
}

/** A signed ERC-3009 transfer from `payer`, ready to submit. */
async function signedTransfer(f: Fixture, payer: HardhatEthersSigner, to: string, value: bigint) {
  const a = {
    from: payer.address,
    to,
    value,
    validAfter: 0n,
    validBefore: BigInt(await time.latest()) + 3600n,
    nonce: randomNonce(),
  };
  const sig = await signTransferAuthorization(payer, f.domain, a);
  return () =>
    f.ledger[SIGNED.transfer](a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.v, sig.r, sig.s);
}

describe("DigitalTenge compliance", () => {
  // ================================================================ access

  describe("when the caller does not hold the compliance role", () => {
    it("reverts with AccessManagedUnauthorized for setFreezeState, attachFunds, releaseFunds and seize", async () => {
      const f = await loadFixture(compliance);
      const { ledger, alice, court } = f;
      await ledger.connect(f.compliance).attachFunds(alice.address, tenge(10), LEGAL_REF);
      const calls: [string, (by: HardhatEthersSigner) => Promise<unknown>][] = [
        ["setFreezeState", (by) => ledger.connect(by).setFreezeState(alice.address, FreezeState.Full, LEGAL_REF)],
        ["attachFunds", (by) => ledger.connect(by).attachFunds(alice.address, tenge(1), LEGAL_REF)],
        ["releaseFunds", (by) => ledger.connect(by).releaseFunds(alice.address, tenge(1), LEGAL_REF)],
        ["seize", (by) => ledger.connect(by).seize(alice.address, court.address, tenge(1), COURT_ORDER)],
      ];
      for (const [name, call] of calls) {
        for (const by of [f.stranger, f.centralBank, f.operator, f.bankA, f.governance, f.deployer, alice]) {
          const attachedBefore = await ledger.attachedOf(alice.address);
          await expectRejected(
            ledger,
            [alice, court],
            () => call(by),
            (p) =>
              expect(p, `${name} by ${by.address}`)
                .to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized")
                .withArgs(by.address),
          );
          expect(await ledger.attachedOf(alice.address)).to.equal(attachedBefore);
        }
      }
    });
  });

  // ================================================================ freeze states

  describe("setFreezeState", () => {
    describe("when compliance changes the state", () => {
      it("moves through Full, OutboundOnly and None, emitting FreezeStateChanged old -> new with the legal reference", async () => {
        const { ledger, alice, compliance: officer } = await loadFixture(compliance);
        const steps: [number, number][] = [
          [FreezeState.None, FreezeState.Full],
          [FreezeState.Full, FreezeState.OutboundOnly],
          [FreezeState.OutboundOnly, FreezeState.None],
          [FreezeState.None, FreezeState.OutboundOnly],
          [FreezeState.OutboundOnly, FreezeState.Full],
          [FreezeState.Full, FreezeState.None],
        ];
        for (const [i, [from, to]] of steps.entries()) {
          const legalRef = ref(`ORDER-${i}`);
          await expect(ledger.connect(officer).setFreezeState(alice.address, to, legalRef))
            .to.emit(ledger, "FreezeStateChanged")
            .withArgs(alice.address, from, to, legalRef);
          const view = await accountOf(ledger, alice.address);
          expect(view.freeze).to.equal(to);
          expect(view.registered).to.equal(true);
          expect(view.balance).to.equal(tenge(100_000));
        }
      });
    });

    describe("when the state would not change", () => {
      for (const state of [FreezeState.None, FreezeState.Full, FreezeState.OutboundOnly]) {
        it(`reverts with FreezeUnchanged for ${Object.keys(FreezeState)[state]} -> the same`, async () => {
          const f = await loadFixture(compliance);
          if (state !== FreezeState.None) await freeze(f, f.alice, state);
          await expectRejected(
            f.ledger,
            [f.alice],
            () => f.ledger.connect(f.compliance).setFreezeState(f.alice.address, state, LEGAL_REF),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "FreezeUnchanged").withArgs(f.alice.address, state),
          );
        });
      }
    });

    describe("when the account is not registered", () => {
      it("reverts with AccountNotRegistered for an unknown address", async () => {
        const f = await loadFixture(compliance);
        await expectRejected(
          f.ledger,
          [f.stranger],
          () => f.ledger.connect(f.compliance).setFreezeState(f.stranger.address, FreezeState.Full, LEGAL_REF),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountNotRegistered").withArgs(f.stranger.address),
        );
      });

      it("reverts with AccountNotRegistered for a closed account", async () => {
        const f = await loadFixture(compliance);
        await f.ledger.connect(f.bankB).closeCustomer(f.carol.address);
        await expectRejected(
          f.ledger,
          [f.carol],
          () => f.ledger.connect(f.compliance).setFreezeState(f.carol.address, FreezeState.Full, LEGAL_REF),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountNotRegistered").withArgs(f.carol.address),
        );
      });
    });
  });

  // ================================================================ what a frozen account may do

  describe("when an account is fully frozen", () => {
    async function frozenAlice() {
      const f = await compliance();
      // Allowances given before the freeze, both ways: alice may spend bob's, the merchant may spend alice's.
      await f.ledger.connect(f.bob).approve(f.alice.address, tenge(1_000));
      await f.ledger.connect(f.alice).approve(f.merchant.address, tenge(1_000));
      await freeze(f, f.alice, FreezeState.Full);
      return f;
    }

    it("cannot send: transfer reverts with AccountFrozen", async () => {
      const { ledger, alice, bob } = await loadFixture(frozenAlice);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(alice).transfer(bob.address, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
    });

    it("cannot receive: a payment to it reverts with AccountFrozen naming the receiver", async () => {
      const { ledger, alice, bob } = await loadFixture(frozenAlice);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(bob).transfer(alice.address, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
    });

    it("cannot approve a non-zero amount: AccountFrozen", async () => {
      const { ledger, alice, merchant } = await loadFixture(frozenAlice);
      await expectRejected(
        ledger,
        [alice, merchant],
        () => ledger.connect(alice).approve(merchant.address, tenge(5_000)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(1_000));
    });

    it("cannot permit a non-zero amount: AccountFrozen", async () => {
      const f = await loadFixture(frozenAlice);
      const { ledger, alice, merchant } = f;
      const submit = await signedPermit(f, alice, merchant.address, tenge(5_000));
      await expectRejected(ledger, [alice, merchant], submit, (p) =>
        expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(1_000));
      expect(await ledger.nonces(alice.address)).to.equal(0n);
    });

    it("cannot spend an allowance it holds: transferFrom by the frozen spender reverts with AccountFrozen(spender)", async () => {
      const { ledger, alice, bob, carol } = await loadFixture(frozenAlice);
      await expectRejected(
        ledger,
        [alice, bob, carol],
        () => ledger.connect(alice).transferFrom(bob.address, carol.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
      expect(await ledger.allowance(bob.address, alice.address)).to.equal(tenge(1_000));
    });

    it("cannot be paid from by an allowance it gave earlier: AccountFrozen(owner)", async () => {
      const { ledger, alice, merchant } = await loadFixture(frozenAlice);
      await expectRejected(
        ledger,
        [alice, merchant],
        () => ledger.connect(merchant).transferFrom(alice.address, merchant.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(1_000));
    });

    it("cannot pay by ERC-3009 authorisation: AccountFrozen", async () => {
      const f = await loadFixture(frozenAlice);
      const submit = await signedTransfer(f, f.alice, f.bob.address, tenge(10));
      await expectRejected(f.ledger, [f.alice, f.bob], submit, (p) =>
        expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.alice.address),
      );
    });

    it("cannot redeem to non-cash: AccountFrozen", async () => {
      const { ledger, alice, bankA } = await loadFixture(frozenAlice);
      const bankBefore = await ledger.bankOf(bankA.address);
      await expectRejected(
        ledger,
        [alice, bankA],
        () => ledger.connect(alice).redeemToNonCash(tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
      expect(await ledger.bankOf(bankA.address)).to.deep.equal(bankBefore);
    });

    it("can still revoke an allowance (approve 0)", async () => {
      const { ledger, alice, merchant } = await loadFixture(frozenAlice);
      await expect(ledger.connect(alice).approve(merchant.address, 0n))
        .to.emit(ledger, "Approval")
        .withArgs(alice.address, merchant.address, 0n);
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(0n);
    });

    it("can still cancel an ERC-3009 authorisation it signed", async () => {
      const f = await loadFixture(frozenAlice);
      const nonce = randomNonce();
      const sig = await signCancelAuthorization(f.alice, f.domain, { authorizer: f.alice.address, nonce });
      await expect(f.ledger.connect(f.alice)[SIGNED.cancel](f.alice.address, nonce, sig.v, sig.r, sig.s))
        .to.emit(f.ledger, "AuthorizationCanceled")
        .withArgs(f.alice.address, nonce);
      expect(await f.ledger.authorizationState(f.alice.address, nonce)).to.equal(true);
    });

    it("gets everything back when the freeze is lifted", async () => {
      const { ledger, alice, bob, compliance: officer } = await loadFixture(frozenAlice);
      await ledger.connect(officer).setFreezeState(alice.address, FreezeState.None, ref("LIFTED"));
      await expect(ledger.connect(alice).transfer(bob.address, tenge(1))).to.changeTokenBalances(
        ledger,
        [alice, bob],
        [-tenge(1), tenge(1)],
      );
    });
  });

  describe("when an account is receive-only (outbound blocked)", () => {
    async function receiveOnlyAlice() {
      const f = await compliance();
      await f.ledger.connect(f.bob).approve(f.alice.address, tenge(1_000));
      await f.ledger.connect(f.alice).approve(f.merchant.address, tenge(1_000));
      await freeze(f, f.alice, FreezeState.OutboundOnly);
      return f;
    }

    it("can receive", async () => {
      const { ledger, alice, bob } = await loadFixture(receiveOnlyAlice);
      await expect(ledger.connect(bob).transfer(alice.address, tenge(25))).to.changeTokenBalances(
        ledger,
        [bob, alice],
        [-tenge(25), tenge(25)],
      );
    });

    it("cannot send: transfer reverts with AccountOutboundBlocked", async () => {
      const { ledger, alice, bob } = await loadFixture(receiveOnlyAlice);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(alice).transfer(bob.address, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address),
      );
    });

    it("cannot approve a non-zero amount: AccountOutboundBlocked", async () => {
      const { ledger, alice, merchant } = await loadFixture(receiveOnlyAlice);
      await expectRejected(
        ledger,
        [alice, merchant],
        () => ledger.connect(alice).approve(merchant.address, tenge(5_000)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address),
      );
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(1_000));
    });

    it("cannot spend an allowance it holds: AccountOutboundBlocked(spender)", async () => {
      const { ledger, alice, bob, carol } = await loadFixture(receiveOnlyAlice);
      await expectRejected(
        ledger,
        [alice, bob, carol],
        () => ledger.connect(alice).transferFrom(bob.address, carol.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address),
      );
      expect(await ledger.allowance(bob.address, alice.address)).to.equal(tenge(1_000));
    });

    it("cannot be paid from by an allowance it gave earlier: AccountOutboundBlocked(owner)", async () => {
      const { ledger, alice, merchant } = await loadFixture(receiveOnlyAlice);
      await expectRejected(
        ledger,
        [alice, merchant],
        () => ledger.connect(merchant).transferFrom(alice.address, merchant.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address),
      );
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(1_000));
    });

    it("cannot redeem to non-cash: AccountOutboundBlocked", async () => {
      const { ledger, alice, bankA } = await loadFixture(receiveOnlyAlice);
      await expectRejected(
        ledger,
        [alice, bankA],
        () => ledger.connect(alice).redeemToNonCash(tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address),
      );
    });

    it("can still revoke an allowance (approve 0)", async () => {
      const { ledger, alice, merchant } = await loadFixture(receiveOnlyAlice);
      await expect(ledger.connect(alice).approve(merchant.address, 0n))
        .to.emit(ledger, "Approval")
        .withArgs(alice.address, merchant.address, 0n);
    });
  });

  describe("when the spender of a valid allowance may not send", () => {
    it("reverts with AccountNotRegistered(spender) for a spender closed since the approval", async () => {
      // An unregistered spender cannot be approved at all (authorizations.test.ts); a closed one keeps its allowance.
      const { ledger, alice, bob, bankA, spare } = await loadFixture(compliance);
      const spender = spare[0];
      await ledger.connect(bankA).onboardCustomer(spender.address, AccountKind.Individual, Tier.STANDARD, ref("c"));
      await ledger.connect(alice).approve(spender.address, tenge(1_000));
      await ledger.connect(bankA).closeCustomer(spender.address);
      await expectRejected(
        ledger,
        [alice, bob, spender],
        () => ledger.connect(spender).transferFrom(alice.address, bob.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(spender.address),
      );
      expect(await ledger.allowance(alice.address, spender.address)).to.equal(tenge(1_000));
    });

    it("reverts with AccountFrozen(spender) even when paying itself", async () => {
      const f = await loadFixture(compliance);
      const { ledger, alice, merchant } = f;
      await ledger.connect(alice).approve(merchant.address, tenge(1_000));
      await freeze(f, merchant, FreezeState.Full);
      await expectRejected(
        ledger,
        [alice, merchant],
        () => ledger.connect(merchant).transferFrom(alice.address, alice.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(merchant.address),
      );
      expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(1_000));
    });
  });

  // ================================================================ attachments

  describe("attachFunds", () => {
    describe("when compliance attaches part of a balance", () => {
      it("adds to the attachment and emits FundsAttached with the running total", async () => {
        const { ledger, alice, compliance: officer } = await loadFixture(compliance);
        await expect(ledger.connect(officer).attachFunds(alice.address, tenge(30_000), LEGAL_REF))
          .to.emit(ledger, "FundsAttached")
          .withArgs(alice.address, tenge(30_000), tenge(30_000), LEGAL_REF);
        const second = ref("KNB-2024-0043");
        await expect(ledger.connect(officer).attachFunds(alice.address, tenge(10_000), second))
          .to.emit(ledger, "FundsAttached")
          .withArgs(alice.address, tenge(10_000), tenge(40_000), second);
        expect(await ledger.attachedOf(alice.address)).to.equal(tenge(40_000));
        const view = await accountOf(ledger, alice.address);
        expect(view.attached).to.equal(tenge(40_000));
        expect(view.balance).to.equal(tenge(100_000));
      });

      it("locks the attached amount and lets the rest move", async () => {
        const { ledger, alice, bob, compliance: officer } = await loadFixture(compliance);
        await ledger.connect(officer).attachFunds(alice.address, tenge(40_000), LEGAL_REF);
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(alice).transfer(bob.address, tenge(60_000.01)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
              .withArgs(alice.address, tenge(60_000), tenge(60_000.01)),
        );
        await expect(ledger.connect(alice).transfer(bob.address, tenge(60_000))).to.changeTokenBalances(
          ledger,
          [alice, bob],
          [-tenge(60_000), tenge(60_000)],
        );
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(alice).transfer(bob.address, 1n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AttachedFundsLocked").withArgs(alice.address, 0n, 1n),
        );
        await expectRejected(
          ledger,
          [alice],
          () => ledger.connect(alice).redeemToNonCash(1n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AttachedFundsLocked").withArgs(alice.address, 0n, 1n),
        );
      });

      it("locks the attached amount against a spender's transferFrom too", async () => {
        const { ledger, alice, merchant, compliance: officer } = await loadFixture(compliance);
        await ledger.connect(alice).approve(merchant.address, tenge(100_000));
        await ledger.connect(officer).attachFunds(alice.address, tenge(99_000), LEGAL_REF);
        await expectRejected(
          ledger,
          [alice, merchant],
          () => ledger.connect(merchant).transferFrom(alice.address, merchant.address, tenge(1_000.01)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
              .withArgs(alice.address, tenge(1_000), tenge(1_000.01)),
        );
        expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(100_000));
      });
    });

    describe("when the attachment exceeds the balance", () => {
      it("catches incoming funds until the balance is above the attachment", async () => {
        const { ledger, alice, bob, bankA, compliance: officer } = await loadFixture(compliance);
        await ledger.connect(officer).attachFunds(alice.address, tenge(150_000), LEGAL_REF);
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(alice).transfer(bob.address, 1n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AttachedFundsLocked").withArgs(alice.address, 0n, 1n),
        );
        // Incoming money is caught: still nothing free at 109 000 ₸.
        await ledger.connect(bob).transfer(alice.address, tenge(9_000));
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(alice).transfer(bob.address, 1n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AttachedFundsLocked").withArgs(alice.address, 0n, 1n),
        );
        // Above the attachment the excess is free: 151 000 - 150 000 = 1 000 ₸.
        await ledger.connect(bankA).transfer(alice.address, tenge(42_000));
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(alice).transfer(bob.address, tenge(1_000.01)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
              .withArgs(alice.address, tenge(1_000), tenge(1_000.01)),
        );
        await expect(ledger.connect(alice).transfer(bob.address, tenge(1_000))).to.changeTokenBalances(
          ledger,
          [alice, bob],
          [-tenge(1_000), tenge(1_000)],
        );
      });
    });

    describe("when the request is invalid", () => {
      it("reverts with ZeroAmount for a zero attachment", async () => {
        const f = await loadFixture(compliance);
        await expectRejected(
          f.ledger,
          [f.alice],
          () => f.ledger.connect(f.compliance).attachFunds(f.alice.address, 0n, LEGAL_REF),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ZeroAmount"),
        );
      });

      it("reverts with AccountNotRegistered for an unregistered account", async () => {
        const f = await loadFixture(compliance);
        await expectRejected(
          f.ledger,
          [f.stranger],
          () => f.ledger.connect(f.compliance).attachFunds(f.stranger.address, tenge(1), LEGAL_REF),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountNotRegistered").withArgs(f.stranger.address),
        );
        expect(await f.ledger.attachedOf(f.stranger.address)).to.equal(0n);
      });

      it("reverts with AmountTooLarge when the total attachment would exceed the largest balance", async () => {
        const f = await loadFixture(compliance);
        const max = 2n ** 96n - 1n;
        await f.ledger.connect(f.compliance).attachFunds(f.alice.address, max - 1n, LEGAL_REF);
        await expectRejected(
          f.ledger,
          [f.alice],
          () => f.ledger.connect(f.compliance).attachFunds(f.alice.address, 2n, LEGAL_REF),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "AmountTooLarge")
              .withArgs(max + 1n, max),
        );
      });
    });
  });

  describe("releaseFunds", () => {
    async function attachedAlice() {
      const f = await compliance();
      await f.ledger.connect(f.compliance).attachFunds(f.alice.address, tenge(40_000), LEGAL_REF);
      return f;
    }

    describe("when compliance releases part or all of an attachment", () => {
      it("reduces the attachment, emits FundsReleased with what remains, and frees the money", async () => {
        const { ledger, alice, bob, compliance: officer } = await loadFixture(attachedAlice);
        const release = ref("RELEASE-1");
        await expect(ledger.connect(officer).releaseFunds(alice.address, tenge(15_000), release))
          .to.emit(ledger, "FundsReleased")
          .withArgs(alice.address, tenge(15_000), tenge(25_000), release);
        expect(await ledger.attachedOf(alice.address)).to.equal(tenge(25_000));
        await expect(ledger.connect(officer).releaseFunds(alice.address, tenge(25_000), release))
          .to.emit(ledger, "FundsReleased")
          .withArgs(alice.address, tenge(25_000), 0n, release);
        expect((await accountOf(ledger, alice.address)).attached).to.equal(0n);
        await expect(ledger.connect(alice).transfer(bob.address, tenge(100_000))).to.changeTokenBalances(
          ledger,
          [alice, bob],
          [-tenge(100_000), tenge(100_000)],
        );
      });
    });

    describe("when more than the attachment is released", () => {
      it("reverts with AttachmentExceeded(account, attached, requested)", async () => {
        const f = await loadFixture(attachedAlice);
        await expectRejected(
          f.ledger,
          [f.alice],
          () => f.ledger.connect(f.compliance).releaseFunds(f.alice.address, tenge(40_000.01), LEGAL_REF),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "AttachmentExceeded")
              .withArgs(f.alice.address, tenge(40_000), tenge(40_000.01)),
        );
      });

      it("reverts with AttachmentExceeded(account, 0, requested) where nothing is attached", async () => {
        const f = await loadFixture(attachedAlice);
        await expectRejected(
          f.ledger,
          [f.bob],
          () => f.ledger.connect(f.compliance).releaseFunds(f.bob.address, 1n, LEGAL_REF),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.ledger, "AttachmentExceeded").withArgs(f.bob.address, 0n, 1n),
        );
      });
    });

    describe("when the amount is zero", () => {
      it("reverts with ZeroAmount", async () => {
        const f = await loadFixture(attachedAlice);
        await expectRejected(
          f.ledger,
          [f.alice],
          () => f.ledger.connect(f.compliance).releaseFunds(f.alice.address, 0n, LEGAL_REF),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ZeroAmount"),
        );
      });
    });
  });

  // ================================================================ seizure

  describe("seize", () => {
    /** Alice has 30 000 ₸ attached; carol (anonymous-lite, holding limit 100 000 ₸) holds 10 000 ₸. */
    async function attachedForSeizure() {
      const f = await compliance();
      await f.ledger.connect(f.compliance).attachFunds(f.alice.address, tenge(30_000), LEGAL_REF);
      await f.ledger.connect(f.bob).transfer(f.carol.address, tenge(10_000));
      return f;
    }

    describe("when compliance seizes attached funds under a court order", () => {
      it("moves them to the designated account, emits Transfer and FundsSeized, and reduces the attachment", async () => {
        const { ledger, alice, court, compliance: officer } = await loadFixture(attachedForSeizure);
        const supply = await ledger.totalSupply();
        const tx = ledger.connect(officer).seize(alice.address, court.address, tenge(20_000), COURT_ORDER);
        await expect(tx).to.emit(ledger, "Transfer").withArgs(alice.address, court.address, tenge(20_000));
        await expect(tx)
          .to.emit(ledger, "FundsSeized")
          .withArgs(alice.address, court.address, tenge(20_000), COURT_ORDER);
        await expect(tx).to.changeTokenBalances(ledger, [alice, court], [-tenge(20_000), tenge(20_000)]);
        expect(await ledger.attachedOf(alice.address)).to.equal(tenge(10_000));
        expect(await ledger.totalSupply()).to.equal(supply);
        // Not a payment by alice: her daily outflow is untouched.
        expect((await accountOf(ledger, alice.address)).spentToday).to.equal(0n);
      });

      it("clears the attachment when all of it is seized, leaving the rest free", async () => {
        const { ledger, alice, bob, court, compliance: officer } = await loadFixture(attachedForSeizure);
        await ledger.connect(officer).seize(alice.address, court.address, tenge(30_000), COURT_ORDER);
        expect((await accountOf(ledger, alice.address)).attached).to.equal(0n);
        await expect(ledger.connect(alice).transfer(bob.address, tenge(70_000))).to.changeTokenBalances(
          ledger,
          [alice, bob],
          [-tenge(70_000), tenge(70_000)],
        );
      });

      for (const state of [FreezeState.Full, FreezeState.OutboundOnly]) {
        it(`works on an account in freeze state ${Object.keys(FreezeState)[state]}, which it keeps`, async () => {
          const f = await loadFixture(attachedForSeizure);
          await freeze(f, f.alice, state);
          await expect(
            f.ledger.connect(f.compliance).seize(f.alice.address, f.court.address, tenge(30_000), COURT_ORDER),
          ).to.changeTokenBalances(f.ledger, [f.alice, f.court], [-tenge(30_000), tenge(30_000)]);
          expect((await accountOf(f.ledger, f.alice.address)).freeze).to.equal(state);
        });
      }

      it("is not limited by the holder's daily limit", async () => {
        const f = await loadFixture(attachedForSeizure);
        const { ledger, carol, bankB, court } = f;
        await ledger.connect(bankB).transfer(carol.address, tenge(50_000)); // carol 60 000 ₸, daily limit 50 000 ₸
        await ledger.connect(f.compliance).attachFunds(carol.address, tenge(60_000), LEGAL_REF);
        await expect(
          ledger.connect(f.compliance).seize(carol.address, court.address, tenge(60_000), COURT_ORDER),
        ).to.changeTokenBalances(ledger, [carol, court], [-tenge(60_000), tenge(60_000)]);
        expect((await accountOf(ledger, carol.address)).spentToday).to.equal(0n);
      });
    });

    describe("when the seizure is invalid", () => {
      /** Seize and expect `error(args)` with nothing changed, attachment included. */
      async function rejects(
        f: Fixture,
        account: string,
        to: string,
        amount: bigint,
        error: string,
        args: unknown[],
      ): Promise<void> {
        const attached = await f.ledger.attachedOf(account);
        await expectRejected(
          f.ledger,
          [account, ...(to === ZeroAddress ? [] : [to])],
          () => f.ledger.connect(f.compliance).seize(account, to, amount, COURT_ORDER),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, error)
              .withArgs(...args),
        );
        expect(await f.ledger.attachedOf(account)).to.equal(attached);
      }

      it("reverts with AttachmentExceeded above the attached amount", async () => {
        const f = await loadFixture(attachedForSeizure);
        await rejects(f, f.alice.address, f.court.address, tenge(30_000.01), "AttachmentExceeded", [
          f.alice.address,
          tenge(30_000),
          tenge(30_000.01),
        ]);
      });

      it("reverts with AttachmentExceeded on an account with nothing attached", async () => {
        const f = await loadFixture(attachedForSeizure);
        await rejects(f, f.bob.address, f.court.address, 1n, "AttachmentExceeded", [f.bob.address, 0n, 1n]);
      });

      it("reverts with ERC20InsufficientBalance above the balance, even within the attachment", async () => {
        const f = await loadFixture(attachedForSeizure);
        await f.ledger.connect(f.compliance).attachFunds(f.alice.address, tenge(120_000), LEGAL_REF);
        await rejects(f, f.alice.address, f.court.address, tenge(100_000.01), "ERC20InsufficientBalance", [
          f.alice.address,
          tenge(100_000),
          tenge(100_000.01),
        ]);
      });

      it("reverts with AccountNotRegistered when the receiver is not registered", async () => {
        const f = await loadFixture(attachedForSeizure);
        await rejects(f, f.alice.address, f.stranger.address, tenge(1), "AccountNotRegistered", [f.stranger.address]);
      });

      it("reverts with AccountFrozen when the receiver is frozen", async () => {
        const f = await loadFixture(attachedForSeizure);
        await freeze(f, f.court, FreezeState.Full);
        await rejects(f, f.alice.address, f.court.address, tenge(1), "AccountFrozen", [f.court.address]);
      });

      it("reverts with HoldingLimitExceeded above the receiver's holding limit, with no waterfall on seizure", async () => {
        const f = await loadFixture(attachedForSeizure);
        // Carol would send the excess on to her bank for an ordinary payment; a seizure never does.
        await f.ledger.connect(f.carol).setWaterfall(true);
        await f.ledger.connect(f.compliance).attachFunds(f.alice.address, tenge(70_000), LEGAL_REF);
        await rejects(f, f.alice.address, f.carol.address, tenge(90_000.01), "HoldingLimitExceeded", [
          f.carol.address,
          tenge(100_000),
          tenge(100_000.01),
        ]);
        // The control: the same receipt as an ordinary payment goes on to carol's bank.
        await expect(f.ledger.connect(f.bankA).transfer(f.carol.address, tenge(90_000.01)))
          .to.emit(f.ledger, "WaterfallSwept")
          .withArgs(f.carol.address, f.bankB.address, tenge(0.01), ref("cust-carol"));
      });

      it("reverts with ZeroAddress for the zero receiver", async () => {
        const f = await loadFixture(attachedForSeizure);
        await rejects(f, f.alice.address, ZeroAddress, tenge(1), "ZeroAddress", []);
      });

      it("reverts with ZeroAmount for a zero amount", async () => {
        const f = await loadFixture(attachedForSeizure);
        await rejects(f, f.alice.address, f.court.address, 0n, "ZeroAmount", []);
      });

      it("reverts with LedgerPaused while the ledger is paused", async () => {
        const f = await loadFixture(attachedForSeizure);
        await f.ledger.connect(f.operator).pause();
        await rejects(f, f.alice.address, f.court.address, tenge(1), "LedgerPaused", []);
      });
    });
  });
});
