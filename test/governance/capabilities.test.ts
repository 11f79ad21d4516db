import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployGovernedSuiteFirst, governedSuite, type Governed } from "../helpers/governance";
import type { AccessManager } from "../../typechain-types";
import { tenge } from "../../src/money";
import { Role } from "../../src/roles";
import { asSafe } from "../../src/governance/actor";

/**
 * The capabilities' dangerous powers in the whole suite: the VAT schedule (the tax authority) and reserve
 * parameters (bridge mint limits; the gold desk's spread, a central-bank power) go through AccessManager
 * scheduling with the execution delay; they cannot run unscheduled or early, and the guardian can cancel them.
 */
interface Delayed {
  caller: HardhatEthersSigner;
  target: string;
  data: string;
  /** The state the operation changes, read before and after each refusal. */
  read: () => Promise<unknown>;
}

async function vatChange(g: Governed): Promise<Delayed> {
  const day = await g.payments.turnoverDay();
  return {
    caller: g.taxAuthority,
    target: await g.payments.getAddress(),
    data: g.payments.interface.encodeFunctionData("scheduleVatRate", [0, 1600, day + 30n]),
    read: async () => [...(await g.payments.pendingVatRate(0))],
  };
}

async function bridgeLimit(g: Governed): Promise<Delayed> {
  return {
    caller: g.reserveRoles.BRIDGE_ADMIN,
    target: await g.stablecoin.getAddress(),
    data: g.stablecoin.interface.encodeFunctionData("setBridgeLimit", [g.stranger.address, tenge(1_000_000)]),
    read: async () => [...(await g.stablecoin.bridgeOf(g.stranger.address))],
  };
}

const cases: [string, (g: Governed) => Promise<Delayed>][] = [
  ["a VAT schedule change (tax authority)", vatChange],
  ["a reserve parameter change (a bridge's mint limit)", bridgeLimit],
];

async function opId(m: AccessManager, op: Delayed): Promise<string> {
  return m.hashOperation(op.caller.address, op.target, op.data);
}

describe("Governance of the capabilities: delayed, cancellable", () => {
  deployGovernedSuiteFirst();

  for (const [name, make] of cases) {
    describe(`when ${name} is attempted`, () => {
      it("reverts unscheduled with AccessManagerNotScheduled and changes nothing", async () => {
        const g = await loadFixture(governedSuite);
        const op = await make(g);
        const before = await op.read();
        await expect(op.caller.sendTransaction({ to: op.target, data: op.data }))
          .to.be.revertedWithCustomError(g.manager, "AccessManagerNotScheduled")
          .withArgs(await opId(g.manager, op));
        expect(await op.read()).to.deep.equal(before);
      });

      it("reverts early with AccessManagerNotReady, runs after the delay", async () => {
        const g = await loadFixture(governedSuite);
        const op = await make(g);
        const before = await op.read();
        await g.manager.connect(op.caller).schedule(op.target, op.data, 0);
        await time.increase(g.delay - 10);
        await expect(g.manager.connect(op.caller).execute(op.target, op.data))
          .to.be.revertedWithCustomError(g.manager, "AccessManagerNotReady")
          .withArgs(await opId(g.manager, op));
        expect(await op.read()).to.deep.equal(before);
        await time.increase(10);
        await expect(g.manager.connect(op.caller).execute(op.target, op.data)).to.emit(g.manager, "OperationExecuted");
        expect(await op.read()).to.not.deep.equal(before);
      });

      it("the guardian cancels it during the delay; it then never runs", async () => {
        const g = await loadFixture(governedSuite);
        const op = await make(g);
        const before = await op.read();
        await g.manager.connect(op.caller).schedule(op.target, op.data, 0);
        await expect(g.manager.connect(g.guardian).cancel(op.caller.address, op.target, op.data))
          .to.emit(g.manager, "OperationCanceled")
          .withArgs(await opId(g.manager, op), 1);
        await time.increase(g.delay);
        await expect(g.manager.connect(op.caller).execute(op.target, op.data))
          .to.be.revertedWithCustomError(g.manager, "AccessManagerNotScheduled")
          .withArgs(await opId(g.manager, op));
        expect(await op.read()).to.deep.equal(before);
      });

      it("nobody else may cancel it: AccessManagerUnauthorizedCancel", async () => {
        const g = await loadFixture(governedSuite);
        const op = await make(g);
        await g.manager.connect(op.caller).schedule(op.target, op.data, 0);
        for (const who of [g.deskKey, g.compliance, g.stranger, g.deployer, g.cbOfficers[0]]) {
          await expect(g.manager.connect(who).cancel(op.caller.address, op.target, op.data))
            .to.be.revertedWithCustomError(g.manager, "AccessManagerUnauthorizedCancel")
            .withArgs(who.address, op.caller.address, op.target, op.data.slice(0, 10));
        }
        expect(await g.manager.getSchedule(await opId(g.manager, op))).to.not.equal(0);
      });
    });
  }

  describe("when the central bank's multisig changes the gold desk's spread (asSafe)", () => {
    it("is scheduled, waits, can be cancelled by the guardian, and executes after the delay", async () => {
      const g = await loadFixture(governedSuite);
      const nbk = asSafe(g.cbSafe, g.cbOfficers.slice(0, 2), { manager: g.manager });
      const spread = (await g.goldDesk.quote()).spreadBps;
      const first = await nbk.call(g.goldDesk, "setSpread", [75]);
      expect(first.status).to.equal("scheduled");
      if (first.status === "executed") return;
      expect((await nbk.call(g.goldDesk, "setSpread", [75])).status).to.equal("waiting");
      await nbk.cancel(
        await g.cbSafe.getAddress(),
        await g.goldDesk.getAddress(),
        g.goldDesk.interface.encodeFunctionData("setSpread", [75]),
      );
      expect(await g.manager.getSchedule(first.operationId)).to.equal(0);
      expect((await g.goldDesk.quote()).spreadBps).to.equal(spread);

      const again = await nbk.call(g.goldDesk, "setSpread", [75]);
      expect(again.status).to.equal("scheduled");
      await expect(
        g.manager
          .connect(g.guardian)
          .cancel(
            await g.cbSafe.getAddress(),
            await g.goldDesk.getAddress(),
            g.goldDesk.interface.encodeFunctionData("setSpread", [75]),
          ),
      ).to.emit(g.manager, "OperationCanceled");
      expect(await g.manager.hasRole(Role.GUARDIAN, g.guardian.address)).to.deep.equal([true, 0n]);

      expect((await nbk.call(g.goldDesk, "setSpread", [75])).status).to.equal("scheduled");
      await time.increase(g.delay);
      const done = await nbk.call(g.goldDesk, "setSpread", [75]);
      expect(done.status).to.equal("executed");
      expect((await g.goldDesk.quote()).spreadBps).to.equal(75n);
    });
  });
});
