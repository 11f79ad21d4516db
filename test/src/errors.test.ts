import { expect } from "chai";
import { ethers } from "hardhat";
import { Interface, Wallet, makeError, ZeroAddress } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { HardhatError } from "hardhat/internal/core/errors";
import { ERRORS } from "hardhat/internal/core/errors-list";
import { HttpProvider } from "hardhat/internal/core/providers/http";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { decodeRevertData, describeError, findRevertData, money, SuiteError } from "../../src/errors";
import { tenge, UNLIMITED } from "../../src/money";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";

/** The error a promise rejects with (fails the test when it fulfils). */
async function rejectionOf(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
  } catch (err) {
    return err;
  }
  return expect.fail("expected the call to be rejected");
}

describe("errors: reverts and RPC failures in words", () => {
  describe("when a suite call reverts with a DigitalTenge custom error", () => {
    it("says a daily limit was exceeded, in tenge", async () => {
      const { ledger, bankA, alice, bob } = await loadFixture(fundedLedger);
      await ledger.connect(bankA).transfer(alice.address, tenge(500_000)); // alice: 600 000 ₸, daily limit 500 000 ₸
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(alice).transfer(bob.address, tenge(600_000)),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
            .withArgs(alice.address, tenge(500_000), tenge(600_000));
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `DailyLimitExceeded: account ${alice.address} would spend 600 000.00 ₸ today, above its limit of 500 000.00 ₸`,
          );
        },
      );
    });

    it("says a holding limit was exceeded, naming the account by its label", async () => {
      const { ledger, bankB, carol } = await loadFixture(fundedLedger);
      const labels = new Map([[carol.address.toLowerCase(), "carol"]]);
      await expectRejected(
        ledger,
        [bankB, carol],
        () => ledger.connect(bankB).transfer(carol.address, tenge("100000.01")),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
            .withArgs(carol.address, tenge(100_000), tenge("100000.01"));
          expect(describeError(await rejectionOf(attempt), { labels })).to.equal(
            `HoldingLimitExceeded: account ${carol.address} (carol) would hold 100 000.01 ₸, above its limit of 100 000.00 ₸`,
          );
        },
      );
    });

    it("says the receiver is frozen", async () => {
      const { ledger, compliance, alice, bob } = await loadFixture(fundedLedger);
      await ledger.connect(compliance).setFreezeState(bob.address, FreezeState.Full, ref("ORDER-1"));
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(alice).transfer(bob.address, tenge(1)),
        async (attempt) => {
          await expect(attempt).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(bob.address);
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `AccountFrozen: account ${bob.address} is frozen: it can neither send nor receive`,
          );
        },
      );
    });

    it("says the sender is receive-only", async () => {
      const { ledger, compliance, alice, bob } = await loadFixture(fundedLedger);
      await ledger.connect(compliance).setFreezeState(alice.address, FreezeState.OutboundOnly, ref("ORDER-2"));
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(alice).transfer(bob.address, tenge(1)),
        async (attempt) => {
          await expect(attempt).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address);
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `AccountOutboundBlocked: account ${alice.address} is receive-only: it may receive but not send`,
          );
        },
      );
    });

    it("says how much is free of a legal attachment", async () => {
      const { ledger, compliance, alice, bob } = await loadFixture(fundedLedger);
      await ledger.connect(compliance).attachFunds(alice.address, tenge(99_000), ref("COURT-7"));
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(alice).transfer(bob.address, tenge(2_000)),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
            .withArgs(alice.address, tenge(1_000), tenge(2_000));
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `AttachedFundsLocked: only 1 000.00 ₸ of account ${alice.address} is free of legal attachment; 2 000.00 ₸ was needed`,
          );
        },
      );
    });

    it("says issuance would pass the bank's ceiling", async () => {
      const { ledger, centralBank, bankB } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [bankB],
        () => ledger.connect(centralBank).issue(bankB.address, tenge(4_600_000), ref("RSV-B-2")),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "IssuanceCeilingExceeded")
            .withArgs(bankB.address, tenge(5_000_000), tenge(5_100_000));
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `IssuanceCeilingExceeded: issuing would take the outstanding DKZT of bank ${bankB.address} to ` +
              "5 100 000.00 ₸, above its ceiling of 5 000 000.00 ₸",
          );
        },
      );
    });

    it("says a bank acted on another bank's customer", async () => {
      const { ledger, bankB, alice } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [alice],
        () => ledger.connect(bankB).setCustomerTier(alice.address, Tier.ENHANCED),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "NotBankOfRecord")
            .withArgs(bankB.address, alice.address);
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `NotBankOfRecord: ${bankB.address} is not the bank of record of account ${alice.address}, so it may not act on it`,
          );
        },
      );
    });

    it("names an undefined tier and a kind a bank may not give", async () => {
      const { ledger, bankA, stranger } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [stranger],
        () => ledger.connect(bankA).onboardCustomer(stranger.address, AccountKind.Individual, 4, ref("c")),
        async (attempt) => {
          await expect(attempt).to.be.revertedWithCustomError(ledger, "TierNotDefined").withArgs(4);
          expect(describeError(await rejectionOf(attempt))).to.equal(
            "TierNotDefined: tier 4 is not defined: the central bank sets it with dkzt:define-tier",
          );
        },
      );
      await expectRejected(
        ledger,
        [stranger],
        () => ledger.connect(bankA).onboardCustomer(stranger.address, AccountKind.Bank, Tier.STANDARD, ref("c")),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "AccountKindNotAllowed")
            .withArgs(AccountKind.Bank);
          expect(describeError(await rejectionOf(attempt))).to.match(
            /^AccountKindNotAllowed: this caller may not create an account of kind Bank \(banks onboard/,
          );
        },
      );
    });

    it("names the freeze state that did not change", async () => {
      const { ledger, compliance, alice } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [alice],
        () => ledger.connect(compliance).setFreezeState(alice.address, FreezeState.None, ref("ORDER-3")),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "FreezeUnchanged")
            .withArgs(alice.address, FreezeState.None);
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `FreezeUnchanged: account ${alice.address} is already not frozen`,
          );
        },
      );
    });
  });

  describe("when a suite call reverts with an OpenZeppelin error", () => {
    it("says the sender's balance is too small (ERC-20)", async () => {
      const { ledger, alice, bob } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(bob).transfer(alice.address, tenge(10_001)),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "ERC20InsufficientBalance")
            .withArgs(bob.address, tenge(10_000), tenge(10_001));
          expect(describeError(await rejectionOf(attempt))).to.equal(
            `ERC20InsufficientBalance: account ${bob.address} holds 10 000.00 ₸; 10 001.00 ₸ was needed`,
          );
        },
      );
    });

    it("says which role a caller lacks, from the roles table, when told the function", async () => {
      const { ledger, bankA, stranger } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [bankA],
        () => ledger.connect(stranger).issue(bankA.address, tenge(1), ref("RSV")),
        async (attempt) => {
          await expect(attempt)
            .to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized")
            .withArgs(stranger.address);
          const err = await rejectionOf(attempt);
          expect(describeError(err)).to.equal(
            `AccessManagedUnauthorized: ${stranger.address} does not hold the role it needs`,
          );
          expect(describeError(err, { contract: "DigitalTenge", fn: "issue" })).to.equal(
            `AccessManagedUnauthorized: ${stranger.address} does not hold the role it needs to call DigitalTenge.issue, ` +
              "which the roles table gives to ISSUER",
          );
        },
      );
    });

    it("decodes AccessManager errors with role names", async () => {
      const { manager, stranger, alice } = await loadFixture(fundedLedger);
      const attempt = manager.connect(stranger).grantRole(1n, alice.address, 0);
      await expect(attempt)
        .to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedAccount")
        .withArgs(stranger.address, 0n);
      expect(describeError(await rejectionOf(attempt))).to.equal(
        `AccessManagerUnauthorizedAccount: ${stranger.address} does not hold ADMIN (role 0)`,
      );
      expect(await manager.hasRole(1n, alice.address)).to.deep.equal([false, 0n]);
    });
  });

  describe("when a pausable token (OpenZeppelin Pausable) refuses", () => {
    const pausable = new Interface(["error EnforcedPause()", "error ExpectedPause()"]);
    const enforced = { data: pausable.encodeErrorResult("EnforcedPause", []) };

    it("says a paused token moves nothing, and that pausing it again changes nothing", () => {
      expect(describeError(enforced, { contract: "GoldToken", fn: "transfer" })).to.equal(
        "EnforcedPause: GoldToken is paused: no balance changes until its unpauser unpauses it",
      );
      expect(describeError(enforced, { contract: "ReserveStablecoin", fn: "pause" })).to.equal(
        "EnforcedPause: ReserveStablecoin is already paused: pausing it again changes nothing",
      );
    });

    it("says a token that is not paused has nothing to unpause", () => {
      const expected = { data: pausable.encodeErrorResult("ExpectedPause", []) };
      expect(describeError(expected, { contract: "GoldToken", fn: "unpause" })).to.equal(
        "ExpectedPause: GoldToken is not paused: there is nothing to unpause",
      );
      expect(describeError(expected)).to.equal("ExpectedPause: the token is not paused: there is nothing to unpause");
    });
  });

  describe("when the revert data is not a suite error", () => {
    it("gives the selector and the data of an unknown error", () => {
      const data = "0xdeadbeef" + "00".repeat(31) + "2a";
      expect(describeError({ data })).to.equal(
        `reverted with an error unknown to the suite's ABIs: selector 0xdeadbeef, data ${data}`,
      );
      expect(decodeRevertData(data)?.name).to.equal("unknown");
    });

    it("gives the reason of a revert string and the meaning of a panic code", () => {
      const abi = new Interface(["error Error(string)", "error Panic(uint256)"]);
      expect(describeError({ data: abi.encodeErrorResult("Error", ["boom"]) })).to.equal("reverted: boom");
      expect(describeError({ data: abi.encodeErrorResult("Panic", [0x11]) })).to.equal(
        "Panic 0x11: arithmetic overflow or underflow",
      );
    });

    it("finds revert data nested in a JSON-RPC error (a node answering over HTTP)", () => {
      const ledgerErrors = new Interface(["error ZeroAmount()", "error AccountNotRegistered(address account)"]);
      const data = ledgerErrors.encodeErrorResult("AccountNotRegistered", [ZeroAddress]);
      const rpc = {
        message: "could not coalesce error",
        info: { error: { code: 3, message: "execution reverted", data } },
      };
      expect(findRevertData(rpc)).to.equal(data);
      expect(describeError(rpc)).to.equal(
        `AccountNotRegistered: ${ZeroAddress} is not a registered, open DKZT account`,
      );
    });

    it("finds a payload a node gives in its message only", () => {
      const data = new Interface(["error ZeroAmount()"]).encodeErrorResult("ZeroAmount", []);
      expect(describeError(new Error(`execution reverted: ${data}`))).to.equal(
        "ZeroAmount: the amount must be above zero",
      );
    });

    it("prints money arguments in tenge and the unlimited value as such", () => {
      expect(money(tenge("1500.25"))).to.equal("1 500.25 ₸");
      expect(money(UNLIMITED)).to.equal("unlimited");
    });
  });

  describe("when the RPC fails", () => {
    it("says the node is down (a real connection refused)", async () => {
      const provider = new HttpProvider("http://127.0.0.1:1", "localhost");
      const err = await rejectionOf(provider.request({ method: "eth_chainId" }));
      expect(describeError(err)).to.equal(
        "Node down: cannot connect to network localhost at 127.0.0.1:1. Is the node running? For localhost start one with `npx hardhat node`.",
      );
    });

    it("says a bare ECONNREFUSED is a node that is down", () => {
      const err = Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:8545"), { code: "ECONNREFUSED" });
      expect(describeError(err, { network: "permissioned" })).to.equal(
        "Node down: connection refused at 10.0.0.5:8545 (network permissioned). Is the node running?",
      );
    });

    it("says the node is on the wrong chain", () => {
      const err = new HardhatError(ERRORS.NETWORK.INVALID_GLOBAL_CHAIN_ID, {
        configChainId: 97,
        connectionChainId: 56,
      });
      expect(describeError(err, { network: "bscTestnet" })).to.equal(
        "Wrong chain: the config for network bscTestnet expects chain id 97, but the node answers chain id 56. " +
          "Check the RPC URL (and CHAIN_ID) in your .env.",
      );
    });

    it("says the sender cannot pay for gas (a real unfunded sender)", async () => {
      const { bob } = await loadFixture(fundedLedger);
      const poor = Wallet.createRandom().connect(ethers.provider);
      const err = await rejectionOf(poor.sendTransaction({ to: bob.address, value: 1n }));
      expect(describeError(err)).to.match(
        /^Insufficient funds for gas: the sending account cannot pay the transaction fee in the chain's native coin \(needs \d+ wei, holds 0 wei\)\. Fund it/,
      );
      const ethersStyle = makeError("insufficient funds for intrinsic transaction cost", "INSUFFICIENT_FUNDS", {
        transaction: {},
      });
      expect(describeError(ethersStyle)).to.equal(
        "Insufficient funds for gas: the sending account cannot pay the transaction fee in the chain's native coin. Fund it (BNB on BNB Chain) and retry.",
      );
    });

    it("says the nonce is too low (a real replayed nonce)", async () => {
      const { alice, bob } = await loadFixture(fundedLedger);
      await alice.sendTransaction({ to: bob.address, value: 1n });
      const err = await rejectionOf(alice.sendTransaction({ to: bob.address, value: 1n, nonce: 0 }));
      expect(describeError(err)).to.match(
        /^Nonce too low: this account already sent a transaction with that nonce \(the node expects \d+, got 0\)\. Another process/,
      );
    });

    it("falls back to the first line of any other error", () => {
      expect(describeError(new Error("something odd\nwith detail"))).to.equal("something odd");
      expect(
        describeError(new Error("The deployment wasn't successful, there were failed futures:\n\nLedger#x: boom")),
      ).to.equal("The deployment wasn't successful, there were failed futures: Ledger#x: boom");
      expect(describeError("plain text")).to.equal("plain text");
    });
  });

  describe("SuiteError", () => {
    it("keeps the decoded revert and the original error", async () => {
      const { ledger, alice } = await loadFixture(fundedLedger);
      const original = await rejectionOf(ledger.connect(alice).transfer(ZeroAddress, 1n));
      const err = SuiteError.from(original, { contract: "DigitalTenge", fn: "transfer" });
      expect(err.revert?.name).to.equal("ERC20InvalidReceiver");
      expect(err.revert?.args).to.deep.equal([ZeroAddress]);
      expect(err.message).to.equal(`ERC20InvalidReceiver: ${ZeroAddress} cannot receive DKZT`);
      expect(err.cause).to.equal(original);
      expect(SuiteError.from(err)).to.equal(err);
      expect(describeError(err)).to.equal(err.message);
    });
  });
});
