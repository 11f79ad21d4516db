import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import { ROLE_ADMINS, Role, permissionRows, type RoleName } from "../../src/roles";
import LedgerModule from "./Ledger";
import ForeignLedgerModule from "./ForeignLedger";
import GovernanceModule from "./Governance";
import { wirePermissions } from "./wiring";

/** "KZT" as the gateway's bytes3 settlement currency. */
const KZT = "0x4b5a54";

/**
 * Cross-border: the SWIFT gateway (DKZT), payment-versus-payment and hashed time locks (DKZT and the foreign
 * CBDC), and the foreign central bank's end-of-day sweep (wired into the foreign AccessManager).
 * Parameters (module "CrossBorder"): settlementCurrency (bytes3, default "KZT"), safetyMargin (seconds the
 * second HTLC leg must end before the first, default 6 hours). The Ledger and ForeignLedger modules take their
 * own role-holder parameters.
 *
 * The deployer leaves the foreign authority at the end (its governance holds ADMIN from the ForeignLedger module);
 * the NBK's own authority is handed over by the Handover module.
 *
 * After deployment each ledger's operator onboards the contracts as SystemContract accounts and the NBK's
 * operator lists the supported ledgers (src/crossborder/suite.ts: onboardCrossBorder).
 */
const CrossBorderModule = buildModule("CrossBorder", (m) => {
  const { manager, ledger } = m.useModule(LedgerModule);
  const { manager: foreignManager, ledger: foreignLedger } = m.useModule(ForeignLedgerModule);
  const settlementCurrency = m.getParameter<string>("settlementCurrency", KZT);
  const safetyMargin = m.getParameter<number>("safetyMargin", 6 * 60 * 60);

  const gateway = m.contract("SwiftGateway", [manager, ledger, settlementCurrency]);
  const pvp = m.contract("PvPSettlement", [manager]);
  const htlc = m.contract("HashedTimelock", [manager, safetyMargin]);
  const sweep = m.contract("ForeignCbdcSweep", [foreignManager, foreignLedger]);

  wirePermissions(m, manager, "SwiftGateway", gateway);
  wirePermissions(m, manager, "PvPSettlement", pvp);
  wirePermissions(m, manager, "HashedTimelock", htlc);
  // The sweep answers to the foreign authority: wired as wirePermissions does, keeping the futures so that the
  // foreign handover below comes after them.
  const foreignCalls: Future[] = permissionRows("ForeignCbdcSweep").map((row) =>
    m.call(foreignManager, "setTargetFunctionRole", [sweep, row.selectors, Role[row.role]], {
      id: `permit_ForeignCbdcSweep_${row.role}`,
    }),
  );
  // The operators admit PvP dealers and keepers to the platform; gateway banks are governance's (delayed) grants:
  // the roles table's admins (the Handover module sets the same).
  for (const role of ["GATEWAY_BANK", "PVP_DEALER", "FX_SWEEP_KEEPER"] as const) {
    const admin = Role[ROLE_ADMINS[role] ?? "ADMIN"];
    m.call(manager, "setRoleAdmin", [Role[role], admin], { id: `admin_${role}` });
    foreignCalls.push(m.call(foreignManager, "setRoleAdmin", [Role[role], admin], { id: `foreign_admin_${role}` }));
  }

  // The foreign authority's handover, at once: its governance administers the roles and the deployer leaves, so
  // nothing on the NBK's side (the deployer included) keeps a power over the foreign currency.
  for (const [role, admin] of Object.entries(ROLE_ADMINS) as [RoleName, RoleName][]) {
    if (role === "BANK" || role === "GATEWAY_BANK" || role === "PVP_DEALER" || role === "FX_SWEEP_KEEPER") continue;
    foreignCalls.push(
      m.call(foreignManager, "setRoleAdmin", [Role[role], Role[admin]], { id: `foreign_admin_${role}` }),
    );
  }
  m.call(foreignManager, "renounceRole", [Role.ADMIN, m.getAccount(0)], {
    id: "foreign_renounce_deployer",
    after: [...foreignCalls, sweep, ForeignLedgerModule],
  });

  return { manager, ledger, foreignManager, foreignLedger, gateway, pvp, htlc, sweep };
});
export default CrossBorderModule;

/**
 * The ledger and its governance with cross-border, for fixtures that need cross-border without the rest of the
 * composed Suite module. Takes the parameters of the Ledger, Governance, ForeignLedger and CrossBorder modules.
 */
export const CrossBorderWithSuite = buildModule("CrossBorderWithSuite", (m) => {
  const { desk } = m.useModule(GovernanceModule);
  const crossBorder = m.useModule(CrossBorderModule);
  return { ...crossBorder, desk };
});
