import { ethers } from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AccountWordHarness__factory, TierTableHarness__factory } from "../../typechain-types";
import { DEFAULT_TIERS } from "../../src/tiers";
import { UNLIMITED } from "../../src/money";

/*
 * The ledger's two packing libraries, tested on their own through test-only harnesses (contracts/test):
 * TierTable (the configuration word: compact tier limits and the pause flag) and AccountWord (one account in
 * one word). Properties run against independent TypeScript models of the documented layouts.
 */

const RUNS = { numRuns: 150 };
const MAX_UINT256 = 2n ** 256n - 1n;
const mask = (bits: bigint): bigint => (1n << bits) - 1n;

async function harnesses() {
  const [deployer] = await ethers.getSigners();
  const tierTable = await new TierTableHarness__factory(deployer).deploy();
  const accountWord = await new AccountWordHarness__factory(deployer).deploy();
  return { tierTable, accountWord };
}

// ================================================================ TierTable model

const MAX_MANTISSA = 4095n;
const MAX_EXPONENT = 14n;
const UNLIMITED_CODE = 0xf000n;
const PAUSED_BIT = 224n;
const DEFINED_SHIFT = 232n;

/** Whether `limit` is m × 10^e with m ≤ 4095 and e ≤ 14 (or UNLIMITED): defined by existence, not by the algorithm. */
function representable(limit: bigint): boolean {
  if (limit === UNLIMITED) return true;
  for (let e = 0n; e <= MAX_EXPONENT; e++) {
    const p = 10n ** e;
    if (limit % p === 0n && limit / p <= MAX_MANTISSA) return true;
  }
  return false;
}

/** What a 16-bit compact code stands for. */
function decodeModel(code: bigint): bigint {
  const exponent = (code >> 12n) & 0xfn;
  return exponent === 15n ? UNLIMITED : (code & 0xfffn) * 10n ** exponent;
}

const mantissa = fc.bigInt({ min: 0n, max: MAX_MANTISSA });
const exponent = fc.bigInt({ min: 0n, max: MAX_EXPONENT });
/** Every representable finite limit, and UNLIMITED. */
const representableLimit = fc.oneof(
  fc.tuple(mantissa, exponent).map(([m, e]) => m * 10n ** e),
  fc.constant(UNLIMITED),
);
/** Mostly non-representable values, biased to the edges: too many significant digits, too large an exponent. */
const anyLimit = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_UINT256 }),
  fc.bigInt({ min: 0n, max: 10n ** 20n }),
  fc.tuple(fc.bigInt({ min: MAX_MANTISSA + 1n, max: 10n ** 6n }), exponent).map(([m, e]) => m * 10n ** e),
  fc.tuple(mantissa, fc.bigInt({ min: 15n, max: 70n })).map(([m, e]) => m * 10n ** e),
  fc.tuple(mantissa, exponent, fc.bigInt({ min: 1n, max: 9n })).map(([m, e, d]) => m * 10n ** e + d),
  fc.constantFrom(UNLIMITED - 1n, MAX_MANTISSA * 10n ** MAX_EXPONENT + 1n, MAX_MANTISSA * 10n ** 15n, 10n ** 18n),
);
const tier = fc.integer({ min: 0, max: 6 });
const word = fc.oneof(fc.bigInt({ min: 0n, max: MAX_UINT256 }), fc.constantFrom(0n, MAX_UINT256));

/** The 32 bits of tier `t` and its defined bit: all that withTier(config, t, …) may change. */
const tierBits = (t: bigint): bigint => (mask(32n) << (32n * t)) | (1n << (DEFINED_SHIFT + t));

describe("TierTable (library)", () => {
  describe("encode / decode", () => {
    it("round-trips every representable limit m × 10^e (m ≤ 4095, e ≤ 14) into a 16-bit finite code", async () => {
      const { tierTable } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(mantissa, exponent, async (m, e) => {
          const limit = m * 10n ** e;
          const code = await tierTable.encode(limit);
          expect(code).to.be.lessThan(UNLIMITED_CODE);
          expect(decodeModel(code)).to.equal(limit);
          expect(await tierTable.decode(code)).to.equal(limit);
        }),
        RUNS,
      );
    });

    it("encodes exactly when the value is representable, and otherwise reverts with TierLimitNotRepresentable(limit)", async () => {
      const { tierTable } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(anyLimit, async (limit) => {
          if (representable(limit)) {
            expect(await tierTable.decode(await tierTable.encode(limit))).to.equal(limit);
          } else {
            await expect(tierTable.encode(limit))
              .to.be.revertedWithCustomError(tierTable, "TierLimitNotRepresentable")
              .withArgs(limit);
          }
        }),
        { numRuns: 250 },
      );
    });

    it("encodes the edges as documented", async () => {
      const { tierTable } = await loadFixture(harnesses);
      expect(await tierTable.encode(0n)).to.equal(0n);
      expect(await tierTable.encode(MAX_MANTISSA)).to.equal(MAX_MANTISSA);
      expect(await tierTable.MAX_FINITE_LIMIT()).to.equal(MAX_MANTISSA * 10n ** MAX_EXPONENT);
      expect(await tierTable.encode(MAX_MANTISSA * 10n ** MAX_EXPONENT)).to.equal((MAX_EXPONENT << 12n) | MAX_MANTISSA);
      for (const bad of [MAX_MANTISSA + 1n, (MAX_MANTISSA + 1n) * 10n, MAX_MANTISSA * 10n ** 15n, 10n ** 18n]) {
        await expect(tierTable.encode(bad))
          .to.be.revertedWithCustomError(tierTable, "TierLimitNotRepresentable")
          .withArgs(bad);
      }
    });

    it("round-trips UNLIMITED through the code 0xf000, and every code with exponent 15 means UNLIMITED", async () => {
      const { tierTable } = await loadFixture(harnesses);
      expect(await tierTable.UNLIMITED()).to.equal(UNLIMITED);
      expect(await tierTable.encode(UNLIMITED)).to.equal(UNLIMITED_CODE);
      expect(await tierTable.decode(UNLIMITED_CODE)).to.equal(UNLIMITED);
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: 0n, max: 0xfffn }), async (m) => {
          expect(await tierTable.decode(UNLIMITED_CODE | m)).to.equal(UNLIMITED);
        }),
        { numRuns: 30 },
      );
    });

    it("decodes from the low 16 bits only (the rest of the config word is ignored)", async () => {
      const { tierTable } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, async (w) => {
          expect(await tierTable.decode(w)).to.equal(decodeModel(w & 0xffffn));
        }),
        RUNS,
      );
    });

    it("encodes every limit of the pilot's tier table (src/tiers.ts) exactly", async () => {
      const { tierTable } = await loadFixture(harnesses);
      for (const spec of DEFAULT_TIERS) {
        for (const limit of [spec.holdingLimit, spec.dailyLimit]) {
          expect(await tierTable.decode(await tierTable.encode(limit)), spec.name).to.equal(limit);
        }
      }
    });
  });

  describe("withTier", () => {
    it("sets tier t's limits and defined bit, and leaves every other tier, defined bit and the pause flag unchanged", async () => {
      const { tierTable } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, tier, representableLimit, representableLimit, async (config, t, holding, daily) => {
          const result = await tierTable.withTier(config, t, holding, daily);
          const tb = BigInt(t);
          // Nothing outside tier t's 32 bits and its defined bit changes.
          expect(result & ~tierBits(tb) & MAX_UINT256).to.equal(config & ~tierBits(tb) & MAX_UINT256);
          expect(await tierTable.holdingLimit(result, t)).to.equal(holding);
          expect(await tierTable.dailyLimit(result, t)).to.equal(daily);
          expect(await tierTable.isDefined(result, t)).to.equal(true);
          expect(await tierTable.isPaused(result)).to.equal(((config >> PAUSED_BIT) & 1n) === 1n);
          const other = (t + 1 + Number(config % 6n)) % 7;
          expect(await tierTable.holdingLimit(result, other)).to.equal(await tierTable.holdingLimit(config, other));
          expect(await tierTable.dailyLimit(result, other)).to.equal(await tierTable.dailyLimit(config, other));
          expect(await tierTable.isDefined(result, other)).to.equal(await tierTable.isDefined(config, other));
        }),
        RUNS,
      );
    });

    it("reverts with TierLimitNotRepresentable(limit) for a non-representable holding or daily limit", async () => {
      const { tierTable } = await loadFixture(harnesses);
      const bad = 123_456_789n;
      await expect(tierTable.withTier(0n, 1, bad, 100n))
        .to.be.revertedWithCustomError(tierTable, "TierLimitNotRepresentable")
        .withArgs(bad);
      await expect(tierTable.withTier(0n, 1, 100n, bad))
        .to.be.revertedWithCustomError(tierTable, "TierLimitNotRepresentable")
        .withArgs(bad);
    });
  });

  describe("pause flag and defined bits", () => {
    it("withPaused changes bit 224 alone", async () => {
      const { tierTable } = await loadFixture(harnesses);
      expect(await tierTable.PAUSED()).to.equal(1n << PAUSED_BIT);
      await fc.assert(
        fc.asyncProperty(word, fc.boolean(), async (config, paused) => {
          const result = await tierTable.withPaused(config, paused);
          expect(await tierTable.isPaused(result)).to.equal(paused);
          expect(result & ~(1n << PAUSED_BIT)).to.equal(config & ~(1n << PAUSED_BIT));
        }),
        RUNS,
      );
    });

    it("isDefined reads bit 232 + t for tiers 0..6 and is false above MAX_TIER whatever the word holds", async () => {
      const { tierTable } = await loadFixture(harnesses);
      expect(await tierTable.MAX_TIER()).to.equal(6n);
      await fc.assert(
        fc.asyncProperty(word, fc.integer({ min: 0, max: 255 }), async (config, t) => {
          const expected = t <= 6 && ((config >> (DEFINED_SHIFT + BigInt(t))) & 1n) === 1n;
          expect(await tierTable.isDefined(config, t)).to.equal(expected);
        }),
        RUNS,
      );
      expect(await tierTable.isDefined(MAX_UINT256, 7)).to.equal(false);
    });
  });
});

// ================================================================ AccountWord model

/** The documented layout (AccountWord.sol), least significant bit first. */
const FIELDS = {
  balance: { shift: 0n, width: 96n },
  spentToday: { shift: 96n, width: 64n },
  spentDay: { shift: 160n, width: 32n },
  bankId: { shift: 192n, width: 16n },
  tier: { shift: 208n, width: 8n },
  kind: { shift: 216n, width: 8n },
  flags: { shift: 224n, width: 8n },
} as const;
type Field = keyof typeof FIELDS;
const fieldMask = (f: Field): bigint => mask(FIELDS[f].width) << FIELDS[f].shift;
const fieldOf = (w: bigint, f: Field): bigint => (w >> FIELDS[f].shift) & mask(FIELDS[f].width);
/** `after` equals `before` outside `fields`. */
function expectOnlyChanged(before: bigint, after: bigint, fields: Field[]): void {
  const touched = fields.reduce((m, f) => m | fieldMask(f), 0n);
  expect(after & ~touched & MAX_UINT256).to.equal(before & ~touched & MAX_UINT256);
}

const FLAG_NAMES = ["REGISTERED", "FROZEN", "OUTBOUND_BLOCKED", "WATERFALL", "ATTACHED", "CLOSED"] as const;
const flagIndex = fc.integer({ min: 0, max: FLAG_NAMES.length - 1 });

describe("AccountWord (library)", () => {
  it("has the documented constants: MAX_BALANCE = 2^96 - 1, MAX_SPENT = 2^64 - 1, flags at bits 224..229", async () => {
    const { accountWord } = await loadFixture(harnesses);
    expect(await accountWord.MAX_BALANCE()).to.equal(mask(96n));
    expect(await accountWord.MAX_SPENT()).to.equal(mask(64n));
    for (const [i, name] of FLAG_NAMES.entries()) {
      expect(await accountWord[name](), name).to.equal(1n << (224n + BigInt(i)));
    }
  });

  it("getters read exactly their field", async () => {
    const { accountWord } = await loadFixture(harnesses);
    await fc.assert(
      fc.asyncProperty(word, async (w) => {
        expect(await accountWord.balance(w)).to.equal(fieldOf(w, "balance"));
        expect(await accountWord.spentToday(w)).to.equal(fieldOf(w, "spentToday"));
        expect(await accountWord.spentDay(w)).to.equal(fieldOf(w, "spentDay"));
        expect(await accountWord.bankId(w)).to.equal(fieldOf(w, "bankId"));
        expect(await accountWord.tier(w)).to.equal(fieldOf(w, "tier"));
        expect(await accountWord.kind(w)).to.equal(fieldOf(w, "kind"));
        expect(await accountWord.flags(w)).to.equal(fieldOf(w, "flags"));
      }),
      RUNS,
    );
  });

  describe("setters change only their field", () => {
    it("withBalance, masking a value wider than 96 bits", async () => {
      const { accountWord } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, word, async (w, value) => {
          const result = await accountWord.withBalance(w, value);
          expect(await accountWord.balance(result)).to.equal(value & mask(96n));
          expectOnlyChanged(w, result, ["balance"]);
        }),
        RUNS,
      );
    });

    it("withSpent, masking a spent amount wider than 64 bits and a day wider than 32 bits", async () => {
      const { accountWord } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, word, word, async (w, spent, day) => {
          const result = await accountWord.withSpent(w, spent, day);
          expect(await accountWord.spentToday(result)).to.equal(spent & mask(64n));
          expect(await accountWord.spentDay(result)).to.equal(day & mask(32n));
          expectOnlyChanged(w, result, ["spentToday", "spentDay"]);
        }),
        RUNS,
      );
    });

    it("withBankId", async () => {
      const { accountWord } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, fc.integer({ min: 0, max: 0xffff }), async (w, id) => {
          const result = await accountWord.withBankId(w, id);
          expect(await accountWord.bankId(result)).to.equal(id);
          expectOnlyChanged(w, result, ["bankId"]);
        }),
        RUNS,
      );
    });

    it("withTier", async () => {
      const { accountWord } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, fc.integer({ min: 0, max: 0xff }), async (w, t) => {
          const result = await accountWord.withTier(w, t);
          expect(await accountWord.tier(result)).to.equal(t);
          expectOnlyChanged(w, result, ["tier"]);
        }),
        RUNS,
      );
    });

    it("withKind", async () => {
      const { accountWord } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, fc.integer({ min: 0, max: 0xff }), async (w, k) => {
          const result = await accountWord.withKind(w, k);
          expect(await accountWord.kind(result)).to.equal(k);
          expectOnlyChanged(w, result, ["kind"]);
        }),
        RUNS,
      );
    });

    it("masks the documented too-wide examples without touching a neighbour", async () => {
      const { accountWord } = await loadFixture(harnesses);
      const neighbours = (1n << 96n) | (1n << 160n) | (7n << 192n);
      const w = await accountWord.withBalance(neighbours, (1n << 96n) + 5n);
      expect(w).to.equal(neighbours | 5n);
      const s = await accountWord.withSpent(neighbours, (1n << 64n) + 7n, (1n << 32n) + 3n);
      expect(s).to.equal((7n << 96n) | (3n << 160n) | (7n << 192n));
    });
  });

  describe("flags", () => {
    it("set(flag, true) sets that flag alone and set(flag, false) clears it alone; has() reads it", async () => {
      const { accountWord } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, flagIndex, async (w, i) => {
          const flag = 1n << (224n + BigInt(i));
          const on = await accountWord.set(w, flag, true);
          const off = await accountWord.set(w, flag, false);
          expect(on).to.equal(w | flag);
          expect(off).to.equal(w & ~flag);
          expect(await accountWord.has(on, flag)).to.equal(true);
          expect(await accountWord.has(off, flag)).to.equal(false);
          expect(await accountWord.has(w, flag)).to.equal((w & flag) !== 0n);
        }),
        RUNS,
      );
    });
  });

  describe("spentOn", () => {
    it("returns today's outflow only when the counter belongs to that day (compared on 32 bits)", async () => {
      const { accountWord } = await loadFixture(harnesses);
      await fc.assert(
        fc.asyncProperty(word, fc.bigInt({ min: 0n, max: mask(33n) }), fc.boolean(), async (w, otherDay, sameDay) => {
          const day = sameDay ? fieldOf(w, "spentDay") : otherDay;
          const expected = fieldOf(w, "spentDay") === (day & mask(32n)) ? fieldOf(w, "spentToday") : 0n;
          expect(await accountWord.spentOn(w, day)).to.equal(expected);
        }),
        RUNS,
      );
    });
  });
});
