import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployGovernedSuiteFirst, governedSuite, type Governed } from "../helpers/governance";
import { ref } from "../helpers/fixtures";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import { describeError } from "../../src/errors";
import { asSafe } from "../../src/governance/actor";
import { confirm, packSignatures, propose } from "../../src/governance/safe";
import { DEFAULT_OFFLINE_LIMITS } from "../../src/offline/limits";

/** Everything a compromised key might try on the whole suite, and what must stay unchanged. */
async function snapshot(g: Governed) {
  return {
    admins: await Promise.all([Role.ADMIN, Role.ISSUER, Role.CENTRAL_BANK].map((r) => g.manager.getRoleAdmin(r))),
    implementation: await ethers.provider.getStorage(
      await g.ledger.getAddress(),
      "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc",
    ),
    supply: await g.ledger.totalSupply(),
    tier0: [...(await g.ledger.tierLimits(0))],
    offline: [...(await g.offline.limits())],
    bridge: [...(await g.stablecoin.bridgeOf(g.stranger.address))],
  };
}

describe("Governance: a single compromised key, multisig failures in words", () => {
  deployGovernedSuiteFirst();

  const keys: [string, (g: Governed) => HardhatEthersSigner][] = [
    ["the deployer", (g) => g.deployer],
    ["one central-bank officer", (g) => g.cbOfficers[0]],
    ["one board (governance) officer", (g) => g.board[0]],
    ["the issuance desk key", (g) => g.deskKey],
  ];
  for (const [name, keyOf] of keys) {
    describe(`when ${name} is stolen`, () => {
      it("cannot grant itself a role, upgrade the ledger, change a limit, a bridge limit or mint directly", async () => {
        const g = await loadFixture(governedSuite);
        const key = keyOf(g);
        const before = await snapshot(g);
        for (const role of [Role.ADMIN, Role.ISSUER, Role.CENTRAL_BANK]) {
          const admin = await g.manager.getRoleAdmin(role);
          await expect(g.manager.connect(key).grantRole(role, key.address, 0))
            .to.be.revertedWithCustomError(g.manager, "AccessManagerUnauthorizedAccount")
            .withArgs(key.address, admin);
        }
        await expect(g.ledger.connect(key).upgradeToAndCall(key.address, "0x"))
          .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
          .withArgs(key.address);
        await expect(g.ledger.connect(key).setTier(0, 0, 0))
          .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
          .withArgs(key.address);
        await expect(g.offline.connect(key).setLimits({ ...DEFAULT_OFFLINE_LIMITS, maxAmount: 1n }))
          .to.be.revertedWithCustomError(g.offline, "AccessManagedUnauthorized")
          .withArgs(key.address);
        await expect(g.stablecoin.connect(key).setBridgeLimit(g.stranger.address, tenge(1)))
          .to.be.revertedWithCustomError(g.stablecoin, "AccessManagedUnauthorized")
          .withArgs(key.address);
        await expect(g.ledger.connect(key).issue(g.bankA.address, 1n, ref("X")))
          .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
          .withArgs(key.address);
        expect(await snapshot(g)).to.deep.equal(before);
      });
    });
  }

  describe("when a Safe transaction has too few signatures", () => {
    it("asSafe refuses before sending: SafeThresholdNotMet, nothing changes", async () => {
      const g = await loadFixture(governedSuite);
      const nbk = asSafe(g.cbSafe, [g.cbOfficers[0]], { manager: g.manager });
      const nonce = await g.cbSafe.nonce();
      const attempt = nbk.call(g.desk, "setBudget", [g.bankA.address, tenge(1_000)]);
      await expect(attempt).to.be.rejectedWith(
        `Safe ${await g.cbSafe.getAddress()} needs 2 confirmations, has 1: collect more before executing`,
      );
      expect(await g.cbSafe.nonce()).to.equal(nonce);
      expect(await g.desk.budgetOf(g.bankA.address)).to.equal(0n);
    });

    it("on-chain the Safe reverts GS020, which describeError puts in words", async () => {
      const g = await loadFixture(governedSuite);
      const desk = await g.desk.getAddress();
      const data = g.desk.interface.encodeFunctionData("setBudget", [g.bankA.address, tenge(1)]);
      const proposal = await propose(g.cbSafe, desk, data);
      await confirm(proposal, g.cbOfficers[1]);
      const z = ethers.ZeroAddress;
      const err = await g.cbSafe
        .connect(g.cbOfficers[1])
        .execTransaction(desk, 0, data, 0, 0, 0, 0, z, z, packSignatures(proposal.signatures))
        .then(
          () => expect.fail("must revert"),
          (e: unknown) => e,
        );
      expect(describeError(err)).to.equal("Safe GS020: not enough signatures for the Safe's threshold");
      expect(await g.desk.budgetOf(g.bankA.address)).to.equal(0n);
    });

    it("signatures out of owner order revert GS026, in words", async () => {
      const g = await loadFixture(governedSuite);
      const desk = await g.desk.getAddress();
      const data = g.desk.interface.encodeFunctionData("setBudget", [g.bankA.address, tenge(1)]);
      const proposal = await propose(g.cbSafe, desk, data);
      await confirm(proposal, g.cbOfficers[0]);
      await confirm(proposal, g.cbOfficers[1]);
      const sorted = packSignatures(proposal.signatures);
      const reversed = "0x" + sorted.slice(2 + 130) + sorted.slice(2, 2 + 130);
      const z = ethers.ZeroAddress;
      const err = await g.cbSafe
        .connect(g.cbOfficers[0])
        .execTransaction(desk, 0, data, 0, 0, 0, 0, z, z, reversed)
        .then(
          () => expect.fail("must revert"),
          (e: unknown) => e,
        );
      expect(describeError(err)).to.equal(
        "Safe GS026: a signature is invalid or not by an owner, or the signatures are not sorted by owner address, ascending",
      );
      expect(await g.desk.budgetOf(g.bankA.address)).to.equal(0n);
    });
  });

  describe("when the Safe's call would be refused by the target", () => {
    it("asSafe decodes the target's custom error before anyone signs (no Safe nonce used)", async () => {
      const g = await loadFixture(governedSuite);
      const board = asSafe(g.govSafe, g.board.slice(0, 2), { manager: g.manager });
      const nonce = await g.govSafe.nonce();
      // Governance holds no central-bank power: the dry run names the authority's refusal.
      await expect(board.call(g.desk, "setBudget", [g.bankA.address, tenge(1)])).to.be.rejectedWith(
        /^AccessManagedUnauthorized/,
      );
      expect(await g.govSafe.nonce()).to.equal(nonce);
    });

    it("a delayed governance grant through asSafe is scheduled, then executed after the delay", async () => {
      const g = await loadFixture(governedSuite);
      const board = asSafe(g.govSafe, [g.board[2], g.board[0]]);
      const first = await board.call(g.manager, "grantRole", [Role.COMPLIANCE, g.stranger.address, 0]);
      expect(first.status).to.equal("scheduled");
      expect((await g.manager.hasRole(Role.COMPLIANCE, g.stranger.address)).isMember).to.equal(false);
      await time.increase(g.delay);
      const done = await board.call(g.manager, "grantRole", [Role.COMPLIANCE, g.stranger.address, 0]);
      expect(done.status).to.equal("executed");
      expect((await g.manager.hasRole(Role.COMPLIANCE, g.stranger.address)).isMember).to.equal(true);
    });
  });
});
