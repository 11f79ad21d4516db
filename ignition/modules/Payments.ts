import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { Role } from "../../src/roles";
import LedgerModule from "./Ledger";
import { wirePermissions } from "./wiring";

/**
 * Retail and business payments: MerchantPayments (merchants, invoices, VAT split and marking) and CardGateway
 * (cards, mandates, ATMs), on the Ledger module's authority and ledger, wired from the roles table.
 * Parameter: TAX_AUTHORITY, the State Revenue Committee's key (VAT schedule, budget, VAT refunds).
 * After deployment the operator onboards both contracts on the ledger as SystemContract accounts
 * (src/payments/suite.ts: onboardPaymentModules): that is an operator power, not the deployer's.
 */
export default buildModule("Payments", (m) => {
  const { manager, ledger } = m.useModule(LedgerModule);
  const payments = m.contract("MerchantPayments", [manager, ledger]);
  const cards = m.contract("CardGateway", [manager, ledger, payments]);

  wirePermissions(m, manager, "MerchantPayments", payments);
  wirePermissions(m, manager, "CardGateway", cards);

  for (const role of ["TAX_AUTHORITY", "PAYMENT_AGENT", "CARD_GATEWAY"] as const) {
    m.call(manager, "labelRole", [Role[role], role], { id: `label_${role}` });
  }
  m.call(manager, "grantRole", [Role.CARD_GATEWAY, cards, 0], { id: "grant_CARD_GATEWAY" });
  const taxAuthority = m.getParameter<string>("TAX_AUTHORITY");
  m.call(manager, "grantRole", [Role.TAX_AUTHORITY, taxAuthority, 0], { id: "grant_TAX_AUTHORITY" });

  return { manager, ledger, payments, cards };
});
