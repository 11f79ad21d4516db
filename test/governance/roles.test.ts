import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { governedSuite, type Governed } from "../helpers/governance";
import {
  CONTRACT_GRANTS,
  GRANTS,
  MANAGER_GUARDED_FUNCTIONS,
  PERMISSIONS,
  ROLE_ADMINS,
  ROLE_GUARDIANS,
  Role,
  permissionRows,
  type ManagedContract,
  type Party,
  type RoleName,
} from "../../src/roles";

/** The on-chain permission state, rebuilt from the AccessManager's events and checked against its views. */
async function onChainState(g: Governed) {
  const m = g.manager;
  const members = new Map<string, bigint>(); // "role:account" → execution delay
  for (const log of await m.queryFilter(m.filters.RoleGranted())) {
    const { roleId, account } = log.args;
    const { isMember, executionDelay } = await m.hasRole(roleId, account);
    if (isMember) members.set(`${roleId}:${account.toLowerCase()}`, executionDelay);
  }
  const functions = new Map<string, bigint>(); // "target:selector" → role
  for (const log of await m.queryFilter(m.filters.TargetFunctionRoleUpdated())) {
    const { target, selector } = log.args;
    functions.set(`${target.toLowerCase()}:${selector}`, await m.getTargetFunctionRole(target, selector));
  }
  return { members, functions };
}

describe("Roles as declared", () => {
  it("every role member on-chain is exactly what the roles table grants, with its delay", async () => {
    const g = await loadFixture(governedSuite);
    const parties: Record<Party, string> = {
      CENTRAL_BANK: await g.cbSafe.getAddress(),
      OPERATOR: await g.opSafe.getAddress(),
      COMPLIANCE: g.compliance.address,
      GOVERNANCE: await g.govSafe.getAddress(),
      GUARDIAN: g.guardian.address,
      ISSUANCE_DESK: g.deskKey.address,
    };
    const contracts: Record<string, string> = { IssuanceDesk: await g.desk.getAddress() };
    const expected = new Map<string, bigint>();
    for (const grant of GRANTS) {
      expected.set(`${Role[grant.role]}:${parties[grant.party].toLowerCase()}`, grant.delayed ? BigInt(g.delay) : 0n);
    }
    // Contracts of capabilities the governed suite does not deploy are granted by their own modules.
    for (const grant of CONTRACT_GRANTS.filter((g) => contracts[g.contract] !== undefined)) {
      expected.set(`${Role[grant.role]}:${contracts[grant.contract].toLowerCase()}`, 0n);
    }
    const { members } = await onChainState(g);
    expect(Object.fromEntries(members)).to.deep.equal(Object.fromEntries(expected));
  });

  it("the deployer holds no role at all", async () => {
    const g = await loadFixture(governedSuite);
    for (const role of Object.values(Role)) {
      if (role === Role.PUBLIC) continue;
      expect((await g.manager.hasRole(role, g.deployer.address)).isMember, `role ${role}`).to.equal(false);
    }
  });

  it("every function's role on-chain is the table's, and nothing else was wired", async () => {
    const g = await loadFixture(governedSuite);
    // The governed suite deploys the ledger and its governance; capability modules wire their own contracts from
    // the same table (test/access/matrix.test.ts checks those, contract by contract).
    const targets: Partial<Record<ManagedContract, string>> = {
      DigitalTenge: (await g.ledger.getAddress()).toLowerCase(),
      IssuanceDesk: (await g.desk.getAddress()).toLowerCase(),
    };
    const expected = new Map<string, bigint>();
    for (const row of permissionRows().filter((r) => targets[r.contract] !== undefined)) {
      for (const selector of row.selectors) expected.set(`${targets[row.contract]}:${selector}`, Role[row.role]);
    }
    const manager = (await g.manager.getAddress()).toLowerCase();
    for (const name of MANAGER_GUARDED_FUNCTIONS) {
      expected.set(`${manager}:${g.manager.interface.getFunction(name)!.selector}`, Role.GOVERNANCE);
    }
    const { functions } = await onChainState(g);
    expect(Object.fromEntries(functions)).to.deep.equal(Object.fromEntries(expected));
    expect(Object.keys(PERMISSIONS)).to.include.members(Object.keys(targets));
  });

  it("role admins and guardians are the table's", async () => {
    const g = await loadFixture(governedSuite);
    for (const role of Object.keys(Role) as RoleName[]) {
      if (role === "ADMIN" || role === "PUBLIC") continue;
      const admin = ROLE_ADMINS[role] ?? "ADMIN";
      const guardian = ROLE_GUARDIANS[role] ?? "ADMIN";
      expect(await g.manager.getRoleAdmin(Role[role]), `admin of ${role}`).to.equal(Role[admin]);
      expect(await g.manager.getRoleGuardian(Role[role]), `guardian of ${role}`).to.equal(Role[guardian]);
    }
  });
});
