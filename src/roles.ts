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
import {
  BridgedStablecoin__factory,
  CardGateway__factory,
  DigitalTenge__factory,
  ForeignCbdcSweep__factory,
  GoldDesk__factory,
  GoldToken__factory,
  HashedTimelock__factory,
  IssuanceDesk__factory,
  MerchantPayments__factory,
  OfflinePurses__factory,
  PvPSettlement__factory,
  ReserveStablecoin__factory,
  SwiftGateway__factory,
} from "../typechain-types";
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
  ISSUER: 6n,
  UNPAUSER: 7n,
  /** The SWIFT gateway bank's desk: settles / rejects outbound pacs.008, credits inbound. */
  GATEWAY_BANK: 40n,
  /** Banks admitted to payment-versus-payment: may propose deals. */
  PVP_DEALER: 41n,
  /** The keeper that runs a central bank's end-of-day foreign-CBDC sweep. */
  FX_SWEEP_KEEPER: 42n,
  /**
   * The operator's delayed power over the SWIFT gateway: the nostro account, where every settled outbound escrow
   * goes. Delayed and guardian-cancellable.
   */
  GATEWAY_ADMIN: 43n,
  // payments (10-19)
  TAX_AUTHORITY: 10n, // State Revenue Committee: VAT schedule, budget account, VAT refunds
  PAYMENT_AGENT: 11n, // card processors (Onay, Visa, Mastercard): charge cards under a cardholder's mandate
  CARD_GATEWAY: 12n, // the CardGateway contract: pays invoices for cardholders
  ISSUANCE_DESK: 60n,
  GUARDIAN: 61n,
  // reserves 30-39
  STABLE_ISSUER: 30n, // a licensed exchange: mints the stablecoin against DKZT deposited 1:1
  STABLE_COMPLIANCE: 31n, // the stablecoins' blacklist and pause (immediate)
  STABLE_RESCUER: 32n, // returns tokens sent to the stablecoin by mistake (never the reserve)
  BRIDGE_ADMIN: 33n, // authorises ERC-7802 bridges and sets their limits
  GOLD_CUSTODIAN: 34n, // the vault: attests and removes bars, mints against new bars
  GOLD_PRICE_FEED: 35n, // publishes the central bank's gold price
  STABLE_UNPAUSER: 36n, // unpauses the stablecoins: a delayed grant held by the STABLE_COMPLIANCE party
  PUBLIC: 2n ** 64n - 1n,
} as const;
export type RoleName = keyof typeof Role;

/**
 * The parties a deployment names (its parameters): who holds the roles. In production the central bank, the
 * operator and governance are Safe multisigs; the issuance desk is a single key; the guardian is the board's key
 * or multisig. Ledger parties are parameters of the Ledger module, the others of the Governance module.
 */
export const LEDGER_PARTIES = ["CENTRAL_BANK", "OPERATOR", "COMPLIANCE", "GOVERNANCE"] as const;
export const GOVERNANCE_PARTIES = ["GUARDIAN", "ISSUANCE_DESK"] as const;

/**
 * The capabilities' own parties, parameters of their modules (Payments: TAX_AUTHORITY; Reserves: the reserve
 * roles). The composed Suite module takes them all.
 */
export const CAPABILITY_PARTIES = [
  "TAX_AUTHORITY",
  "STABLE_ISSUER",
  "STABLE_COMPLIANCE",
  "STABLE_RESCUER",
  "BRIDGE_ADMIN",
  "GOLD_CUSTODIAN",
  "GOLD_PRICE_FEED",
] as const;

export const HELD_ROLES = LEDGER_PARTIES;
export type LedgerParty = (typeof LEDGER_PARTIES)[number];
export type GovernanceParty = (typeof GOVERNANCE_PARTIES)[number];
export type CapabilityParty = (typeof CAPABILITY_PARTIES)[number];
/** The parties of the ledger and its governance (the Ledger and Governance modules). */
export type Party = LedgerParty | GovernanceParty;
/** Every party the composed suite names. */
export type SuiteParty = Party | CapabilityParty;
export type HeldRole = LedgerParty;

/**
 * Which roles each party holds. `delayed` grants carry the deployment's execution delay: the holder's calls must
 * be scheduled in the AccessManager and wait the delay, during which the role's guardian can cancel them.
 * Pausing is immediate; unpausing, tier and limit changes, ceilings, role grants and upgrades are delayed. That
 * holds for every pausable contract: the ledger and the gold token are paused by OPERATOR and unpaused by UNPAUSER
 * (both the operator's), the stablecoins are paused by STABLE_COMPLIANCE and unpaused by STABLE_UNPAUSER (both
 * the stablecoin compliance desk's), so a single stolen key can stop a token but never silently restart it.
 */
export const GRANTS: readonly { party: SuiteParty; role: RoleName; delayed: boolean }[] = [
  { party: "CENTRAL_BANK", role: "CENTRAL_BANK", delayed: true },
  { party: "CENTRAL_BANK", role: "ISSUER", delayed: false },
  { party: "OPERATOR", role: "OPERATOR", delayed: false },
  { party: "OPERATOR", role: "UNPAUSER", delayed: true },
  // cross-border: redirecting the SWIFT escrow (nostro account, gateway banks) waits the delay
  { party: "OPERATOR", role: "GATEWAY_ADMIN", delayed: true },
  { party: "COMPLIANCE", role: "COMPLIANCE", delayed: false },
  { party: "GOVERNANCE", role: "GOVERNANCE", delayed: true },
  { party: "GOVERNANCE", role: "ADMIN", delayed: true },
  { party: "GUARDIAN", role: "GUARDIAN", delayed: false },
  { party: "ISSUANCE_DESK", role: "ISSUANCE_DESK", delayed: false },
  // payments: the VAT schedule, the budget account and refunds paid out of the budget wait the delay
  { party: "TAX_AUTHORITY", role: "TAX_AUTHORITY", delayed: true },
  // reserves: routine minting, compliance (pause must stay immediate), bars and prices are not delayed; the
  // stablecoins' unpause, the bridges' mint limits and rescues are (the gold desk's settings are the central
  // bank's, delayed; the gold token's pause and unpause are the operator's OPERATOR and UNPAUSER)
  { party: "STABLE_ISSUER", role: "STABLE_ISSUER", delayed: false },
  { party: "STABLE_COMPLIANCE", role: "STABLE_COMPLIANCE", delayed: false },
  { party: "STABLE_COMPLIANCE", role: "STABLE_UNPAUSER", delayed: true },
  { party: "STABLE_RESCUER", role: "STABLE_RESCUER", delayed: true },
  { party: "BRIDGE_ADMIN", role: "BRIDGE_ADMIN", delayed: true },
  { party: "GOLD_CUSTODIAN", role: "GOLD_CUSTODIAN", delayed: false },
  { party: "GOLD_PRICE_FEED", role: "GOLD_PRICE_FEED", delayed: false },
];

/** The grants of `party`, in table order. */
export function grantsOf(party: SuiteParty): readonly { party: SuiteParty; role: RoleName; delayed: boolean }[] {
  return GRANTS.filter((g) => g.party === party);
}

/** Contracts of the suite that hold roles themselves (granted by the deployment, never delayed). */
export const CONTRACT_GRANTS: readonly { contract: string; role: RoleName }[] = [
  // The issuance desk calls the ledger's issue() within its budgets.
  { contract: "IssuanceDesk", role: "ISSUER" },
  // The card gateway pays invoices for cardholders after checking their mandates.
  { contract: "CardGateway", role: "CARD_GATEWAY" },
];

/**
 * Role administration: who may grant and revoke each role (AccessManager `setRoleAdmin`); unlisted: ADMIN.
 * Governance administers the powers, so a grant is a delayed, guardian-cancellable governance operation; the
 * operator grants the bank role to the banks it onboards (a bank's power is over its own customers only).
 */
export const ROLE_ADMINS: Partial<Record<RoleName, RoleName>> = {
  CENTRAL_BANK: "GOVERNANCE",
  ISSUER: "GOVERNANCE",
  OPERATOR: "GOVERNANCE",
  UNPAUSER: "GOVERNANCE",
  COMPLIANCE: "GOVERNANCE",
  ISSUANCE_DESK: "GOVERNANCE",
  GUARDIAN: "GOVERNANCE",
  TAX_AUTHORITY: "GOVERNANCE",
  CARD_GATEWAY: "GOVERNANCE",
  BANK: "OPERATOR",
  GATEWAY_ADMIN: "GOVERNANCE",
  // A gateway bank settles and credits every SWIFT payment: admitting one is a governance grant, delayed and
  // guardian-cancellable (wired by CrossBorder too).
  GATEWAY_BANK: "GOVERNANCE",
  // The operator admits banks to the rest of the cross-border platform, as it onboards them (wired by CrossBorder
  // too).
  PVP_DEALER: "OPERATOR",
  FX_SWEEP_KEEPER: "OPERATOR",
  // The operator onboards payment agents, so it grants them the agent role.
  PAYMENT_AGENT: "OPERATOR",
};

/** Role guardians: who may cancel a scheduled operation of the role (AccessManager `setRoleGuardian`). */
export const ROLE_GUARDIANS: Partial<Record<RoleName, RoleName>> = {
  CENTRAL_BANK: "GUARDIAN",
  UNPAUSER: "GUARDIAN",
  GOVERNANCE: "GUARDIAN",
  TAX_AUTHORITY: "GUARDIAN",
  GATEWAY_ADMIN: "GUARDIAN",
  STABLE_UNPAUSER: "GUARDIAN",
  STABLE_RESCUER: "GUARDIAN",
  BRIDGE_ADMIN: "GUARDIAN",
};

/**
 * The AccessManager's own admin functions, mapped to GOVERNANCE as their "target function role". It does not
 * change who may call them (AccessManager authorises its own functions by role admin / ADMIN), but
 * AccessManager.cancel() consults it, so the GOVERNANCE guardian can cancel a scheduled role grant or rewiring.
 */
export const MANAGER_GUARDED_FUNCTIONS = [
  "grantRole",
  "revokeRole",
  "setRoleAdmin",
  "setRoleGuardian",
  "setGrantDelay",
  "setTargetAdminDelay",
  "setTargetFunctionRole",
  "setTargetClosed",
  "updateAuthority",
  "labelRole",
] as const;

/** Default execution delay for delayed grants in production deployments: two days. */
export const DEFAULT_EXECUTION_DELAY = 2 * 24 * 60 * 60;

/** The contracts under the authority, with the interface their selectors come from. */
export const CONTRACT_INTERFACES = {
  DigitalTenge: (): Interface => DigitalTenge__factory.createInterface(),
  IssuanceDesk: (): Interface => IssuanceDesk__factory.createInterface(),
  BridgedStablecoin: (): Interface => BridgedStablecoin__factory.createInterface(),
  ForeignCbdcSweep: (): Interface => ForeignCbdcSweep__factory.createInterface(),
  GoldDesk: (): Interface => GoldDesk__factory.createInterface(),
  GoldToken: (): Interface => GoldToken__factory.createInterface(),
  HashedTimelock: (): Interface => HashedTimelock__factory.createInterface(),
  OfflinePurses: (): Interface => OfflinePurses__factory.createInterface(),
  PvPSettlement: (): Interface => PvPSettlement__factory.createInterface(),
  ReserveStablecoin: (): Interface => ReserveStablecoin__factory.createInterface(),
  SwiftGateway: (): Interface => SwiftGateway__factory.createInterface(),
  MerchantPayments: (): Interface => MerchantPayments__factory.createInterface(),
  CardGateway: (): Interface => CardGateway__factory.createInterface(),
} as const;
export type ManagedContract = keyof typeof CONTRACT_INTERFACES;

/**
 * Contracts whose rows are wired into a foreign CBDC's own AccessManager (ignition/modules/CrossBorder.ts), not
 * the suite's: a foreign central bank's powers over its own currency. (DigitalTenge's rows are wired into both.)
 */
export const FOREIGN_AUTHORITY_CONTRACTS: readonly ManagedContract[] = ["ForeignCbdcSweep"];

/** contract → role → functions (by name). */
export const PERMISSIONS: Record<ManagedContract, Partial<Record<RoleName, readonly string[]>>> = {
  DigitalTenge: {
    CENTRAL_BANK: ["setTier", "setIssuanceCeiling"],
    ISSUER: ["issue"],
    OPERATOR: ["onboardBank", "setBankSuspended", "onboardParticipant", "pause"],
    UNPAUSER: ["unpause"],
    BANK: ["onboardCustomer", "setCustomerTier", "setCustomerMandate", "closeCustomer", "recoverAccount", "redeem"],
    COMPLIANCE: ["setFreezeState", "attachFunds", "releaseFunds", "seize"],
    GOVERNANCE: ["upgradeToAndCall", "setGuardianRules", "setClosureCheck"],
  },
  IssuanceDesk: {
    ISSUANCE_DESK: ["issue"],
    CENTRAL_BANK: ["setBudget"],
  },
  // Not upgradeable (the reserve rules are the promise): no upgrade row.
  ReserveStablecoin: {
    STABLE_ISSUER: ["mint"],
    STABLE_COMPLIANCE: ["setBlacklisted", "pause"],
    STABLE_UNPAUSER: ["unpause"],
    STABLE_RESCUER: ["rescueERC20"],
    BRIDGE_ADMIN: ["setBridgeLimit"],
  },
  BridgedStablecoin: {
    STABLE_COMPLIANCE: ["setBlacklisted", "pause"],
    STABLE_UNPAUSER: ["unpause"],
    STABLE_RESCUER: ["rescueERC20"],
    BRIDGE_ADMIN: ["setBridgeLimit"],
  },
  GoldToken: {
    GOLD_CUSTODIAN: ["addBar", "removeBar", "mintAgainstBar"],
    // The suite's emergency desk stops gold at once, like the ledger; restarting it waits the delay.
    OPERATOR: ["pause"],
    UNPAUSER: ["unpause"],
  },
  GoldDesk: {
    GOLD_PRICE_FEED: ["publishPrice"],
    CENTRAL_BANK: ["setSpread", "setMaxPriceAge", "setTreasury", "overridePrice"],
  },
  // Owners (fund, close, reclaim), redeemers and the certificate's own signature need no role; a bank acts only
  // on purses it certified and claims against itself (checked in the contract).
  OfflinePurses: {
    CENTRAL_BANK: ["setLimits"],
    BANK: ["revokeDevice", "sweepFrozenPurse", "coverLossClaim"],
  },
  SwiftGateway: {
    GATEWAY_BANK: ["settleOutbound", "rejectOutbound", "creditInbound"],
    BANK: ["initiateOutboundFor"],
    GATEWAY_ADMIN: ["setNostroAccount"],
    OPERATOR: ["setBankBic"],
  },
  PvPSettlement: {
    PVP_DEALER: ["proposeDeal"],
    OPERATOR: ["setLedgerSupported"],
  },
  HashedTimelock: {
    OPERATOR: ["setLedgerSupported", "setSafetyMargin"],
  },
  // Wired into the foreign CBDC's own AccessManager (ignition/modules/CrossBorder.ts): its central bank, keeper.
  ForeignCbdcSweep: {
    CENTRAL_BANK: ["setSweepRule", "releaseMandate"],
    FX_SWEEP_KEEPER: ["sweep"],
  },
  MerchantPayments: {
    BANK: [
      "onboardMerchant",
      "setMerchantVatRegistration",
      "setMerchantSettlement",
      "setMerchantMcc",
      "offboardMerchant",
    ],
    TAX_AUTHORITY: [
      "scheduleVatRate",
      "cancelVatRateChange",
      "designateVatBudget",
      "payVatRefund",
      "rejectVatRefund",
      "setVatRefundLine",
    ],
    CARD_GATEWAY: ["payInvoiceFor"],
  },
  CardGateway: {
    BANK: ["linkCard", "unlinkCard", "unblockCard", "setAtmDailyLimit", "withdrawCash", "withdrawCashAtOtherBank"],
    PAYMENT_AGENT: ["chargeCard"],
  },
};

/**
 * Functions anyone may call: their rules are data-level, checked inside the contract (a holder moves its own
 * money; a module must be a registered SystemContract; an initializer runs once). Every other state-changing
 * function of a managed contract must have a row in PERMISSIONS: the access-matrix test fails otherwise.
 */
const TOKEN_FUNCTIONS = [
  "transfer",
  "transferFrom",
  "approve",
  "permit",
  "transferWithAuthorization",
  "receiveWithAuthorization",
  "cancelAuthorization",
] as const;

export const PUBLIC_FUNCTIONS: Record<ManagedContract, readonly string[]> = {
  DigitalTenge: [
    "initialize",
    "transfer",
    "transferFrom",
    "approve",
    "permit",
    "transferWithAuthorization",
    "receiveWithAuthorization",
    "cancelAuthorization",
    "redeemToNonCash",
    "setWaterfall",
    "moduleTransfer",
    "moduleRedeem",
    "moduleSplit",
    "setModuleMandate",
    "setGuarded",
  ],
  IssuanceDesk: [],
  // An open token: holders move their own tokens (blacklist and pause checked inside); bridges mint and burn
  // within the limits BRIDGE_ADMIN set for them; anyone may add DKZT to the reserve; holders redeem their own.
  ReserveStablecoin: [...TOKEN_FUNCTIONS, "crosschainMint", "crosschainBurn", "redeem", "replenishReserve"],
  BridgedStablecoin: [...TOKEN_FUNCTIONS, "crosschainMint", "crosschainBurn"],
  // Holders move their own gold (registered DKZT accounts only) and redeem a bar they hold enough for; anyone moves
  // a recovered wallet's gold to where the ledger recovered it (followRecovery).
  GoldToken: ["transfer", "transferFrom", "approve", "redeemBar", "followRecovery"],
  // Registered DKZT holders buy and sell at the published price.
  GoldDesk: ["buy", "sell"],
  // Owners fund, close and reclaim their own purses; anyone registers a bank-signed certificate (its signature is
  // checked) and redeems signed cheques or reports a double spend with both signed cheques as evidence.
  OfflinePurses: ["registerPurse", "fund", "closePurse", "reclaim", "redeem", "redeemBatch", "reportDoubleSpend"],
  // A customer escrows its own money; a refund after the deadline only ever pays the customer.
  SwiftGateway: ["initiateOutbound", "refundExpired"],
  // A party funds its own leg and settles its own deal; an expired leg only ever returns to its funder.
  PvPSettlement: ["fundLeg", "settle", "refundLeg"],
  // A sender locks its own money; a claim pays the recipient against the secret; a refund pays the sender.
  HashedTimelock: ["lock", "claim", "refund"],
  // A bank gives its own sweep mandate.
  ForeignCbdcSweep: ["acceptMandate"],
  // The payer, the merchant, the cardholder or the designated budget acts for itself (checked in the contract);
  // anyone hands a recovered wallet's holdings to its replacement (only ever to the ledger's live address).
  MerchantPayments: [
    "acceptVatBudget",
    "registerInvoice",
    "cancelInvoiceNonce",
    "payInvoice",
    "payInvoiceFields",
    "payInvoiceAsBusiness",
    "payInvoiceWithAuthorization",
    "refund",
    "payVatFromMarked",
    "claimVatRefund",
    "followRecovery",
  ],
  CardGateway: ["blockCard", "grantMandate", "revokeMandate"],
};

/**
 * Functions only the AccessManager itself may call (OpenZeppelin AccessManaged's `setAuthority`, reached through
 * the manager's delayed, ADMIN-only `updateAuthority`). Every managed contract has them.
 */
export const MANAGER_ONLY_FUNCTIONS: readonly string[] = ["setAuthority"];

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
