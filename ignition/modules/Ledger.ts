import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { HELD_ROLES, ROLE_ADMINS, Role } from "../../src/roles";
import { wirePermissions } from "./wiring";

/**
 * The authority (AccessManager) and the DKZT ledger behind a UUPS proxy, wired from the roles table.
 * Parameters: the holders of the central bank, operator, compliance and governance roles.
 * The deployer is the AccessManager's initial admin; the Handover module gives that to governance.
 */
export default buildModule("Ledger", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("AccessManager", [deployer]);
  const implementation = m.contract("DigitalTenge", [], { id: "DigitalTengeImplementation" });
  const initData = m.encodeFunctionCall(implementation, "initialize", [manager]);
  const proxy = m.contract("ERC1967Proxy", [implementation, initData], { id: "DigitalTengeProxy" });
  const ledger = m.contractAt("DigitalTenge", proxy);

  wirePermissions(m, manager, "DigitalTenge", ledger);
  for (const [role, admin] of Object.entries(ROLE_ADMINS)) {
    m.call(manager, "setRoleAdmin", [Role[role as keyof typeof Role], Role[admin]], { id: `admin_${role}` });
  }
  for (const role of HELD_ROLES) {
    m.call(manager, "labelRole", [Role[role], role], { id: `label_${role}` });
    const holder = m.getParameter<string>(role);
    m.call(manager, "grantRole", [Role[role], holder, 0], { id: `grant_${role}` });
  }
  m.call(manager, "labelRole", [Role.BANK, "BANK"], { id: "label_BANK" });

  return { manager, ledger };
});
