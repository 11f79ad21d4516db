import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { crossBorderFixture } from "./fixtures";
import { FOREIGN_AUTHORITY_CONTRACTS, PERMISSIONS, Role, permissionRows, type ManagedContract } from "../../src/roles";
import { UNLIMITED } from "../../src/money";

describe("Cross-border authorities", () => {
  it("wires every cross-border row of the roles table into the right AccessManager", async () => {
    const f = await loadFixture(crossBorderFixture);
    const targets: Partial<Record<ManagedContract, { address: string; manager: typeof f.manager }>> = {
      SwiftGateway: { address: await f.gateway.getAddress(), manager: f.manager },
      PvPSettlement: { address: await f.pvp.getAddress(), manager: f.manager },
      HashedTimelock: { address: await f.htlc.getAddress(), manager: f.manager },
      ForeignCbdcSweep: { address: await f.sweep.getAddress(), manager: f.foreignManager },
    };
    for (const contract of Object.keys(targets) as ManagedContract[]) {
      const { address, manager } = targets[contract]!;
      expect(FOREIGN_AUTHORITY_CONTRACTS.includes(contract)).to.equal(manager === f.foreignManager, contract);
      for (const row of permissionRows(contract)) {
        for (const selector of row.selectors) {
          expect(await manager.getTargetFunctionRole(address, selector), `${contract} ${selector}`).to.equal(
            Role[row.role],
          );
        }
      }
    }
    // The foreign ledger is wired from the same table as DKZT.
    for (const row of permissionRows("DigitalTenge")) {
      for (const selector of row.selectors) {
        expect(await f.foreignManager.getTargetFunctionRole(await f.foreignLedger.getAddress(), selector)).to.equal(
          Role[row.role],
        );
      }
    }
    expect(Object.keys(PERMISSIONS)).to.include.members(Object.keys(targets));
  });

  it("leaves the deployer nothing over the foreign currency: its governance is the foreign authority's admin", async () => {
    const f = await loadFixture(crossBorderFixture);
    expect((await f.foreignManager.hasRole(Role.ADMIN, f.deployer.address)).isMember).to.equal(false);
    expect((await f.foreignManager.hasRole(Role.ADMIN, f.foreignGovernance.address)).isMember).to.equal(true);
    for (const role of ["PVP_DEALER", "FX_SWEEP_KEEPER"] as const) {
      expect(await f.manager.getRoleAdmin(Role[role]), role).to.equal(Role.OPERATOR);
      expect(await f.foreignManager.getRoleAdmin(Role[role]), role).to.equal(Role.OPERATOR);
    }
    // Gateway banks are governance's delayed grants (test/crossborder/gatewayAdmin.test.ts).
    expect(await f.manager.getRoleAdmin(Role.GATEWAY_BANK)).to.equal(Role.GOVERNANCE);
    expect(await f.foreignManager.getRoleAdmin(Role.CENTRAL_BANK)).to.equal(Role.GOVERNANCE);
  });

  it("keeps each central bank's powers to its own currency", async () => {
    const f = await loadFixture(crossBorderFixture);
    await expect(f.foreignLedger.connect(f.centralBank).setTier(5, 0, UNLIMITED))
      .to.be.revertedWithCustomError(f.foreignLedger, "AccessManagedUnauthorized")
      .withArgs(f.centralBank.address);
    await expect(f.ledger.connect(f.foreignCentralBank).setTier(5, 0, UNLIMITED))
      .to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized")
      .withArgs(f.foreignCentralBank.address);
    await expect(f.foreignLedger.connect(f.operator).pause())
      .to.be.revertedWithCustomError(f.foreignLedger, "AccessManagedUnauthorized")
      .withArgs(f.operator.address);
  });
});
