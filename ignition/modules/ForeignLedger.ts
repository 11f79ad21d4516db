import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { GRANTS, LEDGER_PARTIES, Role, type RoleName } from "../../src/roles";
import { wirePermissions } from "./wiring";

/**
 * A foreign central bank's CBDC on the same chain (mBridge style, e.g. a test "e-CNY"): a second instance of the
 * ledger contract behind its own AccessManager, wired from the same roles table, so the foreign central bank,
 * operator, compliance and governance hold over their currency the powers the National Bank's parties hold over
 * DKZT, and nothing over DKZT. Parameters (module "ForeignLedger"): CENTRAL_BANK, OPERATOR, COMPLIANCE,
 * GOVERNANCE (addresses), EXECUTION_DELAY (seconds of the delayed grants, default 0), NAME and SYMBOL (default
 * "Digital Yuan (test)" / "e-CNY": the ERC-20 name and the EIP-712 domain name of the foreign CBDC).
 */
export default buildModule("ForeignLedger", (m) => {
  const deployer = m.getAccount(0);
  const manager = m.contract("AccessManager", [deployer]);
  const implementation = m.contract("DigitalTenge", [], { id: "DigitalTengeImplementation" });
  const name = m.getParameter<string>("NAME", "Digital Yuan (test)");
  const symbol = m.getParameter<string>("SYMBOL", "e-CNY");
  const initData = m.encodeFunctionCall(implementation, "initialize", [manager, name, symbol]);
  const proxy = m.contract("ERC1967Proxy", [implementation, initData], { id: "DigitalTengeProxy" });
  const ledger = m.contractAt("DigitalTenge", proxy);

  wirePermissions(m, manager, "DigitalTenge", ledger);

  for (const role of Object.keys(Role) as RoleName[]) {
    if (role === "ADMIN" || role === "PUBLIC") continue;
    m.call(manager, "labelRole", [Role[role], role], { id: `label_${role}` });
  }
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
