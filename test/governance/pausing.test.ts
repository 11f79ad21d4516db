import { expect } from "chai";
import { ethers } from "hardhat";
import { impersonateAccount, loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { deployGovernedSuiteFirst, governedSuite, governedWithBridged, type Governed } from "../helpers/governance";
import type { BridgedDeployment } from "../../src/reserves";
import { executeBySafe, scheduleBySafe, type DelayedOperation } from "../../src/governance/operations";
import { asSafe } from "../../src/governance/actor";
import type { AccessManager } from "../../typechain-types";

/**
 * Pausing is immediate, unpausing is delayed, for the reserve assets as for the ledger: the gold token is paused by
 * the operator's Safe (OPERATOR) and unpaused by its delayed UNPAUSER grant; both stablecoins are paused by the
 * stablecoin compliance desk (STABLE_COMPLIANCE) and unpaused by its delayed STABLE_UNPAUSER grant. A stolen pause
 * key can stop a token; restarting it is scheduled, visible and cancellable by the guardian for the whole delay.
 */

/** A pausable token under a production-shaped authority, with its pauser and its (delayed) unpauser. */
interface PausableCase {
  token: BaseContract;
  manager: AccessManager;
  guardian: HardhatEthersSigner;
  delay: number;
  paused(): Promise<boolean>;
  /** The pauser pauses (through its Safe when it is one). */
  pause(): Promise<unknown>;
  /** The unpauser's address as the AccessManager knows it, and a signer acting as it (a Safe impersonated). */
  unpauser: HardhatEthersSigner;
  /** The unpauser calls unpause() on the token directly, unscheduled. */
  unpauseDirectly(): Promise<ContractTransactionResponse>;
  /** The unpauser schedules unpause() in the AccessManager (through its officers when a Safe). */
  schedule(): Promise<unknown>;
  /** The unpauser executes the scheduled unpause() (through its officers when a Safe). */
  execute(): Promise<unknown>;
}

/** Act as a Safe itself (impersonated), to read the exact error the authority gives it. */
async function impersonated(address: string): Promise<HardhatEthersSigner> {
  await impersonateAccount(address);
  await setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

/** The gold token: the operator's 2-of-3 Safe pauses (OPERATOR) and unpauses (UNPAUSER, delayed). */
async function goldCase(): Promise<PausableCase> {
  const g = await loadFixture(governedSuite);
  const target = await g.gold.getAddress();
  const op: DelayedOperation = {
    manager: g.manager,
    safe: g.opSafe,
    target,
    data: g.gold.interface.encodeFunctionData("unpause"),
  };
  const unpauser = await impersonated(await g.opSafe.getAddress());
  return {
    token: g.gold,
    manager: g.manager,
    guardian: g.guardian,
    delay: g.delay,
    paused: () => g.gold.paused(),
    pause: async () => {
      const result = await asSafe(g.opSafe, g.opOfficers.slice(0, 2), { manager: g.manager }).call(g.gold, "pause");
      expect(result.status).to.equal("executed");
    },
    unpauser,
    unpauseDirectly: () => g.gold.connect(unpauser).unpause(),
    schedule: () => scheduleBySafe(op, g.opOfficers.slice(1, 3)),
    execute: () => executeBySafe(op, g.opOfficers.slice(0, 2)),
  };
}

/** A stablecoin whose compliance desk (one key) pauses (STABLE_COMPLIANCE) and unpauses (STABLE_UNPAUSER, delayed). */
function stablecoinCase(
  token: Governed["stablecoin"] | BridgedDeployment["stablecoin"],
  manager: AccessManager,
  g: Governed,
): PausableCase {
  const desk = g.reserveRoles.STABLE_COMPLIANCE;
  const data = token.interface.encodeFunctionData("unpause");
  return {
    token,
    manager,
    guardian: g.guardian,
    delay: g.delay,
    paused: () => token.paused(),
    pause: async () => (await token.connect(desk).pause()).wait(),
    unpauser: desk,
    unpauseDirectly: () => token.connect(desk).unpause(),
    schedule: async () => manager.connect(desk).schedule(await token.getAddress(), data, 0),
    execute: async () => manager.connect(desk).execute(await token.getAddress(), data),
  };
}

async function reserveStablecoinCase(): Promise<PausableCase> {
  const g = await loadFixture(governedSuite);
  return stablecoinCase(g.stablecoin, g.manager, g);
}

async function bridgedStablecoinCase(): Promise<PausableCase> {
  const g = await loadFixture(governedWithBridged);
  return stablecoinCase(g.remote.stablecoin, g.remote.manager, g);
}

/** The AccessManager's id of the unpause operation the unpauser would schedule. */
async function unpauseId(c: PausableCase): Promise<string> {
  const data = c.token.interface.encodeFunctionData("unpause");
  return c.manager.hashOperation(c.unpauser.address, await c.token.getAddress(), data);
}

/** The token paused by its pauser. */
async function pausedCase(make: () => Promise<PausableCase>): Promise<PausableCase> {
  const c = await make();
  await c.pause();
  return c;
}

function shouldPauseAtOnceAndUnpauseAfterTheDelay(name: string, make: () => Promise<PausableCase>): void {
  describe(name, () => {
    describe("when its pauser pauses", () => {
      it("pauses at once: no schedule, no delay", async () => {
        const c = await make();
        expect(await c.paused()).to.equal(false);
        await c.pause();
        expect(await c.paused()).to.equal(true);
      });
    });

    describe("when its unpauser unpauses without scheduling", () => {
      it("reverts with AccessManagerNotScheduled and the token stays paused", async () => {
        const c = await pausedCase(make);
        const id = await unpauseId(c);
        await expect(c.unpauseDirectly())
          .to.be.revertedWithCustomError(c.manager, "AccessManagerNotScheduled")
          .withArgs(id);
        expect(await c.paused()).to.equal(true);
        expect(await c.manager.getSchedule(id)).to.equal(0n);
      });
    });

    describe("when the scheduled unpause is executed before the delay", () => {
      it("reverts with AccessManagerNotReady and the token stays paused", async () => {
        const c = await pausedCase(make);
        await c.schedule();
        const id = await unpauseId(c);
        const readyAt = await c.manager.getSchedule(id);
        expect(readyAt).to.equal(BigInt(await time.latest()) + BigInt(c.delay));
        const data = c.token.interface.encodeFunctionData("unpause");
        await expect(c.manager.connect(c.unpauser).execute(await c.token.getAddress(), data))
          .to.be.revertedWithCustomError(c.manager, "AccessManagerNotReady")
          .withArgs(id);
        await expect(c.unpauseDirectly())
          .to.be.revertedWithCustomError(c.manager, "AccessManagerNotReady")
          .withArgs(id);
        expect(await c.paused()).to.equal(true);
        expect(await c.manager.getSchedule(id)).to.equal(readyAt);
      });
    });

    describe("when the guardian cancels the scheduled unpause during the delay", () => {
      it("can never run: after the delay it reverts with AccessManagerNotScheduled, the token stays paused", async () => {
        const c = await pausedCase(make);
        await c.schedule();
        const id = await unpauseId(c);
        const data = c.token.interface.encodeFunctionData("unpause");
        const target = await c.token.getAddress();
        await expect(c.manager.connect(c.guardian).cancel(c.unpauser.address, target, data))
          .to.emit(c.manager, "OperationCanceled")
          .withArgs(id, 1n);
        await time.increase(c.delay);
        await expect(c.manager.connect(c.unpauser).execute(target, data))
          .to.be.revertedWithCustomError(c.manager, "AccessManagerNotScheduled")
          .withArgs(id);
        expect(await c.paused()).to.equal(true);
      });
    });

    describe("when the delay has passed", () => {
      it("the scheduled unpause executes and the token resumes", async () => {
        const c = await pausedCase(make);
        await c.schedule();
        await time.increase(c.delay);
        const id = await unpauseId(c);
        await c.execute();
        const executed = await c.manager.queryFilter(c.manager.filters.OperationExecuted(id));
        expect(executed.map((log) => log.args.nonce)).to.deep.equal([1n]);
        expect(await c.paused()).to.equal(false);
        expect(await c.manager.getSchedule(id)).to.equal(0n);
      });
    });
  });
}

describe("Governance: pausing is immediate, unpausing delayed, for the reserve assets", () => {
  deployGovernedSuiteFirst();

  shouldPauseAtOnceAndUnpauseAfterTheDelay(
    "GoldToken (the operator's Safe: OPERATOR pauses, UNPAUSER unpauses)",
    goldCase,
  );
  shouldPauseAtOnceAndUnpauseAfterTheDelay(
    "ReserveStablecoin (the compliance desk: STABLE_COMPLIANCE pauses, STABLE_UNPAUSER unpauses)",
    reserveStablecoinCase,
  );
  shouldPauseAtOnceAndUnpauseAfterTheDelay(
    "BridgedStablecoin on another chain (its own authority, the same desk, delay and guardian)",
    bridgedStablecoinCase,
  );

  describe("when a pause key alone tries to unpause", () => {
    it("the stablecoin compliance desk cannot unpause the gold token, nor the operator a stablecoin", async () => {
      const g = await loadFixture(governedSuite);
      await g.gold.connect(await impersonated(await g.opSafe.getAddress())).pause();
      await g.stablecoin.connect(g.reserveRoles.STABLE_COMPLIANCE).pause();
      await expect(g.gold.connect(g.reserveRoles.STABLE_COMPLIANCE).unpause())
        .to.be.revertedWithCustomError(g.gold, "AccessManagedUnauthorized")
        .withArgs(g.reserveRoles.STABLE_COMPLIANCE.address);
      const operator = await impersonated(await g.opSafe.getAddress());
      await expect(g.stablecoin.connect(operator).unpause())
        .to.be.revertedWithCustomError(g.stablecoin, "AccessManagedUnauthorized")
        .withArgs(operator.address);
      expect([await g.gold.paused(), await g.stablecoin.paused()]).to.deep.equal([true, true]);
    });
  });
});
