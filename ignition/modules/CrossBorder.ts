import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { Role } from "../../src/roles";
import LedgerModule from "./Ledger";
import ForeignLedgerModule from "./ForeignLedger";
import SuiteModule from "./Suite";
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
  wirePermissions(m, foreignManager, "ForeignCbdcSweep", sweep);
  // The operators admit banks and keepers to the platform (the Handover module sets the same admins).
  for (const role of ["GATEWAY_BANK", "PVP_DEALER", "FX_SWEEP_KEEPER"] as const) {
    m.call(manager, "setRoleAdmin", [Role[role], Role.OPERATOR], { id: `admin_${role}` });
    m.call(foreignManager, "setRoleAdmin", [Role[role], Role.OPERATOR], { id: `foreign_admin_${role}` });
  }

  return { manager, ledger, foreignManager, foreignLedger, gateway, pvp, htlc, sweep };
});
export default CrossBorderModule;

/**
 * The suite (ledger and governance) with cross-border, for deployments and fixtures made before the Suite module
 * composes this capability. Takes the parameters of the Ledger, Governance, ForeignLedger and CrossBorder modules.
 */
export const CrossBorderWithSuite = buildModule("CrossBorderWithSuite", (m) => {
  const { desk } = m.useModule(SuiteModule);
  const crossBorder = m.useModule(CrossBorderModule);
  return { ...crossBorder, desk };
});
