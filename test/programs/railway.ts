/** The marked procurement fixture (a railway's chain) and the books every marked test checks. */
import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { AddressLike } from "ethers";
import type { MarkedPrograms } from "../../typechain-types";
import { tenge } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";
import { MCC } from "../../src/programs/taps";
import { ledgerState } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { programsLedger, type ProgramsFixture } from "./fixtures";

export const KBK = 101_101_001n; // the National Fund's transfer to the republican budget (illustrative)
export const BUDGET = tenge(1_000_000);

export type Railway = ProgramsFixture & {
  programId: bigint;
  contractor: HardhatEthersSigner;
  sub1: HardhatEthersSigner;
  sub2: HardhatEthersSigner;
  supplier: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
};

/** `parent` offers `sub` a subcontract and `sub` accepts it: `sub` joins the chain below `parent`. */
export async function subcontract(
  mp: MarkedPrograms,
  programId: bigint,
  parent: HardhatEthersSigner,
  sub: HardhatEthersSigner,
  contractRef: string,
): Promise<void> {
  await mp.connect(parent).offerSubcontract(programId, sub.address, contractRef);
  await mp.connect(sub).acceptSubcontract(programId, parent.address, contractRef);
}

/**
 * The akimat's marked program (standing in for the National Fund): 1 000 000 ₸ from KBK 101101001 for a year;
 * final suppliers are building-materials merchants (5211). The general contractor is registered; sub1 is the
 * contractor's subcontractor and sub2 sub1's; the supplier sells cement (5211); the outsider is a merchant of
 * another category. All organisations at bank B.
 */
export async function railway(): Promise<Railway> {
  const f = await programsLedger();
  const { markedPrograms: mp, akimat, ledger, bankB, merchantCategories } = f;
  const [contractor, sub1, sub2, supplier, outsider] = f.spare.slice(15, 20);
  for (const [who, name] of [
    [contractor, "kaztemirtrans-contractor"],
    [sub1, "sub-bridges"],
    [sub2, "sub-rails"],
    [supplier, "cement-shymkent"],
    [outsider, "car-dealer"],
  ] as const) {
    await ledger.connect(bankB).onboardCustomer(who.address, AccountKind.Merchant, Tier.BUSINESS, ref(name));
  }
  await merchantCategories.connect(bankB).setCategory(supplier.address, MCC.CONSTRUCTION_MATERIALS);
  await merchantCategories.connect(bankB).setCategory(outsider.address, 5511);
  const now = BigInt(await time.latest());
  await mp
    .connect(akimat)
    .createProgram({ kbk: KBK, start: now, end: now + 365n * 86_400n, ref: ref("NF-decree") }, BUDGET);
  const programId = await mp.programCount();
  await mp.connect(akimat).setRecipientCategory(programId, MCC.CONSTRUCTION_MATERIALS, true);
  await mp.connect(akimat).registerContractor(programId, contractor.address, ref("contract-1"));
  await subcontract(mp, programId, contractor, sub1, ref("contract-1.1"));
  await subcontract(mp, programId, sub1, sub2, ref("contract-1.1.1"));
  return { ...f, programId, contractor, sub1, sub2, supplier, outsider };
}

/** The books: contract balance == Σ (budget + marked); Σ parties' marked == marked total; funded adds up. */
export async function expectMarkedBooks(f: Railway): Promise<void> {
  const { markedPrograms: mp, ledger } = f;
  let held = 0n;
  for (let id = 1n; id <= (await mp.programCount()); id++) {
    const p = await mp.programOf(id);
    const marked = await mp.markedTotal(id);
    expect(p.budget + marked + p.paidOut + p.returned).to.equal(p.funded, `program ${id}'s books`);
    held += p.budget + marked;
  }
  expect(await ledger.balanceOf(await mp.getAddress())).to.equal(held, "contract balance != Σ budget + marked");
  let parties = 0n;
  for (const who of [f.contractor, f.sub1, f.sub2]) parties += (await mp.partyOf(f.programId, who.address)).marked;
  expect(parties).to.equal(await mp.markedTotal(f.programId), "Σ marked balances != marked total");
}

/** A rejected call changes neither the ledger nor the chain's marked balances nor the program. */
export async function expectMarkedRejected(
  f: Railway,
  accounts: AddressLike[],
  action: () => Promise<unknown>,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const { markedPrograms: mp, ledger, programId } = f;
  const read = async () => ({
    ledger: await ledgerState(ledger, [...accounts, mp, f.contractor, f.sub1, f.sub2, f.supplier]),
    program: (await mp.programOf(programId)).toString(),
    marked: await mp.markedTotal(programId),
    parties: await Promise.all(
      [f.contractor, f.sub1, f.sub2, f.supplier, f.outsider].map(async (p) =>
        (await mp.partyOf(programId, p.address)).toString(),
      ),
    ),
  });
  const before = await read();
  await assertion(action());
  expect(await read()).to.deep.equal(before, "a rejected call changed something");
}
