import hre, { ethers } from "hardhat";
import { expect } from "chai";
import { BrowserProvider, TypedDataEncoder, ZeroAddress, concat, id } from "ethers";
import type { AddressLike, Signer, TypedDataDomain, TypedDataField } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
// Internal but stable in Hardhat 2: builds a second in-process network, here one with another chain id.
import { createProvider } from "hardhat/internal/core/providers/construction";
import { DigitalTenge__factory, ERC1271WalletMock__factory, ERC1967Proxy__factory } from "../../typechain-types";
import type { DigitalTenge } from "../../typechain-types";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import {
  CancelAuthorizationTypes,
  PermitTypes,
  ReceiveWithAuthorizationTypes,
  SIGNED,
  TransferWithAuthorizationTypes,
  ZERO_RECOVERING_SIGNATURE,
  digest,
  domainOf,
  domainSeparator,
  malleable,
  randomNonce,
  signCancelAuthorization,
  signPermit,
  signReceiveAuthorization,
  signTransferAuthorization,
} from "../helpers/eip712";
import type { Authorization, PermitMessage, Vrs } from "../helpers/eip712";
import { tenge } from "../../src/money";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";
import { accountOf } from "../../src/accounts";

// ---------------------------------------------------------------- fixtures

/** Deploy a fresh ledger implementation and proxy from `deployer`, initialised with `authority`. */
async function deployLedgerProxy(deployer: Signer, authority: string): Promise<DigitalTenge> {
  const implementation = await new DigitalTenge__factory(deployer).deploy();
  await implementation.waitForDeployment();
  const init = DigitalTenge__factory.createInterface().encodeFunctionData("initialize", [
    authority,
    "Digital Tenge",
    "DKZT",
  ]);
  const proxy = await new ERC1967Proxy__factory(deployer).deploy(await implementation.getAddress(), init);
  await proxy.waitForDeployment();
  return DigitalTenge__factory.connect(await proxy.getAddress(), deployer);
}

/**
 * The funded ledger, plus: carol (anonymous-lite: holds 100 000 ₸ at most, sends 50 000 ₸ a day) holding
 * 60 000 ₸; a sister ledger proxy under the same authority (same name, version and chain: only the verifying
 * contract differs); and a smart-contract wallet owned by alice's key, onboarded by bank A and holding 1 000 ₸.
 */
async function authorisations() {
  const f = await fundedLedger();
  await f.ledger.connect(f.bankB).transfer(f.carol.address, tenge(60_000));
  const sister = await deployLedgerProxy(f.deployer, await f.manager.getAddress());
  const wallet = await new ERC1271WalletMock__factory(f.deployer).deploy(f.alice.address);
  const walletAddress = await wallet.getAddress();
  await f.ledger
    .connect(f.bankA)
    .onboardCustomer(walletAddress, AccountKind.Individual, Tier.STANDARD, ref("cust-wallet"));
  await f.ledger.connect(f.bankA).transfer(walletAddress, tenge(1_000));
  return { ...f, domain: await domainOf(f.ledger), sister, sisterDomain: await domainOf(sister), wallet };
}

type Fixture = Awaited<ReturnType<typeof authorisations>>;

// ---------------------------------------------------------------- helpers

const HOUR = 3600n;

/** An authorisation valid from now for an hour, with a fresh random nonce; `overrides` replace fields. */
async function authorization(
  from: string,
  to: string,
  value: bigint,
  overrides: Partial<Authorization> = {},
): Promise<Authorization> {
  const now = BigInt(await time.latest());
  return { from, to, value, validAfter: 0n, validBefore: now + HOUR, nonce: randomNonce(), ...overrides };
}

function submitTransfer(ledger: DigitalTenge, by: HardhatEthersSigner, a: Authorization, sig: Vrs) {
  return ledger.connect(by).getFunction(SIGNED.transfer)(
    a.from,
    a.to,
    a.value,
    a.validAfter,
    a.validBefore,
    a.nonce,
    sig.v,
    sig.r,
    sig.s,
  );
}

function submitReceive(ledger: DigitalTenge, by: HardhatEthersSigner, a: Authorization, sig: Vrs) {
  return ledger.connect(by).getFunction(SIGNED.receive)(
    a.from,
    a.to,
    a.value,
    a.validAfter,
    a.validBefore,
    a.nonce,
    sig.v,
    sig.r,
    sig.s,
  );
}

/** A permit for `value` from `owner` to `spender` with the owner's current nonce, valid for an hour. */
async function permitMessage(
  ledger: DigitalTenge,
  owner: string,
  spender: string,
  value: bigint,
): Promise<PermitMessage> {
  const now = BigInt(await time.latest());
  return { owner, spender, value, nonce: await ledger.nonces(owner), deadline: now + HOUR };
}

function submitPermit(ledger: DigitalTenge, by: HardhatEthersSigner, m: PermitMessage, sig: Vrs) {
  return ledger.connect(by)[SIGNED.permit](m.owner, m.spender, m.value, m.deadline, sig.v, sig.r, sig.s);
}

/** The `bytes signature` forms (ERC-7597 permit, ERC-7598 authorisations): a 65-byte ECDSA signature or ERC-1271. */
function submitPermitBytes(ledger: DigitalTenge, by: HardhatEthersSigner, m: PermitMessage, signature: string) {
  return ledger.connect(by)[SIGNED.permitBytes](m.owner, m.spender, m.value, m.deadline, signature);
}

function submitTransferBytes(ledger: DigitalTenge, by: HardhatEthersSigner, a: Authorization, signature: string) {
  return ledger.connect(by).getFunction(SIGNED.transferBytes)(
    a.from,
    a.to,
    a.value,
    a.validAfter,
    a.validBefore,
    a.nonce,
    signature,
  );
}

function submitReceiveBytes(ledger: DigitalTenge, by: HardhatEthersSigner, a: Authorization, signature: string) {
  return ledger.connect(by).getFunction(SIGNED.receiveBytes)(
    a.from,
    a.to,
    a.value,
    a.validAfter,
    a.validBefore,
    a.nonce,
    signature,
  );
}

/**
 * {expectRejected} (exact error, unchanged balances and account views) plus the signature state the ledger
 * state helper does not read: the authoriser's nonce use, its permit nonce and the allowance.
 */
async function expectAuthRejected(
  f: Fixture,
  accounts: AddressLike[],
  signed: { authorizer: string; nonce?: string; spender?: string },
  action: () => Promise<unknown>,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const read = async () => ({
    used: signed.nonce ? await f.ledger.authorizationState(signed.authorizer, signed.nonce) : false,
    permitNonce: await f.ledger.nonces(signed.authorizer),
    allowance: signed.spender ? await f.ledger.allowance(signed.authorizer, signed.spender) : 0n,
  });
  const before = await read();
  await expectRejected(f.ledger, accounts, action, assertion);
  expect(await read()).to.deep.equal(before, "a rejected call changed the signature state");
}

// ---------------------------------------------------------------- tests

describe("DigitalTenge authorisations (EIP-2612 permit, EIP-3009)", () => {
  describe("EIP-712 domain", () => {
    it("builds DOMAIN_SEPARATOR from eip712Domain(): Digital Tenge, version 1, this chain, this proxy", async () => {
      const { ledger, domain } = await loadFixture(authorisations);
      const { chainId } = await ethers.provider.getNetwork();
      expect(domain).to.deep.equal({
        name: "Digital Tenge",
        version: "1",
        chainId,
        verifyingContract: await ledger.getAddress(),
      });
      expect(await ledger.DOMAIN_SEPARATOR()).to.equal(domainSeparator(domain));
    });

    it("differs between two ledger proxies that share name, version and chain", async () => {
      const { ledger, sister, domain, sisterDomain } = await loadFixture(authorisations);
      expect(await sister.DOMAIN_SEPARATOR()).to.equal(domainSeparator(sisterDomain));
      expect(await sister.DOMAIN_SEPARATOR()).to.not.equal(await ledger.DOMAIN_SEPARATOR());
      expect(sisterDomain.verifyingContract).to.not.equal(domain.verifyingContract);
    });

    describe("when the chain forks (same proxy address and storage, another chain id)", () => {
      it("computes the separator from the live chain id, so a signature from one chain is rejected on the other", async () => {
        const { spare, manager } = await loadFixture(authorisations);
        const authority = await manager.getAddress();
        // The same fresh account deploys at the same nonces on both chains: identical addresses and storage.
        const deployer = spare[spare.length - 1];
        const here = await deployLedgerProxy(deployer, authority);
        const otherChain = new BrowserProvider(
          await createProvider(
            {
              ...hre.config,
              networks: { ...hre.config.networks, hardhat: { ...hre.config.networks.hardhat, chainId: 1 } },
            },
            "hardhat",
            hre.artifacts,
          ),
        );
        const there = await deployLedgerProxy(await otherChain.getSigner(deployer.address), authority);
        expect(await there.getAddress()).to.equal(await here.getAddress());

        const hereDomain = await domainOf(here);
        const thereDomain = await domainOf(there);
        expect(thereDomain.chainId).to.equal(1n);
        expect(hereDomain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
        expect(await here.DOMAIN_SEPARATOR()).to.equal(domainSeparator(hereDomain));
        expect(await there.DOMAIN_SEPARATOR()).to.equal(domainSeparator(thereDomain));
        expect(await there.DOMAIN_SEPARATOR()).to.not.equal(await here.DOMAIN_SEPARATOR());

        // A cancellation signed on this chain: rejected on the fork, accepted here.
        const nonce = randomNonce();
        const sig = await signCancelAuthorization(deployer, hereDomain, { authorizer: deployer.address, nonce });
        await expect(there[SIGNED.cancel](deployer.address, nonce, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(there, "SignatureInvalid")
          .withArgs(deployer.address);
        expect(await there.authorizationState(deployer.address, nonce)).to.equal(false);
        await expect(here[SIGNED.cancel](deployer.address, nonce, sig.v, sig.r, sig.s))
          .to.emit(here, "AuthorizationCanceled")
          .withArgs(deployer.address, nonce);
      });
    });
  });

  // ================================================================ permit

  describe("permit (EIP-2612)", () => {
    describe("when the owner signed it", () => {
      it("sets the allowance, emits Approval and increments the owner's nonce, whoever submits it", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, stranger, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(2_500));
        expect(m.nonce).to.equal(0n);
        const sig = await signPermit(alice, domain, m);
        await expect(submitPermit(ledger, stranger, m, sig))
          .to.emit(ledger, "Approval")
          .withArgs(alice.address, merchant.address, tenge(2_500));
        expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(2_500));
        expect(await ledger.nonces(alice.address)).to.equal(1n);
        expect(await ledger.nonces(merchant.address)).to.equal(0n);

        await expect(
          ledger.connect(merchant).transferFrom(alice.address, merchant.address, tenge(2_500)),
        ).to.changeTokenBalances(ledger, [alice, merchant], [-tenge(2_500), tenge(2_500)]);
        expect(await ledger.allowance(alice.address, merchant.address)).to.equal(0n);
      });

      it("accepts a deadline equal to the block time", async () => {
        const { ledger, alice, merchant, domain } = await loadFixture(authorisations);
        const m = await permitMessage(ledger, alice.address, merchant.address, 1n);
        const deadline = BigInt(await time.latest()) + 10n;
        const sig = await signPermit(alice, domain, { ...m, deadline });
        await time.setNextBlockTimestamp(deadline);
        await expect(submitPermit(ledger, alice, { ...m, deadline }, sig)).to.emit(ledger, "Approval");
      });
    });

    describe("when the same permit is submitted again (replay)", () => {
      it("reverts with SignatureInvalid(owner): the nonce moved on, so the signature is no longer the owner's", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, stranger, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(alice, domain, m);
        await submitPermit(ledger, stranger, m, sig);
        await ledger.connect(alice).approve(merchant.address, 0n);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, stranger, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });
    });

    describe("when the deadline has passed", () => {
      it("reverts with ERC2612ExpiredSignature", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, 1n);
        const deadline = BigInt(await time.latest()) + 10n;
        const sig = await signPermit(alice, domain, { ...m, deadline });
        await time.setNextBlockTimestamp(deadline + 1n);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, alice, { ...m, deadline }, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ERC2612ExpiredSignature").withArgs(deadline),
        );
      });
    });

    describe("when the signature is not the owner's", () => {
      it("reverts with SignatureInvalid(owner) for another key", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, merchant, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(bob, domain, m);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });

      it("reverts with SignatureInvalid for a domain on another chain", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const otherChain: TypedDataDomain = { ...domain, chainId: 1n };
        const sig = await signPermit(alice, otherChain, m);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });

      it("reverts with SignatureInvalid for a permit signed for the sister ledger", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, sisterDomain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(alice, sisterDomain, m);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });

      it("reverts with SignatureInvalid(wallet) for a smart wallet whose ERC-1271 check refuses the signer", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, bob, merchant, domain, wallet } = f;
        const walletAddress = await wallet.getAddress();
        const m = await permitMessage(ledger, walletAddress, merchant.address, tenge(10));
        const sig = await signPermit(bob, domain, m);
        expect(await wallet.isValidSignature(digest.permit(domain, m), sig.serialized)).to.equal("0x00000000");
        await expectAuthRejected(
          f,
          [walletAddress, merchant],
          { authorizer: walletAddress, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(walletAddress),
        );
      });
    });

    describe("when the signature is malformed", () => {
      it("reverts with SignatureInvalid for the malleable (high-s) twin of a valid signature", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const twin = malleable(await signPermit(alice, domain, m));
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, twin),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });

      it("reverts with SignatureInvalid(0) when ecrecover returns the zero address, even for owner zero", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant } = f;
        const deadline = BigInt(await time.latest()) + HOUR;
        const m: PermitMessage = {
          owner: ZeroAddress,
          spender: merchant.address,
          value: tenge(10),
          nonce: 0n,
          deadline,
        };
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: ZeroAddress, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, ZERO_RECOVERING_SIGNATURE),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(ZeroAddress),
        );
      });
    });

    describe("when the owner may not approve (the same checks as approve)", () => {
      it("reverts with AccountFrozen for a frozen owner", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, compliance, domain } = f;
        await ledger.connect(compliance).setFreezeState(alice.address, FreezeState.Full, ref("ORDER-1"));
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(alice, domain, m);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
        );
      });

      it("reverts with AccountOutboundBlocked for a receive-only owner", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, compliance, domain } = f;
        await ledger.connect(compliance).setFreezeState(alice.address, FreezeState.OutboundOnly, ref("ORDER-1"));
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(alice, domain, m);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address),
        );
      });

      it("reverts with AccountNotRegistered for an unregistered owner", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, stranger, merchant, domain } = f;
        const m = await permitMessage(ledger, stranger.address, merchant.address, tenge(10));
        const sig = await signPermit(stranger, domain, m);
        await expectAuthRejected(
          f,
          [stranger, merchant],
          { authorizer: stranger.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
        );
      });

      it("reverts with LedgerPaused while the ledger is paused", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, operator, domain } = f;
        await ledger.connect(operator).pause();
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(alice, domain, m);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
        );
      });

      it("still lets a frozen owner revoke by permit (value 0) while the ledger is paused", async () => {
        const { ledger, alice, merchant, operator, compliance, domain } = await loadFixture(authorisations);
        await ledger.connect(alice).approve(merchant.address, tenge(10));
        await ledger.connect(compliance).setFreezeState(alice.address, FreezeState.Full, ref("ORDER-1"));
        await ledger.connect(operator).pause();
        const m = await permitMessage(ledger, alice.address, merchant.address, 0n);
        const sig = await signPermit(alice, domain, m);
        await expect(submitPermit(ledger, merchant, m, sig))
          .to.emit(ledger, "Approval")
          .withArgs(alice.address, merchant.address, 0n);
        expect(await ledger.allowance(alice.address, merchant.address)).to.equal(0n);
        expect(await ledger.nonces(alice.address)).to.equal(1n);
      });
    });

    describe("when the permitted allowance is spent (transferFrom: the same checks as a transfer)", () => {
      /** Alice permits `spender`, who then pays `to`; returns the call. */
      async function permitThenPay(
        f: Fixture,
        owner: HardhatEthersSigner,
        spender: HardhatEthersSigner,
        to: string,
        value: bigint,
      ) {
        const m = await permitMessage(f.ledger, owner.address, spender.address, value);
        await submitPermit(f.ledger, spender, m, await signPermit(owner, f.domain, m));
        return () => f.ledger.connect(spender).transferFrom(owner.address, to, value);
      }

      it("reverts with AccountNotRegistered for an unregistered payee", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, stranger } = f;
        const pay = await permitThenPay(f, alice, merchant, stranger.address, tenge(10));
        await expectAuthRejected(
          f,
          [alice, merchant, stranger],
          { authorizer: alice.address, spender: merchant.address },
          pay,
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
        );
      });

      it("reverts with HoldingLimitExceeded when the payee would go above its tier's holding limit", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, carol } = f;
        const pay = await permitThenPay(f, alice, merchant, carol.address, tenge(50_000));
        await expectAuthRejected(
          f,
          [alice, merchant, carol],
          { authorizer: alice.address, spender: merchant.address },
          pay,
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(carol.address, tenge(100_000), tenge(110_000)),
        );
      });

      it("reverts with DailyLimitExceeded when the owner's outflow today would exceed its daily limit", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, carol, merchant } = f;
        const pay = await permitThenPay(f, carol, merchant, merchant.address, tenge(55_000));
        await expectAuthRejected(
          f,
          [carol, merchant],
          { authorizer: carol.address, spender: merchant.address },
          pay,
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
              .withArgs(carol.address, tenge(50_000), tenge(55_000)),
        );
      });

      it("reverts with AccountFrozen when the owner was frozen after permitting", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, compliance } = f;
        const pay = await permitThenPay(f, alice, merchant, merchant.address, tenge(10));
        await ledger.connect(compliance).setFreezeState(alice.address, FreezeState.Full, ref("ORDER-1"));
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          pay,
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
        );
      });

      it("reverts with LedgerPaused while the ledger is paused", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, operator } = f;
        const pay = await permitThenPay(f, alice, merchant, merchant.address, tenge(10));
        await ledger.connect(operator).pause();
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          pay,
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
        );
      });
    });

    describe("when a relayer front-runs the permit (trap: a ...WithPermit call that requires permit to succeed is griefed)", () => {
      it("makes the spender's own permit call revert (nonce already used), yet the allowance stands and transferFrom still pays", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, stranger, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(300));
        const sig = await signPermit(alice, domain, m);
        // The relayer saw the signature in the mempool and submitted it first.
        await expect(submitPermit(ledger, stranger, m, sig)).to.emit(ledger, "Approval");
        // The merchant's own submission now fails: a flow that treats this as fatal would be blocked.
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
        // The safe pattern: ignore the failed permit, check the allowance, pay.
        expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(300));
        await expect(
          ledger.connect(merchant).transferFrom(alice.address, merchant.address, tenge(300)),
        ).to.changeTokenBalances(ledger, [alice, merchant], [-tenge(300), tenge(300)]);
      });
    });
  });

  // ================================================================ transferWithAuthorization

  describe("transferWithAuthorization (EIP-3009)", () => {
    describe("when the payer signed it", () => {
      it("pays, marks the nonce used and emits AuthorizationUsed and Transfer, whoever relays it", async () => {
        const { ledger, alice, bob, stranger, domain } = await loadFixture(authorisations);
        const a = await authorization(alice.address, bob.address, tenge(1_234.56));
        const sig = await signTransferAuthorization(alice, domain, a);
        expect(await ledger.authorizationState(alice.address, a.nonce)).to.equal(false);
        const tx = submitTransfer(ledger, stranger, a, sig);
        await expect(tx).to.emit(ledger, "AuthorizationUsed").withArgs(alice.address, a.nonce);
        await expect(tx).to.emit(ledger, "Transfer").withArgs(alice.address, bob.address, tenge(1_234.56));
        await expect(tx).to.changeTokenBalances(
          ledger,
          [alice, bob, stranger],
          [-tenge(1_234.56), tenge(1_234.56), 0n],
        );
        expect(await ledger.authorizationState(alice.address, a.nonce)).to.equal(true);
        // Counted against the payer's daily limit like any payment.
        expect((await accountOf(ledger, alice.address)).spentToday).to.equal(tenge(1_234.56));
      });

      it("accepts unordered nonces: later-signed authorisations can be used first", async () => {
        const { ledger, alice, bob, domain } = await loadFixture(authorisations);
        const first = await authorization(alice.address, bob.address, tenge(1));
        const second = await authorization(alice.address, bob.address, tenge(2));
        const sigFirst = await signTransferAuthorization(alice, domain, first);
        const sigSecond = await signTransferAuthorization(alice, domain, second);
        await submitTransfer(ledger, bob, second, sigSecond);
        await submitTransfer(ledger, bob, first, sigFirst);
        expect(await ledger.authorizationState(alice.address, first.nonce)).to.equal(true);
        expect(await ledger.authorizationState(alice.address, second.nonce)).to.equal(true);
        expect(await ledger.balanceOf(bob.address)).to.equal(tenge(10_003));
      });

      it("is valid strictly after validAfter and strictly before validBefore", async () => {
        const { ledger, alice, bob, domain } = await loadFixture(authorisations);
        const now = BigInt(await time.latest());
        const a = await authorization(alice.address, bob.address, 1n, {
          validAfter: now + 10n,
          validBefore: now + 12n,
        });
        const sig = await signTransferAuthorization(alice, domain, a);
        await time.setNextBlockTimestamp(now + 11n);
        await expect(submitTransfer(ledger, bob, a, sig)).to.emit(ledger, "AuthorizationUsed");
      });
    });

    describe("when it is submitted a second time (replay)", () => {
      it("reverts with ERC3009UsedAuthorization", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, domain } = f;
        const a = await authorization(alice.address, bob.address, tenge(5));
        const sig = await signTransferAuthorization(alice, domain, a);
        await submitTransfer(ledger, bob, a, sig);
        await expectRejected(
          ledger,
          [alice, bob],
          () => submitTransfer(ledger, bob, a, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization")
              .withArgs(alice.address, a.nonce),
        );
      });
    });

    describe("when it is outside its validity window", () => {
      it("reverts with ERC3009InvalidAuthorizationTime at validBefore (expired)", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, domain } = f;
        const now = BigInt(await time.latest());
        const a = await authorization(alice.address, bob.address, 1n, { validBefore: now + 10n });
        const sig = await signTransferAuthorization(alice, domain, a);
        await time.setNextBlockTimestamp(now + 10n);
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce: a.nonce },
          () => submitTransfer(ledger, bob, a, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009InvalidAuthorizationTime")
              .withArgs(a.validAfter, a.validBefore),
        );
      });

      it("reverts with ERC3009InvalidAuthorizationTime at validAfter (not yet valid)", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, domain } = f;
        const now = BigInt(await time.latest());
        const a = await authorization(alice.address, bob.address, 1n, { validAfter: now + 10n });
        const sig = await signTransferAuthorization(alice, domain, a);
        await time.setNextBlockTimestamp(now + 10n);
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce: a.nonce },
          () => submitTransfer(ledger, bob, a, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009InvalidAuthorizationTime")
              .withArgs(a.validAfter, a.validBefore),
        );
      });
    });

    describe("when the signature does not match the authorisation", () => {
      async function rejectsAsInvalid(f: Fixture, a: Authorization, sig: Vrs): Promise<void> {
        await expectAuthRejected(
          f,
          [a.from, a.to],
          { authorizer: a.from, nonce: a.nonce },
          () => submitTransfer(f.ledger, f.stranger, a, sig),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "SignatureInvalid").withArgs(a.from),
        );
      }

      it("reverts with SignatureInvalid for another signer", async () => {
        const f = await loadFixture(authorisations);
        const a = await authorization(f.alice.address, f.bob.address, tenge(5));
        await rejectsAsInvalid(f, a, await signTransferAuthorization(f.bob, f.domain, a));
      });

      it("reverts with SignatureInvalid for a domain on another chain", async () => {
        const f = await loadFixture(authorisations);
        const a = await authorization(f.alice.address, f.bob.address, tenge(5));
        await rejectsAsInvalid(f, a, await signTransferAuthorization(f.alice, { ...f.domain, chainId: 1n }, a));
      });

      it("reverts with SignatureInvalid for an authorisation signed for the sister ledger", async () => {
        const f = await loadFixture(authorisations);
        const a = await authorization(f.alice.address, f.bob.address, tenge(5));
        await rejectsAsInvalid(f, a, await signTransferAuthorization(f.alice, f.sisterDomain, a));
      });

      it("reverts with SignatureInvalid when the amount was altered", async () => {
        const f = await loadFixture(authorisations);
        const a = await authorization(f.alice.address, f.bob.address, tenge(5));
        const sig = await signTransferAuthorization(f.alice, f.domain, a);
        await rejectsAsInvalid(f, { ...a, value: tenge(5_000) }, sig);
      });

      it("reverts with SignatureInvalid for a ReceiveWithAuthorization signature (type confusion)", async () => {
        const f = await loadFixture(authorisations);
        const a = await authorization(f.alice.address, f.bob.address, tenge(5));
        await rejectsAsInvalid(f, a, await signReceiveAuthorization(f.alice, f.domain, a));
      });

      it("reverts with SignatureInvalid(wallet) for a smart wallet whose ERC-1271 check refuses the signer", async () => {
        const f = await loadFixture(authorisations);
        const walletAddress = await f.wallet.getAddress();
        const a = await authorization(walletAddress, f.bob.address, tenge(5));
        const sig = await signTransferAuthorization(f.bob, f.domain, a);
        expect(await f.wallet.isValidSignature(digest.transfer(f.domain, a), sig.serialized)).to.equal("0x00000000");
        await rejectsAsInvalid(f, a, sig);
      });
    });

    describe("when the signature is malformed", () => {
      it("reverts with SignatureInvalid for the malleable (high-s) twin of a valid signature", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, domain } = f;
        const a = await authorization(alice.address, bob.address, tenge(5));
        const twin = malleable(await signTransferAuthorization(alice, domain, a));
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce: a.nonce },
          () => submitTransfer(ledger, bob, a, twin),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });

      it("reverts with SignatureInvalid(0) when ecrecover returns zero, even for payer zero", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, bob } = f;
        const a = await authorization(ZeroAddress, bob.address, tenge(5));
        await expectAuthRejected(
          f,
          [bob],
          { authorizer: ZeroAddress, nonce: a.nonce },
          () => submitTransfer(ledger, bob, a, ZERO_RECOVERING_SIGNATURE),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(ZeroAddress),
        );
      });
    });

    describe("when the payment breaks a transfer rule (the same checks as a transfer)", () => {
      async function rejects(
        f: Fixture,
        payer: HardhatEthersSigner,
        to: string,
        value: bigint,
        error: string,
        args: unknown[],
      ): Promise<void> {
        const a = await authorization(payer.address, to, value);
        const sig = await signTransferAuthorization(payer, f.domain, a);
        await expectAuthRejected(
          f,
          [payer, to],
          { authorizer: payer.address, nonce: a.nonce },
          () => submitTransfer(f.ledger, f.stranger, a, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, error)
              .withArgs(...args),
        );
      }

      it("reverts with AccountFrozen for a frozen payer", async () => {
        const f = await loadFixture(authorisations);
        await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.Full, ref("ORDER-1"));
        await rejects(f, f.alice, f.bob.address, tenge(5), "AccountFrozen", [f.alice.address]);
      });

      it("reverts with AccountOutboundBlocked for a receive-only payer", async () => {
        const f = await loadFixture(authorisations);
        await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.OutboundOnly, ref("ORDER-1"));
        await rejects(f, f.alice, f.bob.address, tenge(5), "AccountOutboundBlocked", [f.alice.address]);
      });

      it("reverts with AccountFrozen for a frozen payee", async () => {
        const f = await loadFixture(authorisations);
        await f.ledger.connect(f.compliance).setFreezeState(f.bob.address, FreezeState.Full, ref("ORDER-1"));
        await rejects(f, f.alice, f.bob.address, tenge(5), "AccountFrozen", [f.bob.address]);
      });

      it("reverts with AccountNotRegistered for an unregistered payee", async () => {
        const f = await loadFixture(authorisations);
        await rejects(f, f.alice, f.stranger.address, tenge(5), "AccountNotRegistered", [f.stranger.address]);
      });

      it("reverts with AccountNotRegistered for an unregistered payer", async () => {
        const f = await loadFixture(authorisations);
        await rejects(f, f.stranger, f.bob.address, 0n, "AccountNotRegistered", [f.stranger.address]);
      });

      it("reverts with HoldingLimitExceeded when the payee would go above its holding limit", async () => {
        const f = await loadFixture(authorisations);
        await rejects(f, f.alice, f.carol.address, tenge(50_000), "HoldingLimitExceeded", [
          f.carol.address,
          tenge(100_000),
          tenge(110_000),
        ]);
      });

      it("reverts with DailyLimitExceeded when the payer's outflow today would exceed its daily limit", async () => {
        const f = await loadFixture(authorisations);
        await rejects(f, f.carol, f.bob.address, tenge(55_000), "DailyLimitExceeded", [
          f.carol.address,
          tenge(50_000),
          tenge(55_000),
        ]);
      });

      it("reverts with AttachedFundsLocked when the payment reaches attached funds", async () => {
        const f = await loadFixture(authorisations);
        await f.ledger.connect(f.compliance).attachFunds(f.alice.address, tenge(99_000), ref("ORDER-1"));
        await rejects(f, f.alice, f.bob.address, tenge(1_000.01), "AttachedFundsLocked", [
          f.alice.address,
          tenge(1_000),
          tenge(1_000.01),
        ]);
      });

      it("reverts with LedgerPaused while the ledger is paused", async () => {
        const f = await loadFixture(authorisations);
        await f.ledger.connect(f.operator).pause();
        await rejects(f, f.alice, f.bob.address, tenge(5), "LedgerPaused", []);
      });
    });
  });

  // ================================================================ receiveWithAuthorization

  describe("receiveWithAuthorization (EIP-3009)", () => {
    describe("when the payee submits it", () => {
      it("pays the payee and emits AuthorizationUsed and Transfer", async () => {
        const { ledger, alice, bob, domain } = await loadFixture(authorisations);
        const a = await authorization(alice.address, bob.address, tenge(42));
        const sig = await signReceiveAuthorization(alice, domain, a);
        const tx = submitReceive(ledger, bob, a, sig);
        await expect(tx).to.emit(ledger, "AuthorizationUsed").withArgs(alice.address, a.nonce);
        await expect(tx).to.emit(ledger, "Transfer").withArgs(alice.address, bob.address, tenge(42));
        await expect(tx).to.changeTokenBalances(ledger, [alice, bob], [-tenge(42), tenge(42)]);
        expect(await ledger.authorizationState(alice.address, a.nonce)).to.equal(true);
      });
    });

    describe("when someone other than the payee submits it (front-running protection)", () => {
      it("reverts with ERC20InvalidReceiver", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, stranger, domain } = f;
        const a = await authorization(alice.address, bob.address, tenge(42));
        const sig = await signReceiveAuthorization(alice, domain, a);
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce: a.nonce },
          () => submitReceive(ledger, stranger, a, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ERC20InvalidReceiver").withArgs(bob.address),
        );
      });
    });

    describe("when it is submitted a second time (replay)", () => {
      it("reverts with ERC3009UsedAuthorization", async () => {
        const { ledger, alice, bob, domain } = await loadFixture(authorisations);
        const a = await authorization(alice.address, bob.address, tenge(42));
        const sig = await signReceiveAuthorization(alice, domain, a);
        await submitReceive(ledger, bob, a, sig);
        await expectRejected(
          ledger,
          [alice, bob],
          () => submitReceive(ledger, bob, a, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization")
              .withArgs(alice.address, a.nonce),
        );
      });
    });

    describe("when the signature is for TransferWithAuthorization (type confusion)", () => {
      it("reverts with SignatureInvalid", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, domain } = f;
        const a = await authorization(alice.address, bob.address, tenge(42));
        const sig = await signTransferAuthorization(alice, domain, a);
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce: a.nonce },
          () => submitReceive(ledger, bob, a, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });
    });

    describe("when the payer is frozen", () => {
      it("reverts with AccountFrozen", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, compliance, domain } = f;
        await ledger.connect(compliance).setFreezeState(alice.address, FreezeState.Full, ref("ORDER-1"));
        const a = await authorization(alice.address, bob.address, tenge(42));
        const sig = await signReceiveAuthorization(alice, domain, a);
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce: a.nonce },
          () => submitReceive(ledger, bob, a, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
        );
      });
    });

    describe("when the ledger is paused", () => {
      it("reverts with LedgerPaused", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, operator, domain } = f;
        await ledger.connect(operator).pause();
        const a = await authorization(alice.address, bob.address, tenge(42));
        const sig = await signReceiveAuthorization(alice, domain, a);
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce: a.nonce },
          () => submitReceive(ledger, bob, a, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
        );
      });
    });
  });

  // ================================================================ cancelAuthorization

  describe("cancelAuthorization (EIP-3009)", () => {
    describe("when the authoriser signed the cancellation", () => {
      it("marks the nonce used, emits AuthorizationCanceled, and the cancelled authorisation can no longer pay", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, stranger, domain } = f;
        const a = await authorization(alice.address, bob.address, tenge(5));
        const sig = await signTransferAuthorization(alice, domain, a);
        const cancel = await signCancelAuthorization(alice, domain, { authorizer: alice.address, nonce: a.nonce });
        await expect(ledger.connect(stranger)[SIGNED.cancel](alice.address, a.nonce, cancel.v, cancel.r, cancel.s))
          .to.emit(ledger, "AuthorizationCanceled")
          .withArgs(alice.address, a.nonce);
        expect(await ledger.authorizationState(alice.address, a.nonce)).to.equal(true);
        await expectRejected(
          ledger,
          [alice, bob],
          () => submitTransfer(ledger, bob, a, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization")
              .withArgs(alice.address, a.nonce),
        );
      });

      it("stays open while the ledger is paused", async () => {
        const { ledger, alice, operator, domain } = await loadFixture(authorisations);
        await ledger.connect(operator).pause();
        const nonce = randomNonce();
        const cancel = await signCancelAuthorization(alice, domain, { authorizer: alice.address, nonce });
        await expect(ledger[SIGNED.cancel](alice.address, nonce, cancel.v, cancel.r, cancel.s))
          .to.emit(ledger, "AuthorizationCanceled")
          .withArgs(alice.address, nonce);
      });
    });

    describe("when the nonce was already used or cancelled", () => {
      it("reverts with ERC3009UsedAuthorization for a used nonce", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, domain } = f;
        const a = await authorization(alice.address, bob.address, tenge(5));
        await submitTransfer(ledger, bob, a, await signTransferAuthorization(alice, domain, a));
        const cancel = await signCancelAuthorization(alice, domain, { authorizer: alice.address, nonce: a.nonce });
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger[SIGNED.cancel](alice.address, a.nonce, cancel.v, cancel.r, cancel.s),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization")
              .withArgs(alice.address, a.nonce),
        );
      });

      it("reverts with ERC3009UsedAuthorization for a second cancellation", async () => {
        const { ledger, alice, domain } = await loadFixture(authorisations);
        const nonce = randomNonce();
        const cancel = await signCancelAuthorization(alice, domain, { authorizer: alice.address, nonce });
        await ledger[SIGNED.cancel](alice.address, nonce, cancel.v, cancel.r, cancel.s);
        await expectRejected(
          ledger,
          [alice],
          () => ledger[SIGNED.cancel](alice.address, nonce, cancel.v, cancel.r, cancel.s),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization").withArgs(alice.address, nonce),
        );
      });
    });

    describe("when the cancellation is not the authoriser's", () => {
      it("reverts with SignatureInvalid for another signer (nobody can cancel someone else's authorisation)", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, bob, domain } = f;
        const nonce = randomNonce();
        const cancel = await signCancelAuthorization(bob, domain, { authorizer: alice.address, nonce });
        await expectAuthRejected(
          f,
          [alice, bob],
          { authorizer: alice.address, nonce },
          () => ledger.connect(bob)[SIGNED.cancel](alice.address, nonce, cancel.v, cancel.r, cancel.s),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });

      it("reverts with SignatureInvalid for a domain on another chain", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, domain } = f;
        const nonce = randomNonce();
        const cancel = await signCancelAuthorization(
          alice,
          { ...domain, chainId: 1n },
          { authorizer: alice.address, nonce },
        );
        await expectAuthRejected(
          f,
          [alice],
          { authorizer: alice.address, nonce },
          () => ledger[SIGNED.cancel](alice.address, nonce, cancel.v, cancel.r, cancel.s),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });
    });
  });

  // ================================================================ smart accounts, bytes signatures

  describe("smart accounts and bytes signatures (ERC-1271; ERC-7597 permit, ERC-7598 authorisations)", () => {
    describe("type hashes", () => {
      it("publishes the ERC-2612 and ERC-3009 type hashes as the standards list them", async () => {
        const { ledger } = await loadFixture(authorisations);
        const typeHash = (types: Record<string, TypedDataField[]>, name: string): string =>
          id(TypedDataEncoder.from(types).encodeType(name));
        expect(await ledger.PERMIT_TYPEHASH()).to.equal(
          id("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
        );
        expect(await ledger.PERMIT_TYPEHASH()).to.equal(typeHash(PermitTypes, "Permit"));
        expect(await ledger.TRANSFER_WITH_AUTHORIZATION_TYPEHASH()).to.equal(
          "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267",
        );
        expect(await ledger.RECEIVE_WITH_AUTHORIZATION_TYPEHASH()).to.equal(
          "0xd099cc98ef71107a616c4f0f941f04c322d8e254fe26b3c6668db87aae413de8",
        );
        expect(await ledger.CANCEL_AUTHORIZATION_TYPEHASH()).to.equal(
          "0x158b0a9edf7a828aad02f63cd515c68ef2f50ba807396f6d12842833a1597429",
        );
        expect(await ledger.TRANSFER_WITH_AUTHORIZATION_TYPEHASH()).to.equal(
          typeHash(TransferWithAuthorizationTypes, "TransferWithAuthorization"),
        );
        expect(await ledger.RECEIVE_WITH_AUTHORIZATION_TYPEHASH()).to.equal(
          typeHash(ReceiveWithAuthorizationTypes, "ReceiveWithAuthorization"),
        );
        expect(await ledger.CANCEL_AUTHORIZATION_TYPEHASH()).to.equal(
          typeHash(CancelAuthorizationTypes, "CancelAuthorization"),
        );
      });
    });

    describe("permit", () => {
      it("sets an EOA owner's allowance on its 65-byte signature and uses its nonce", async () => {
        const { ledger, alice, merchant, stranger, domain } = await loadFixture(authorisations);
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(25));
        const sig = await signPermit(alice, domain, m);
        await expect(submitPermitBytes(ledger, stranger, m, sig.serialized))
          .to.emit(ledger, "Approval")
          .withArgs(alice.address, merchant.address, tenge(25));
        expect(await ledger.allowance(alice.address, merchant.address)).to.equal(tenge(25));
        expect(await ledger.nonces(alice.address)).to.equal(1n);
      });

      it("sets a smart wallet's allowance when its ERC-1271 check accepts, and the spender can spend it", async () => {
        const { ledger, alice, merchant, stranger, domain, wallet } = await loadFixture(authorisations);
        const walletAddress = await wallet.getAddress();
        const m = await permitMessage(ledger, walletAddress, merchant.address, tenge(300));
        const sig = await signPermit(alice, domain, m);
        await expect(submitPermitBytes(ledger, stranger, m, sig.serialized))
          .to.emit(ledger, "Approval")
          .withArgs(walletAddress, merchant.address, tenge(300));
        expect(await ledger.nonces(walletAddress)).to.equal(1n);
        await expect(
          ledger.connect(merchant).transferFrom(walletAddress, merchant.address, tenge(300)),
        ).to.changeTokenBalances(ledger, [walletAddress, merchant.address], [-tenge(300), tenge(300)]);
      });

      it("takes the (v, r, s) form from a smart wallet too: one path, ERC-1271 for a contract owner", async () => {
        const { ledger, alice, merchant, domain, wallet } = await loadFixture(authorisations);
        const walletAddress = await wallet.getAddress();
        const m = await permitMessage(ledger, walletAddress, merchant.address, tenge(10));
        const sig = await signPermit(alice, domain, m);
        await expect(submitPermit(ledger, merchant, m, sig))
          .to.emit(ledger, "Approval")
          .withArgs(walletAddress, merchant.address, tenge(10));
        expect(await ledger.allowance(walletAddress, merchant.address)).to.equal(tenge(10));
      });

      it("shares the nonce with the (v, r, s) form: a permit used in one form is refused in the other", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(alice, domain, m);
        await submitPermitBytes(ledger, merchant, m, sig.serialized);
        await ledger.connect(alice).approve(merchant.address, 0n);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermit(ledger, merchant, m, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
        );
      });

      it("reverts with SignatureInvalid(wallet) when the wallet's ERC-1271 check refuses the signer", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, bob, merchant, domain, wallet } = f;
        const walletAddress = await wallet.getAddress();
        const m = await permitMessage(ledger, walletAddress, merchant.address, tenge(10));
        const sig = await signPermit(bob, domain, m);
        await expectAuthRejected(
          f,
          [walletAddress, merchant],
          { authorizer: walletAddress, spender: merchant.address },
          () => submitPermitBytes(ledger, merchant, m, sig.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(walletAddress),
        );
      });

      it("reverts with SignatureInvalid(owner) for an EOA signature that is not 65 bytes long", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, tenge(10));
        const sig = await signPermit(alice, domain, m);
        for (const signature of [sig.compactSerialized, concat([sig.serialized, "0x00"]), "0x"]) {
          await expectAuthRejected(
            f,
            [alice, merchant],
            { authorizer: alice.address, spender: merchant.address },
            () => submitPermitBytes(ledger, merchant, m, signature),
            (p) => expect(p).to.be.revertedWithCustomError(ledger, "SignatureInvalid").withArgs(alice.address),
          );
        }
      });

      it("reverts with ERC2612ExpiredSignature after the deadline", async () => {
        const f = await loadFixture(authorisations);
        const { ledger, alice, merchant, domain } = f;
        const m = await permitMessage(ledger, alice.address, merchant.address, 1n);
        const deadline = BigInt(await time.latest()) + 10n;
        const sig = await signPermit(alice, domain, { ...m, deadline });
        await time.setNextBlockTimestamp(deadline + 1n);
        await expectAuthRejected(
          f,
          [alice, merchant],
          { authorizer: alice.address, spender: merchant.address },
          () => submitPermitBytes(ledger, alice, { ...m, deadline }, sig.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ERC2612ExpiredSignature").withArgs(deadline),
        );
      });
    });

    describe("transferWithAuthorization", () => {
      it("pays from an EOA on its 65-byte signature", async () => {
        const { ledger, alice, bob, stranger, domain } = await loadFixture(authorisations);
        const a = await authorization(alice.address, bob.address, tenge(7));
        const sig = await signTransferAuthorization(alice, domain, a);
        const tx = submitTransferBytes(ledger, stranger, a, sig.serialized);
        await expect(tx).to.emit(ledger, "AuthorizationUsed").withArgs(alice.address, a.nonce);
        await expect(tx).to.changeTokenBalances(ledger, [alice, bob], [-tenge(7), tenge(7)]);
      });

      it("pays from a smart wallet whose ERC-1271 check accepts, in either form, whoever relays it", async () => {
        const { ledger, alice, bob, stranger, domain, wallet } = await loadFixture(authorisations);
        const walletAddress = await wallet.getAddress();
        const first = await authorization(walletAddress, bob.address, tenge(100));
        const second = await authorization(walletAddress, bob.address, tenge(50));
        const sigFirst = await signTransferAuthorization(alice, domain, first);
        const sigSecond = await signTransferAuthorization(alice, domain, second);
        const tx = submitTransferBytes(ledger, stranger, first, sigFirst.serialized);
        await expect(tx).to.emit(ledger, "AuthorizationUsed").withArgs(walletAddress, first.nonce);
        await expect(tx).to.changeTokenBalances(ledger, [walletAddress, bob.address], [-tenge(100), tenge(100)]);
        await expect(submitTransfer(ledger, stranger, second, sigSecond)).to.changeTokenBalances(
          ledger,
          [walletAddress, bob.address],
          [-tenge(50), tenge(50)],
        );
        // Counted against the wallet's daily limit like any payment.
        expect((await accountOf(ledger, walletAddress)).spentToday).to.equal(tenge(150));
      });

      it("shares nonces with the (v, r, s) form: the other form's replay reverts with ERC3009UsedAuthorization", async () => {
        const { ledger, alice, bob, domain } = await loadFixture(authorisations);
        const a = await authorization(alice.address, bob.address, tenge(5));
        const sig = await signTransferAuthorization(alice, domain, a);
        await submitTransferBytes(ledger, bob, a, sig.serialized);
        await expectRejected(
          ledger,
          [alice, bob],
          () => submitTransfer(ledger, bob, a, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization")
              .withArgs(alice.address, a.nonce),
        );
      });

      it("reverts with SignatureInvalid(wallet) when the wallet's ERC-1271 check refuses the signer", async () => {
        const f = await loadFixture(authorisations);
        const walletAddress = await f.wallet.getAddress();
        const a = await authorization(walletAddress, f.bob.address, tenge(5));
        const sig = await signTransferAuthorization(f.bob, f.domain, a);
        await expectAuthRejected(
          f,
          [walletAddress, f.bob],
          { authorizer: walletAddress, nonce: a.nonce },
          () => submitTransferBytes(f.ledger, f.stranger, a, sig.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "SignatureInvalid").withArgs(walletAddress),
        );
      });

      it("reverts with SignatureInvalid(account) for an account with code that has no ERC-1271 check", async () => {
        const f = await loadFixture(authorisations);
        // The sister ledger: a contract (a proxy) without isValidSignature; a key's signature does not speak for it.
        const contract = await f.sister.getAddress();
        const a = await authorization(contract, f.bob.address, tenge(5));
        const sig = await signTransferAuthorization(f.alice, f.domain, a);
        await expectAuthRejected(
          f,
          [f.bob],
          { authorizer: contract, nonce: a.nonce },
          () => submitTransferBytes(f.ledger, f.stranger, a, sig.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "SignatureInvalid").withArgs(contract),
        );
      });

      it("applies every rule of a transfer: a frozen wallet cannot pay (AccountFrozen)", async () => {
        const f = await loadFixture(authorisations);
        const walletAddress = await f.wallet.getAddress();
        await f.ledger.connect(f.compliance).setFreezeState(walletAddress, FreezeState.Full, ref("ORDER-1"));
        const a = await authorization(walletAddress, f.bob.address, tenge(5));
        const sig = await signTransferAuthorization(f.alice, f.domain, a);
        await expectAuthRejected(
          f,
          [walletAddress, f.bob],
          { authorizer: walletAddress, nonce: a.nonce },
          () => submitTransferBytes(f.ledger, f.stranger, a, sig.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(walletAddress),
        );
      });

      it("reverts with ERC3009InvalidAuthorizationTime outside its window", async () => {
        const f = await loadFixture(authorisations);
        const now = BigInt(await time.latest());
        const a = await authorization(f.alice.address, f.bob.address, 1n, { validBefore: now + 1n });
        const sig = await signTransferAuthorization(f.alice, f.domain, a);
        await expectAuthRejected(
          f,
          [f.alice, f.bob],
          { authorizer: f.alice.address, nonce: a.nonce },
          () => submitTransferBytes(f.ledger, f.bob, a, sig.serialized),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "ERC3009InvalidAuthorizationTime")
              .withArgs(a.validAfter, a.validBefore),
        );
      });

      it("reads the window in block numbers when both bounds carry bit 47 (OpenZeppelin's dual clock)", async () => {
        const f = await loadFixture(authorisations);
        const FLAG = 1n << 47n;
        const block = BigInt(await ethers.provider.getBlockNumber());
        // Valid in the next block only: strictly after `block`, strictly before `block + 2`.
        const a = await authorization(f.alice.address, f.bob.address, tenge(1), {
          validAfter: FLAG | block,
          validBefore: FLAG | (block + 2n),
        });
        const sig = await signTransferAuthorization(f.alice, f.domain, a);
        await expect(submitTransferBytes(f.ledger, f.bob, a, sig.serialized)).to.emit(f.ledger, "AuthorizationUsed");
        const late = await authorization(f.alice.address, f.bob.address, tenge(1), {
          validAfter: FLAG | block,
          validBefore: FLAG | (block + 2n),
        });
        const lateSig = await signTransferAuthorization(f.alice, f.domain, late);
        await expectAuthRejected(
          f,
          [f.alice, f.bob],
          { authorizer: f.alice.address, nonce: late.nonce },
          () => submitTransferBytes(f.ledger, f.bob, late, lateSig.serialized),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "ERC3009InvalidAuthorizationTime")
              .withArgs(late.validAfter, late.validBefore),
        );
      });
    });

    describe("receiveWithAuthorization", () => {
      it("lets the payee collect from a smart wallet whose ERC-1271 check accepts", async () => {
        const { ledger, alice, bob, domain, wallet } = await loadFixture(authorisations);
        const walletAddress = await wallet.getAddress();
        const a = await authorization(walletAddress, bob.address, tenge(42));
        const sig = await signReceiveAuthorization(alice, domain, a);
        const tx = submitReceiveBytes(ledger, bob, a, sig.serialized);
        await expect(tx).to.emit(ledger, "AuthorizationUsed").withArgs(walletAddress, a.nonce);
        await expect(tx).to.changeTokenBalances(ledger, [walletAddress, bob.address], [-tenge(42), tenge(42)]);
      });

      it("reverts with ERC20InvalidReceiver when someone other than the payee submits it", async () => {
        const f = await loadFixture(authorisations);
        const walletAddress = await f.wallet.getAddress();
        const a = await authorization(walletAddress, f.bob.address, tenge(42));
        const sig = await signReceiveAuthorization(f.alice, f.domain, a);
        await expectAuthRejected(
          f,
          [walletAddress, f.bob],
          { authorizer: walletAddress, nonce: a.nonce },
          () => submitReceiveBytes(f.ledger, f.stranger, a, sig.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ERC20InvalidReceiver").withArgs(f.bob.address),
        );
      });

      it("reverts with SignatureInvalid(wallet) when the wallet's ERC-1271 check refuses the signer", async () => {
        const f = await loadFixture(authorisations);
        const walletAddress = await f.wallet.getAddress();
        const a = await authorization(walletAddress, f.bob.address, tenge(42));
        const sig = await signReceiveAuthorization(f.bob, f.domain, a);
        await expectAuthRejected(
          f,
          [walletAddress, f.bob],
          { authorizer: walletAddress, nonce: a.nonce },
          () => submitReceiveBytes(f.ledger, f.bob, a, sig.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "SignatureInvalid").withArgs(walletAddress),
        );
      });
    });

    describe("cancelAuthorization", () => {
      it("cancels a smart wallet's authorisation, which then can no longer pay", async () => {
        const { ledger, alice, bob, stranger, domain, wallet } = await loadFixture(authorisations);
        const walletAddress = await wallet.getAddress();
        const a = await authorization(walletAddress, bob.address, tenge(5));
        const sig = await signTransferAuthorization(alice, domain, a);
        const cancel = await signCancelAuthorization(alice, domain, { authorizer: walletAddress, nonce: a.nonce });
        await expect(ledger.connect(stranger)[SIGNED.cancelBytes](walletAddress, a.nonce, cancel.serialized))
          .to.emit(ledger, "AuthorizationCanceled")
          .withArgs(walletAddress, a.nonce);
        expect(await ledger.authorizationState(walletAddress, a.nonce)).to.equal(true);
        await expectRejected(
          ledger,
          [walletAddress, bob],
          () => submitTransferBytes(ledger, bob, a, sig.serialized),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization")
              .withArgs(walletAddress, a.nonce),
        );
      });

      it("reverts with SignatureInvalid(wallet) for another key's cancellation; the nonce stays unused", async () => {
        const f = await loadFixture(authorisations);
        const walletAddress = await f.wallet.getAddress();
        const nonce = randomNonce();
        const cancel = await signCancelAuthorization(f.bob, f.domain, { authorizer: walletAddress, nonce });
        await expectAuthRejected(
          f,
          [walletAddress],
          { authorizer: walletAddress, nonce },
          () => f.ledger.connect(f.bob)[SIGNED.cancelBytes](walletAddress, nonce, cancel.serialized),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "SignatureInvalid").withArgs(walletAddress),
        );
      });

      it("reverts with ERC3009UsedAuthorization for a nonce already cancelled in the (v, r, s) form", async () => {
        const { ledger, alice, domain } = await loadFixture(authorisations);
        const nonce = randomNonce();
        const cancel = await signCancelAuthorization(alice, domain, { authorizer: alice.address, nonce });
        await ledger[SIGNED.cancel](alice.address, nonce, cancel.v, cancel.r, cancel.s);
        await expectRejected(
          ledger,
          [alice],
          () => ledger[SIGNED.cancelBytes](alice.address, nonce, cancel.serialized),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "ERC3009UsedAuthorization").withArgs(alice.address, nonce),
        );
      });
    });
  });

  // ================================================================ unregistered spenders

  describe("approvals to a spender the ledger has not registered (it could never spend them)", () => {
    it("approve reverts with AccountNotRegistered(spender), and nothing changes", async () => {
      const f = await loadFixture(authorisations);
      const { ledger, alice, stranger } = f;
      await expectAuthRejected(
        f,
        [alice],
        { authorizer: alice.address, spender: stranger.address },
        () => ledger.connect(alice).approve(stranger.address, tenge(10)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
      );
    });

    it("permit reverts with AccountNotRegistered(spender) in either form, and the owner's nonce stays unused", async () => {
      const f = await loadFixture(authorisations);
      const { ledger, alice, stranger, domain } = f;
      const m = await permitMessage(ledger, alice.address, stranger.address, tenge(10));
      const sig = await signPermit(alice, domain, m);
      for (const attempt of [
        () => submitPermit(ledger, alice, m, sig),
        () => submitPermitBytes(ledger, alice, m, sig.serialized),
      ]) {
        await expectAuthRejected(f, [alice], { authorizer: alice.address, spender: stranger.address }, attempt, (p) =>
          expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
        );
      }
    });

    it("refuses a closed spender as well, yet its old allowance can always be revoked, by approve 0 or permit 0", async () => {
      const f = await loadFixture(authorisations);
      const { ledger, alice, bankA, spare, domain } = f;
      const spender = spare[0];
      await ledger.connect(bankA).onboardCustomer(spender.address, AccountKind.Individual, Tier.STANDARD, ref("c"));
      await ledger.connect(alice).approve(spender.address, tenge(10));
      await ledger.connect(bankA).closeCustomer(spender.address);
      await expectAuthRejected(
        f,
        [alice, spender],
        { authorizer: alice.address, spender: spender.address },
        () => ledger.connect(alice).approve(spender.address, tenge(20)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(spender.address),
      );
      await expect(ledger.connect(alice).approve(spender.address, 0n))
        .to.emit(ledger, "Approval")
        .withArgs(alice.address, spender.address, 0n);
      const m = await permitMessage(ledger, alice.address, spender.address, 0n);
      await expect(submitPermitBytes(ledger, alice, m, (await signPermit(alice, domain, m)).serialized))
        .to.emit(ledger, "Approval")
        .withArgs(alice.address, spender.address, 0n);
      expect(await ledger.allowance(alice.address, spender.address)).to.equal(0n);
    });
  });
});
