import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { SplitModuleMock__factory, type SplitModuleMock } from "../../typechain-types";
import { fundedLedger, onboardModuleWithMandates, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { UNLIMITED, tenge } from "../../src/money";
import { AccountKind, DEFAULT_TIERS, FreezeState, Tier } from "../../src/tiers";
import { accountOf, remainingDailyOutflow } from "../../src/accounts";

// Checks of the ledger the main suites do not reach: the attachment bound, the outflow view of accounts that
// cannot send, and moduleSplit's own copy of the sender and receiver rules (attachment, unlimited daily tier,
// waterfall on the VAT leg, waterfall without a bank, a balance already above a lowered limit).

const MAX_BALANCE = 2n ** 96n - 1n;
const NET = tenge(1_000);
const VAT = tenge(160);
const GROSS = NET + VAT;
const LITE = DEFAULT_TIERS.find((t) => t.id === Tier.ANONYMOUS_LITE)!;
const STANDARD = DEFAULT_TIERS.find((t) => t.id === Tier.STANDARD)!;

/** fundedLedger plus a splitting module onboarded as a SystemContract account. */
async function withSplitter() {
  const f = await fundedLedger();
  const module: SplitModuleMock = await new SplitModuleMock__factory(f.deployer).deploy(f.ledger);
  await onboardModuleWithMandates(f, module, "SPLITTER", [f.alice, f.bob, f.carol, f.merchant, f.court]);
  return { ...f, module };
}

describe("DigitalTenge edges", () => {
  describe("attachFunds", () => {
    describe("when one order names more than 2^96 - 1 tiyn", () => {
      it("reverts with AmountTooLarge and attaches nothing", async () => {
        const { ledger, compliance, alice } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [alice],
          () => ledger.connect(compliance).attachFunds(alice, MAX_BALANCE + 1n, ref("ORDER-1")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "AmountTooLarge")
              .withArgs(MAX_BALANCE + 1n, MAX_BALANCE),
        );
        expect(await ledger.attachedOf(alice)).to.equal(0n);
      });
    });
  });

  describe("remainingDailyOutflow", () => {
    it("is zero for an account that is not registered", async () => {
      const { ledger, stranger } = await loadFixture(fundedLedger);
      expect(await remainingDailyOutflow(ledger, stranger)).to.equal(0n);
    });

    for (const [name, state] of [
      ["fully frozen", FreezeState.Full],
      ["blocked outbound", FreezeState.OutboundOnly],
    ] as const) {
      it(`is zero while the account is ${name}, and the tier's daily limit again once released`, async () => {
        const { ledger, compliance, alice } = await loadFixture(fundedLedger);
        expect(await remainingDailyOutflow(ledger, alice)).to.equal(STANDARD.dailyLimit);
        await ledger.connect(compliance).setFreezeState(alice, state, ref("ORDER-2"));
        expect(await remainingDailyOutflow(ledger, alice)).to.equal(0n);
        await ledger.connect(compliance).setFreezeState(alice, FreezeState.None, ref("ORDER-3"));
        expect(await remainingDailyOutflow(ledger, alice)).to.equal(STANDARD.dailyLimit);
      });
    }
  });

  describe("moduleSplit", () => {
    describe("when the payer has funds attached", () => {
      it("pays from the free part when it covers the gross", async () => {
        const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
        await ledger.connect(compliance).attachFunds(alice, tenge(100_000) - GROSS, ref("ORDER-4"));
        await expect(module.split(alice, merchant, NET, court, VAT)).to.changeTokenBalances(
          ledger,
          [alice, merchant, court],
          [-GROSS, NET, VAT],
        );
        expect(await ledger.attachedOf(alice)).to.equal(tenge(100_000) - GROSS);
      });

      it("reverts with AttachedFundsLocked (available 0) on the net leg when the attachment exceeds the balance", async () => {
        const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
        await ledger.connect(compliance).attachFunds(alice, tenge(150_000), ref("ORDER-5"));
        await expectRejected(
          ledger,
          [alice, merchant, court],
          () => module.split(alice, merchant, NET, court, VAT),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AttachedFundsLocked").withArgs(alice, 0n, NET),
        );
      });

      it("reverts with AttachedFundsLocked naming the free part when it is one tiyn short", async () => {
        const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
        await ledger.connect(compliance).attachFunds(alice, tenge(100_000) - GROSS + 1n, ref("ORDER-6"));
        await expectRejected(
          ledger,
          [alice, merchant, court],
          () => module.split(alice, merchant, NET, court, VAT),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
              .withArgs(alice, VAT - 1n, VAT),
        );
      });
    });

    describe("when the payer already paid today", () => {
      it("counts today's earlier split against the daily limit: DailyLimitExceeded names the day's total", async () => {
        const { ledger, module, bankA, carol, merchant, court } = await loadFixture(withSplitter);
        // carol: anonymous-lite, 50 000 ₸ a day.
        await ledger.connect(bankA).transfer(carol, tenge(60_000));
        await module.split(carol, merchant, tenge(30_000), court, tenge(4_800));
        expect((await accountOf(ledger, carol)).spentToday).to.equal(tenge(34_800));
        await expectRejected(
          ledger,
          [carol, merchant, court],
          () => module.split(carol, merchant, tenge(15_000), court, tenge(2_400)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
              .withArgs(carol.address, LITE.dailyLimit, tenge(52_200)),
        );
      });
    });

    describe("when the payer's tier has no daily limit", () => {
      it("pays without counting the gross against a daily limit", async () => {
        const { ledger, module, bankB, court, merchant, alice } = await loadFixture(withSplitter);
        await ledger.connect(bankB).transfer(court, tenge(10_000));
        await expect(module.split(court, merchant, NET, alice, VAT)).to.changeTokenBalances(
          ledger,
          [court, merchant, alice],
          [-GROSS, NET, VAT],
        );
        expect((await accountOf(ledger, court)).spentToday).to.equal(0n);
        expect(await remainingDailyOutflow(ledger, court)).to.equal(UNLIMITED);
      });
    });

    describe("when the VAT recipient is a waterfall account at its holding limit", () => {
      it("sends the VAT above the limit on to its bank, like the net leg", async () => {
        const { ledger, module, alice, merchant, carol, bankA, bankB } = await loadFixture(withSplitter);
        await ledger.connect(bankA).transfer(carol, LITE.holdingLimit - tenge(100));
        await ledger.connect(carol).setWaterfall(true);
        const supply = await ledger.totalSupply();
        const redeemed = (await ledger.bankOf(bankB)).redeemed;
        const tx = module.split(alice, merchant, NET, carol, VAT);
        await expect(tx)
          .to.emit(ledger, "WaterfallSwept")
          .withArgs(carol.address, bankB.address, VAT - tenge(100), ref("cust-carol"));
        await expect(tx).to.changeTokenBalances(ledger, [alice, merchant, carol], [-GROSS, NET, tenge(100)]);
        expect(await ledger.totalSupply()).to.equal(supply - (VAT - tenge(100)));
        expect((await ledger.bankOf(bankB)).redeemed).to.equal(redeemed + VAT - tenge(100));
      });
    });

    describe("when the receiver is a waterfall account with no bank of record", () => {
      it("reverts with HoldingLimitExceeded: there is no deposit to sweep into", async () => {
        const { ledger, module, operator, alice, court, bankA, spare } = await loadFixture(withSplitter);
        const kiosk = spare[0];
        await ledger
          .connect(operator)
          .onboardParticipant(kiosk, AccountKind.PaymentAgent, Tier.ANONYMOUS_LITE, ZeroAddress, ref("KIOSK"));
        await ledger.connect(bankA).transfer(kiosk, LITE.holdingLimit - tenge(500));
        await ledger.connect(kiosk).setWaterfall(true);
        expect((await accountOf(ledger, kiosk)).waterfall).to.equal(true);
        await expectRejected(
          ledger,
          [alice, kiosk, court],
          () => module.split(alice, kiosk, NET, court, VAT),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(kiosk.address, LITE.holdingLimit, LITE.holdingLimit + tenge(500)),
        );
      });
    });

    describe("when a waterfall receiver already holds more than a lowered holding limit", () => {
      it("sends the whole net on and leaves the balance above the limit as it was", async () => {
        const { ledger, module, centralBank, alice, carol, court, bankA, bankB } = await loadFixture(withSplitter);
        await ledger.connect(bankA).transfer(carol, tenge(60_000));
        await ledger.connect(carol).setWaterfall(true);
        await ledger.connect(centralBank).setTier(Tier.ANONYMOUS_LITE, tenge(50_000), LITE.dailyLimit);
        const tx = module.split(alice, carol, NET, court, VAT);
        await expect(tx)
          .to.emit(ledger, "WaterfallSwept")
          .withArgs(carol.address, bankB.address, NET, ref("cust-carol"));
        await expect(tx).to.changeTokenBalances(ledger, [alice, carol, court], [-GROSS, 0n, VAT]);
        expect(await ledger.balanceOf(carol)).to.equal(tenge(60_000));
      });
    });
  });
});
