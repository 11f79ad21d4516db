import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import LedgerModule from "./Ledger";
import { wirePermissions } from "./wiring";
import { DEFAULT_OFFLINE_LIMITS } from "../../src/offline/limits";

/**
 * Offline purses (issue 7) on top of the Ledger module: the OfflinePurses contract under the suite's authority,
 * wired from the roles table. Parameters (module "Offline"): the first offline limits, defaulting to
 * DEFAULT_OFFLINE_LIMITS (src/offline/limits.ts).
 *
 * After deployment the operator onboards the contract in the ledger as a SystemContract account (a ledger power
 * the deployer does not hold): `ledger.connect(operator).onboardParticipant(offline, 6, tier, ZeroAddress, ref)`;
 * `onboardOfflinePurses` in src/offline does it.
 */
export default buildModule("Offline", (m) => {
  const { manager, ledger } = m.useModule(LedgerModule);
  const limits = {
    maxAmount: m.getParameter<bigint>("maxAmount", DEFAULT_OFFLINE_LIMITS.maxAmount),
    maxPayments: m.getParameter<number>("maxPayments", DEFAULT_OFFLINE_LIMITS.maxPayments),
    maxValidity: m.getParameter<number>("maxValidity", DEFAULT_OFFLINE_LIMITS.maxValidity),
    gracePeriod: m.getParameter<number>("gracePeriod", DEFAULT_OFFLINE_LIMITS.gracePeriod),
  };
  const offline = m.contract("OfflinePurses", [manager, ledger, limits]);
  wirePermissions(m, manager, "OfflinePurses", offline);
  return { manager, ledger, offline };
});
