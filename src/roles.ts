/**
 * The suite's one declarative roles table (ARCHITECTURE.md rule 4): which role may call which function of which
 * contract. The deployment wires the AccessManager from this table and nothing else; the access-matrix tests
 * read it back. Later capabilities add their contracts here.
 *
 * AccessManager semantics worth knowing when reading it:
 * - a `restricted` function with no row here is callable by ADMIN only (AccessManager's default role 0);
 * - functions that are not `restricted` (ERC-20 transfers, permit, holders' own actions) never consult it;
 * - data-level rules (a bank acts only on its own customers) are checked inside the contracts.
 */
import { CardGateway__factory, DigitalTenge__factory, MerchantPayments__factory } from "../typechain-types";
import type { Interface } from "ethers";

/**
 * Role ids. ADMIN (0) and PUBLIC (2^64-1) are AccessManager's own. Ranges kept for capabilities so their ids
 * never collide: ledger 1-9, payments 10-19, programs 20-29, reserves 30-39, cross-border 40-49,
 * offline 50-59, governance 60-69.
 */
export const Role = {
  ADMIN: 0n,
  CENTRAL_BANK: 1n,
  OPERATOR: 2n,
  COMPLIANCE: 3n,
  BANK: 4n,
  GOVERNANCE: 5n,
  // payments (10-19)
  TAX_AUTHORITY: 10n, // State Revenue Committee: VAT schedule, budget account, VAT refunds
  PAYMENT_AGENT: 11n, // card processors (Onay, Visa, Mastercard): charge cards under a cardholder's mandate
  CARD_GATEWAY: 12n, // the CardGateway contract: pays invoices for cardholders
  PUBLIC: 2n ** 64n - 1n,
} as const;
export type RoleName = keyof typeof Role;

/** The roles a deployment hands to named holders (parameters of the deployment). */
export const HELD_ROLES = ["CENTRAL_BANK", "OPERATOR", "COMPLIANCE", "GOVERNANCE"] as const;
export type HeldRole = (typeof HELD_ROLES)[number];

/** Role administration: who may grant and revoke each role (AccessManager `setRoleAdmin`). */
export const ROLE_ADMINS: Partial<Record<RoleName, RoleName>> = {
  // The operator onboards banks, so it grants them the bank role.
  BANK: "OPERATOR",
  // The operator onboards payment agents, so it grants them the agent role.
  PAYMENT_AGENT: "OPERATOR",
};

/** The contracts under the authority, with the interface their selectors come from. */
export const CONTRACT_INTERFACES = {
  DigitalTenge: (): Interface => DigitalTenge__factory.createInterface(),
  MerchantPayments: (): Interface => MerchantPayments__factory.createInterface(),
  CardGateway: (): Interface => CardGateway__factory.createInterface(),
} as const;
export type ManagedContract = keyof typeof CONTRACT_INTERFACES;

/** contract → role → functions (by name). */
export const PERMISSIONS: Record<ManagedContract, Partial<Record<RoleName, readonly string[]>>> = {
  DigitalTenge: {
    CENTRAL_BANK: ["setTier", "setIssuanceCeiling", "issue"],
    OPERATOR: ["onboardBank", "setBankSuspended", "onboardParticipant", "pause", "unpause"],
    BANK: ["onboardCustomer", "setCustomerTier", "closeCustomer", "recoverAccount", "redeem"],
    COMPLIANCE: ["setFreezeState", "attachFunds", "releaseFunds", "seize"],
    GOVERNANCE: ["upgradeToAndCall"],
  },
  MerchantPayments: {
    BANK: ["onboardMerchant", "setMerchantVatRegistration", "setMerchantSettlement", "setMerchantMcc", "offboardMerchant"],
    TAX_AUTHORITY: ["scheduleVatRate", "cancelVatRateChange", "designateVatBudget", "payVatRefund", "rejectVatRefund"],
    CARD_GATEWAY: ["payInvoiceFor"],
  },
  CardGateway: {
    BANK: ["linkCard", "unlinkCard", "unblockCard", "setAtmDailyLimit", "withdrawCash"],
    PAYMENT_AGENT: ["chargeCard"],
  },
};

/** One row of the wiring: set these selectors of `contract` to `role`. */
export interface PermissionRow {
  contract: ManagedContract;
  role: RoleName;
  functions: readonly string[];
  selectors: string[];
}

/**
 * The table flattened, with selectors resolved from the compiled ABIs (a typo fails here, not on-chain).
 * With `only`, the rows of that contract alone.
 */
export function permissionRows(only?: ManagedContract): PermissionRow[] {
  const rows: PermissionRow[] = [];
  const contracts = only ? [only] : (Object.keys(PERMISSIONS) as ManagedContract[]);
  for (const contract of contracts) {
    const iface = CONTRACT_INTERFACES[contract]();
    const byRole = PERMISSIONS[contract];
    for (const role of Object.keys(byRole) as RoleName[]) {
      const functions = byRole[role] ?? [];
      const selectors = functions.map((name) => {
        const fragment = iface.getFunction(name);
        if (!fragment) throw new Error(`roles table: ${contract} has no function ${name}`);
        return fragment.selector;
      });
      rows.push({ contract, role, functions, selectors });
    }
  }
  return rows;
}

/** The role the table gives `contract.functionName`, or undefined when the table does not name it. */
export function roleOf(contract: ManagedContract, functionName: string): RoleName | undefined {
  const byRole = PERMISSIONS[contract];
  for (const role of Object.keys(byRole) as RoleName[]) {
    if ((byRole[role] ?? []).includes(functionName)) return role;
  }
  return undefined;
}
