import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { fingerprintOf } from "../../src/offline";
import type { PurseWordHarness } from "../../typechain-types";

async function harness(): Promise<{ word: PurseWordHarness }> {
  return { word: await ethers.deployContract("PurseWordHarness") };
}

const U48 = 2n ** 48n - 1n;
const U40 = 2n ** 40n - 1n;
const word256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });

describe("PurseWord (the purse's storage layout)", () => {
  it("keeps each field within its bits: writing one never changes another", async () => {
    const { word } = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.bigInt({ min: 0n, max: U40 }),
        fc.bigInt({ min: 0n, max: U48 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 0xffff }),
        async (payments, settleBy, balance, serial, print) => {
          let w = await word.create(payments, settleBy);
          expect(await word.maxPayments(w)).to.equal(BigInt(payments));
          expect(await word.settleBy(w)).to.equal(settleBy);
          expect(await word.balance(w)).to.equal(0n);
          w = await word.withBalance(w, balance);
          w = await word.withFingerprint(w, serial, print);
          expect(await word.balance(w)).to.equal(balance);
          expect(await word.settleBy(w)).to.equal(settleBy);
          expect(await word.maxPayments(w)).to.equal(BigInt(payments));
          expect(await word.settledPayments(w)).to.equal(1n);
          for (let s = 0; s < 10; s++)
            expect(await word.fingerprintAt(w, s)).to.equal(s === serial ? BigInt(print) : 0n);
          expect(await word.fingerprintAt(await word.withFingerprint(w, serial, 0), serial)).to.equal(0n);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("masks wide arguments so they never spill into a neighbouring field", async () => {
    const { word } = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(word256, word256, fc.integer({ min: 0, max: 9 }), async (w, wide, serial) => {
        const withBalance = await word.withBalance(w, wide);
        expect(withBalance >> 48n).to.equal(w >> 48n);
        const withPrint = await word.withFingerprint(w, serial, wide);
        const shift = 96n + 16n * BigInt(serial);
        const slot = 0xffffn << shift;
        expect(withPrint & ~slot).to.equal(w & ~slot);
      }),
      { numRuns: 30 },
    );
  });

  it("only ever brings settleBy forward", async () => {
    const { word } = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: U40 }), fc.bigInt({ min: 0n, max: U40 }), async (settleBy, time) => {
        const w = await word.create(10, settleBy);
        const after = await word.settleBy(await word.settleNoLaterThan(w, time));
        expect(after).to.equal(time < settleBy ? time : settleBy);
      }),
      { numRuns: 30 },
    );
  });

  it("puts the flags between settleBy and maxPayments, one bit each", async () => {
    const { word } = await loadFixture(harness);
    const [frozen, revoked, closing, closed] = await word.flags();
    expect([frozen, revoked, closing, closed]).to.deep.equal([1n << 88n, 1n << 89n, 1n << 90n, 1n << 91n]);
    const full = await word.create(15, U40);
    expect(full & (frozen | revoked | closing | closed)).to.equal(0n);
  });

  it("fingerprints a digest by its top 16 bits, never zero, as src/offline does", async () => {
    const { word } = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), async (n) => {
        const digest = "0x" + n.toString(16).padStart(64, "0");
        const print = await word.fingerprintOf(digest);
        expect(print).to.equal(BigInt(fingerprintOf(digest)));
        expect(print).to.be.gt(0n);
      }),
      { numRuns: 30 },
    );
    expect(await word.fingerprintOf("0x" + "00".repeat(32))).to.equal(1n);
    expect(await word.fingerprintOf("0xabcd" + "00".repeat(30))).to.equal(0xabcdn);
  });
});
