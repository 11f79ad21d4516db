import { expect } from "chai";
import { ethers } from "hardhat";
import { Signature, type ContractTransactionResponse, type TypedDataDomain } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { LedgerModuleMock__factory, type DigitalTenge, type LedgerModuleMock } from "../../typechain-types";
import { fundedLedger, onboardModuleWithMandates, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { accountOf } from "../../src/accounts";
import { SIGNED } from "../helpers/eip712";

// ------------------------------------------------------------------ EIP-712, domain from the contract

async function domainOf(ledger: DigitalTenge): Promise<TypedDataDomain> {
  const { name, version, chainId, verifyingContract } = await ledger.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

const AUTHORIZATION_FIELDS = [
  { name: "from", type: "address" },
  { name: "to", type: "address" },
  { name: "value", type: "uint256" },
  { name: "validAfter", type: "uint256" },
  { name: "validBefore", type: "uint256" },
  { name: "nonce", type: "bytes32" },
];
const FAR_FUTURE = 2n ** 40n;

/** `from` signs an ERC-3009 authorization (transfer or receive) with the given nonce, valid now. */
async function signAuthorization(
  ledger: DigitalTenge,
  from: HardhatEthersSigner,
  primaryType: "TransferWithAuthorization" | "ReceiveWithAuthorization",
  to: string,
  value: bigint,
  nonce: string,
): Promise<Signature> {
  const message = { from: from.address, to, value, validAfter: 0n, validBefore: FAR_FUTURE, nonce };
  return Signature.from(
    await from.signTypedData(await domainOf(ledger), { [primaryType]: AUTHORIZATION_FIELDS }, message),
  );
}

/** `owner` signs an ERC-2612 permit for `spender`, with its current nonce. */
async function signPermit(
  ledger: DigitalTenge,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<Signature> {
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = { owner: owner.address, spender, value, nonce: await ledger.nonces(owner), deadline };
  return Signature.from(await owner.signTypedData(await domainOf(ledger), types, message));
}

/** `authorizer` signs the cancellation of its ERC-3009 nonce. */
async function signCancel(ledger: DigitalTenge, authorizer: HardhatEthersSigner, nonce: string): Promise<Signature> {
  const types = {
    CancelAuthorization: [
      { name: "authorizer", type: "address" },
      { name: "nonce", type: "bytes32" },
    ],
  };
  return Signature.from(
    await authorizer.signTypedData(await domainOf(ledger), types, { authorizer: authorizer.address, nonce }),
  );
}

// ------------------------------------------------------------------ fixtures

const ATTACHED = tenge(500);

/**
 * fundedLedger plus a suite module (test-only) onboarded as a SystemContract, an allowance alice gave bob,
 * and an attachment on alice's funds: something for every balance-changing path to act on.
 */
async function ready() {
  const f = await fundedLedger();
  const module: LedgerModuleMock = await new LedgerModuleMock__factory(f.deployer).deploy(f.ledger);
  await onboardModuleWithMandates(f, module, "MODULE", [f.alice, f.bob, f.carol, f.merchant, f.court]);
  await f.ledger.connect(f.alice).approve(f.bob, tenge(1_000));
  await f.ledger.connect(f.compliance).attachFunds(f.alice, ATTACHED, ref("COURT-1"));
  return { ...f, module };
}
type Fixture = Awaited<ReturnType<typeof ready>>;

/** {ready}, then the operator pauses the ledger. */
async function paused(): Promise<Fixture> {
  const f = await ready();
  await f.ledger.connect(f.operator).pause();
  return f;
}

const nonceOf = (path: string): string => ethers.id(`pause-test-${path}`);

/** Every path that changes a balance (or grants an allowance), with the event it emits when it goes through. */
interface BalancePath {
  name: string;
  emits: "Transfer" | "Approval";
  act(f: Fixture): Promise<ContractTransactionResponse>;
}

const BALANCE_PATHS: readonly BalancePath[] = [
  { name: "transfer", emits: "Transfer", act: (f) => f.ledger.connect(f.alice).transfer(f.bob, tenge(1)) },
  {
    name: "transferFrom",
    emits: "Transfer",
    act: (f) => f.ledger.connect(f.bob).transferFrom(f.alice, f.merchant, tenge(1)),
  },
  {
    name: "transferWithAuthorization",
    emits: "Transfer",
    act: async (f) => {
      const nonce = nonceOf("transferWithAuthorization");
      const to = f.merchant.address;
      const { v, r, s } = await signAuthorization(f.ledger, f.alice, "TransferWithAuthorization", to, tenge(1), nonce);
      return f.ledger.connect(f.stranger)[SIGNED.transfer](f.alice, to, tenge(1), 0n, FAR_FUTURE, nonce, v, r, s);
    },
  },
  {
    name: "receiveWithAuthorization",
    emits: "Transfer",
    act: async (f) => {
      const nonce = nonceOf("receiveWithAuthorization");
      const to = f.merchant.address;
      const { v, r, s } = await signAuthorization(f.ledger, f.alice, "ReceiveWithAuthorization", to, tenge(1), nonce);
      return f.ledger.connect(f.merchant)[SIGNED.receive](f.alice, to, tenge(1), 0n, FAR_FUTURE, nonce, v, r, s);
    },
  },
  {
    name: "permit",
    emits: "Approval",
    act: async (f) => {
      const { v, r, s } = await signPermit(f.ledger, f.alice, f.carol.address, tenge(1), FAR_FUTURE);
      return f.ledger.connect(f.stranger)[SIGNED.permit](f.alice, f.carol, tenge(1), FAR_FUTURE, v, r, s);
    },
  },
  { name: "approve (non-zero)", emits: "Approval", act: (f) => f.ledger.connect(f.alice).approve(f.carol, tenge(1)) },
  {
    name: "issue",
    emits: "Transfer",
    act: (f) => f.ledger.connect(f.centralBank).issue(f.bankA, tenge(1), ref("RSV-A-2")),
  },
  { name: "redeem", emits: "Transfer", act: (f) => f.ledger.connect(f.bankA).redeem(tenge(1), ref("RSV-A-R1")) },
  { name: "redeemToNonCash", emits: "Transfer", act: (f) => f.ledger.connect(f.alice).redeemToNonCash(tenge(1)) },
  {
    name: "seize",
    emits: "Transfer",
    act: (f) => f.ledger.connect(f.compliance).seize(f.alice, f.court, ATTACHED, ref("COURT-1")),
  },
  {
    name: "recoverAccount",
    emits: "Transfer",
    act: (f) => f.ledger.connect(f.bankA).recoverAccount(f.bob, f.spare[0]),
  },
  { name: "moduleTransfer", emits: "Transfer", act: (f) => f.module.pay(f.alice, f.merchant, tenge(1)) },
  { name: "moduleRedeem", emits: "Transfer", act: (f) => f.module.redeemFor(f.alice, tenge(1)) },
];

/** What a rejected call must also leave alone beyond balances and statuses: banks, allowances, nonces. */
async function sideState(f: Fixture): Promise<string[]> {
  const { ledger } = f;
  return [
    (await ledger.bankOf(f.bankA)).toString(),
    (await ledger.bankOf(f.bankB)).toString(),
    String(await ledger.allowance(f.alice, f.bob)),
    String(await ledger.allowance(f.alice, f.carol)),
    String(await ledger.nonces(f.alice)),
    String(await ledger.authorizationState(f.alice, nonceOf("transferWithAuthorization"))),
    String(await ledger.authorizationState(f.alice, nonceOf("receiveWithAuthorization"))),
    String(await ledger.attachedOf(f.alice)),
  ];
}

const NOT_OPERATORS = ["centralBank", "compliance", "governance", "bankA", "alice", "stranger"] as const;

describe("DigitalTenge: pause", () => {
  describe("pause and unpause", () => {
    describe("when the operator pauses and unpauses", () => {
      it("emits PauseSet each time and reports the state", async () => {
        const { ledger, operator } = await loadFixture(ready);
        expect(await ledger.paused()).to.equal(false);
        await expect(ledger.connect(operator).pause()).to.emit(ledger, "PauseSet").withArgs(operator.address, true);
        expect(await ledger.paused()).to.equal(true);
        await expect(ledger.connect(operator).unpause()).to.emit(ledger, "PauseSet").withArgs(operator.address, false);
        expect(await ledger.paused()).to.equal(false);
      });
    });

    describe("when the caller is not the operator", () => {
      for (const who of NOT_OPERATORS) {
        it(`reverts with AccessManagedUnauthorized when the ${who} pauses`, async () => {
          const f = await loadFixture(ready);
          const caller = f[who];
          await expectRejected(
            f.ledger,
            [],
            () => f.ledger.connect(caller).pause(),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(caller.address),
          );
          expect(await f.ledger.paused()).to.equal(false);
        });
      }
      // A second loop, so the paused fixture's snapshot is not discarded by reverting to the earlier one.
      for (const who of NOT_OPERATORS) {
        it(`reverts with AccessManagedUnauthorized when the ${who} unpauses`, async () => {
          const f = await loadFixture(paused);
          const caller = f[who];
          await expectRejected(
            f.ledger,
            [],
            () => f.ledger.connect(caller).unpause(),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(caller.address),
          );
          expect(await f.ledger.paused()).to.equal(true);
        });
      }
    });
  });

  describe("when the ledger is paused", () => {
    for (const path of BALANCE_PATHS) {
      it(`${path.name} reverts with LedgerPaused and changes nothing`, async () => {
        const f = await loadFixture(paused);
        const side = await sideState(f);
        await expectRejected(
          f.ledger,
          [f.alice, f.bob, f.carol, f.merchant, f.court, f.bankA, f.bankB, f.spare[0], f.module],
          () => path.act(f),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "LedgerPaused"),
        );
        expect(await sideState(f)).to.deep.equal(side, `${path.name} changed allowances, nonces or banks`);
      });
    }

    it("still lets a holder revoke an allowance with approve(spender, 0)", async () => {
      const { ledger, alice, bob } = await loadFixture(paused);
      await expect(ledger.connect(alice).approve(bob, 0n))
        .to.emit(ledger, "Approval")
        .withArgs(alice.address, bob.address, 0n);
      expect(await ledger.allowance(alice, bob)).to.equal(0n);
    });

    it("still lets a holder cancel an ERC-3009 authorization", async () => {
      const { ledger, alice, stranger } = await loadFixture(paused);
      const nonce = nonceOf("transferWithAuthorization");
      const { v, r, s } = await signCancel(ledger, alice, nonce);
      await expect(ledger.connect(stranger)[SIGNED.cancel](alice, nonce, v, r, s))
        .to.emit(ledger, "AuthorizationCanceled")
        .withArgs(alice.address, nonce);
      expect(await ledger.authorizationState(alice, nonce)).to.equal(true);
    });

    it("still lets compliance freeze an account", async () => {
      const { ledger, compliance, alice } = await loadFixture(paused);
      await expect(ledger.connect(compliance).setFreezeState(alice, FreezeState.Full, ref("ORDER-9")))
        .to.emit(ledger, "FreezeStateChanged")
        .withArgs(alice.address, FreezeState.None, FreezeState.Full, ref("ORDER-9"));
      expect((await accountOf(ledger, alice)).freeze).to.equal(BigInt(FreezeState.Full));
    });
  });

  describe("when the ledger is unpaused again", () => {
    for (const path of BALANCE_PATHS) {
      it(`${path.name} works again`, async () => {
        const f = await loadFixture(paused);
        await f.ledger.connect(f.operator).unpause();
        await expect(path.act(f)).to.emit(f.ledger, path.emits);
      });
    }
  });
});
