import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { AccessManager__factory } from "../../typechain-types";
import { GRANTS, GOVERNANCE_PARTIES, MANAGER_GUARDED_FUNCTIONS, ROLE_GUARDIANS, Role } from "../../src/roles";
import LedgerModule from "./Ledger";
import { wirePermissions } from "./wiring";

/**
 * Dual control for the central bank: the issuance desk (routine issuance within rolling budgets), the guardian,
 * and guardians on the delayed roles. Parameters: GUARDIAN and ISSUANCE_DESK addresses.
 */
export default buildModule("Governance", (m) => {
  const { manager, ledger } = m.useModule(LedgerModule);
  const desk = m.contract("IssuanceDesk", [manager, ledger]);
  wirePermissions(m, manager, "IssuanceDesk", desk);
  m.call(manager, "grantRole", [Role.ISSUER, desk, 0], { id: "grant_IssuanceDesk_ISSUER" });

  for (const party of GOVERNANCE_PARTIES) {
    const holder = m.getParameter<string>(party);
    for (const grant of GRANTS.filter((g) => g.party === party)) {
      m.call(manager, "grantRole", [Role[grant.role], holder, 0], { id: `grant_${party}_${grant.role}` });
    }
  }
  for (const [role, guardian] of Object.entries(ROLE_GUARDIANS)) {
    m.call(manager, "setRoleGuardian", [Role[role as keyof typeof Role], Role[guardian]], {
      id: `guardian_${role}`,
    });
  }
  const iface = AccessManager__factory.createInterface();
  const selectors = MANAGER_GUARDED_FUNCTIONS.map((name) => iface.getFunction(name).selector);
  m.call(manager, "setTargetFunctionRole", [manager, selectors, Role.GOVERNANCE], { id: "guard_AccessManager" });

  return { manager, ledger, desk };
});
