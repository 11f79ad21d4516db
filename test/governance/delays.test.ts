import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time, impersonateAccount, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import { deployGovernedSuiteFirst, governedSuite, type Governed } from "../helpers/governance";
import { ref } from "../helpers/fixtures";
import { Role } from "../../src/roles";
import { tenge, UNLIMITED } from "../../src/money";
import {
  cancelAsGuardian,
  executeBySafe,
  operationId,
  scheduleBySafe,
  type DelayedOperation,
} from "../../src/governance/operations";
import { SafeThresholdNotMet, confirm, execute, packSignatures, propose, safeCall } from "../../src/governance/safe";
import { DigitalTengeV2Mock__factory } from "../../typechain-types";

async function setTierOp(g: Governed): Promise<DelayedOperation> {
  const data = g.ledger.interface.encodeFunctionData("setTier", [1, tenge(3_000_000), tenge(1_000_000)]);
  return { manager: g.manager, safe: g.cbSafe, target: await g.ledger.getAddress(), data };
}

/** Call as the Safe itself (impersonated), to read the exact error the authority gives it. */
async function asSafe(safe: { getAddress(): Promise<string> }) {
  const address = await safe.getAddress();
  await impersonateAccount(address);
  await setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

describe("Governance: multisig role holders, delays and the guardian", () => {
  deployGovernedSuiteFirst();

  describe("a delayed power (the central bank's tier change)", () => {
    it("cannot run unscheduled: the authority asks for a schedule", async () => {
      const g = await loadFixture(governedSuite);
      const safeSigner = await asSafe(g.cbSafe);
      const op = await setTierOp(g);
      await expect(g.ledger.connect(safeSigner).setTier(1, tenge(3_000_000), tenge(1_000_000)))
        .to.be.revertedWithCustomError(g.manager, "AccessManagerNotScheduled")
        .withArgs(await operationId(op));
    });

    it("cannot run early, runs after the delay", async () => {
      const g = await loadFixture(governedSuite);
      const op = await setTierOp(g);
      await scheduleBySafe(op, g.cbOfficers.slice(0, 2));
      const safeSigner = await asSafe(g.cbSafe);
      await expect(g.manager.connect(safeSigner).execute(op.target, op.data)).to.be.revertedWithCustomError(
        g.manager,
        "AccessManagerNotReady",
      );
      expect((await g.ledger.tierLimits(1)).defined).to.equal(false);
      await time.increase(g.delay);
      await executeBySafe(op, g.cbOfficers.slice(1, 3));
      const tier = await g.ledger.tierLimits(1);
      expect([tier.holdingLimit, tier.dailyLimit, tier.defined]).to.deep.equal([
        tenge(3_000_000),
        tenge(1_000_000),
        true,
      ]);
    });

    it("the guardian cancels it during the delay; it can then never run", async () => {
      const g = await loadFixture(governedSuite);
      const op = await setTierOp(g);
      await scheduleBySafe(op, g.cbOfficers.slice(0, 2));
      await expect(g.manager.connect(g.guardian).cancel(await g.cbSafe.getAddress(), op.target, op.data)).to.emit(
        g.manager,
        "OperationCanceled",
      );
      await time.increase(g.delay);
      const safeSigner = await asSafe(g.cbSafe);
      await expect(g.manager.connect(safeSigner).execute(op.target, op.data))
        .to.be.revertedWithCustomError(g.manager, "AccessManagerNotScheduled")
        .withArgs(await operationId(op));
      expect((await g.ledger.tierLimits(1)).defined).to.equal(false);
    });

    it("nobody but the guardian, an admin or the scheduler can cancel", async () => {
      const g = await loadFixture(governedSuite);
      const op = await setTierOp(g);
      await scheduleBySafe(op, g.cbOfficers.slice(0, 2));
      for (const caller of [g.deskKey, g.compliance, g.stranger, g.deployer]) {
        await expect(
          g.manager.connect(caller).cancel(await g.cbSafe.getAddress(), op.target, op.data),
        ).to.be.revertedWithCustomError(g.manager, "AccessManagerUnauthorizedCancel");
      }
    });
  });

  describe("pause and unpause", () => {
    it("the operator's multisig pauses at once; unpausing waits the delay and the guardian may stop it", async () => {
      const g = await loadFixture(governedSuite);
      const ledgerAddress = await g.ledger.getAddress();
      await safeCall(g.opSafe, g.opOfficers.slice(0, 2), ledgerAddress, g.ledger.interface.encodeFunctionData("pause"));
      expect(await g.ledger.paused()).to.equal(true);

      const op: DelayedOperation = {
        manager: g.manager,
        safe: g.opSafe,
        target: ledgerAddress,
        data: g.ledger.interface.encodeFunctionData("unpause"),
      };
      const safeSigner = await asSafe(g.opSafe);
      await expect(g.ledger.connect(safeSigner).unpause()).to.be.revertedWithCustomError(
        g.manager,
        "AccessManagerNotScheduled",
      );
      await scheduleBySafe(op, g.opOfficers.slice(0, 2));
      await cancelAsGuardian(op, g.guardian);
      await scheduleBySafe(op, g.opOfficers.slice(1, 3));
      await time.increase(g.delay);
      await executeBySafe(op, g.opOfficers.slice(0, 2));
      expect(await g.ledger.paused()).to.equal(false);
    });
  });

  describe("upgrades", () => {
    it("go schedule → delay → execute by the governance multisig, and the guardian can veto", async () => {
      const g = await loadFixture(governedSuite);
      const v2 = await new DigitalTengeV2Mock__factory(g.deployer).deploy();
      const ledgerAddress = await g.ledger.getAddress();
      const op: DelayedOperation = {
        manager: g.manager,
        safe: g.govSafe,
        target: ledgerAddress,
        data: g.ledger.interface.encodeFunctionData("upgradeToAndCall", [await v2.getAddress(), "0x"]),
      };
      await scheduleBySafe(op, g.board.slice(0, 2));
      await cancelAsGuardian(op, g.guardian);
      await scheduleBySafe(op, g.board.slice(0, 2));
      await time.increase(g.delay);
      await executeBySafe(op, g.board.slice(1, 3));
      expect(await DigitalTengeV2Mock__factory.connect(ledgerAddress, g.deployer).version()).to.equal("2");
    });
  });

  describe("role grants", () => {
    it("are delayed governance operations the guardian can cancel", async () => {
      const g = await loadFixture(governedSuite);
      const op: DelayedOperation = {
        manager: g.manager,
        safe: g.govSafe,
        target: await g.manager.getAddress(),
        data: g.manager.interface.encodeFunctionData("grantRole", [Role.COMPLIANCE, g.stranger.address, 0]),
      };
      await scheduleBySafe(op, g.board.slice(0, 2));
      await cancelAsGuardian(op, g.guardian);
      await time.increase(g.delay);
      const safeSigner = await asSafe(g.govSafe);
      await expect(g.manager.connect(safeSigner).execute(op.target, op.data)).to.be.revertedWithCustomError(
        g.manager,
        "AccessManagerNotScheduled",
      );
      expect((await g.manager.hasRole(Role.COMPLIANCE, g.stranger.address)).isMember).to.equal(false);

      await scheduleBySafe(op, g.board.slice(0, 2));
      await time.increase(g.delay);
      await executeBySafe(op, g.board.slice(0, 2));
      expect((await g.manager.hasRole(Role.COMPLIANCE, g.stranger.address)).isMember).to.equal(true);
    });
  });

  describe("a single compromised key", () => {
    it("one officer cannot move the central bank's multisig: refused locally and on-chain (GS020)", async () => {
      const g = await loadFixture(governedSuite);
      const desk = await g.desk.getAddress();
      const data = g.desk.interface.encodeFunctionData("setBudget", [g.bankA.address, tenge(1)]);
      const proposal = await propose(g.cbSafe, desk, data);
      await confirm(proposal, g.cbOfficers[0]);
      await expect(execute(proposal, g.cbOfficers[0])).to.be.rejectedWith(SafeThresholdNotMet);
      const nonce = await g.cbSafe.nonce();
      await expect(
        g.cbSafe
          .connect(g.cbOfficers[0])
          .execTransaction(
            desk,
            0,
            data,
            0,
            0,
            0,
            0,
            ethers.ZeroAddress,
            ethers.ZeroAddress,
            packSignatures(proposal.signatures),
          ),
      ).to.be.revertedWith("GS020");
      expect(await g.cbSafe.nonce()).to.equal(nonce);
    });

    it("the deployer keeps nothing: it cannot grant, upgrade, issue, change a tier or pause", async () => {
      const g = await loadFixture(governedSuite);
      expect((await g.manager.hasRole(Role.ADMIN, g.deployer.address)).isMember).to.equal(false);
      await expect(g.manager.connect(g.deployer).grantRole(Role.ISSUER, g.deployer.address, 0))
        .to.be.revertedWithCustomError(g.manager, "AccessManagerUnauthorizedAccount")
        .withArgs(g.deployer.address, Role.GOVERNANCE);
      await expect(g.ledger.connect(g.deployer).upgradeToAndCall(g.deployer.address, "0x"))
        .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
        .withArgs(g.deployer.address);
      await expect(g.ledger.connect(g.deployer).issue(g.bankA.address, 1n, ref("X")))
        .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
        .withArgs(g.deployer.address);
      await expect(g.ledger.connect(g.deployer).setTier(0, 0, UNLIMITED))
        .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
        .withArgs(g.deployer.address);
      await expect(g.ledger.connect(g.deployer).pause())
        .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
        .withArgs(g.deployer.address);
    });

    it("the desk key cannot grant itself a role or raise its budget", async () => {
      const g = await loadFixture(governedSuite);
      await expect(g.manager.connect(g.deskKey).grantRole(Role.ISSUER, g.deskKey.address, 0))
        .to.be.revertedWithCustomError(g.manager, "AccessManagerUnauthorizedAccount")
        .withArgs(g.deskKey.address, Role.GOVERNANCE);
      await expect(g.desk.connect(g.deskKey).setBudget(g.bankA.address, tenge(1_000_000)))
        .to.be.revertedWithCustomError(g.desk, "AccessManagedUnauthorized")
        .withArgs(g.deskKey.address);
      expect(await g.desk.budgetOf(g.bankA.address)).to.equal(0);
    });

    it("one central-bank officer cannot change a limit on its own", async () => {
      const g = await loadFixture(governedSuite);
      await expect(g.ledger.connect(g.cbOfficers[0]).setTier(0, 0, 0))
        .to.be.revertedWithCustomError(g.ledger, "AccessManagedUnauthorized")
        .withArgs(g.cbOfficers[0].address);
      expect((await g.ledger.tierLimits(0)).defined).to.equal(false);
    });
  });
});
