import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ROLE_ADMINS, Role, type RoleName } from "../../src/roles";
import SuiteModule from "./Suite";

/**
 * The last step of a production deployment: role administration moves to governance (so every grant is a
 * delayed, guardian-cancellable governance operation) and the deployer renounces the admin role. Afterwards the
 * deployer keeps nothing; test/governance checks the on-chain permission state against the roles table.
 */
export default buildModule("Handover", (m) => {
  const suite = m.useModule(SuiteModule);
  const { manager } = suite;
  const admins = (Object.entries(ROLE_ADMINS) as [RoleName, RoleName][]).filter(([role]) => role !== "BANK");
  const set = admins.map(([role, admin]) =>
    // After the whole suite: every grant the modules make needs the deployer as admin of the role.
    m.call(manager, "setRoleAdmin", [Role[role], Role[admin]], { id: `admin_${role}`, after: [SuiteModule] }),
  );
  m.call(manager, "renounceRole", [Role.ADMIN, m.getAccount(0)], { id: "renounce_deployer", after: set });
  return suite;
});
