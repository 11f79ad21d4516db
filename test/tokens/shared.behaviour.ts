/**
 * What the suite's four tokens share — DKZT, the reserve stablecoin, the bridged stablecoin and tokenized gold — as
 * one set of behaviours run over each (STYLE.md 17; OpenZeppelin `test/token/ERC20/ERC20.behavior.js`): ERC-20
 * basics, revoking an allowance, pause, refusing a spender the token could never let spend, and, where the token
 * has them, permit and ERC-3009 in both forms with EOA and ERC-1271 (smart account) signatures.
 * Each refusal asserts the exact custom error and that nothing changed: balances, supply, allowance, nonces.
 */
import { expect } from "chai";
import { TypedDataEncoder, id } from "ethers";
import type { BaseContract, TypedDataField } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  IERC20__factory,
  IERC20Permit__factory,
  IERC5267__factory,
  ISignedAuthorizations__factory,
} from "../../typechain-types";
import type { IERC20, IERC20Permit, ISignedAuthorizations } from "../../typechain-types";
import {
  CancelAuthorizationTypes,
  PermitTypes,
  ReceiveWithAuthorizationTypes,
  SIGNED,
  TransferWithAuthorizationTypes,
  domainOf,
  randomNonce,
  signCancelAuthorization,
  signPermit,
  signReceiveAuthorization,
  signTransferAuthorization,
} from "../helpers/eip712";
import type { Authorization } from "../helpers/eip712";

/** A token under test, in the state its fixture leaves it. */
export interface SharedToken {
  /** The token contract itself: its address, and its ABI for the custom errors. */
  contract: BaseContract;
  /** Holds at least 10 × `amount` and may send it. */
  holder: HardhatEthersSigner;
  /** May receive. */
  receiver: HardhatEthersSigner;
  /** May be approved and spend (and receive). */
  spender: HardhatEthersSigner;
  /** Submits signed calls for others; holds nothing. */
  relayer: HardhatEthersSigner;
  /** An amount every party may move (within every limit). */
  amount: bigint;
  /** Pause the token, with the role that may. */
  pause(): Promise<unknown>;
  /** The error a paused token gives for a balance change. */
  pausedError: string;
  /** An account the token refuses as a spender, and the error naming it (tokens whose holders the ledger keeps). */
  unregisteredSpender?: { address: string; error: string };
  /** For a token with permit and ERC-3009: a smart account (ERC-1271) holding 10 × `amount`, accepting the key's
   * signatures. */
  smartAccount?: { address: string; key: HardhatEthersSigner };
}

/** Everything a refused call must leave as it was. */
async function stateOf(
  token: IERC20,
  signed: ISignedAuthorizations | undefined,
  permits: IERC20Permit | undefined,
  accounts: string[],
  pairs: [string, string][],
  nonces: [string, string][],
) {
  return {
    supply: await token.totalSupply(),
    balances: await Promise.all(accounts.map((a) => token.balanceOf(a))),
    allowances: await Promise.all(pairs.map(([o, s]) => token.allowance(o, s))),
    permitNonces: permits ? await Promise.all(accounts.map((a) => permits.nonces(a))) : [],
    used: signed ? await Promise.all(nonces.map(([a, n]) => signed.authorizationState(a, n))) : [],
  };
}

/** Which of the optional behaviours the token has (so a token without them defines no such tests). */
export interface SharedTokenFeatures {
  /** Refuses an approval to a spender it would never let spend ({SharedToken.unregisteredSpender}). */
  refusesUnregisteredSpenders: boolean;
  /** Has permit and ERC-3009 in both forms ({SharedToken.smartAccount}). */
  signedAuthorizations: boolean;
}

/** Run the shared behaviours over the token `load` returns (a fixture: it is run through loadFixture). */
export function shouldBehaveLikeSuiteToken(
  name: string,
  load: () => Promise<SharedToken>,
  features: SharedTokenFeatures,
): void {
  async function setup() {
    const t = await loadFixture(load);
    const address = await t.contract.getAddress();
    const token = IERC20__factory.connect(address, t.holder);
    const signed = t.smartAccount ? ISignedAuthorizations__factory.connect(address, t.relayer) : undefined;
    const permits = t.smartAccount ? IERC20Permit__factory.connect(address, t.relayer) : undefined;
    /** Assert `action` is refused with `error(args)` and that the listed state is unchanged. */
    async function expectRefused(
      action: () => Promise<unknown>,
      error: string,
      args: unknown[],
      watch: { accounts: string[]; pairs?: [string, string][]; nonces?: [string, string][] },
    ): Promise<void> {
      const read = () => stateOf(token, signed, permits, watch.accounts, watch.pairs ?? [], watch.nonces ?? []);
      const before = await read();
      await expect(action())
        .to.be.revertedWithCustomError(t.contract, error)
        .withArgs(...args);
      expect(await read()).to.deep.equal(before, "a refused call changed the token");
    }
    return { ...t, address, token, signed, permits, expectRefused };
  }

  describe(`${name}: the behaviour the suite's tokens share`, () => {
    describe("ERC-20 basics", () => {
      it("transfer moves the amount and emits Transfer", async () => {
        const t = await setup();
        const tx = t.token.transfer(t.receiver.address, t.amount);
        await expect(tx).to.emit(t.token, "Transfer").withArgs(t.holder.address, t.receiver.address, t.amount);
        await expect(tx).to.changeTokenBalances(t.token, [t.holder, t.receiver], [-t.amount, t.amount]);
      });

      it("reverts with ERC20InsufficientBalance above the balance; nothing moves", async () => {
        const t = await setup();
        const balance = await t.token.balanceOf(t.holder.address);
        await t.expectRefused(
          () => t.token.transfer(t.receiver.address, balance + 1n),
          "ERC20InsufficientBalance",
          [t.holder.address, balance, balance + 1n],
          { accounts: [t.holder.address, t.receiver.address] },
        );
      });

      it("transferFrom spends the allowance, and reverts with ERC20InsufficientAllowance beyond it", async () => {
        const t = await setup();
        await expect(t.token.approve(t.spender.address, t.amount))
          .to.emit(t.token, "Approval")
          .withArgs(t.holder.address, t.spender.address, t.amount);
        const spending = t.token.connect(t.spender);
        await expect(spending.transferFrom(t.holder.address, t.receiver.address, t.amount)).to.changeTokenBalances(
          t.token,
          [t.holder, t.receiver],
          [-t.amount, t.amount],
        );
        expect(await t.token.allowance(t.holder.address, t.spender.address)).to.equal(0n);
        await t.expectRefused(
          () => spending.transferFrom(t.holder.address, t.receiver.address, 1n),
          "ERC20InsufficientAllowance",
          [t.spender.address, 0n, 1n],
          { accounts: [t.holder.address, t.receiver.address], pairs: [[t.holder.address, t.spender.address]] },
        );
      });
    });

    describe("when the token is paused", () => {
      it("reverts a transfer and a transferFrom with its pause error; nothing moves", async () => {
        const t = await setup();
        await t.token.approve(t.spender.address, t.amount);
        await t.pause();
        const watch = {
          accounts: [t.holder.address, t.receiver.address],
          pairs: [[t.holder.address, t.spender.address]] as [string, string][],
        };
        await t.expectRefused(() => t.token.transfer(t.receiver.address, t.amount), t.pausedError, [], watch);
        await t.expectRefused(
          () => t.token.connect(t.spender).transferFrom(t.holder.address, t.receiver.address, t.amount),
          t.pausedError,
          [],
          watch,
        );
      });

      it("still lets the owner revoke an allowance (approve 0)", async () => {
        const t = await setup();
        await t.token.approve(t.spender.address, t.amount);
        await t.pause();
        await expect(t.token.approve(t.spender.address, 0n))
          .to.emit(t.token, "Approval")
          .withArgs(t.holder.address, t.spender.address, 0n);
        expect(await t.token.allowance(t.holder.address, t.spender.address)).to.equal(0n);
      });
    });

    describe("when the spender could never spend the allowance", () => {
      if (!features.refusesUnregisteredSpenders) return; // an open token: any spender not blacklisted may spend
      it("refuses the approval with an error naming the spender, and leaves revoking open", async () => {
        const t = await setup();
        const unregistered = t.unregisteredSpender;
        if (!unregistered) throw new Error(`${name}: the fixture names no unregistered spender`);
        await t.expectRefused(
          () => t.token.approve(unregistered.address, t.amount),
          unregistered.error,
          [unregistered.address],
          { accounts: [t.holder.address], pairs: [[t.holder.address, unregistered.address]] },
        );
        await expect(t.token.approve(unregistered.address, 0n))
          .to.emit(t.token, "Approval")
          .withArgs(t.holder.address, unregistered.address, 0n);
      });
    });

    describe("signed approvals and payments (ERC-2612, ERC-3009; ERC-1271 smart accounts)", () => {
      if (!features.signedAuthorizations) return;
      /** The token's signature surface. */
      async function signedSetup() {
        const t = await setup();
        if (!t.smartAccount || !t.signed || !t.permits) throw new Error(`${name}: the fixture names no smart account`);
        const domain = await domainOf(IERC5267__factory.connect(t.address, t.relayer));
        return { ...t, smartAccount: t.smartAccount, signed: t.signed, permits: t.permits, domain };
      }
      type Signed = Awaited<ReturnType<typeof signedSetup>>;

      async function authorization(s: Signed, from: string, to: string): Promise<Authorization> {
        const now = BigInt(await time.latest());
        return { from, to, value: s.amount, validAfter: 0n, validBefore: now + 3_600n, nonce: randomNonce() };
      }

      async function permitFor(s: Signed, owner: string, value: bigint) {
        const deadline = BigInt(await time.latest()) + 3_600n;
        return { owner, spender: s.spender.address, value, nonce: await s.permits.nonces(owner), deadline };
      }

      it("publishes the ERC-2612 and ERC-3009 type hashes as the standards list them", async () => {
        const s = await signedSetup();
        const typeHash = (types: Record<string, TypedDataField[]>, type: string): string =>
          id(TypedDataEncoder.from(types).encodeType(type));
        expect(await s.signed.PERMIT_TYPEHASH()).to.equal(typeHash(PermitTypes, "Permit"));
        expect(await s.signed.TRANSFER_WITH_AUTHORIZATION_TYPEHASH()).to.equal(
          typeHash(TransferWithAuthorizationTypes, "TransferWithAuthorization"),
        );
        expect(await s.signed.RECEIVE_WITH_AUTHORIZATION_TYPEHASH()).to.equal(
          typeHash(ReceiveWithAuthorizationTypes, "ReceiveWithAuthorization"),
        );
        expect(await s.signed.CANCEL_AUTHORIZATION_TYPEHASH()).to.equal(
          typeHash(CancelAuthorizationTypes, "CancelAuthorization"),
        );
      });

      it("permit (bytes form) sets an EOA's allowance on its 65-byte signature and uses its nonce", async () => {
        const s = await signedSetup();
        const m = await permitFor(s, s.holder.address, s.amount);
        const sig = await signPermit(s.holder, s.domain, m);
        await expect(s.signed.permit(m.owner, m.spender, m.value, m.deadline, sig.serialized))
          .to.emit(s.token, "Approval")
          .withArgs(s.holder.address, s.spender.address, s.amount);
        expect(await s.permits.nonces(s.holder.address)).to.equal(m.nonce + 1n);
      });

      it("permit sets a smart account's allowance in either form when its ERC-1271 check accepts", async () => {
        const s = await signedSetup();
        const wallet = s.smartAccount.address;
        const first = await permitFor(s, wallet, s.amount);
        const sig = await signPermit(s.smartAccount.key, s.domain, first);
        await expect(s.signed.permit(first.owner, first.spender, first.value, first.deadline, sig.serialized))
          .to.emit(s.token, "Approval")
          .withArgs(wallet, s.spender.address, s.amount);
        const second = await permitFor(s, wallet, 2n * s.amount);
        const vrs = await signPermit(s.smartAccount.key, s.domain, second);
        await s.permits.permit(second.owner, second.spender, second.value, second.deadline, vrs.v, vrs.r, vrs.s);
        expect(await s.token.allowance(wallet, s.spender.address)).to.equal(2n * s.amount);
        await expect(
          s.token.connect(s.spender).transferFrom(wallet, s.receiver.address, s.amount),
        ).to.changeTokenBalances(s.token, [wallet, s.receiver.address], [-s.amount, s.amount]);
      });

      it("permit reverts with SignatureInvalid(wallet) when the smart account refuses the signer", async () => {
        const s = await signedSetup();
        const wallet = s.smartAccount.address;
        const m = await permitFor(s, wallet, s.amount);
        const sig = await signPermit(s.relayer, s.domain, m);
        await s.expectRefused(
          () => s.signed.permit(m.owner, m.spender, m.value, m.deadline, sig.serialized),
          "SignatureInvalid",
          [wallet],
          { accounts: [wallet], pairs: [[wallet, s.spender.address]] },
        );
      });

      it("transferWithAuthorization (bytes form) pays from a smart account; the (v, r, s) replay is refused", async () => {
        const s = await signedSetup();
        const wallet = s.smartAccount.address;
        const a = await authorization(s, wallet, s.receiver.address);
        const sig = await signTransferAuthorization(s.smartAccount.key, s.domain, a);
        const tx = s.signed[SIGNED.transferBytes](
          a.from,
          a.to,
          a.value,
          a.validAfter,
          a.validBefore,
          a.nonce,
          sig.serialized,
        );
        await expect(tx).to.emit(s.signed, "AuthorizationUsed").withArgs(wallet, a.nonce);
        await expect(tx).to.changeTokenBalances(s.token, [wallet, s.receiver.address], [-s.amount, s.amount]);
        await s.expectRefused(
          () =>
            s.signed[SIGNED.transfer](a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.v, sig.r, sig.s),
          "ERC3009UsedAuthorization",
          [wallet, a.nonce],
          { accounts: [wallet, s.receiver.address] },
        );
      });

      it("transferWithAuthorization reverts with SignatureInvalid(wallet) when the smart account refuses", async () => {
        const s = await signedSetup();
        const wallet = s.smartAccount.address;
        const a = await authorization(s, wallet, s.receiver.address);
        const sig = await signTransferAuthorization(s.relayer, s.domain, a);
        await s.expectRefused(
          () =>
            s.signed[SIGNED.transferBytes](a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.serialized),
          "SignatureInvalid",
          [wallet],
          { accounts: [wallet, s.receiver.address], nonces: [[wallet, a.nonce]] },
        );
      });

      it("receiveWithAuthorization (bytes form) lets the payee, and only the payee, collect from a smart account", async () => {
        const s = await signedSetup();
        const wallet = s.smartAccount.address;
        const a = await authorization(s, wallet, s.receiver.address);
        const sig = await signReceiveAuthorization(s.smartAccount.key, s.domain, a);
        const args = [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.serialized] as const;
        await s.expectRefused(
          () => s.signed[SIGNED.receiveBytes](...args),
          "ERC20InvalidReceiver",
          [s.receiver.address],
          { accounts: [wallet, s.receiver.address], nonces: [[wallet, a.nonce]] },
        );
        await expect(s.signed.connect(s.receiver)[SIGNED.receiveBytes](...args)).to.changeTokenBalances(
          s.token,
          [wallet, s.receiver.address],
          [-s.amount, s.amount],
        );
      });

      it("cancelAuthorization (bytes form) cancels a smart account's authorisation, even while paused", async () => {
        const s = await signedSetup();
        const wallet = s.smartAccount.address;
        const a = await authorization(s, wallet, s.receiver.address);
        const sig = await signTransferAuthorization(s.smartAccount.key, s.domain, a);
        const cancel = await signCancelAuthorization(s.smartAccount.key, s.domain, {
          authorizer: wallet,
          nonce: a.nonce,
        });
        await s.pause();
        await expect(s.signed[SIGNED.cancelBytes](wallet, a.nonce, cancel.serialized))
          .to.emit(s.signed, "AuthorizationCanceled")
          .withArgs(wallet, a.nonce);
        expect(await s.signed.authorizationState(wallet, a.nonce)).to.equal(true);
        await s.expectRefused(
          () =>
            s.signed[SIGNED.transferBytes](a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.serialized),
          "ERC3009UsedAuthorization",
          [wallet, a.nonce],
          { accounts: [wallet, s.receiver.address] },
        );
      });

      it("while paused, an authorised payment reverts with the pause error and its nonce stays unused", async () => {
        const s = await signedSetup();
        const a = await authorization(s, s.holder.address, s.receiver.address);
        const sig = await signTransferAuthorization(s.holder, s.domain, a);
        await s.pause();
        await s.expectRefused(
          () =>
            s.signed[SIGNED.transferBytes](a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, sig.serialized),
          s.pausedError,
          [],
          { accounts: [s.holder.address, s.receiver.address], nonces: [[s.holder.address, a.nonce]] },
        );
      });
    });
  });
}
