import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { GRANTS, LEDGER_PARTIES, Role, type RoleName } from "../../src/roles";
import { wirePermissions } from "./wiring";

/**
 * The authority (AccessManager) and the DKZT ledger behind a UUPS proxy, wired from the roles table.
 * Parameters: the addresses of the ledger parties (CENTRAL_BANK, OPERATOR, COMPLIANCE, GOVERNANCE) and
 * EXECUTION_DELAY, the delay in seconds of the delayed grants (0 in tests that do not exercise governance).
 * The deployer is the AccessManager's initial admin until the Handover module gives everything to governance.
 */
export default buildModule("Ledger", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("AccessManager", [deployer]);
  const implementation = m.contract("DigitalTenge", [], { id: "DigitalTengeImplementation" });
  const initData = m.encodeFunctionCall(implementation, "initialize", [manager]);
  const proxy = m.contract("ERC1967Proxy", [implementation, initData], { id: "DigitalTengeProxy" });
  const ledger = m.contractAt("DigitalTenge", proxy);

  wirePermissions(m, manager, "DigitalTenge", ledger);

  for (const role of Object.keys(Role) as RoleName[]) {
    if (role === "ADMIN" || role === "PUBLIC") continue;
    m.call(manager, "labelRole", [Role[role], role], { id: `label_${role}` });
  }
  // The operator grants the bank role to the banks it onboards (set now: the deployment grants no bank role).
  m.call(manager, "setRoleAdmin", [Role.BANK, Role.OPERATOR], { id: "admin_BANK" });

  const delay = m.getParameter<number>("EXECUTION_DELAY", 0);
  for (const party of LEDGER_PARTIES) {
    const holder = m.getParameter<string>(party);
    for (const grant of GRANTS.filter((g) => g.party === party)) {
      m.call(manager, "grantRole", [Role[grant.role], holder, grant.delayed ? delay : 0], {
        id: `grant_${party}_${grant.role}`,
      });
    }
  }

  return { manager, ledger };
});
