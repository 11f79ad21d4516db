import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { TapRejection, encodeTap, tapId, type Tap } from "../../src/programs/taps";
import { LUNCH, lunchProgram, expectProgramsHoldBudgets } from "./fixtures";

/** A small program state the model tracks: 20 pupils (1..20), pupil 20 revoked, canteens 0..2 eligible, 3 not. */
interface Model {
  settled: Set<bigint>;
  today: Map<number, bigint>;
  total: Map<number, bigint>;
  budget: bigint;
}

const PER_DAY = tenge(1_500);
const PER_PROGRAM = tenge(3_000);

/** What the contract must decide for one tap, in order, against the state the earlier taps left. */
function decide(m: Model, t: Tap, canteens: number): number {
  const id = tapId(t.terminal, t.sequence);
  if (m.settled.has(id)) return TapRejection.TapDuplicate;
  if (t.canteen >= canteens) return TapRejection.CanteenIndexOutOfRange;
  if (t.canteen === 3) return TapRejection.RecipientNotEligible;
  if (t.amount === 0n) return TapRejection.AmountZero;
  if (t.beneficiary < 1 || t.beneficiary > 20) return TapRejection.BeneficiaryUnknown;
  if (t.beneficiary === 20) return TapRejection.BeneficiaryRevoked;
  const today = (m.today.get(t.beneficiary) ?? 0n) + t.amount;
  if (today > PER_DAY) return TapRejection.DailyLimitExceeded;
  const total = (m.total.get(t.beneficiary) ?? 0n) + t.amount;
  if (total > PER_PROGRAM) return TapRejection.ProgramLimitExceeded;
  if (t.amount > m.budget) return TapRejection.BudgetExhausted;
  m.settled.add(id);
  m.today.set(t.beneficiary, today);
  m.total.set(t.beneficiary, total);
  m.budget -= t.amount;
  return TapRejection.None;
}

const arbTap = fc.record({
  terminal: fc.integer({ min: 1, max: 3 }),
  sequence: fc.integer({ min: 0, max: 600 }), // crosses bitmap words (256 per word)
  beneficiary: fc.integer({ min: 0, max: 22 }),
  amount: fc.constantFrom(0n, tenge(400), tenge(800), tenge(1_200), tenge(2_000)),
  canteen: fc.integer({ min: 0, max: 4 }),
});

describe("PurposePrograms: batches against a reference model (property) @plain", () => {
  async function small() {
    const f = await lunchProgram();
    const { purposePrograms: pp, programId, akimat, canteens } = f;
    await pp.connect(akimat).setLimits(programId, { perDay: PER_DAY, perProgram: PER_PROGRAM });
    await pp.connect(akimat).revokeBeneficiary(programId, 20);
    // Canteens 0..2 are canteens (eligible by category); the 4th in each batch is the bookshop (not eligible).
    return { ...f, batchCanteens: [canteens[0].address, canteens[1].address, canteens[2].address, f.bookshop.address] };
  }

  it("settles exactly the taps the model accepts, reports the others with the model's reason, and pays each canteen its sum", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(arbTap, { maxLength: 25 }), { minLength: 1, maxLength: 3 }),
        async (batches) => {
          const f = await loadFixture(small);
          const { purposePrograms: pp, programId, agent, ledger, batchCanteens } = f;
          const model: Model = { settled: new Set(), today: new Map(), total: new Map(), budget: LUNCH.budget };
          for (const batch of batches) {
            const expectedPaid = [0n, 0n, 0n, 0n];
            const expectedRejections: [bigint, number, number][] = [];
            for (const t of batch) {
              const reason = decide(model, t, batchCanteens.length);
              if (reason === TapRejection.None) expectedPaid[t.canteen] += t.amount;
              else expectedRejections.push([tapId(t.terminal, t.sequence), t.beneficiary, reason]);
            }
            const before = await Promise.all(batchCanteens.map((c) => ledger.balanceOf(c)));
            const receipt = await (
              await pp.connect(agent).submitTaps(programId, batchCanteens, batch.map(encodeTap))
            ).wait();
            const rejections = receipt!.logs
              .map((l) => pp.interface.parseLog(l))
              .filter((e) => e?.name === "TapRejected")
              .map((e) => [e!.args.tapId as bigint, Number(e!.args.beneficiary), Number(e!.args.reason)]);
            expect(rejections).to.deep.equal(expectedRejections);
            const after = await Promise.all(batchCanteens.map((c) => ledger.balanceOf(c)));
            expect(after.map((b, i) => b - before[i])).to.deep.equal(expectedPaid);
            expect((await pp.programOf(programId)).budget).to.equal(model.budget);
          }
          for (const [beneficiary, total] of model.total) {
            expect((await pp.beneficiaryOf(programId, beneficiary)).spentTotal).to.equal(total);
          }
          await expectProgramsHoldBudgets(f);
        },
      ),
      { numRuns: 25 },
    );
  });
});
