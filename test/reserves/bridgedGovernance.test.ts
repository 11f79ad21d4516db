import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { impersonateAccount, loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { actors, type Actors } from "../helpers/fixtures";
import { BRIDGED_HELD_ROLES, deployBridgedStablecoin, type BridgedDeployment } from "../../src/reserves";
import { DEFAULT_EXECUTION_DELAY, ROLE_ADMINS, Role, grantsOf, type RoleName } from "../../src/roles";
import { twoOfThreeSafes } from "../helpers/governance";
import {
  cancelAsGuardian,
  executeBySafe,
  operationId,
  scheduleBySafe,
  type DelayedOperation,
} from "../../src/governance/operations";
import type { Safe } from "../../typechain-types/safe";

/**
 * The stablecoin's authority on another chain ends as the home chain's does after the Handover: governance (a
 * 2-of-3 Safe on that chain) holds GOVERNANCE and ADMIN with the delay, administers the roles granted there, and
 * the deployer has renounced ADMIN. A grant is a scheduled, delayed operation the guardian can cancel.
 */
interface BridgedGoverned extends Actors {
  remote: BridgedDeployment;
  govSafe: Safe;
  board: HardhatEthersSigner[];
  stableCompliance: HardhatEthersSigner;
  rescuer: HardhatEthersSigner;
  bridgeAdmin: HardhatEthersSigner;
  /** Who the deployment named for each party of the bridged chain. */
  holders: Record<(typeof BRIDGED_HELD_ROLES)[number], string>;
  delay: number;
}

/** The bridged stablecoin alone, production-shaped: governance is a 2-of-3 Safe, delayed grants wait two days. */
async function bridgedGoverned(): Promise<BridgedGoverned> {
  const a = await actors();
  const [b1, b2, b3, stableCompliance, rescuer, bridgeAdmin] = a.spare;
  const [govSafe] = await twoOfThreeSafes(a.deployer, 7n, [b1, b2, b3]);
  const holders = {
    STABLE_COMPLIANCE: stableCompliance.address,
    STABLE_RESCUER: rescuer.address,
    BRIDGE_ADMIN: bridgeAdmin.address,
    GUARDIAN: a.guardian.address,
    GOVERNANCE: await govSafe.getAddress(),
  };
  const remote = await deployBridgedStablecoin(hre, holders, { executionDelay: DEFAULT_EXECUTION_DELAY });
  return {
    ...a,
    spare: a.spare.slice(6),
    remote,
    govSafe,
    board: [b1, b2, b3],
    stableCompliance,
    rescuer,
    bridgeAdmin,
    holders,
    delay: DEFAULT_EXECUTION_DELAY,
  };
}

/** Act as the Safe itself (impersonated), to read the exact error the authority gives it. */
async function asSafeItself(safe: Safe): Promise<HardhatEthersSigner> {
  const address = await safe.getAddress();
  await impersonateAccount(address);
  await setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

/** The roles granted on the bridged chain, with the role that administers each (ADMIN when the table names none). */
function bridgedRoles(): { role: RoleName; admin: RoleName }[] {
  return BRIDGED_HELD_ROLES.flatMap((party) => grantsOf(party).map((g) => g.role))
    .filter((role) => role !== "ADMIN")
    .map((role) => ({ role, admin: ROLE_ADMINS[role] ?? "ADMIN" }));
}

/** Governance's grant of `role` to the stranger (as a new key for that desk), through the bridged manager. */
async function grantOp(f: BridgedGoverned, role: RoleName): Promise<DelayedOperation> {
  const manager = f.remote.manager;
  return {
    manager,
    safe: f.govSafe,
    target: await manager.getAddress(),
    data: manager.interface.encodeFunctionData("grantRole", [Role[role], f.stranger.address, 0]),
  };
}

describe("BridgedStablecoin governance (the bridged chain's handover)", () => {
  describe("when deployed", () => {
    it("the deployer holds no role: ADMIN renounced, nothing else ever granted to it", async () => {
      const f = await loadFixture(bridgedGoverned);
      const manager = f.remote.manager;
      for (const [name, id] of Object.entries(Role)) {
        if (id === Role.PUBLIC) continue;
        expect((await manager.hasRole(id, f.deployer.address)).isMember, name).to.equal(false);
      }
      const revoked = await manager.queryFilter(manager.filters.RoleRevoked(undefined, f.deployer.address));
      expect(revoked.map((log) => log.args.roleId)).to.deep.equal([Role.ADMIN]);
    });

    it("each party holds exactly its roles, with the roles table's delay", async () => {
      const f = await loadFixture(bridgedGoverned);
      const manager = f.remote.manager;
      const expected: Record<string, bigint> = {};
      for (const party of BRIDGED_HELD_ROLES) {
        for (const grant of grantsOf(party)) {
          expected[`${grant.role}:${f.holders[party]}`] = grant.delayed ? BigInt(f.delay) : 0n;
        }
      }
      // Every current member the events name, with its delay: nobody else holds anything.
      const named = new Map<bigint, string>(Object.entries(Role).map(([name, id]) => [id, name]));
      const members: Record<string, bigint> = {};
      for (const log of await manager.queryFilter(manager.filters.RoleGranted())) {
        const { roleId, account } = log.args;
        const { isMember, executionDelay } = await manager.hasRole(roleId, account);
        if (isMember) members[`${named.get(roleId)}:${account}`] = executionDelay;
      }
      expect(members).to.deep.equal(expected);
      // GOVERNANCE and ADMIN, both delayed, exactly as the table gives them at home.
      expect(grantsOf("GOVERNANCE").map((g) => [g.role, g.delayed])).to.deep.equal([
        ["GOVERNANCE", true],
        ["ADMIN", true],
      ]);
      expect(await manager.getRoleGuardian(Role.GOVERNANCE)).to.equal(Role.GUARDIAN);
      for (const { role, admin } of bridgedRoles()) {
        expect(await manager.getRoleAdmin(Role[role]), `admin of ${role}`).to.equal(Role[admin]);
      }
    });
  });

  describe("when the deployment would leave no administrator", () => {
    for (const who of ["the deployer", "the zero address"] as const) {
      it(`refuses ${who} as the bridged chain's GOVERNANCE before sending anything`, async () => {
        const f = await loadFixture(bridgedGoverned);
        const governance = who === "the deployer" ? f.deployer.address : ethers.ZeroAddress;
        const nonce = await ethers.provider.getTransactionCount(f.deployer.address);
        await expect(deployBridgedStablecoin(hre, { ...f.holders, GOVERNANCE: governance })).to.be.rejectedWith(
          `the bridged chain's GOVERNANCE must be a governance account other than the deployer ${f.deployer.address}, got ${governance}`,
        );
        expect(await ethers.provider.getTransactionCount(f.deployer.address)).to.equal(nonce);
      });
    }
  });

  describe("when the deployer tries to grant or rewire", () => {
    for (const { role, admin } of bridgedRoles()) {
      it(`reverts with AccessManagerUnauthorizedAccount granting ${role} (its admin is ${admin})`, async () => {
        const f = await loadFixture(bridgedGoverned);
        const manager = f.remote.manager;
        const before = await manager.hasRole(Role[role], f.deployer.address);
        await expect(manager.connect(f.deployer).grantRole(Role[role], f.deployer.address, 0))
          .to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedAccount")
          .withArgs(f.deployer.address, Role[admin]);
        expect(await manager.hasRole(Role[role], f.deployer.address)).to.deep.equal(before);
      });
    }

    it("reverts with AccessManagerUnauthorizedAccount rewiring pause to PUBLIC", async () => {
      const f = await loadFixture(bridgedGoverned);
      const { manager, stablecoin } = f.remote;
      const target = await stablecoin.getAddress();
      const selector = stablecoin.interface.getFunction("pause").selector;
      await expect(manager.connect(f.deployer).setTargetFunctionRole(target, [selector], Role.PUBLIC))
        .to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedAccount")
        .withArgs(f.deployer.address, Role.ADMIN);
      expect(await manager.getTargetFunctionRole(target, selector)).to.equal(Role.STABLE_COMPLIANCE);
    });
  });

  // BRIDGE_ADMIN is administered by ADMIN (as at home), GUARDIAN by GOVERNANCE: both held by the governance Safe.
  for (const role of ["BRIDGE_ADMIN", "GUARDIAN"] as const) {
    describe(`when governance grants ${role}`, () => {
      it("reverts with AccessManagerNotScheduled when unscheduled", async () => {
        const f = await loadFixture(bridgedGoverned);
        const op = await grantOp(f, role);
        const safe = await asSafeItself(f.govSafe);
        await expect(f.remote.manager.connect(safe).grantRole(Role[role], f.stranger.address, 0))
          .to.be.revertedWithCustomError(f.remote.manager, "AccessManagerNotScheduled")
          .withArgs(await operationId(op));
        expect((await f.remote.manager.hasRole(Role[role], f.stranger.address)).isMember).to.equal(false);
      });

      it("reverts with AccessManagerNotReady before the delay, grants after it", async () => {
        const f = await loadFixture(bridgedGoverned);
        const op = await grantOp(f, role);
        await scheduleBySafe(op, f.board.slice(0, 2));
        const safe = await asSafeItself(f.govSafe);
        await expect(f.remote.manager.connect(safe).execute(op.target, op.data))
          .to.be.revertedWithCustomError(f.remote.manager, "AccessManagerNotReady")
          .withArgs(await operationId(op));
        expect((await f.remote.manager.hasRole(Role[role], f.stranger.address)).isMember).to.equal(false);

        await time.increase(f.delay);
        await executeBySafe(op, f.board.slice(1, 3));
        expect(await f.remote.manager.hasRole(Role[role], f.stranger.address)).to.deep.equal([true, 0n]);
      });

      it("the guardian cancels it during the delay; it can then never run", async () => {
        const f = await loadFixture(bridgedGoverned);
        const op = await grantOp(f, role);
        await scheduleBySafe(op, f.board.slice(0, 2));
        await expect(cancelAsGuardian(op, f.guardian)).to.emit(f.remote.manager, "OperationCanceled");
        await time.increase(f.delay);
        const safe = await asSafeItself(f.govSafe);
        await expect(f.remote.manager.connect(safe).execute(op.target, op.data))
          .to.be.revertedWithCustomError(f.remote.manager, "AccessManagerNotScheduled")
          .withArgs(await operationId(op));
        expect((await f.remote.manager.hasRole(Role[role], f.stranger.address)).isMember).to.equal(false);
      });

      it("reverts with AccessManagerUnauthorizedCancel when anyone else cancels", async () => {
        const f = await loadFixture(bridgedGoverned);
        const op = await grantOp(f, role);
        await scheduleBySafe(op, f.board.slice(0, 2));
        const id = await operationId(op);
        const scheduled = await f.remote.manager.getSchedule(id);
        const safeAddress = await f.govSafe.getAddress();
        const selector = f.remote.manager.interface.getFunction("grantRole").selector;
        for (const caller of [f.deployer, f.stableCompliance, f.bridgeAdmin, f.stranger]) {
          await expect(f.remote.manager.connect(caller).cancel(safeAddress, op.target, op.data))
            .to.be.revertedWithCustomError(f.remote.manager, "AccessManagerUnauthorizedCancel")
            .withArgs(caller.address, safeAddress, op.target, selector);
        }
        expect(await f.remote.manager.getSchedule(id)).to.equal(scheduled);
      });
    });
  }
});
