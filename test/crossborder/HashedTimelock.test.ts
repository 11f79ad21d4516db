import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash, sha256, type AddressLike, type ContractTransactionResponse } from "ethers";
import { ledgerState } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { BIC, crossBorderFixture, yuan, type CrossBorderFixture } from "./fixtures";
import { outboundMessage, uetrNo } from "./helpers";
import { hashlockOf, paymentRefOf, toPaymentLink, type PaymentLink } from "../../src/crossborder/htlc";
import { buildPacs008, parsePacs008 } from "../../src/crossborder/pacs008";
import { asciiToBytes } from "../../src/crossborder/iso20022";
import { tenge } from "../../src/money";
import type { IHashedTimelock } from "../../typechain-types";

const LockStatus = { None: 0, Locked: 1, Claimed: 2, Refunded: 3 } as const;
const HOUR = 60 * 60;
const MARGIN = 6n * BigInt(HOUR);
const SECRET = "0x5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";

/** The payment both legs belong to: alice's pacs.008 (bank A → abroad) executed at FX quote FXQ-77. */
async function link(overrides: Partial<PaymentLink> = {}): Promise<PaymentLink> {
  return {
    ...toPaymentLink({
      uetr: uetrNo(1),
      debtorAgent: BIC.bankA,
      creditorAgent: BIC.cnBank,
      quoteId: ref("FXQ-77"),
      quoteExpiry: (await time.latest()) + 3 * HOUR,
    }),
    ...overrides,
  };
}

/** Leg 1: bank A locks 70 420 ₸ for cnBank on DKZT, 24 hours. */
async function firstLeg(
  f: CrossBorderFixture,
  overrides: Partial<IHashedTimelock.LockTermsStruct> = {},
): Promise<IHashedTimelock.LockTermsStruct> {
  return {
    ledger: await f.ledger.getAddress(),
    recipient: f.cnBank.address,
    amount: tenge(70_420),
    hashlock: hashlockOf(SECRET),
    deadline: BigInt((await time.latest()) + 24 * HOUR),
    counterpartDeadline: 0n,
    payment: await link(),
    ...overrides,
  };
}

/** Leg 2: cnBank locks 1 000 yuan for bank A on e-CNY, ending at least the margin before leg 1. */
async function secondLeg(
  f: CrossBorderFixture,
  first: IHashedTimelock.LockTermsStruct,
  overrides: Partial<IHashedTimelock.LockTermsStruct> = {},
): Promise<IHashedTimelock.LockTermsStruct> {
  return {
    ledger: await f.foreignLedger.getAddress(),
    recipient: f.bankA.address,
    amount: yuan(1_000),
    hashlock: first.hashlock,
    deadline: BigInt(first.deadline) - MARGIN,
    counterpartDeadline: first.deadline,
    payment: first.payment,
    ...overrides,
  };
}

async function locked() {
  const f = await loadFixture(crossBorderFixture);
  const leg1 = await firstLeg(f);
  const id1 = await f.htlc.lockIdOf(f.bankA.address, leg1);
  await f.htlc.connect(f.bankA).lock(leg1);
  const leg2 = await secondLeg(f, leg1);
  const id2 = await f.htlc.lockIdOf(f.cnBank.address, leg2);
  await f.htlc.connect(f.cnBank).lock(leg2);
  return { f, leg1, id1, leg2, id2 };
}

async function rejected(
  f: CrossBorderFixture,
  ids: string[],
  action: () => Promise<ContractTransactionResponse>,
  assertion: (attempt: Promise<ContractTransactionResponse>) => Promise<void>,
): Promise<void> {
  const accounts: AddressLike[] = [f.bankA, f.cnBank, f.stranger, f.htlc];
  const read = async () => ({
    home: await ledgerState(f.ledger, accounts),
    foreign: await ledgerState(f.foreignLedger, accounts),
    locks: await Promise.all(ids.map(async (id) => (await f.htlc.lockOf(id)).toString())),
  });
  const before = await read();
  await assertion(action());
  expect(await read()).to.deep.equal(before, "a rejected call changed a ledger or a lock");
}

describe("HashedTimelock", () => {
  describe("when a bank locks a leg", () => {
    it("escrows the amount and records the lock with its payment commitment", async () => {
      const f = await loadFixture(crossBorderFixture);
      const leg = await firstLeg(f);
      const id = await f.htlc.lockIdOf(f.bankA.address, leg);
      const ref_ = paymentRefOf(leg.payment as PaymentLink);
      const tx = f.htlc.connect(f.bankA).lock(leg);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.bankA, f.htlc], [-BigInt(leg.amount), leg.amount]);
      await expect(tx)
        .to.emit(f.htlc, "Locked")
        .withArgs(
          id,
          f.bankA.address,
          f.cnBank.address,
          leg.ledger,
          leg.amount,
          leg.hashlock,
          leg.deadline,
          0n,
          ref_,
          Object.values(leg.payment),
        );
      const view = await f.htlc.lockOf(id);
      expect(view.status).to.equal(LockStatus.Locked);
      expect(view.paymentRef).to.equal(ref_);
      expect(await f.htlc.paymentRefOf(leg.payment)).to.equal(ref_);
    });

    it("commits to the same payment as the pacs.008: UETR and agents parsed from the XML give the on-chain reference", async () => {
      const f = await loadFixture(crossBorderFixture);
      const msg = parsePacs008(buildPacs008(outboundMessage({ uetr: uetrNo(42), creditorAgent: BIC.cnBank })));
      const quoteExpiry = (await time.latest()) + HOUR;
      const fromXml = toPaymentLink({
        uetr: msg.uetr,
        debtorAgent: msg.debtorAgent,
        creditorAgent: msg.creditorAgent,
        quoteId: ref("FXQ-9"),
        quoteExpiry,
      });
      const leg = await firstLeg(f, { payment: fromXml });
      const id = await f.htlc.lockIdOf(f.bankA.address, leg);
      await f.htlc.connect(f.bankA).lock(leg);
      expect((await f.htlc.lockOf(id)).paymentRef).to.equal(paymentRefOf(fromXml));
      const other = {
        ...fromXml,
        uetr: toPaymentLink({ ...msg, uetr: uetrNo(43), quoteId: ZeroHash, quoteExpiry }).uetr,
      };
      expect((await f.htlc.lockOf(id)).paymentRef).to.not.equal(paymentRefOf(other));
    });
  });

  describe("when the initiator claims the second leg with the secret", () => {
    it("pays it, publishes the secret, and the same secret then unlocks the first leg", async () => {
      const { f, leg1, id1, leg2, id2 } = await locked();
      const claim2 = f.htlc.connect(f.bankA).claim(id2, SECRET);
      await expect(claim2).to.changeTokenBalances(
        f.foreignLedger,
        [f.htlc, f.bankA],
        [-BigInt(leg2.amount), leg2.amount],
      );
      await expect(claim2).to.emit(f.htlc, "Claimed").withArgs(id2, f.bankA.address, SECRET);

      // The responder learns the secret from the event, and claims the first leg before its deadline.
      const [event] = await f.htlc.queryFilter(f.htlc.filters.Claimed(id2));
      const learned = event.args.preimage;
      const claim1 = f.htlc.connect(f.cnBank).claim(id1, learned);
      await expect(claim1).to.changeTokenBalances(f.ledger, [f.htlc, f.cnBank], [-BigInt(leg1.amount), leg1.amount]);
      expect((await f.htlc.lockOf(id1)).status).to.equal(LockStatus.Claimed);
      expect((await f.htlc.lockOf(id2)).status).to.equal(LockStatus.Claimed);
    });

    it("pays the recipient, not the caller, when a third party submits the secret", async () => {
      const { f, leg2, id2 } = await locked();
      await expect(f.htlc.connect(f.stranger).claim(id2, SECRET)).to.changeTokenBalances(
        f.foreignLedger,
        [f.htlc, f.bankA, f.stranger],
        [-BigInt(leg2.amount), leg2.amount, 0],
      );
    });

    it("reverts with LockPreimageMismatch for a wrong secret", async () => {
      const { f, leg2, id2 } = await locked();
      const wrong = ref("not-the-secret");
      await rejected(
        f,
        [id2],
        () => f.htlc.connect(f.bankA).claim(id2, wrong),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.htlc, "LockPreimageMismatch")
            .withArgs(id2, leg2.hashlock, sha256(wrong)),
      );
    });

    it("reverts with LockPreimageMismatch when the hashlock itself is submitted as the secret", async () => {
      const { f, leg2, id2 } = await locked();
      const hashlock = String(leg2.hashlock);
      await rejected(
        f,
        [id2],
        () => f.htlc.connect(f.bankA).claim(id2, hashlock),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.htlc, "LockPreimageMismatch")
            .withArgs(id2, hashlock, sha256(hashlock)),
      );
    });

    it("reverts with LockNotActive when claimed twice", async () => {
      const { f, id2 } = await locked();
      await f.htlc.connect(f.bankA).claim(id2, SECRET);
      await rejected(
        f,
        [id2],
        () => f.htlc.connect(f.bankA).claim(id2, SECRET),
        (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockNotActive").withArgs(id2, LockStatus.Claimed),
      );
      await time.increase(30 * HOUR);
      await rejected(
        f,
        [id2],
        () => f.htlc.connect(f.cnBank).refund(id2),
        (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockNotActive").withArgs(id2, LockStatus.Claimed),
      );
    });

    it("reverts with LockNotFound for an unknown lock", async () => {
      const { f } = await locked();
      const unknown = ref("no-such-lock");
      await rejected(
        f,
        [unknown],
        () => f.htlc.connect(f.bankA).claim(unknown, SECRET),
        (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockNotFound").withArgs(unknown),
      );
    });
  });

  describe("when nobody claims by the deadline", () => {
    it("reverts a late claim with LockExpired, and refunds each leg to its sender", async () => {
      const { f, leg1, id1, leg2, id2 } = await locked();
      await time.increaseTo(leg2.deadline);
      await rejected(
        f,
        [id1, id2],
        () => f.htlc.connect(f.bankA).claim(id2, SECRET),
        (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockExpired").withArgs(id2, leg2.deadline),
      );
      const refund2 = f.htlc.connect(f.stranger).refund(id2);
      await expect(refund2).to.changeTokenBalances(
        f.foreignLedger,
        [f.htlc, f.cnBank, f.stranger],
        [-BigInt(leg2.amount), leg2.amount, 0],
      );
      await expect(refund2).to.emit(f.htlc, "Refunded").withArgs(id2, f.cnBank.address, leg2.amount);
      await rejected(
        f,
        [id1, id2],
        () => f.htlc.connect(f.bankA).refund(id1),
        (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockNotExpired").withArgs(id1, leg1.deadline),
      );
      await time.increaseTo(leg1.deadline);
      await expect(f.htlc.connect(f.bankA).refund(id1)).to.changeTokenBalances(
        f.ledger,
        [f.htlc, f.bankA],
        [-BigInt(leg1.amount), leg1.amount],
      );
      expect((await f.htlc.lockOf(id1)).status).to.equal(LockStatus.Refunded);
      await rejected(
        f,
        [id1],
        () => f.htlc.connect(f.cnBank).claim(id1, SECRET),
        (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockNotActive").withArgs(id1, LockStatus.Refunded),
      );
    });
  });

  describe("when a lock's terms are not acceptable", () => {
    it("reverts with SecondLegDeadlineUnsafe when the second leg does not end the safety margin before the first", async () => {
      const f = await loadFixture(crossBorderFixture);
      const leg1 = await firstLeg(f);
      await f.htlc.connect(f.bankA).lock(leg1);
      const unsafe = await secondLeg(f, leg1, { deadline: BigInt(leg1.deadline) - MARGIN + 1n });
      const id = await f.htlc.lockIdOf(f.cnBank.address, unsafe);
      await rejected(
        f,
        [id],
        () => f.htlc.connect(f.cnBank).lock(unsafe),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.htlc, "SecondLegDeadlineUnsafe")
            .withArgs(unsafe.deadline, leg1.deadline, MARGIN),
      );
    });

    const cases: {
      name: string;
      change: (f: CrossBorderFixture) => Promise<Partial<IHashedTimelock.LockTermsStruct>>;
      error: string;
      args: (t: IHashedTimelock.LockTermsStruct, f: CrossBorderFixture) => unknown[];
    }[] = [
      {
        name: "an expired FX quote",
        change: async () => ({ payment: await link({ quoteExpiry: BigInt(await time.latest()) }) }),
        error: "QuoteExpired",
        args: (t) => [t.payment.quoteId, t.payment.quoteExpiry],
      },
      {
        name: "a malformed UETR",
        change: async () => ({ payment: await link({ uetr: "0x1b4f3a9e7c2d5e8f9a01000000000001" }) }),
        error: "LockUetrInvalid",
        args: (t) => [t.payment.uetr],
      },
      {
        name: "a malformed BIC",
        change: async () => ({ payment: await link({ creditorAgent: asciiToBytes("BKCH CNBJ", 11) }) }),
        error: "LockBicInvalid",
        args: (t) => [t.payment.creditorAgent],
      },
      {
        name: "a zero hashlock",
        change: async () => ({ hashlock: ZeroHash }),
        error: "LockHashlockZero",
        args: () => [],
      },
      {
        name: "the sender as recipient",
        change: async (f) => ({ recipient: f.bankA.address }),
        error: "LockRecipientInvalid",
        args: (t) => [t.recipient],
      },
      {
        name: "no recipient",
        change: async () => ({ recipient: ZeroAddress }),
        error: "LockRecipientInvalid",
        args: () => [ZeroAddress],
      },
      {
        name: "a zero amount",
        change: async () => ({ amount: 0n }),
        error: "LockAmountInvalid",
        args: () => [0n, 2n ** 96n - 1n],
      },
      {
        name: "an unsupported ledger",
        change: async (f) => ({ ledger: f.stranger.address }),
        error: "LedgerNotSupported",
        args: (_t, f) => [f.stranger.address],
      },
    ];
    for (const c of cases) {
      it(`reverts with ${c.error} for ${c.name}`, async () => {
        const f = await loadFixture(crossBorderFixture);
        const t = await firstLeg(f, await c.change(f));
        const id = await f.htlc.lockIdOf(f.bankA.address, t);
        await rejected(
          f,
          [id],
          () => f.htlc.connect(f.bankA).lock(t),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.htlc, c.error)
              .withArgs(...c.args(t, f)),
        );
      });
    }

    it("reverts with LockDeadlineOutOfRange for a deadline now or beyond 30 days", async () => {
      const f = await loadFixture(crossBorderFixture);
      for (const offset of [1, 30 * 24 * HOUR + 2]) {
        const now = BigInt((await time.latest()) + 1);
        const t = await firstLeg(f, { deadline: now + BigInt(offset - 1) });
        const id = await f.htlc.lockIdOf(f.bankA.address, t);
        await time.setNextBlockTimestamp(now);
        await rejected(
          f,
          [id],
          () => f.htlc.connect(f.bankA).lock(t),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.htlc, "LockDeadlineOutOfRange")
              .withArgs(t.deadline, now, now + BigInt(30 * 24 * HOUR)),
        );
      }
    });

    it("reverts with LockAlreadyExists when the same terms are locked twice", async () => {
      const f = await loadFixture(crossBorderFixture);
      const t = await firstLeg(f);
      const id = await f.htlc.lockIdOf(f.bankA.address, t);
      await f.htlc.connect(f.bankA).lock(t);
      await rejected(
        f,
        [id],
        () => f.htlc.connect(f.bankA).lock(t),
        (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockAlreadyExists").withArgs(id),
      );
    });
  });

  describe("the safety margin", () => {
    it("is set by the operator within [1 hour, 7 days], emitting old and new", async () => {
      const f = await loadFixture(crossBorderFixture);
      await expect(f.htlc.connect(f.operator).setSafetyMargin(2 * HOUR))
        .to.emit(f.htlc, "SafetyMarginSet")
        .withArgs(MARGIN, 2 * HOUR);
      expect(await f.htlc.safetyMargin()).to.equal(2 * HOUR);
      for (const margin of [HOUR - 1, 7 * 24 * HOUR + 1]) {
        await expect(f.htlc.connect(f.operator).setSafetyMargin(margin))
          .to.be.revertedWithCustomError(f.htlc, "SafetyMarginOutOfRange")
          .withArgs(margin, HOUR, 7 * 24 * HOUR);
      }
      await expect(f.htlc.connect(f.bankA).setSafetyMargin(3 * HOUR))
        .to.be.revertedWithCustomError(f.htlc, "AccessManagedUnauthorized")
        .withArgs(f.bankA.address);
      expect(await f.htlc.safetyMargin()).to.equal(2 * HOUR);
    });
  });
});
