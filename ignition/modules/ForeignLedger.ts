import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { HELD_ROLES, ROLE_ADMINS, Role } from "../../src/roles";
import { wirePermissions } from "./wiring";

/**
 * A foreign central bank's CBDC on the same chain (mBridge style): a second instance of the ledger contract
 * with its own AccessManager, so the foreign central bank, operator, compliance and governance hold the same
 * roles over their currency that the National Bank's holders hold over DKZT, and nothing over DKZT.
 * Parameters (module "ForeignLedger"): CENTRAL_BANK, OPERATOR, COMPLIANCE, GOVERNANCE.
 *
 * The contract is DigitalTenge itself: its ERC-20 name and symbol are fixed ("Digital Tenge", "DKZT") by its
 * initializer, so the foreign CBDC is identified by its address (and in docs as "e-CNY"), not by its name.
 */
export default buildModule("ForeignLedger", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("AccessManager", [deployer]);
  const implementation = m.contract("DigitalTenge", [], { id: "DigitalTengeImplementation" });
  const initData = m.encodeFunctionCall(implementation, "initialize", [manager]);
  const proxy = m.contract("ERC1967Proxy", [implementation, initData], { id: "DigitalTengeProxy" });
  const ledger = m.contractAt("DigitalTenge", proxy);

  wirePermissions(m, manager, "DigitalTenge", ledger, "ForeignDigitalTenge");
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
