import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { crossBorderFixture, type CrossBorderFixture } from "./fixtures";
import { inboundMessage, onChain } from "./helpers";
import { DEFAULT_EXECUTION_DELAY, Role } from "../../src/roles";

/**
 * Review defect: the operator alone could redirect all SWIFT escrow at once (setNostroAccount immediate, and the
 * gateway-bank role granted immediately by the operator). The nostro is now the operator's GATEWAY_ADMIN role, held
 * with the deployment's execution delay; a gateway bank is admitted by governance's grant, delayed likewise. Both are
 * scheduled in the AccessManager, executable after the delay, cancellable by the guardian meanwhile.
 */
const DELAY = DEFAULT_EXECUTION_DELAY;

/** The cross-border fixture with the operator's GATEWAY_ADMIN held with the production delay (governance re-grants). */
async function delayedGatewayAdmin(): Promise<CrossBorderFixture> {
  const f = await loadFixture(crossBorderFixture);
  await f.manager.connect(f.governance).grantRole(Role.GATEWAY_ADMIN, f.operator.address, DELAY);
  return f;
}

/** A change of the operator's, as the AccessManager sees it: target, calldata, and its operation id. */
async function operation(f: CrossBorderFixture, target: { getAddress(): Promise<string> }, data: string) {
  const address = await target.getAddress();
  return { target: address, data, id: await f.manager.hashOperation(f.operator.address, address, data) };
}

describe("SwiftGateway: redirecting the escrow is a delayed, guardian-cancellable power", () => {
  describe("the nostro account", () => {
    const nostroChange = (f: CrossBorderFixture) =>
      operation(f, f.gateway, f.gateway.interface.encodeFunctionData("setNostroAccount", [f.bankB.address]));

    it("reverts with AccessManagerNotScheduled when the operator sets it at once; the nostro is unchanged", async () => {
      const f = await delayedGatewayAdmin();
      const op = await nostroChange(f);
      await expect(f.gateway.connect(f.operator).setNostroAccount(f.bankB.address))
        .to.be.revertedWithCustomError(f.manager, "AccessManagerNotScheduled")
        .withArgs(op.id);
      expect(await f.gateway.nostroAccount()).to.equal(f.bankA.address);
    });

    it("is only scheduled, not ready before the delay, and takes effect once the delay has passed", async () => {
      const f = await delayedGatewayAdmin();
      const op = await nostroChange(f);
      await expect(f.manager.connect(f.operator).schedule(op.target, op.data, 0)).to.emit(
        f.manager,
        "OperationScheduled",
      );
      await expect(f.manager.connect(f.operator).execute(op.target, op.data))
        .to.be.revertedWithCustomError(f.manager, "AccessManagerNotReady")
        .withArgs(op.id);
      expect(await f.gateway.nostroAccount()).to.equal(f.bankA.address);
      await time.increase(DELAY);
      await expect(f.manager.connect(f.operator).execute(op.target, op.data))
        .to.emit(f.gateway, "NostroAccountSet")
        .withArgs(f.bankA.address, f.bankB.address);
      expect(await f.gateway.nostroAccount()).to.equal(f.bankB.address);
    });

    it("the guardian cancels it during the delay; it then never runs and the nostro is unchanged", async () => {
      const f = await delayedGatewayAdmin();
      const op = await nostroChange(f);
      await f.manager.connect(f.operator).schedule(op.target, op.data, 0);
      await expect(f.manager.connect(f.guardian).cancel(f.operator.address, op.target, op.data))
        .to.emit(f.manager, "OperationCanceled")
        .withArgs(op.id, 1);
      await time.increase(DELAY);
      await expect(f.manager.connect(f.operator).execute(op.target, op.data))
        .to.be.revertedWithCustomError(f.manager, "AccessManagerNotScheduled")
        .withArgs(op.id);
      expect(await f.gateway.nostroAccount()).to.equal(f.bankA.address);
    });
  });

  describe("admitting a gateway bank", () => {
    /** Governance's own grants carry the production delay too (as after deploySuite with a delay). */
    async function delayedGovernance(): Promise<CrossBorderFixture> {
      const f = await loadFixture(crossBorderFixture);
      await f.manager.connect(f.governance).grantRole(Role.GOVERNANCE, f.governance.address, DELAY);
      return f;
    }
    const admitBankB = async (f: CrossBorderFixture) => {
      const data = f.manager.interface.encodeFunctionData("grantRole", [Role.GATEWAY_BANK, f.bankB.address, 0]);
      const target = await f.manager.getAddress();
      return { target, data, id: await f.manager.hashOperation(f.governance.address, target, data) };
    };

    it("reverts with AccessManagerUnauthorizedAccount when the operator grants the role; bank B holds nothing", async () => {
      const f = await loadFixture(crossBorderFixture);
      await expect(f.manager.connect(f.operator).grantRole(Role.GATEWAY_BANK, f.bankB.address, 0))
        .to.be.revertedWithCustomError(f.manager, "AccessManagerUnauthorizedAccount")
        .withArgs(f.operator.address, Role.GOVERNANCE);
      expect((await f.manager.hasRole(Role.GATEWAY_BANK, f.bankB.address)).isMember).to.equal(false);
    });

    it("reverts with AccessManagerNotScheduled when governance grants it at once; bank B holds nothing", async () => {
      const f = await delayedGovernance();
      const op = await admitBankB(f);
      await expect(f.manager.connect(f.governance).grantRole(Role.GATEWAY_BANK, f.bankB.address, 0))
        .to.be.revertedWithCustomError(f.manager, "AccessManagerNotScheduled")
        .withArgs(op.id);
      expect((await f.manager.hasRole(Role.GATEWAY_BANK, f.bankB.address)).isMember).to.equal(false);
    });

    it("the guardian cancels the grant; rescheduled and executed after the delay, bank B credits inbound payments", async () => {
      const f = await delayedGovernance();
      const op = await admitBankB(f);
      await f.manager.connect(f.governance).schedule(op.target, op.data, 0);
      await expect(f.manager.connect(f.guardian).cancel(f.governance.address, op.target, op.data))
        .to.emit(f.manager, "OperationCanceled")
        .withArgs(op.id, 1);
      await time.increase(DELAY);
      await expect(f.manager.connect(f.governance).execute(op.target, op.data))
        .to.be.revertedWithCustomError(f.manager, "AccessManagerNotScheduled")
        .withArgs(op.id);
      expect((await f.manager.hasRole(Role.GATEWAY_BANK, f.bankB.address)).isMember).to.equal(false);

      await f.manager.connect(f.governance).schedule(op.target, op.data, 0);
      await time.increase(DELAY);
      await f.manager.connect(f.governance).execute(op.target, op.data);
      expect((await f.manager.hasRole(Role.GATEWAY_BANK, f.bankB.address)).isMember).to.equal(true);
      // An admitted gateway bank pays inbound credits through the gateway: it mandates it on the ledger.
      await f.ledger.connect(f.bankB).setModuleMandate(await f.gateway.getAddress(), true);
      const inbound = onChain(inboundMessage(), f.salt);
      await expect(f.gateway.connect(f.bankB).creditInbound(inbound, f.bob.address)).to.changeTokenBalances(
        f.ledger,
        [f.bankB, f.bob],
        [-inbound.amount, inbound.amount],
      );
    });
  });
});
