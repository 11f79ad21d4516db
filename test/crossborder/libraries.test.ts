import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  bytes16ToUetr,
  isBicBytes11,
  isUetr,
  CURRENCY_PATTERN,
  KNP_PATTERN,
  REASON_PATTERN,
} from "../../src/crossborder/iso20022";
import { convertDown, convertUp, isConsistent } from "../../src/crossborder/fx";
import { hexlify } from "ethers";

async function harness() {
  return ethers.deployContract("Iso20022Harness");
}

/** Bytes drawn mostly from the characters that matter (capitals, digits, lower case, zero, punctuation). */
const interesting = fc.constantFrom(
  0x00,
  0x20,
  0x2d,
  0x30,
  0x35,
  0x39,
  0x3a,
  0x40,
  0x41,
  0x4d,
  0x5a,
  0x5b,
  0x60,
  0x61,
  0x7a,
  0xff,
);
const bytesOf = (n: number, favourValid: fc.Arbitrary<number>) =>
  fc
    .array(fc.oneof(favourValid, interesting, fc.integer({ min: 0, max: 255 })), { minLength: n, maxLength: n })
    .map((b) => hexlify(Uint8Array.from(b)));
const upperOrDigit = fc.constantFrom(...Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", (c) => c.charCodeAt(0)));
const ascii = (hex: string) => Buffer.from(hex.slice(2), "hex").toString("latin1");

describe("Iso20022 and FxMath (contracts/crossborder), against src/crossborder", () => {
  it("the contract and the library agree on which bytes16 are UETRs", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          bytesOf(16, fc.integer({ min: 0, max: 255 })),
          fc.uuid({ version: 4 }).map((u) => `0x${u.replace(/-/g, "")}`),
        ),
        async (b) => {
          expect(await h.isUetr(b)).to.equal(isUetr(bytes16ToUetr(b)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the contract and the library agree on which bytes11 are BICs", async () => {
    const h = await loadFixture(harness);
    const bicLike = fc
      .tuple(bytesOf(8, upperOrDigit), fc.oneof(fc.constant("0x000000"), bytesOf(3, upperOrDigit)))
      .map(([head, tail]) => head + tail.slice(2));
    await fc.assert(
      fc.asyncProperty(fc.oneof(bicLike, bytesOf(11, upperOrDigit)), async (b) => {
        expect(await h.isBic(b)).to.equal(isBicBytes11(b));
      }),
      { numRuns: 200 },
    );
  });

  it("the contract and the library agree on currencies, KNP and reason codes", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(bytesOf(3, upperOrDigit), bytesOf(4, upperOrDigit), async (b3, b4) => {
        expect(await h.isCurrency(b3)).to.equal(CURRENCY_PATTERN.test(ascii(b3)));
        expect(await h.isKnp(b3)).to.equal(KNP_PATTERN.test(ascii(b3)));
        expect(await h.isReasonCode(b4)).to.equal(REASON_PATTERN.test(ascii(b4)));
      }),
      { numRuns: 150 },
    );
  });

  it("FxMath rounds down and up exactly as stated, at most one minor unit apart", async () => {
    const h = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: 2n ** 96n - 1n }),
        fc.bigInt({ min: 1n, max: 2n ** 96n - 1n }),
        async (amount, rate) => {
          const down = await h.convertDown(amount, rate);
          const up = await h.convertUp(amount, rate);
          expect(down).to.equal(convertDown(amount, rate));
          expect(up).to.equal(convertUp(amount, rate));
          expect(down * 10n ** 9n).to.be.at.most(amount * rate);
          expect(up * 10n ** 9n).to.be.at.least(amount * rate);
          expect(up - down).to.be.oneOf([0n, 1n]);
          expect(await h.isConsistent(amount, down, rate)).to.equal(true);
          expect(await h.isConsistent(amount, up, rate)).to.equal(true);
          expect(await h.isConsistent(amount, up + 1n, rate)).to.equal(false);
          if (down > 0n)
            expect(await h.isConsistent(amount, down - 1n, rate)).to.equal(isConsistent(amount, down - 1n, rate));
        },
      ),
      { numRuns: 150 },
    );
  });
});
