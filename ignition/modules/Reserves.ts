import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
  NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";
import { ROLE_GUARDIANS, Role, grantsOf, type RoleName, type SuiteParty } from "../../src/roles";
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
  grantReserveParties(m, manager, RESERVE_HELD_ROLES, m.getParameter<number>("EXECUTION_DELAY", 0));

  return { manager, ledger, stablecoin, gold, desk };
});
export default ReservesModule;

/**
 * The stablecoin on another chain (BNB Chain when the home chain is a permissioned one, or the reverse): its own
 * AccessManager and a BridgedStablecoin, no reserve. Parameters (module "BridgedStablecoin"): the holders of
 * BRIDGED_HELD_ROLES (GUARDIAN included: it may cancel the delayed operations there), optionally stableName and stableSymbol (the same as at home) and EXECUTION_DELAY (seconds,
 * default 0: the delay of the grants the roles table marks delayed: unpause, bridge limits, rescues). The bridge
 * admin then authorises the bridge with a limit on both chains.
 */
export const BridgedStablecoinModule = buildModule("BridgedStablecoin", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("AccessManager", [deployer]);
  const stableName = m.getParameter<string>("stableName", RESERVE_DEFAULTS.stableName);
  const stableSymbol = m.getParameter<string>("stableSymbol", RESERVE_DEFAULTS.stableSymbol);
  const stablecoin = m.contract("BridgedStablecoin", [stableName, stableSymbol, manager]);

  wirePermissions(m, manager, "BridgedStablecoin", stablecoin);
  const granted = grantReserveParties(m, manager, BRIDGED_HELD_ROLES, m.getParameter<number>("EXECUTION_DELAY", 0));
  // Its delayed operations are cancellable by the guardian, as at home.
  for (const role of granted) {
    const guardian = ROLE_GUARDIANS[role];
    if (guardian) m.call(manager, "setRoleGuardian", [Role[role], Role[guardian]], { id: `guardian_${role}` });
  }
  return { manager, stablecoin };
});

/**
 * Grant every role the roles table gives each reserve party (a parameter of the module named after the party),
 * with `delay` on the grants it marks delayed: STABLE_COMPLIANCE pauses at once and unpauses (STABLE_UNPAUSER)
 * after the delay. Future ids are `grant_<role>`, as before the unpause role was split off. Returns the roles.
 */
function grantReserveParties(
  m: IgnitionModuleBuilder,
  manager: NamedArtifactContractDeploymentFuture<"AccessManager">,
  parties: readonly SuiteParty[],
  delay: number | ModuleParameterRuntimeValue<number>,
): RoleName[] {
  const granted: RoleName[] = [];
  for (const party of parties) {
    const holder = m.getParameter<string>(party);
    for (const grant of grantsOf(party)) {
      m.call(manager, "labelRole", [Role[grant.role], grant.role], { id: `label_${grant.role}` });
      m.call(manager, "grantRole", [Role[grant.role], holder, grant.delayed ? delay : 0], {
        id: `grant_${grant.role}`,
      });
      granted.push(grant.role);
    }
  }
  return granted;
}
