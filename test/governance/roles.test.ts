import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployGovernedSuiteFirst, governedSuite, governedWithBridged, type Governed } from "../helpers/governance";
import type { AccessManager } from "../../typechain-types";
import { BRIDGED_HELD_ROLES } from "../../src/reserves";
import {
  CONTRACT_GRANTS,
  FOREIGN_AUTHORITY_CONTRACTS,
  GRANTS,
  LEDGER_PARTIES,
  MANAGER_GUARDED_FUNCTIONS,
  ROLE_ADMINS,
  ROLE_GUARDIANS,
  Role,
  permissionRows,
  type ManagedContract,
  type RoleName,
} from "../../src/roles";
import { accountOf } from "../../src/accounts";

/**
 * Roles as declared, for the whole suite: after deploySuite + Handover, the on-chain permission state of the
 * suite's authority (and of the foreign CBDC's, and of the stablecoin's on another chain) is rebuilt from the AccessManager's events, read back through
 * its views, and compared with the roles table exactly.
 */
interface PermissionState {
  /** "role:account" → execution delay, for every current member. */
  members: Map<string, bigint>;
  /** "target:selector" → role, for every selector ever wired. */
  functions: Map<string, bigint>;
  /** Every role id the events mention. */
  roles: Set<bigint>;
  /** Every target the events mention. */
  targets: Set<string>;
}

async function onChainState(m: AccessManager): Promise<PermissionState> {
  const members = new Map<string, bigint>();
  const roles = new Set<bigint>();
  const targets = new Set<string>();
  const granted = await m.queryFilter(m.filters.RoleGranted());
  const revoked = await m.queryFilter(m.filters.RoleRevoked());
  for (const log of [...granted, ...revoked]) {
    const { roleId, account } = log.args;
    roles.add(roleId);
    const { isMember, executionDelay } = await m.hasRole(roleId, account);
    if (isMember) members.set(`${roleId}:${account.toLowerCase()}`, executionDelay);
  }
  for (const log of await m.queryFilter(m.filters.RoleAdminChanged())) roles.add(log.args.roleId);
  for (const log of await m.queryFilter(m.filters.RoleGuardianChanged())) roles.add(log.args.roleId);
  for (const log of await m.queryFilter(m.filters.RoleGrantDelayChanged())) roles.add(log.args.roleId);
  for (const log of await m.queryFilter(m.filters.RoleLabel())) roles.add(log.args.roleId);
  const functions = new Map<string, bigint>();
  for (const log of await m.queryFilter(m.filters.TargetFunctionRoleUpdated())) {
    const { target, selector } = log.args;
    targets.add(target.toLowerCase());
    functions.set(`${target.toLowerCase()}:${selector}`, await m.getTargetFunctionRole(target, selector));
  }
  for (const log of await m.queryFilter(m.filters.TargetAdminDelayUpdated())) targets.add(log.args.target);
  for (const log of await m.queryFilter(m.filters.TargetClosed())) targets.add(log.args.target);
  return { members, functions, roles, targets };
}

/** The suite's contracts under the NBK's authority, by roles-table name. */
async function nbkTargets(g: Governed): Promise<Partial<Record<ManagedContract, string>>> {
  const at = async (c: { getAddress(): Promise<string> }) => (await c.getAddress()).toLowerCase();
  return {
    DigitalTenge: await at(g.ledger),
    IssuanceDesk: await at(g.desk),
    MerchantPayments: await at(g.payments),
    CardGateway: await at(g.cards),
    ReserveStablecoin: await at(g.stablecoin),
    GoldToken: await at(g.gold),
    GoldDesk: await at(g.goldDesk),
    OfflinePurses: await at(g.offline),
    SwiftGateway: await at(g.gateway),
    PvPSettlement: await at(g.pvp),
    HashedTimelock: await at(g.htlc),
  };
}

describe("Roles as declared (the whole suite after deploySuite + Handover)", () => {
  deployGovernedSuiteFirst();

  describe("the suite's authority", () => {
    it("every role member is exactly what the roles table grants, with its execution delay", async () => {
      const g = await loadFixture(governedSuite);
      const expected = new Map<string, bigint>();
      for (const grant of GRANTS) {
        const holder = g.holders[grant.party].toLowerCase();
        expected.set(`${Role[grant.role]}:${holder}`, grant.delayed ? BigInt(g.delay) : 0n);
      }
      const contracts: Record<string, string> = {
        IssuanceDesk: await g.desk.getAddress(),
        CardGateway: await g.cards.getAddress(),
      };
      for (const grant of CONTRACT_GRANTS) {
        expect(contracts[grant.contract], `the suite deploys ${grant.contract}`).to.not.equal(undefined);
        expected.set(`${Role[grant.role]}:${contracts[grant.contract].toLowerCase()}`, 0n);
      }
      const { members } = await onChainState(g.manager);
      expect(Object.fromEntries(members)).to.deep.equal(Object.fromEntries(expected));
    });

    it("the delayed powers are delayed: central bank, unpause (ledger, gold, stablecoins), governance, VAT schedule, reserve parameters, SWIFT gateway administration", async () => {
      const g = await loadFixture(governedSuite);
      const delayed: [RoleName, string][] = [
        ["CENTRAL_BANK", await g.cbSafe.getAddress()],
        ["UNPAUSER", await g.opSafe.getAddress()],
        ["GATEWAY_ADMIN", await g.opSafe.getAddress()],
        ["GOVERNANCE", await g.govSafe.getAddress()],
        ["ADMIN", await g.govSafe.getAddress()],
        ["TAX_AUTHORITY", g.taxAuthority.address],
        ["BRIDGE_ADMIN", g.reserveRoles.BRIDGE_ADMIN.address],
        ["STABLE_RESCUER", g.reserveRoles.STABLE_RESCUER.address],
        ["STABLE_UNPAUSER", g.reserveRoles.STABLE_COMPLIANCE.address],
      ];
      for (const [role, holder] of delayed) {
        const { isMember, executionDelay } = await g.manager.hasRole(Role[role], holder);
        expect([isMember, executionDelay], role).to.deep.equal([true, BigInt(g.delay)]);
        if (role !== "ADMIN") expect(await g.manager.getRoleGuardian(Role[role]), role).to.equal(Role.GUARDIAN);
      }
    });

    it("the deployer holds no role at all (admin renounced, the genesis operator, central-bank and governance roles dropped)", async () => {
      const g = await loadFixture(governedSuite);
      for (const role of Object.values(Role)) {
        if (role === Role.PUBLIC) continue;
        expect((await g.manager.hasRole(role, g.deployer.address)).isMember, `role ${role}`).to.equal(false);
      }
      const revoked = await g.manager.queryFilter(g.manager.filters.RoleRevoked(undefined, g.deployer.address));
      const ids = revoked.map((log) => log.args.roleId).sort((a, b) => Number(a - b));
      expect(ids).to.deep.equal([Role.ADMIN, Role.CENTRAL_BANK, Role.OPERATOR, Role.GOVERNANCE]);
    });

    it("every function's role is the table's, for every contract of the suite, and nothing else was wired", async () => {
      const g = await loadFixture(governedSuite);
      const targets = await nbkTargets(g);
      const expected = new Map<string, bigint>();
      for (const row of permissionRows()) {
        if (FOREIGN_AUTHORITY_CONTRACTS.includes(row.contract) || row.contract === "BridgedStablecoin") continue;
        const target = targets[row.contract];
        expect(target, `the suite deploys ${row.contract}`).to.not.equal(undefined);
        for (const selector of row.selectors) expected.set(`${target}:${selector}`, Role[row.role]);
      }
      const manager = (await g.manager.getAddress()).toLowerCase();
      for (const name of MANAGER_GUARDED_FUNCTIONS) {
        expected.set(`${manager}:${g.manager.interface.getFunction(name).selector}`, Role.GOVERNANCE);
      }
      const { functions } = await onChainState(g.manager);
      expect(Object.fromEntries(functions)).to.deep.equal(Object.fromEntries(expected));
    });

    it("role admins, guardians and grant delays are the table's, for every role the table or the events name", async () => {
      const g = await loadFixture(governedSuite);
      const { roles } = await onChainState(g.manager);
      const named = new Map<bigint, RoleName>(Object.entries(Role).map(([name, id]) => [id, name as RoleName]));
      for (const id of roles) expect(named.has(id), `role ${id} is in the table`).to.equal(true);
      for (const role of Object.keys(Role) as RoleName[]) {
        if (role === "ADMIN" || role === "PUBLIC") continue;
        const admin = ROLE_ADMINS[role] ?? "ADMIN";
        const guardian = ROLE_GUARDIANS[role] ?? "ADMIN";
        expect(await g.manager.getRoleAdmin(Role[role]), `admin of ${role}`).to.equal(Role[admin]);
        expect(await g.manager.getRoleGuardian(Role[role]), `guardian of ${role}`).to.equal(Role[guardian]);
        expect(await g.manager.getRoleGrantDelay(Role[role]), `grant delay of ${role}`).to.equal(0);
      }
    });

    it("no target has an admin delay or is closed", async () => {
      const g = await loadFixture(governedSuite);
      const { targets } = await onChainState(g.manager);
      expect(await g.manager.queryFilter(g.manager.filters.TargetAdminDelayUpdated())).to.deep.equal([]);
      expect(await g.manager.queryFilter(g.manager.filters.TargetClosed())).to.deep.equal([]);
      for (const target of [...targets, ...Object.values(await nbkTargets(g))]) {
        expect(await g.manager.getTargetAdminDelay(target), target).to.equal(0);
        expect(await g.manager.isTargetClosed(target), target).to.equal(false);
      }
    });
  });

  describe("the foreign CBDC's authority", () => {
    it("its parties hold the ledger's grants over their own currency; nobody of the NBK, the deployer included, holds anything", async () => {
      const g = await loadFixture(governedSuite);
      const expected = new Map<string, bigint>();
      for (const grant of GRANTS.filter((x) => (LEDGER_PARTIES as readonly string[]).includes(x.party))) {
        const party = grant.party as (typeof LEDGER_PARTIES)[number];
        expected.set(
          `${Role[grant.role]}:${g.foreign[party].address.toLowerCase()}`,
          grant.delayed ? BigInt(g.delay) : 0n,
        );
      }
      const { members, functions } = await onChainState(g.foreignManager);
      expect(Object.fromEntries(members)).to.deep.equal(Object.fromEntries(expected));

      const wired = new Map<string, bigint>();
      const targets: Partial<Record<ManagedContract, string>> = {
        DigitalTenge: (await g.foreignLedger.getAddress()).toLowerCase(),
        ForeignCbdcSweep: (await g.sweep.getAddress()).toLowerCase(),
      };
      for (const row of permissionRows().filter((r) => targets[r.contract] !== undefined)) {
        for (const selector of row.selectors) wired.set(`${targets[row.contract]}:${selector}`, Role[row.role]);
      }
      expect(Object.fromEntries(functions)).to.deep.equal(Object.fromEntries(wired));
    });
  });

  describe("the bridged stablecoin's authority (another chain)", () => {
    it("its parties hold exactly the roles table's grants with their delays; the deployer holds nothing", async () => {
      const g = await loadFixture(governedWithBridged);
      const expected = new Map<string, bigint>();
      for (const grant of GRANTS.filter((x) => (BRIDGED_HELD_ROLES as readonly string[]).includes(x.party))) {
        const holder = g.holders[grant.party].toLowerCase();
        expected.set(`${Role[grant.role]}:${holder}`, grant.delayed ? BigInt(g.delay) : 0n);
      }
      const { members } = await onChainState(g.remote.manager);
      expect(Object.fromEntries(members)).to.deep.equal(Object.fromEntries(expected));
      const revoked = await g.remote.manager.queryFilter(
        g.remote.manager.filters.RoleRevoked(undefined, g.deployer.address),
      );
      expect(revoked.map((log) => log.args.roleId)).to.deep.equal([Role.ADMIN]);
    });

    it("every function's role is the table's, the manager's own admin functions are GOVERNANCE's, nothing else", async () => {
      const g = await loadFixture(governedWithBridged);
      const target = (await g.remote.stablecoin.getAddress()).toLowerCase();
      const manager = (await g.remote.manager.getAddress()).toLowerCase();
      const expected = new Map<string, bigint>();
      for (const row of permissionRows("BridgedStablecoin")) {
        for (const selector of row.selectors) expected.set(`${target}:${selector}`, Role[row.role]);
      }
      for (const name of MANAGER_GUARDED_FUNCTIONS) {
        expected.set(`${manager}:${g.remote.manager.interface.getFunction(name).selector}`, Role.GOVERNANCE);
      }
      const { functions } = await onChainState(g.remote.manager);
      expect(Object.fromEntries(functions)).to.deep.equal(Object.fromEntries(expected));
    });

    it("the admins and guardians of the roles held there are the home chain's; no grant delay, no closed target", async () => {
      const g = await loadFixture(governedWithBridged);
      const m = g.remote.manager;
      const { roles, targets } = await onChainState(m);
      const named = new Map<bigint, RoleName>(Object.entries(Role).map(([name, id]) => [id, name as RoleName]));
      const held = [...roles].map((id) => named.get(id));
      expect(held).to.have.members([
        "ADMIN",
        "GOVERNANCE",
        "GUARDIAN",
        "STABLE_COMPLIANCE",
        "STABLE_UNPAUSER",
        "STABLE_RESCUER",
        "BRIDGE_ADMIN",
      ]);
      for (const role of held as RoleName[]) {
        if (role === "ADMIN") continue;
        expect(await m.getRoleAdmin(Role[role]), `admin of ${role}`).to.equal(Role[ROLE_ADMINS[role] ?? "ADMIN"]);
        expect(await m.getRoleGuardian(Role[role]), `guardian of ${role}`).to.equal(
          Role[ROLE_GUARDIANS[role] ?? "ADMIN"],
        );
        expect(await m.getRoleGrantDelay(Role[role]), `grant delay of ${role}`).to.equal(0);
      }
      for (const target of targets) {
        expect(await m.getTargetAdminDelay(target), target).to.equal(0);
        expect(await m.isTargetClosed(target), target).to.equal(false);
      }
    });
  });

  describe("one suite", () => {
    it("every module that holds DKZT has its SystemContract account, opened at genesis", async () => {
      const g = await loadFixture(governedSuite);
      const modules = [
        g.payments,
        g.cards,
        g.purposePrograms,
        g.markedPrograms,
        g.moveToEarn,
        g.stablecoin,
        g.goldDesk,
        g.offline,
        g.gateway,
        g.pvp,
        g.htlc,
      ];
      for (const module of modules) {
        const account = await accountOf(g.ledger, await module.getAddress());
        expect([account.registered, account.kind], await module.getAddress()).to.deep.equal([true, 6n]);
      }
      for (const contract of [g.pvp, g.htlc]) {
        expect(await contract.isLedgerSupported(await g.ledger.getAddress())).to.equal(true);
        expect(await contract.isLedgerSupported(await g.foreignLedger.getAddress())).to.equal(true);
      }
      expect(await g.moveToEarn.owner()).to.equal(g.sponsor.address);
      console.log(`      (whole-suite deployment with Handover: ${g.deployMs} ms)`);
    });
  });
});
