import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Safe } from "../../typechain-types/safe";
import { actors, type Actors } from "./fixtures";
import { deploySuite, type Suite } from "../../src/suite";
import { createSafe, deploySafeInfra } from "../../src/governance/safe";
import { DEFAULT_EXECUTION_DELAY } from "../../src/roles";

export interface Governed extends Suite, Actors {
  cbSafe: Safe;
  opSafe: Safe;
  govSafe: Safe;
  cbOfficers: HardhatEthersSigner[];
  opOfficers: HardhatEthersSigner[];
  board: HardhatEthersSigner[];
  delay: number;
}

/**
 * A production-shaped deployment: the central bank, the operator and governance are 2-of-3 Safes, delayed
 * grants wait DEFAULT_EXECUTION_DELAY, and the Handover module has run (the deployer keeps nothing).
 */
export async function governedSuite(): Promise<Governed> {
  const a = await actors();
  const [c1, c2, c3, o1, o2, o3, b1, b2, b3] = a.spare;
  const infra = await deploySafeInfra(a.deployer);
  const cbSafe = await createSafe(
    infra,
    a.deployer,
    [c1, c2, c3].map((s) => s.address),
    2,
    1n,
  );
  const opSafe = await createSafe(
    infra,
    a.deployer,
    [o1, o2, o3].map((s) => s.address),
    2,
    2n,
  );
  const govSafe = await createSafe(
    infra,
    a.deployer,
    [b1, b2, b3].map((s) => s.address),
    2,
    3n,
  );
  const suite = await deploySuite(
    hre,
    {
      CENTRAL_BANK: await cbSafe.getAddress(),
      OPERATOR: await opSafe.getAddress(),
      COMPLIANCE: a.compliance.address,
      GOVERNANCE: await govSafe.getAddress(),
      GUARDIAN: a.guardian.address,
      ISSUANCE_DESK: a.deskKey.address,
    },
    { executionDelay: DEFAULT_EXECUTION_DELAY, handover: true },
  );
  return {
    ...a,
    ...suite,
    cbSafe,
    opSafe,
    govSafe,
    cbOfficers: [c1, c2, c3],
    opOfficers: [o1, o2, o3],
    board: [b1, b2, b3],
    delay: DEFAULT_EXECUTION_DELAY,
  };
}
