import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Safe } from "../../typechain-types/safe";
import { actors, type Actors } from "./fixtures";
import { deploySuite, type RoleHolders, type Suite, type SuiteHolders } from "../../src/suite";
import { createSafe, deploySafeInfra } from "../../src/governance/safe";
import {
  BRIDGED_HELD_ROLES,
  deployBridgedStablecoin,
  type BridgedDeployment,
  type BridgedHolders,
} from "../../src/reserves";
import { DEFAULT_EXECUTION_DELAY, type CapabilityParty, type LedgerParty } from "../../src/roles";

/** The capability parties and the foreign central bank's parties of the whole suite, as named signers. */
export interface SuiteParties {
  /** State Revenue Committee's key (VAT schedule, budget account, refunds): a delayed grant. */
  taxAuthority: HardhatEthersSigner;
  /** Holders of the reserves roles (STABLE_ISSUER … GOLD_PRICE_FEED). */
  reserveRoles: Record<Exclude<CapabilityParty, "TAX_AUTHORITY">, HardhatEthersSigner>;
  treasury: HardhatEthersSigner;
  sponsor: HardhatEthersSigner;
  foreign: Record<LedgerParty, HardhatEthersSigner>;
}

export interface Governed extends Suite, Actors, SuiteParties {
  cbSafe: Safe;
  opSafe: Safe;
  govSafe: Safe;
  cbOfficers: HardhatEthersSigner[];
  opOfficers: HardhatEthersSigner[];
  board: HardhatEthersSigner[];
  delay: number;
  /** Who the deployment named for every party (addresses). */
  holders: SuiteHolders;
  /** Wall-clock milliseconds the whole-suite deployment (Suite + Handover modules) took. */
  deployMs: number;
}

/**
 * The Safe contracts deployed by `deployer`, and a 2-of-3 Safe for each trio of officers, created one after the
 * other with salts `firstSalt`, `firstSalt + 1`, …
 */
export async function twoOfThreeSafes(
  deployer: HardhatEthersSigner,
  firstSalt: bigint,
  ...trios: HardhatEthersSigner[][]
): Promise<Safe[]> {
  const infra = await deploySafeInfra(deployer);
  const safes: Safe[] = [];
  for (const [i, trio] of trios.entries()) {
    safes.push(
      await createSafe(
        infra,
        deployer,
        trio.map((s) => s.address),
        2,
        firstSalt + BigInt(i),
      ),
    );
  }
  return safes;
}

/** Named signers for the whole suite's extra parties, from the spare accounts after the Safes' officers. */
export function suiteParties(a: Actors): SuiteParties {
  const s = a.spare.slice(9);
  return {
    taxAuthority: s[0],
    reserveRoles: {
      STABLE_ISSUER: s[1],
      STABLE_COMPLIANCE: s[2],
      STABLE_RESCUER: s[3],
      BRIDGE_ADMIN: s[4],
      GOLD_CUSTODIAN: s[5],
      GOLD_PRICE_FEED: s[6],
    },
    treasury: s[7],
    sponsor: s[8],
    foreign: { CENTRAL_BANK: s[9], OPERATOR: s[10], COMPLIANCE: s[11], GOVERNANCE: s[12] },
  };
}

/** The holders of the capability and foreign parties, as deploySuite takes them. */
export function partyHolders(p: SuiteParties): Omit<SuiteHolders, keyof RoleHolders> {
  return {
    TAX_AUTHORITY: p.taxAuthority.address,
    ...(Object.fromEntries(Object.entries(p.reserveRoles).map(([role, s]) => [role, s.address])) as Record<
      Exclude<CapabilityParty, "TAX_AUTHORITY">,
      string
    >),
    TREASURY: p.treasury.address,
    M2E_SPONSOR: p.sponsor.address,
    foreign: {
      CENTRAL_BANK: p.foreign.CENTRAL_BANK.address,
      OPERATOR: p.foreign.OPERATOR.address,
      COMPLIANCE: p.foreign.COMPLIANCE.address,
      GOVERNANCE: p.foreign.GOVERNANCE.address,
    },
  };
}

/**
 * A production-shaped deployment of the whole suite: the central bank, the operator and governance are 2-of-3
 * Safes, delayed grants wait DEFAULT_EXECUTION_DELAY, and the Handover module has run (the deployer keeps
 * nothing).
 */
export async function governedSuite(): Promise<Governed> {
  const a = await actors();
  const [c1, c2, c3, o1, o2, o3, b1, b2, b3] = a.spare;
  const [cbSafe, opSafe, govSafe] = await twoOfThreeSafes(a.deployer, 1n, [c1, c2, c3], [o1, o2, o3], [b1, b2, b3]);
  const parties = suiteParties(a);
  const holders: SuiteHolders = {
    CENTRAL_BANK: await cbSafe.getAddress(),
    OPERATOR: await opSafe.getAddress(),
    COMPLIANCE: a.compliance.address,
    GOVERNANCE: await govSafe.getAddress(),
    GUARDIAN: a.guardian.address,
    ISSUANCE_DESK: a.deskKey.address,
    ...partyHolders(parties),
  };
  const started = Date.now();
  const suite = await deploySuite(hre, holders, { executionDelay: DEFAULT_EXECUTION_DELAY, handover: true });
  const deployMs = Date.now() - started;
  return {
    ...a,
    ...parties,
    ...suite,
    cbSafe,
    opSafe,
    govSafe,
    cbOfficers: [c1, c2, c3],
    opOfficers: [o1, o2, o3],
    board: [b1, b2, b3],
    delay: DEFAULT_EXECUTION_DELAY,
    holders,
    deployMs,
  };
}

/**
 * A mocha `before` hook that deploys the whole suite once, with a timeout that fits a loaded machine (the
 * deployment is a few hundred Ignition futures); the tests then load the snapshot. Call it inside a describe.
 */
export function deployGovernedSuiteFirst(): void {
  before(async function () {
    await loadFixture(governedSuite);
  });
}

/**
 * {governedSuite}, and the stablecoin on another chain with the same delay and the same holders: compliance desk,
 * rescuer, bridge admin, guardian and governance Safe.
 */
export async function governedWithBridged(): Promise<Governed & { remote: BridgedDeployment }> {
  const g = await loadFixture(governedSuite);
  const holders = Object.fromEntries(BRIDGED_HELD_ROLES.map((role) => [role, g.holders[role]])) as BridgedHolders;
  const remote = await deployBridgedStablecoin(hre, holders, { executionDelay: g.delay });
  return { ...g, remote };
}
