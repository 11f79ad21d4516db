import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import GovernanceModule from "./Governance";

/** The whole suite, composed: the ledger and its governance; capability modules join here. */
export default buildModule("Suite", (m) => {
  const { manager, ledger, desk } = m.useModule(GovernanceModule);
  return { manager, ledger, desk };
});
