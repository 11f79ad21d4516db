import type { RoleName } from "../roles";

/** The reserves roles a deployment hands to named holders (parameters of the Reserves module). */
export const RESERVE_HELD_ROLES = [
  "STABLE_ISSUER",
  "STABLE_COMPLIANCE",
  "STABLE_RESCUER",
  "BRIDGE_ADMIN",
  "GOLD_CUSTODIAN",
  "GOLD_PRICE_FEED",
] as const satisfies readonly RoleName[];
export type ReserveHeldRole = (typeof RESERVE_HELD_ROLES)[number];

/**
 * The parties a stablecoin on another chain needs (parameters of the BridgedStablecoin module): its compliance
 * desk (blacklist and pause; unpause delayed), rescuer, bridge admin, a guardian who may cancel the delayed
 * operations (unpause, bridge limits, rescues, role grants) during their delay, and governance (the governance Safe
 * on that chain): it holds GOVERNANCE and ADMIN with the delay, as at home, and administers the roles there once
 * the deployer has renounced ADMIN.
 */
export const BRIDGED_HELD_ROLES = [
  "STABLE_COMPLIANCE",
  "STABLE_RESCUER",
  "BRIDGE_ADMIN",
  "GUARDIAN",
  "GOVERNANCE",
] as const satisfies readonly RoleName[];
export type BridgedHeldRole = (typeof BRIDGED_HELD_ROLES)[number];

/** Deployment defaults. */
export const RESERVE_DEFAULTS = {
  stableName: "Kazakhstan Tenge Stablecoin",
  stableSymbol: "KZTE",
  /** Each side's spread at the gold desk, basis points. */
  goldSpreadBps: 50,
  /** A gold price older than this halts the desk: 4 days covers a long weekend of daily publications. */
  goldMaxPriceAge: 4 * 24 * 3600,
} as const;
