import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { CONTRACT_GRANTS, Role, grantsOf } from "../../src/roles";
import GovernanceModule from "./Governance";
import { wirePermissions } from "./wiring";

/**
 * Retail and business payments: MerchantPayments (merchants, invoices, VAT split and marking) and CardGateway
 * (cards, mandates, ATMs), on the suite's authority and ledger (through the Governance module, which includes
 * the Ledger module), wired from the roles table.
 * Parameters: TAX_AUTHORITY, the State Revenue Committee's key (VAT schedule, budget account, VAT refunds), and
 * EXECUTION_DELAY (seconds, default 0): the delay of its grant, delayed in the roles table (GRANTS).
 * After deployment the operator onboards both contracts on the ledger as SystemContract accounts
 * (src/payments/suite.ts: onboardPaymentModules): that is an operator power, not the deployer's.
 */
export default buildModule("Payments", (m) => {
  const { manager, ledger, desk } = m.useModule(GovernanceModule);
  const payments = m.contract("MerchantPayments", [manager, ledger]);
  const cards = m.contract("CardGateway", [manager, ledger, payments]);
  const targets = { CardGateway: cards, MerchantPayments: payments } as const;

  wirePermissions(m, manager, "MerchantPayments", payments);
  wirePermissions(m, manager, "CardGateway", cards);

  // The operator grants the agent role to the card processors it onboards (as it grants BANK to banks).
  m.call(manager, "setRoleAdmin", [Role.PAYMENT_AGENT, Role.OPERATOR], { id: "admin_PAYMENT_AGENT" });
  for (const grant of CONTRACT_GRANTS) {
    if (!(grant.contract in targets)) continue;
    const target = targets[grant.contract as keyof typeof targets];
    m.call(manager, "grantRole", [Role[grant.role], target, 0], { id: `grant_${grant.contract}_${grant.role}` });
  }
  const taxAuthority = m.getParameter<string>("TAX_AUTHORITY");
  const delay = m.getParameter<number>("EXECUTION_DELAY", 0);
  for (const grant of grantsOf("TAX_AUTHORITY")) {
    const id = grant.role === "TAX_AUTHORITY" ? "grant_TAX_AUTHORITY" : `grant_TAX_AUTHORITY_${grant.role}`;
    m.call(manager, "grantRole", [Role[grant.role], taxAuthority, grant.delayed ? delay : 0], { id });
  }

  return { manager, ledger, desk, payments, cards };
});
