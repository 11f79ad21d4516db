import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import { ZeroAddress, type AddressLike, type ContractTransactionResponse } from "ethers";
import { ledgerState } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { crossBorderFixture, yuan, type CrossBorderFixture } from "./fixtures";
import { PVP_RATE, pvpTerms } from "./helpers";
import { convertDown, convertUp } from "../../src/crossborder/fx";
import { FOREIGN_BANK_TIER } from "../../src/crossborder/suite";
import { FreezeState } from "../../src/tiers";
import { UNLIMITED, tenge } from "../../src/money";
import type { IPvPSettlement } from "../../typechain-types";

const Leg = { A: 0, B: 1 } as const;
const DealStatus = { None: 0, Open: 1, Settled: 2, Expired: 3 } as const;
const HOUR = 60 * 60;
const MAX_UINT96 = 2n ** 96n - 1n;
/** 1 KZT = 0.014200511 CNY (about 70.42 tenge to the yuan). */
const RATE = PVP_RATE;
const terms = pvpTerms;

async function proposed() {
  const f = await loadFixture(crossBorderFixture);
  const t = await terms(f);
  await f.pvp.connect(f.bankA).proposeDeal(t);
  return { f, t, id: 1n };
}

async function funded() {
  const { f, t, id } = await proposed();
  await f.pvp.connect(f.bankA).fundLeg(id);
  await f.pvp.connect(f.cnBank).fundLeg(id);
  return { f, t, id };
}

/** Both ledgers' state of `accounts` (plus the PvP contract) and the deal, for unchanged-state assertions. */
async function snapshot(f: CrossBorderFixture, accounts: AddressLike[], id: bigint) {
  const all = [...accounts, f.pvp];
  return {
    home: await ledgerState(f.ledger, all),
    foreign: await ledgerState(f.foreignLedger, all),
    deal: (await f.pvp.dealOf(id)).toString(),
    count: await f.pvp.dealCount(),
  };
}

async function rejected(
  f: CrossBorderFixture,
  id: bigint,
  action: () => Promise<ContractTransactionResponse>,
  assertion: (attempt: Promise<ContractTransactionResponse>) => Promise<void>,
): Promise<void> {
  const accounts = [f.bankA, f.cnBank, f.bankB, f.stranger];
  const before = await snapshot(f, accounts, id);
  await assertion(action());
  expect(await snapshot(f, accounts, id)).to.deep.equal(before, "a rejected call changed a ledger or the deal");
}

describe("PvPSettlement", () => {
  describe("when two banks agree a deal", () => {
    it("records the terms as an open deal", async () => {
      const f = await loadFixture(crossBorderFixture);
      const t = await terms(f);
      await expect(f.pvp.connect(f.bankA).proposeDeal(t))
        .to.emit(f.pvp, "DealProposed")
        .withArgs(1n, f.bankA.address, f.cnBank.address, Object.values(t));
      const deal = await f.pvp.dealOf(1n);
      expect(deal.status).to.equal(DealStatus.Open);
      expect([deal.fundedA, deal.fundedB]).to.deep.equal([false, false]);
      expect(deal.terms.amountB).to.equal(t.amountB);
      expect(await f.pvp.dealCount()).to.equal(1n);
    });

    it("accepts the quote amount rounded up as well as down", async () => {
      const f = await loadFixture(crossBorderFixture);
      const t = await terms(f);
      const up = convertUp(BigInt(t.amountA), RATE);
      await expect(f.pvp.connect(f.bankA).proposeDeal({ ...t, amountB: up })).to.emit(f.pvp, "DealProposed");
    });

    it("escrows each leg from its funder on its own ledger", async () => {
      const { f, t, id } = await proposed();
      const fundA = f.pvp.connect(f.bankA).fundLeg(id);
      await expect(fundA).to.changeTokenBalances(f.ledger, [f.bankA, f.pvp], [-BigInt(t.amountA), t.amountA]);
      await expect(fundA).to.emit(f.pvp, "DealLegFunded").withArgs(id, Leg.A, f.bankA.address, t.ledgerA, t.amountA);
      const fundB = f.pvp.connect(f.cnBank).fundLeg(id);
      await expect(fundB).to.changeTokenBalances(f.foreignLedger, [f.cnBank, f.pvp], [-BigInt(t.amountB), t.amountB]);
      await expect(fundB).to.emit(f.pvp, "DealLegFunded").withArgs(id, Leg.B, f.cnBank.address, t.ledgerB, t.amountB);
      const deal = await f.pvp.dealOf(id);
      expect([deal.fundedA, deal.fundedB]).to.deep.equal([true, true]);
    });
  });

  describe("when both legs are funded and either party settles", () => {
    it("delivers both legs in one transaction", async () => {
      const { f, t, id } = await funded();
      const tx = f.pvp.connect(f.cnBank).settle(id);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.pvp, f.cnBank, f.bankA], [-BigInt(t.amountA), t.amountA, 0]);
      await expect(tx).to.changeTokenBalances(
        f.foreignLedger,
        [f.pvp, f.bankA, f.cnBank],
        [-BigInt(t.amountB), t.amountB, 0],
      );
      await expect(tx).to.emit(f.pvp, "DealSettled").withArgs(id, f.cnBank.address, t.amountA, t.amountB);
      const deal = await f.pvp.dealOf(id);
      expect(deal.status).to.equal(DealStatus.Settled);
      expect([deal.fundedA, deal.fundedB]).to.deep.equal([false, false]);
    });

    it("reverts with DealAlreadySettled on a second settlement or a refund", async () => {
      const { f, t, id } = await funded();
      await f.pvp.connect(f.bankA).settle(id);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).settle(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealAlreadySettled").withArgs(id),
      );
      await time.increaseTo(t.expiry);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).refundLeg(id, Leg.A),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealAlreadySettled").withArgs(id),
      );
    });

    it("reverts with NotDealParty when a third party settles", async () => {
      const { f, id } = await funded();
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankB).settle(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "NotDealParty").withArgs(id, f.bankB.address),
      );
    });

    describe("when one delivery cannot be made", () => {
      it("reverts the whole settlement with the foreign ledger's HoldingLimitExceeded and keeps both legs escrowed", async () => {
        const { f, t, id } = await funded();
        // The foreign central bank lowers how much of its CBDC a foreign bank may hold: 1 000 yuan.
        await f.foreignLedger.connect(f.foreignCentralBank).setTier(FOREIGN_BANK_TIER, yuan(1_000), UNLIMITED);
        await rejected(
          f,
          id,
          () => f.pvp.connect(f.bankA).settle(id),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.foreignLedger, "HoldingLimitExceeded")
              .withArgs(f.bankA.address, yuan(1_000), t.amountB),
        );
        expect(await f.ledger.balanceOf(f.pvp)).to.equal(t.amountA);
        expect(await f.foreignLedger.balanceOf(f.pvp)).to.equal(t.amountB);
      });

      it("reverts the whole settlement with the ledger's AccountFrozen when a receiver is frozen", async () => {
        const { f, id } = await funded();
        await f.ledger.connect(f.compliance).setFreezeState(f.cnBank.address, FreezeState.Full, ref("order-7"));
        await rejected(
          f,
          id,
          () => f.pvp.connect(f.bankA).settle(id),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.cnBank.address),
        );
      });
    });
  });

  describe("when only one leg is funded", () => {
    it("reverts with DealLegNotFunded on settlement, and returns the funded leg after expiry", async () => {
      const { f, t, id } = await proposed();
      await f.pvp.connect(f.bankA).fundLeg(id);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).settle(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealLegNotFunded").withArgs(id, Leg.B),
      );
      await time.increaseTo(t.expiry);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.cnBank).refundLeg(id, Leg.B),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealLegNotFunded").withArgs(id, Leg.B),
      );
      const refund = f.pvp.connect(f.stranger).refundLeg(id, Leg.A);
      await expect(refund).to.changeTokenBalances(
        f.ledger,
        [f.pvp, f.bankA, f.stranger],
        [-BigInt(t.amountA), t.amountA, 0],
      );
      await expect(refund).to.emit(f.pvp, "DealLegRefunded").withArgs(id, Leg.A, f.bankA.address, t.ledgerA, t.amountA);
      expect((await f.pvp.dealOf(id)).status).to.equal(DealStatus.Expired);
    });

    it("reverts with DealLegNotFunded when party A settles with its own leg alone", async () => {
      const { f, id } = await proposed();
      await f.pvp.connect(f.cnBank).fundLeg(id);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.cnBank).settle(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealLegNotFunded").withArgs(id, Leg.A),
      );
    });
  });

  describe("when the deal expires unsettled", () => {
    it("reverts settlement with DealExpired and returns each leg to its funder", async () => {
      const { f, t, id } = await funded();
      await time.increaseTo(t.expiry);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).settle(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealExpired").withArgs(id, t.expiry),
      );
      expect((await f.pvp.dealOf(id)).status).to.equal(DealStatus.Expired);
      await expect(f.pvp.connect(f.stranger).refundLeg(id, Leg.A)).to.changeTokenBalances(
        f.ledger,
        [f.pvp, f.bankA],
        [-BigInt(t.amountA), t.amountA],
      );
      const refundB = f.pvp.connect(f.stranger).refundLeg(id, Leg.B);
      await expect(refundB).to.changeTokenBalances(f.foreignLedger, [f.pvp, f.cnBank], [-BigInt(t.amountB), t.amountB]);
      await expect(refundB)
        .to.emit(f.pvp, "DealLegRefunded")
        .withArgs(id, Leg.B, f.cnBank.address, t.ledgerB, t.amountB);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).refundLeg(id, Leg.A),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealLegNotFunded").withArgs(id, Leg.A),
      );
    });

    it("reverts funding with DealExpired", async () => {
      const { f, t, id } = await proposed();
      await time.increaseTo(t.expiry);
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).fundLeg(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealExpired").withArgs(id, t.expiry),
      );
    });

    it("reverts a refund before expiry with DealNotExpired", async () => {
      const { f, t, id } = await funded();
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).refundLeg(id, Leg.A),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealNotExpired").withArgs(id, t.expiry),
      );
    });
  });

  describe("when funding goes wrong", () => {
    it("reverts with NotDealParty for a third party", async () => {
      const { f, id } = await proposed();
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankB).fundLeg(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "NotDealParty").withArgs(id, f.bankB.address),
      );
    });

    it("reverts with DealLegAlreadyFunded when a leg is funded twice", async () => {
      const { f, id } = await funded();
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.bankA).fundLeg(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealLegAlreadyFunded").withArgs(id, Leg.A),
      );
      await rejected(
        f,
        id,
        () => f.pvp.connect(f.cnBank).fundLeg(id),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealLegAlreadyFunded").withArgs(id, Leg.B),
      );
    });

    it("reverts with DealNotFound for an unknown deal", async () => {
      const { f } = await proposed();
      await rejected(
        f,
        9n,
        () => f.pvp.connect(f.bankA).fundLeg(9n),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealNotFound").withArgs(9n),
      );
      await rejected(
        f,
        9n,
        () => f.pvp.connect(f.bankA).settle(9n),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealNotFound").withArgs(9n),
      );
      await rejected(
        f,
        9n,
        () => f.pvp.connect(f.bankA).refundLeg(9n, Leg.A),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealNotFound").withArgs(9n),
      );
    });

    it("reverts with the foreign ledger's ERC20InsufficientBalance when party B cannot pay", async () => {
      const f = await loadFixture(crossBorderFixture);
      const t = await terms(f, {
        partyB: f.bankB.address,
        amountA: tenge(20_000_000),
        amountB: convertDown(tenge(20_000_000), RATE),
      });
      await f.pvp.connect(f.bankA).proposeDeal(t);
      const balance = await f.foreignLedger.balanceOf(f.bankB);
      await rejected(
        f,
        1n,
        () => f.pvp.connect(f.bankB).fundLeg(1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.foreignLedger, "ERC20InsufficientBalance")
            .withArgs(f.bankB.address, balance, t.amountB),
      );
    });
  });

  describe("when a proposal is not acceptable", () => {
    const cases: {
      name: string;
      change: (
        f: CrossBorderFixture,
        t: IPvPSettlement.DealTermsStruct,
      ) => Promise<Partial<IPvPSettlement.DealTermsStruct>>;
      error: string;
      args: (f: CrossBorderFixture, t: IPvPSettlement.DealTermsStruct) => Promise<unknown[]>;
    }[] = [
      {
        name: "amountB off the rate by more than rounding",
        change: async (_f, t) => ({ amountB: BigInt(t.amountB) + 2n }),
        error: "DealRateMismatch",
        args: async (_f, t) => [t.amountA, t.amountB, t.rate],
      },
      {
        name: "both legs on one ledger",
        change: async (f) => ({ ledgerB: await f.ledger.getAddress() }),
        error: "DealLedgersIdentical",
        args: async (f) => [await f.ledger.getAddress()],
      },
      {
        name: "an unsupported ledger",
        change: async (f) => ({ ledgerB: f.stranger.address }),
        error: "LedgerNotSupported",
        args: async (f) => [f.stranger.address],
      },
      {
        name: "party A other than the proposer",
        change: async (f) => ({ partyA: f.bankB.address }),
        error: "DealPartiesInvalid",
        args: async (f) => [f.bankA.address, f.cnBank.address],
      },
      {
        name: "the proposer as party B",
        change: async (f) => ({ partyB: f.bankA.address }),
        error: "DealPartiesInvalid",
        args: async (f) => [f.bankA.address, f.bankA.address],
      },
      {
        name: "no party B",
        change: async () => ({ partyB: ZeroAddress }),
        error: "DealPartiesInvalid",
        args: async (f) => [f.bankA.address, ZeroAddress],
      },
      {
        name: "a zero amount",
        change: async () => ({ amountA: 0n, amountB: 0n }),
        error: "DealAmountInvalid",
        args: async () => [0n, MAX_UINT96],
      },
      {
        name: "an amount above 2^96 - 1",
        change: async () => ({ amountB: MAX_UINT96 + 1n }),
        error: "DealAmountInvalid",
        args: async () => [MAX_UINT96 + 1n, MAX_UINT96],
      },
      {
        name: "a zero rate",
        change: async () => ({ rate: 0n }),
        error: "DealRateInvalid",
        args: async () => [0n, MAX_UINT96],
      },
    ];
    for (const c of cases) {
      it(`reverts with ${c.error} for ${c.name}`, async () => {
        const f = await loadFixture(crossBorderFixture);
        const base = await terms(f);
        const t = { ...base, ...(await c.change(f, base)) };
        await rejected(
          f,
          1n,
          () => f.pvp.connect(f.bankA).proposeDeal(t),
          async (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.pvp, c.error)
              .withArgs(...(await c.args(f, t))),
        );
      });
    }

    it("reverts with DealExpiryOutOfRange for an expiry now or more than 7 days away", async () => {
      const f = await loadFixture(crossBorderFixture);
      for (const offset of [0, 7 * 24 * HOUR + 2]) {
        const expiry = BigInt((await time.latest()) + offset);
        const t = await terms(f, { expiry });
        const now = BigInt((await time.latest()) + 1);
        await time.setNextBlockTimestamp(now);
        await rejected(
          f,
          1n,
          () => f.pvp.connect(f.bankA).proposeDeal(t),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.pvp, "DealExpiryOutOfRange")
              .withArgs(expiry, now, now + BigInt(7 * 24 * HOUR)),
        );
      }
    });

    it("reverts with AccessManagedUnauthorized when the proposer is not a PvP dealer", async () => {
      const f = await loadFixture(crossBorderFixture);
      const t = await terms(f, { partyA: f.alice.address });
      await rejected(
        f,
        1n,
        () => f.pvp.connect(f.alice).proposeDeal(t),
        (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "AccessManagedUnauthorized").withArgs(f.alice.address),
      );
    });

    it("lets only the operator list ledgers, emitting the change", async () => {
      const f = await loadFixture(crossBorderFixture);
      await expect(f.pvp.connect(f.bankA).setLedgerSupported(f.stranger.address, true))
        .to.be.revertedWithCustomError(f.pvp, "AccessManagedUnauthorized")
        .withArgs(f.bankA.address);
      await expect(f.pvp.connect(f.operator).setLedgerSupported(ZeroAddress, true)).to.be.revertedWithCustomError(
        f.pvp,
        "LedgerZeroAddress",
      );
      const foreign = await f.foreignLedger.getAddress();
      await expect(f.pvp.connect(f.operator).setLedgerSupported(foreign, false))
        .to.emit(f.pvp, "LedgerSupportSet")
        .withArgs(foreign, false);
      expect(await f.pvp.isLedgerSupported(foreign)).to.equal(false);
    });
  });

  describe("atomicity, over any sequence of actions", () => {
    it("never pays one leg without the other, and always holds exactly the funded legs", async () => {
      const action = fc.constantFrom("fundA", "fundB", "settleA", "settleB", "wait", "refundA", "refundB");
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(action, fc.integer({ min: 1, max: 2 })), { minLength: 1, maxLength: 10 }),
          async (steps) => {
            const f = await loadFixture(crossBorderFixture);
            const t1 = await terms(f);
            const t2 = await terms(f, {
              amountA: tenge(1_000),
              amountB: convertDown(tenge(1_000), RATE),
              quoteId: ref("FXQ-2"),
              expiry: BigInt((await time.latest()) + 4 * HOUR),
            });
            await f.pvp.connect(f.bankA).proposeDeal(t1);
            await f.pvp.connect(f.bankA).proposeDeal(t2);
            const dealTerms = [t1, t2];
            for (const [step, id] of steps) {
              const pvp = f.pvp;
              const attempt = async () => {
                if (step === "fundA") return pvp.connect(f.bankA).fundLeg(id);
                if (step === "fundB") return pvp.connect(f.cnBank).fundLeg(id);
                if (step === "settleA") return pvp.connect(f.bankA).settle(id);
                if (step === "settleB") return pvp.connect(f.cnBank).settle(id);
                if (step === "refundA") return pvp.connect(f.stranger).refundLeg(id, Leg.A);
                if (step === "refundB") return pvp.connect(f.stranger).refundLeg(id, Leg.B);
                return time.increase(HOUR + 1);
              };
              await attempt().catch(() => undefined);
              let heldA = 0n;
              let heldB = 0n;
              for (const [i, t] of dealTerms.entries()) {
                const deal = await pvp.dealOf(i + 1);
                if (deal.fundedA) heldA += BigInt(t.amountA);
                if (deal.fundedB) heldB += BigInt(t.amountB);
                const settledEvents = await pvp.queryFilter(pvp.filters.DealSettled(i + 1));
                expect(settledEvents.length).to.be.at.most(1);
                if (deal.status === BigInt(DealStatus.Settled)) expect(settledEvents.length).to.equal(1);
              }
              expect(await f.ledger.balanceOf(pvp)).to.equal(heldA, "DKZT escrow is exactly the funded A legs");
              expect(await f.foreignLedger.balanceOf(pvp)).to.equal(heldB, "e-CNY escrow is exactly the funded B legs");
              // Whatever happened, value is conserved per party: each bank has either both sides of a settled deal or neither.
            }
            const settled = await settledIds(f);
            const received = await f.foreignLedger.balanceOf(f.bankA);
            const expectedReceived = settled.reduce((sum, id) => sum + BigInt(dealTerms[id - 1].amountB), 0n);
            expect(received).to.equal(expectedReceived, "bank A received e-CNY for exactly the settled deals");
            const cnReceivedDkzt = (await f.ledger.balanceOf(f.cnBank)) - tenge(2_000_000);
            const expectedDkzt = settled.reduce((sum, id) => sum + BigInt(dealTerms[id - 1].amountA), 0n);
            expect(cnReceivedDkzt).to.equal(expectedDkzt, "cnBank received DKZT for exactly the settled deals");
          },
        ),
        { numRuns: 25 },
      );
    });
  });
});

async function settledIds(f: CrossBorderFixture): Promise<number[]> {
  const events = await f.pvp.queryFilter(f.pvp.filters.DealSettled());
  return events.map((e) => Number(e.args.dealId));
}
