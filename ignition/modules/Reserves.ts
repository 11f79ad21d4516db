import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  Future,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
  NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";
import { AccessManager__factory } from "../../typechain-types";
import {
  MANAGER_GUARDED_FUNCTIONS,
  ROLE_ADMINS,
  ROLE_GUARDIANS,
  Role,
  grantsOf,
  permissionRows,
  type RoleName,
  type SuiteParty,
} from "../../src/roles";
import { BRIDGED_HELD_ROLES, RESERVE_DEFAULTS, RESERVE_HELD_ROLES } from "../../src/reserves/roles";
import LedgerModule from "./Ledger";
import { wirePermissions } from "./wiring";

/**
 * Reserve-backed assets on the home chain: the DKZT-backed stablecoin (holding its reserve in its own ledger
 * account), the gold token with its bar register, and the gold desk; wired from the roles table.
 * Parameters (module "Reserves"): `treasury` (the treasury's DKZT account for the gold desk), the holders of
 * RESERVE_HELD_ROLES, and optionally stableName, stableSymbol, goldSpreadBps, goldMaxPriceAge and EXECUTION_DELAY
 * (seconds, default 0: the delay of the grants the roles table marks delayed, the bridge limits and rescues).
 *
 * The contracts still need their ledger accounts: the operator onboards the stablecoin and the gold desk as
 * SystemContract accounts with the unlimited tier (src/reserves `onboardReserves`), and the treasury approves the
 * desk for its buy-back budget. Role grants are made by the deployer while it is the AccessManager's admin.
 */
const ReservesModule = buildModule("Reserves", (m) => {
  const { manager, ledger } = m.useModule(LedgerModule);
  const stableName = m.getParameter<string>("stableName", RESERVE_DEFAULTS.stableName);
  const stableSymbol = m.getParameter<string>("stableSymbol", RESERVE_DEFAULTS.stableSymbol);
  const treasury = m.getParameter<string>("treasury");
  const spread = m.getParameter<number>("goldSpreadBps", RESERVE_DEFAULTS.goldSpreadBps);
  const maxAge = m.getParameter<number>("goldMaxPriceAge", RESERVE_DEFAULTS.goldMaxPriceAge);

  const stablecoin = m.contract("ReserveStablecoin", [stableName, stableSymbol, ledger, manager]);
  const gold = m.contract("GoldToken", [ledger, manager]);
  const desk = m.contract("GoldDesk", [ledger, gold, treasury, spread, maxAge, manager]);

  wirePermissions(m, manager, "ReserveStablecoin", stablecoin);
  wirePermissions(m, manager, "GoldToken", gold);
  wirePermissions(m, manager, "GoldDesk", desk);
  grantParties(m, manager, RESERVE_HELD_ROLES, m.getParameter<number>("EXECUTION_DELAY", 0));

  return { manager, ledger, stablecoin, gold, desk };
});
export default ReservesModule;

/**
 * The stablecoin on another chain (BNB Chain when the home chain is a permissioned one, or the reverse): its own
 * AccessManager and a BridgedStablecoin, no reserve. Parameters (module "BridgedStablecoin"): the holders of
 * BRIDGED_HELD_ROLES — GOVERNANCE (the governance Safe on that chain) and GUARDIAN (cancels the delayed operations
 * there) included — optionally stableName and stableSymbol (the same as at home) and EXECUTION_DELAY (seconds,
 * default 0: the delay of the grants the roles table marks delayed: unpause, bridge limits, rescues, governance).
 *
 * It ends as the home chain ends after the Handover: governance holds GOVERNANCE and ADMIN with the delay, the
 * roles' admins are the home chain's (ROLE_ADMINS, else ADMIN: the governance Safe either way), the manager's own
 * admin functions are mapped to GOVERNANCE so the guardian can cancel a scheduled grant, and the deployer renounces
 * ADMIN, keeping nothing. The bridge admin then authorises the bridge with a limit on both chains.
 */
export const BridgedStablecoinModule = buildModule("BridgedStablecoin", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("AccessManager", [deployer]);
  const stableName = m.getParameter<string>("stableName", RESERVE_DEFAULTS.stableName);
  const stableSymbol = m.getParameter<string>("stableSymbol", RESERVE_DEFAULTS.stableSymbol);
  const stablecoin = m.contract("BridgedStablecoin", [stableName, stableSymbol, manager]);

  // Wired as wirePermissions does, keeping the futures so that the deployer's renounce comes after them.
  const calls: Future[] = permissionRows("BridgedStablecoin").map((row) =>
    m.call(manager, "setTargetFunctionRole", [stablecoin, row.selectors, Role[row.role]], {
      id: `permit_BridgedStablecoin_${row.role}`,
    }),
  );
  const delay = m.getParameter<number>("EXECUTION_DELAY", 0);
  const { granted, futures } = grantParties(m, manager, BRIDGED_HELD_ROLES, delay);
  calls.push(...futures);
  // Its delayed operations are cancellable by the guardian, as at home.
  for (const role of granted) {
    const guardian = ROLE_GUARDIANS[role];
    if (guardian)
      calls.push(m.call(manager, "setRoleGuardian", [Role[role], Role[guardian]], { id: `guardian_${role}` }));
  }
  // The home chain's role admins, after the grants (the deployer grants as ADMIN); a role whose home admin is not
  // held here would be governance's.
  for (const role of granted) {
    const admin = ROLE_ADMINS[role];
    if (admin === undefined) continue; // ADMIN, as at home: held by governance alone
    const here = granted.includes(admin) ? admin : "GOVERNANCE";
    calls.push(m.call(manager, "setRoleAdmin", [Role[role], Role[here]], { id: `admin_${role}`, after: futures }));
  }
  // AccessManager.cancel() consults the manager's own function roles: the GOVERNANCE guardian cancels grants.
  const iface = AccessManager__factory.createInterface();
  const guarded = MANAGER_GUARDED_FUNCTIONS.map((name) => iface.getFunction(name).selector);
  calls.push(
    m.call(manager, "setTargetFunctionRole", [manager, guarded, Role.GOVERNANCE], { id: "guard_AccessManager" }),
  );

  m.call(manager, "renounceRole", [Role.ADMIN, deployer], { id: "renounce_deployer", after: calls });
  return { manager, stablecoin };
});

/**
 * Grant every role the roles table gives each party (a parameter of the module named after the party), with
 * `delay` on the grants it marks delayed: STABLE_COMPLIANCE pauses at once and unpauses (STABLE_UNPAUSER) after the
 * delay; GOVERNANCE holds GOVERNANCE and ADMIN with the delay. Future ids are `grant_<role>` (and `label_<role>`;
 * ADMIN has no label, AccessManager locks it). Returns the roles granted and the futures, for calls that must
 * come after them.
 */
function grantParties(
  m: IgnitionModuleBuilder,
  manager: NamedArtifactContractDeploymentFuture<"AccessManager">,
  parties: readonly SuiteParty[],
  delay: number | ModuleParameterRuntimeValue<number>,
): { granted: RoleName[]; futures: Future[] } {
  const granted: RoleName[] = [];
  const futures: Future[] = [];
  for (const party of parties) {
    const holder = m.getParameter<string>(party);
    for (const grant of grantsOf(party)) {
      if (grant.role !== "ADMIN") {
        futures.push(m.call(manager, "labelRole", [Role[grant.role], grant.role], { id: `label_${grant.role}` }));
      }
      futures.push(
        m.call(manager, "grantRole", [Role[grant.role], holder, grant.delayed ? delay : 0], {
          id: `grant_${grant.role}`,
        }),
      );
      granted.push(grant.role);
    }
  }
  return { granted, futures };
}
