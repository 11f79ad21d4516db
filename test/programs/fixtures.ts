import hre, { ethers } from "hardhat";
import { expect } from "chai";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import SuiteModule from "../../ignition/modules/Governance";
import ProgramsModule from "../../ignition/modules/Programs";
import { AccessManager__factory, DigitalTenge__factory, IssuanceDesk__factory } from "../../typechain-types";
import type { PurposePrograms } from "../../typechain-types";
import { suiteParameters, type CoreSuite as Suite } from "../../src/suite";
import { connectPrograms, grantProgramMandates, onboardPrograms, type ProgramsSuite } from "../../src/programs/deploy";
import { MCC, NO_LIMIT } from "../../src/programs/taps";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { actors, populate, ref, type Actors } from "../helpers/fixtures";
import { ignitionConfig } from "../../src/ignition";

/** The production suite and the Programs module, composed as the merged Suite module will compose them. */
const SuiteWithPrograms = buildModule("SuiteWithPrograms", (m) => {
  const suite = m.useModule(SuiteModule);
  const programs = m.useModule(ProgramsModule);
  return { ...suite, ...programs };
});

export interface ProgramActors {
  /** Almaty akimat: a government account at bank A, the school lunch program's funder. */
  akimat: HardhatEthersSigner;
  /** A ministry: another government account (bank B), funder of nobody's program here. */
  ministry: HardhatEthersSigner;
  /** Ten school canteens: merchants at bank A, category 5814. */
  canteens: HardhatEthersSigner[];
  /** A bookshop (merchant at bank A, category 5942): not a canteen. */
  bookshop: HardhatEthersSigner;
  /** A minor with a DKZT account at bank A, and its guardian (an individual at bank A). */
  minor: HardhatEthersSigner;
  parent: HardhatEthersSigner;
  /** The move-to-earn campaign's sponsor (a business at bank A holding 100 000 ₸) and two oracle keys. */
  sponsor: HardhatEthersSigner;
  oracle: HardhatEthersSigner;
  oracle2: HardhatEthersSigner;
}

export type ProgramsFixture = Suite & Actors & ProgramsSuite & ProgramActors;

/**
 * Deployed through Ignition, populated, programs onboarded; the akimat and the ministry mandated the purpose and
 * marked programs, the sponsor its campaign (`grantProgramMandates`); akimat holds 5 000 000 ₸, the ministry
 * 100 000 ₸, the minor 5 000 ₸.
 */
export async function programsLedger(): Promise<ProgramsFixture> {
  const a = await actors();
  const deployed = await hre.ignition.deploy(SuiteWithPrograms, {
    parameters: {
      ...suiteParameters({
        CENTRAL_BANK: a.centralBank.address,
        OPERATOR: a.operator.address,
        COMPLIANCE: a.compliance.address,
        GOVERNANCE: a.governance.address,
        GUARDIAN: a.guardian.address,
        ISSUANCE_DESK: a.deskKey.address,
      }),
      Programs: { M2E_SPONSOR: a.spare[20].address },
    },
    displayUi: false,
    config: ignitionConfig(hre),
  });
  const runner = a.deployer;
  const suite: Suite = {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), runner),
    ledger: DigitalTenge__factory.connect(await deployed.ledger.getAddress(), runner),
    desk: IssuanceDesk__factory.connect(await deployed.desk.getAddress(), runner),
  };
  const programs = connectPrograms(
    {
      merchantCategories: await deployed.merchantCategories.getAddress(),
      guardianRules: await deployed.guardianRules.getAddress(),
      purposePrograms: await deployed.purposePrograms.getAddress(),
      markedPrograms: await deployed.markedPrograms.getAddress(),
      moveToEarn: await deployed.moveToEarn.getAddress(),
    },
    runner,
  );
  const f = await populate({ ...suite, ...a });
  await onboardPrograms(f.ledger, f.operator, programs);

  const [akimat, ministry, bookshop, minor, parent, ...rest] = a.spare;
  const [sponsor, oracle, oracle2] = a.spare.slice(20, 23);
  const canteens = rest.slice(0, 10);
  const { ledger, bankA, bankB } = f;
  await ledger
    .connect(bankA)
    .onboardCustomer(akimat.address, AccountKind.Government, Tier.UNLIMITED, ref("akimat-almaty"));
  await ledger.connect(bankB).onboardCustomer(ministry.address, AccountKind.Government, Tier.UNLIMITED, ref("min-edu"));
  await ledger.connect(bankA).onboardCustomer(bookshop.address, AccountKind.Merchant, Tier.BUSINESS, ref("shop-books"));
  await ledger
    .connect(bankA)
    .onboardCustomer(minor.address, AccountKind.Individual, Tier.ANONYMOUS_LITE, ref("cust-minor"));
  await ledger
    .connect(bankA)
    .onboardCustomer(parent.address, AccountKind.Individual, Tier.STANDARD, ref("cust-parent"));
  await programs.merchantCategories.connect(bankA).setCategory(bookshop.address, MCC.BOOKS);
  for (const [i, canteen] of canteens.entries()) {
    await ledger
      .connect(bankA)
      .onboardCustomer(canteen.address, AccountKind.Merchant, Tier.BUSINESS, ref(`canteen-${i}`));
    await programs.merchantCategories.connect(bankA).setCategory(canteen.address, MCC.CANTEEN);
  }
  await ledger.connect(f.centralBank).issue(bankA.address, tenge(5_000_000), ref("RSV-A-PROGRAMS"));
  await ledger.connect(bankA).transfer(akimat.address, tenge(5_000_000));
  await ledger.connect(bankB).transfer(ministry.address, tenge(100_000));
  await ledger.connect(bankA).transfer(minor.address, tenge(5_000));
  await ledger.connect(bankA).onboardCustomer(sponsor.address, AccountKind.Merchant, Tier.BUSINESS, ref("m2e-sponsor"));
  await ledger.connect(bankA).transfer(sponsor.address, tenge(100_000));
  // The funders' own mandates, as a deployment's funders give them before funding (the ledger refuses a module's
  // debit of an account that gave it none).
  const programContracts = [programs.purposePrograms, programs.markedPrograms];
  await grantProgramMandates(ledger, akimat, programContracts);
  await grantProgramMandates(ledger, ministry, programContracts);
  await grantProgramMandates(ledger, sponsor, [programs.moveToEarn]);
  return { ...f, ...programs, akimat, ministry, canteens, bookshop, minor, parent, sponsor, oracle, oracle2 };
}

/** The school lunch program's terms: 1 000 000 ₸ from KBK 464003011, a meal ≤ 1 500 ₸ a day, 200 000 ₸ a year. */
export const LUNCH = {
  kbk: 464_003_011n,
  budget: tenge(1_000_000),
  meal: tenge(800),
  perDay: tenge(1_500),
  perProgram: tenge(200_000),
  days: 180,
} as const;

/** Card tokens of `n` pupils: opaque hashes (what the card issuer derives; never a PAN). */
export function cardTokens(n: number, salt = "onay"): string[] {
  return Array.from({ length: n }, (_, i) => ethers.id(`${salt}:card:${i}`));
}

/**
 * The akimat's school lunch program: open from now for LUNCH.days days, Kazpost (the `agent`) submitting,
 * canteen category 5814 eligible, 20 pupils enrolled by card token (indexes 1..20).
 * Built on {programsLedger} restored from its snapshot (loadFixture), not deployed again: call it through loadFixture,
 * or first thing in another fixture.
 */
export async function lunchProgram(): Promise<ProgramsFixture & { programId: bigint; cards: string[] }> {
  const f = await loadFixture(programsLedger);
  const { purposePrograms, akimat, agent } = f;
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const programId = await createProgram(f, akimat, {
    start: now,
    end: now + BigInt(LUNCH.days * 86_400),
    perDay: LUNCH.perDay,
    perProgram: LUNCH.perProgram,
    budget: LUNCH.budget,
  });
  const byAkimat = purposePrograms.connect(akimat);
  await byAkimat.setAgent(programId, agent.address, true);
  await byAkimat.setRecipientCategory(programId, MCC.CANTEEN, true);
  const cards = cardTokens(20);
  await byAkimat.registerBeneficiaries(programId, cards);
  return { ...f, programId, cards };
}

/** Create a program through the funder's call and return its id. */
export async function createProgram(
  f: { purposePrograms: PurposePrograms; ledger: Suite["ledger"] },
  funder: HardhatEthersSigner,
  o: { start: bigint; end: bigint; perDay?: bigint; perProgram?: bigint; budget: bigint; kbk?: bigint },
): Promise<bigint> {
  const terms = { kbk: o.kbk ?? LUNCH.kbk, start: o.start, end: o.end, ref: ref("decree-2023-11") };
  const limits = { perDay: o.perDay ?? NO_LIMIT, perProgram: o.perProgram ?? NO_LIMIT };
  await (await f.purposePrograms.connect(funder).createProgram(terms, limits, o.budget)).wait();
  return f.purposePrograms.programCount();
}

/** The program contract's DKZT equals the sum of its programs' unspent budgets (rule: no shadow balances). */
export async function expectProgramsHoldBudgets(f: ProgramsFixture): Promise<void> {
  const { purposePrograms, ledger } = f;
  let sum = 0n;
  const count = await purposePrograms.programCount();
  for (let id = 1n; id <= count; id++) sum += (await purposePrograms.programOf(id)).budget;
  expect(await ledger.balanceOf(await purposePrograms.getAddress())).to.equal(sum, "program balance != Σ budgets");
}
