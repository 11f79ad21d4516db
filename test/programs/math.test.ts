import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ProgramMathHarness__factory, type ProgramMathHarness } from "../../typechain-types";

const MAX96 = 2n ** 96n - 1n;
const ENROLLED = 1n << 255n;
const ACCOUNT = 1n << 253n;
const REVOKED = 1n << 254n;

async function harness(): Promise<ProgramMathHarness> {
  const [deployer] = await ethers.getSigners();
  return new ProgramMathHarness__factory(deployer).deploy();
}

/** A word as the contract builds it: flags, day, today's and the program's counters. */
const arbWord = fc
  .record({
    flags: fc.constantFrom(ENROLLED, ENROLLED | ACCOUNT, ENROLLED | REVOKED),
    day: fc.bigInt({ min: 0n, max: 2n ** 32n - 2n }), // the day spent on (this or the next) is < 2^32: a precondition
    today: fc.bigInt({ min: 0n, max: MAX96 }),
    total: fc.bigInt({ min: 0n, max: MAX96 }),
  })
  .map(({ flags, day, today, total }) => ({
    word: flags | (total << 128n) | (today << 32n) | day,
    flags,
    day,
    today,
    total,
  }));

const arbLimit = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 9n }),
  fc.bigInt({ min: 0n, max: MAX96 }),
  fc.constant(MAX96),
);

describe("Programs money math (properties)", () => {
  describe("BeneficiaryWord.spend", () => {
    it("accepts exactly the spends within both limits, counts them to the tiyn, and keeps the flags", async () => {
      const h = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(
          arbWord,
          fc.boolean(),
          fc.bigInt({ min: 0n, max: 10n ** 12n }),
          arbLimit,
          arbLimit,
          async (w, sameDay, amount, perDay, perProgram) => {
            const day = sameDay ? w.day : w.day + 1n;
            const [newWord, refusal, attempted] = await h.spend(w.word, day, amount, perDay, perProgram);
            const today = (sameDay ? w.today : 0n) + amount;
            const total = w.total + amount;
            if (today > perDay) {
              expect([newWord, refusal, attempted]).to.deep.equal([w.word, 1n, today]);
            } else if (total > perProgram) {
              expect([newWord, refusal, attempted]).to.deep.equal([w.word, 2n, total]);
            } else {
              expect(refusal).to.equal(0n);
              expect(await h.spentOn(newWord, day)).to.equal(today);
              expect(await h.spentTotal(newWord)).to.equal(total);
              expect(newWord >> 253n).to.equal(w.flags >> 253n);
              expect(await h.spentOn(newWord, day + 1n)).to.equal(0n);
            }
          },
        ),
        { numRuns: 150 },
      );
    });

    it("an enrolled word is never zero, and an account's carries the ACCOUNT flag", async () => {
      const h = await loadFixture(harness);
      expect(await h.enrolled(false)).to.equal(ENROLLED);
      expect(await h.enrolled(true)).to.equal(ENROLLED | ACCOUNT);
    });
  });

  describe("StepSchedule", () => {
    const arbTable = fc
      .uniqueArray(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 16 })
      .chain((thresholds) =>
        fc.tuple(
          fc.constant([...thresholds].sort((a, b) => a - b)),
          fc.array(fc.bigInt({ min: 1n, max: MAX96 }), { minLength: thresholds.length, maxLength: thresholds.length }),
        ),
      );

    it("pays the reward of the highest threshold reached, capped, never more than either", async () => {
      const h = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(
          arbTable,
          fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          arbLimit,
          async ([thresholds, rewards], steps, cap) => {
            expect(await h.validate(thresholds, rewards)).to.deep.equal([0n, 0n]);
            await (await h.setTable(thresholds, rewards)).wait();
            let scheduled = 0n;
            thresholds.forEach((t, i) => {
              if (steps >= t) scheduled = rewards[i];
            });
            const paid = await h.rewardFor(steps, cap);
            expect(paid).to.equal(scheduled < cap ? scheduled : cap);
          },
        ),
        { numRuns: 60 },
      );
    });

    it("rejects any table that is not strictly increasing with positive rewards", async () => {
      const h = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 16 }),
          fc.array(fc.bigInt({ min: 0n, max: 3n }), { minLength: 1, maxLength: 16 }),
          async (thresholds, rewardsRaw) => {
            const rewards = rewardsRaw.slice(0, thresholds.length);
            const [flaw, row] = await h.validate(thresholds, rewards);
            let expected: [bigint, bigint] = [0n, 0n];
            if (rewards.length !== thresholds.length) expected = [3n, BigInt(rewards.length)];
            else {
              for (let i = 0; i < thresholds.length; i++) {
                if (i > 0 && thresholds[i] <= thresholds[i - 1]) {
                  expected = [4n, BigInt(i)];
                  break;
                }
                if (rewards[i] === 0n) {
                  expected = [5n, BigInt(i)];
                  break;
                }
              }
            }
            expect([flaw, row]).to.deep.equal(expected);
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe("AlmatyTime.day", () => {
    it("rolls over at Almaty midnight (19:00 UTC), as the ledger's today()", async () => {
      const h = await loadFixture(harness);
      const day = 20_000n; // 2024-10-04
      const midnightUtc = day * 86_400n;
      expect(await h.almatyDay(midnightUtc - 5n * 3_600n - 1n)).to.equal(day - 1n);
      expect(await h.almatyDay(midnightUtc - 5n * 3_600n)).to.equal(day);
      expect(await h.almatyDay(midnightUtc + 19n * 3_600n - 1n)).to.equal(day);
      expect(await h.almatyDay(midnightUtc + 19n * 3_600n)).to.equal(day + 1n);
    });

    it("is floor((t + 5 h) / 1 day) for every time (property)", async () => {
      const h = await loadFixture(harness);
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: 0n, max: 2n ** 64n }), async (t) => {
          expect(await h.almatyDay(t)).to.equal((t + 18_000n) / 86_400n);
        }),
        { numRuns: 50 },
      );
    });
  });
});
