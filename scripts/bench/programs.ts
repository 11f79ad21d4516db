import { programsLedger, createProgram, cardTokens } from "../../test/programs/fixtures";
import { MCC, encodeTap, type Tap } from "../../src/programs/taps";
import { tenge } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";
import { ref } from "../../test/helpers/fixtures";
import { STEP_ATTESTATION_TYPES, domainOf } from "../../test/programs/eip712";
import { startBenchDay } from "./ledger";
import { expectEffect, gasOf, rowAgainstUpgradeable, type BenchCase, type BenchRow } from "./types";

/** Seconds in a day. */
const DAY = 86_400;
/** The measured batch: 200 taps, 200 different pupils, 10 canteens, 10 terminals. */
const TAPS = 200;
const CANTEENS = 10;
const TERMINALS = 10;
/** A school meal: 650 ₸ (three non-zero bytes, as most real prices). */
const MEAL = tenge(650);

/**
 * Programs rows. programs.lunch.batch200 is the gas of one batch of 200 valid card taps divided by 200, in the
 * steady state of a school day: every pupil is enrolled and ate yesterday (its limits word is non-zero, but cold
 * in the transaction), every terminal submitted yesterday (its bitmap word of tap ids exists), every canteen
 * already holds DKZT. 200 different pupils; 20 taps per terminal; each terminal's taps spread over the 10
 * canteens (Kazpost batches by terminal upload, not by canteen), 20 meals per canteen.
 */
export const programsBench: BenchCase = async (hre, baselines) => {
  await startBenchDay(hre);
  const f = await programsLedger();
  const { purposePrograms: pp, akimat, agent, canteens, ledger } = f;
  const rows: BenchRow[] = [];

  const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  const programId = await createProgram(f, akimat, {
    start: now,
    end: now + BigInt(180 * DAY),
    perDay: tenge(1_500),
    perProgram: tenge(200_000),
    budget: tenge(1_000_000),
  });
  await gasOf(pp.connect(akimat).setAgent(programId, agent.address, true));
  await gasOf(pp.connect(akimat).setRecipientCategory(programId, MCC.CANTEEN, true));
  await gasOf(pp.connect(akimat).registerBeneficiaries(programId, cardTokens(TAPS)));
  const batchCanteens = canteens.slice(0, CANTEENS).map((c) => c.address);

  /** Day `day`'s batch: pupil i taps at terminal i % 10 (sequence continuing the terminal's), canteen (i * 3) % 10. */
  const batch = (day: number): bigint[] =>
    Array.from({ length: TAPS }, (_, i): Tap => {
      const terminal = 1_000 + (i % TERMINALS);
      const sequence = day * (TAPS / TERMINALS) + Math.floor(i / TERMINALS) + 1;
      return { terminal, sequence, beneficiary: i + 1, amount: MEAL, canteen: (i * 3) % CANTEENS };
    }).map(encodeTap);

  // Yesterday: every pupil ate, every terminal and canteen was used.
  await gasOf(pp.connect(agent).submitTaps(programId, batchCanteens, batch(0)));
  await hre.network.provider.send("evm_increaseTime", [DAY]);
  await hre.network.provider.send("evm_mine", []);

  const before = await ledger.balanceOf(batchCanteens[0]);
  const budgetBefore = (await pp.programOf(programId)).budget;
  const gas = await gasOf(pp.connect(agent).submitTaps(programId, batchCanteens, batch(1)));
  expectEffect("lunch batch: budget", (await pp.programOf(programId)).budget, budgetBefore - BigInt(TAPS) * MEAL);
  expectEffect(
    "lunch batch: canteen 0 paid",
    await ledger.balanceOf(batchCanteens[0]),
    before + BigInt(TAPS / CANTEENS) * MEAL,
  );
  expectEffect("lunch batch: pupil 200 today", (await pp.beneficiaryOf(programId, TAPS)).spentToday, MEAL);
  const perTap = gas / BigInt(TAPS);
  rows.push(
    rowAgainstUpgradeable("programs.lunch.batch200", perTap, baselines, {
      target: 0.5,
      note: `per tap: batch gasUsed ${gas.toLocaleString("en-US")} / ${TAPS}; 200 pupils, ${CANTEENS} canteens (one ledger payment each), ${TERMINALS} terminals; every pupil and terminal seen the day before`,
    }),
  );
  // ---- programs.m2e.claim: a relayer submits alice's oracle-signed attestation; schedule of 4 rows, reward under the cap.
  const { moveToEarn: m2e, sponsor, oracle, alice, bob } = f;
  const relayer = f.spare[23];
  await gasOf(m2e.connect(sponsor).addOracle(oracle.address));
  await gasOf(
    m2e.connect(sponsor).setSchedule([3_000, 6_000, 10_000, 15_000], [tenge(20), tenge(50), tenge(120), tenge(200)]),
  );
  await gasOf(m2e.connect(sponsor).setDailyCap(tenge(150)));
  await gasOf(m2e.connect(sponsor).fund(tenge(10_000)));
  const today = await ledger.today();
  const deadline = 2n ** 32n - 1n;
  const claimOf = async (account: string, day: bigint, n: number) => {
    const a = { account, day, steps: 12_345n, claimId: hre.ethers.id(`m2e bench claim ${n}`), deadline };
    return { a, sig: await oracle.signTypedData(await domainOf(m2e), STEP_ATTESTATION_TYPES, a) };
  };
  // Alice walks daily: she claimed yesterday (and bob today), so her days' bitmap word exists.
  for (const [i, [who, day]] of (
    [
      [alice.address, today - 1n],
      [bob.address, today],
    ] as const
  ).entries()) {
    const warm = await claimOf(who, day, i);
    await gasOf(m2e.connect(relayer).claim(warm.a, 1, warm.sig));
  }
  const measured = await claimOf(alice.address, today, 9);
  const aliceBefore = await ledger.balanceOf(alice.address);
  const claimGas = await gasOf(m2e.connect(relayer).claim(measured.a, 1, measured.sig));
  expectEffect("m2e claim: alice paid", await ledger.balanceOf(alice.address), aliceBefore + tenge(120));
  rows.push(
    rowAgainstUpgradeable("programs.m2e.claim", claimGas, baselines, {
      note: "oracle EIP-712 attestation relayed; 12 345 steps on a 4-row schedule, 120 ₸ paid from the pool to an existing holder; new claim id; alice claimed yesterday (days bitmap word exists unless today starts a 256-day word)",
    }),
  );
  // ---- programs.procurement.milestone: the funder accepts a contractor's second milestone (budget -> marked).
  const { markedPrograms: mp, bankB } = f;
  const contractor = f.spare[15];
  await gasOf(
    ledger.connect(bankB).onboardCustomer(contractor.address, AccountKind.Merchant, Tier.BUSINESS, ref("contractor")),
  );
  const start = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  await gasOf(
    mp
      .connect(akimat)
      .createProgram({ kbk: 101_101_001n, start, end: start + BigInt(365 * DAY), ref: ref("NF") }, tenge(1_000_000)),
  );
  const markedId = await mp.programCount();
  await gasOf(mp.connect(akimat).registerContractor(markedId, contractor.address, ref("contract-1")));
  await gasOf(
    mp.connect(akimat).acceptMilestone(markedId, contractor.address, hre.ethers.id("milestone 1"), tenge(250_000)),
  );
  const milestoneGas = await gasOf(
    mp.connect(akimat).acceptMilestone(markedId, contractor.address, hre.ethers.id("milestone 2"), tenge(250_000)),
  );
  expectEffect(
    "milestone: contractor's marked balance",
    (await mp.partyOf(markedId, contractor.address)).marked,
    tenge(500_000),
  );
  rows.push(
    rowAgainstUpgradeable("programs.procurement.milestone", milestoneGas, baselines, {
      note: "funder accepts a general contractor's second milestone: budget -> marked balance (no DKZT moves; new milestone id recorded)",
    }),
  );
  return rows;
};
