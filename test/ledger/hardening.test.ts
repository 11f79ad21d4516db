import { expect } from "chai";
import { ZeroHash } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";
import { accountOf } from "../../src/accounts";

const LITE_HOLDING = tenge(100_000); // tier 0, carol's

describe("DigitalTenge: reviewed defects (issue 16)", () => {
  describe("an issuance or redemption reference is used once", () => {
    it("issuing again under the same reserve reference reverts with ReferenceAlreadyUsed and issues nothing", async () => {
      const { ledger, centralBank, bankA } = await loadFixture(fundedLedger);
      const position = (await ledger.bankOf(bankA)).toString();
      await expectRejected(
        ledger,
        [bankA],
        () => ledger.connect(centralBank).issue(bankA, tenge(1), ref("RSV-A-1")),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ReferenceAlreadyUsed").withArgs(ref("RSV-A-1")),
      );
      expect((await ledger.bankOf(bankA)).toString()).to.equal(position);
    });

    it("a zero reference reverts with ReferenceAlreadyUsed (every movement of the supply names its operation)", async () => {
      const { ledger, centralBank, bankA } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [bankA],
        () => ledger.connect(centralBank).issue(bankA, tenge(1), ZeroHash),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ReferenceAlreadyUsed").withArgs(ZeroHash),
      );
    });

    it("redeeming twice under one reference reverts the second time; a fresh reference works", async () => {
      const { ledger, bankA } = await loadFixture(fundedLedger);
      await expect(ledger.connect(bankA).redeem(tenge(10), ref("RSV-R-1")))
        .to.emit(ledger, "Redeemed")
        .withArgs(bankA.address, tenge(10), ref("RSV-R-1"));
      const position = (await ledger.bankOf(bankA)).toString();
      await expectRejected(
        ledger,
        [bankA],
        () => ledger.connect(bankA).redeem(tenge(10), ref("RSV-R-1")),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ReferenceAlreadyUsed").withArgs(ref("RSV-R-1")),
      );
      expect((await ledger.bankOf(bankA)).toString()).to.equal(position);
      await expect(ledger.connect(bankA).redeem(tenge(10), ref("RSV-R-2"))).to.changeTokenBalance(
        ledger,
        bankA,
        -tenge(10),
      );
    });
  });

  describe("the unlimited-holding tier is for banks, government bodies and modules", () => {
    it("onboarding an individual on it reverts with TierNotAllowedForKind and registers nothing", async () => {
      const { ledger, bankA, spare } = await loadFixture(fundedLedger);
      await expect(ledger.connect(bankA).onboardCustomer(spare[0], AccountKind.Individual, Tier.UNLIMITED, ref("c-1")))
        .to.be.revertedWithCustomError(ledger, "TierNotAllowedForKind")
        .withArgs(Tier.UNLIMITED, AccountKind.Individual);
      expect((await accountOf(ledger, spare[0])).registered).to.equal(false);
    });

    it("moving a merchant onto it reverts with TierNotAllowedForKind and keeps its tier", async () => {
      const { ledger, bankA, merchant } = await loadFixture(fundedLedger);
      await expect(ledger.connect(bankA).setCustomerTier(merchant, Tier.UNLIMITED))
        .to.be.revertedWithCustomError(ledger, "TierNotAllowedForKind")
        .withArgs(Tier.UNLIMITED, AccountKind.Merchant);
      expect((await accountOf(ledger, merchant)).tier).to.equal(Tier.BUSINESS);
    });

    it("a government body may hold it", async () => {
      const { ledger, bankA, spare } = await loadFixture(fundedLedger);
      await ledger.connect(bankA).onboardCustomer(spare[0], AccountKind.Government, Tier.UNLIMITED, ref("akimat"));
      expect((await accountOf(ledger, spare[0])).tier).to.equal(Tier.UNLIMITED);
    });
  });

  describe("the waterfall obeys freeze and attachment like every other debit", () => {
    it("a receive-only waterfall account sends nothing on: a receipt above its limit reverts with HoldingLimitExceeded", async () => {
      const { ledger, compliance, bankB, carol } = await loadFixture(fundedLedger);
      await ledger.connect(bankB).transfer(carol, LITE_HOLDING - tenge(10));
      await ledger.connect(carol).setWaterfall(true);
      await ledger.connect(compliance).setFreezeState(carol, FreezeState.OutboundOnly, ref("AFM-9"));
      const position = (await ledger.bankOf(bankB)).toString();
      await expectRejected(
        ledger,
        [carol, bankB],
        () => ledger.connect(bankB).transfer(carol, tenge(50)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
            .withArgs(carol.address, LITE_HOLDING, LITE_HOLDING + tenge(40)),
      );
      expect((await ledger.bankOf(bankB)).toString()).to.equal(position);
      // Within the limit it still receives.
      await expect(ledger.connect(bankB).transfer(carol, tenge(10))).to.changeTokenBalance(ledger, carol, tenge(10));
    });

    it("an attachment above the balance keeps the receipts it needs instead of sweeping them to the bank", async () => {
      const { ledger, compliance, bankB, carol } = await loadFixture(fundedLedger);
      await ledger.connect(bankB).transfer(carol, LITE_HOLDING - tenge(10));
      await ledger.connect(carol).setWaterfall(true);
      // The court attaches more than carol holds: 30 ₸ above her limit.
      await ledger.connect(compliance).attachFunds(carol, LITE_HOLDING + tenge(30), ref("COURT-7"));
      // 50 ₸ arrive: 10 fill her to the limit, 30 are kept for the attachment, only 10 go on to her bank.
      await expect(ledger.connect(bankB).transfer(carol, tenge(50)))
        .to.emit(ledger, "WaterfallSwept")
        .withArgs(carol.address, bankB.address, tenge(10), ref("cust-carol"));
      expect(await ledger.balanceOf(carol)).to.equal(LITE_HOLDING + tenge(30));
    });
  });
});
