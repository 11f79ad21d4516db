import { expect } from "chai";
import type { AddressLike } from "ethers";
import type { PurposePrograms } from "../../typechain-types";
import { ledgerState } from "../helpers/state";
import type { ProgramsFixture } from "./fixtures";

/** Everything of a purpose program a rejected call must leave as it was. */
async function programState(programs: PurposePrograms, programId: bigint) {
  const count = await programs.beneficiaryCount(programId);
  const beneficiaries: string[] = [];
  for (let i = 1n; i <= count; i++) beneficiaries.push((await programs.beneficiaryOf(programId, i)).toString());
  return {
    program: (await programs.programOf(programId)).toString(),
    limits: (await programs.limitsOf(programId)).toString(),
    root: await programs.beneficiaryRootOf(programId),
    count,
    beneficiaries,
    programCount: await programs.programCount(),
  };
}

/**
 * Assert that `action` is rejected (the caller checks the exact error) and that neither the ledger (supply,
 * the accounts' balances and status, the program contract's balance) nor program `programId` changed.
 */
export async function expectProgramRejected<T>(
  f: ProgramsFixture,
  programId: bigint,
  accounts: AddressLike[],
  action: () => Promise<T>,
  assertion: (attempt: Promise<T>) => Promise<void>,
): Promise<void> {
  const all = [...accounts, f.purposePrograms];
  const before = {
    ledger: await ledgerState(f.ledger, all),
    program: await programState(f.purposePrograms, programId),
  };
  await assertion(action());
  const after = { ledger: await ledgerState(f.ledger, all), program: await programState(f.purposePrograms, programId) };
  expect(after).to.deep.equal(before, "a rejected call changed the ledger or the program");
}
