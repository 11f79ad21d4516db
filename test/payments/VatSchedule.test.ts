import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  MCC,
  Settlement,
  expectAlicePaymentRejected,
  expectPaymentRejected,
  paymentsBare,
  paymentsDeployed,
  paymentsReady,
  signedInvoice,
  today,
} from "./fixtures";
import { KZ_VAT_2026, VatCategory, splitVat, ALMATY_OFFSET_SECONDS } from "../../src/payments/vat";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

/** Unix time of Almaty-local midnight starting day `day`. */
const midnight = (day: number): number => day * 86_400 - ALMATY_OFFSET_SECONDS;

describe("VatSchedule: the tax authority's rates and budget", () => {
  describe("when the schedule is new", () => {
    it("has zero-rated and exempt in force at 0%, the scheduled categories undefined", async () => {
      const { payments } = await loadFixture(paymentsDeployed);
      expect(await payments.vatRate(VatCategory.ZERO_RATED)).to.deep.equal([0n, true]);
      expect(await payments.vatRate(VatCategory.EXEMPT)).to.deep.equal([0n, true]);
      expect(await payments.vatRate(VatCategory.STANDARD)).to.deep.equal([0n, false]);
    });

    it("rejects a sale in an undefined category with VatCategoryUndefined", async () => {
      const f = await loadFixture(paymentsDeployed);
      await f.payments
        .connect(f.bankA)
        .onboardMerchant(f.merchant.address, MCC.GROCERY, ref("VAT"), Settlement.KeepDigital);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectAlicePaymentRejected(f, invoice, signature, (p) =>
        expect(p).to.be.revertedWithCustomError(f.payments, "VatCategoryUndefined").withArgs(VatCategory.STANDARD),
      );
    });

    it("defines a category from today, emitting VatRateScheduled", async () => {
      const { payments, taxAuthority } = await loadFixture(paymentsDeployed);
      const day = await today();
      await expect(payments.connect(taxAuthority).scheduleVatRate(VatCategory.STANDARD, 1600, day))
        .to.emit(payments, "VatRateScheduled")
        .withArgs(VatCategory.STANDARD, 0, 1600, day);
      expect(await payments.vatRate(VatCategory.STANDARD)).to.deep.equal([1600n, true]);
      expect(await payments.turnoverDay()).to.equal(day);
    });
  });

  describe("when a change is scheduled for the future (12% → 16% from a given day)", () => {
    async function scheduled() {
      const f = await paymentsReady();
      const day = await today();
      // Replace today's 16% by the pre-2026 12% history: define a fresh schedule on REDUCED_HIGH instead.
      await f.payments.connect(f.taxAuthority).scheduleVatRate(VatCategory.REDUCED_HIGH, 1200, day + 3);
      return { ...f, day, effective: day + 3 };
    }

    it("keeps the old rate until the effective day, then applies the new one at Almaty midnight", async () => {
      const f = await loadFixture(scheduled);
      expect(await f.payments.pendingVatRate(VatCategory.REDUCED_HIGH)).to.deep.equal([
        true,
        1200n,
        BigInt(f.effective),
      ]);
      const before = await signedInvoice(f, f.merchant, tenge(110), {
        vatCategory: VatCategory.REDUCED_HIGH,
        vatRateBps: 1000,
        expiry: BigInt(midnight(f.effective) + 3600),
      });
      await time.setNextBlockTimestamp(midnight(f.effective) - 1);
      await expect(f.payments.connect(f.alice).payInvoice(before.invoice, before.signature)).to.changeTokenBalances(
        f.ledger,
        [f.budget],
        [tenge(10)],
      );
      await time.increaseTo(midnight(f.effective)); // a block at local midnight: the new day has begun
      const stale = await signedInvoice(f, f.merchant, tenge(110), {
        vatCategory: VatCategory.REDUCED_HIGH,
        vatRateBps: 1000,
      });
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [stale.invoice],
        () => f.payments.connect(f.alice).payInvoice(stale.invoice, stale.signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "VatRateMismatch")
            .withArgs(VatCategory.REDUCED_HIGH, 1200, 1000),
      );
      const after = await signedInvoice(f, f.merchant, tenge(112), {
        vatCategory: VatCategory.REDUCED_HIGH,
        vatRateBps: 1200,
      });
      await expect(f.payments.connect(f.alice).payInvoice(after.invoice, after.signature)).to.changeTokenBalances(
        f.ledger,
        [f.budget],
        [tenge(12)],
      );
      expect(await f.payments.pendingVatRate(VatCategory.REDUCED_HIGH)).to.deep.equal([false, 0n, 0n]);
    });

    it("keeps the history: the rate on any past or future day", async () => {
      const f = await loadFixture(scheduled);
      expect(await f.payments.vatRateOn(VatCategory.REDUCED_HIGH, f.day - 1)).to.deep.equal([0n, false]);
      expect(await f.payments.vatRateOn(VatCategory.REDUCED_HIGH, f.day)).to.deep.equal([1000n, true]);
      expect(await f.payments.vatRateOn(VatCategory.REDUCED_HIGH, f.effective - 1)).to.deep.equal([1000n, true]);
      expect(await f.payments.vatRateOn(VatCategory.REDUCED_HIGH, f.effective)).to.deep.equal([1200n, true]);
      await time.increaseTo(midnight(f.effective + 1));
      expect(await f.payments.vatRate(VatCategory.REDUCED_HIGH)).to.deep.equal([1200n, true]);
    });

    it("replaces a pending change, emitting VatRateChangeCancelled for the old one", async () => {
      const f = await loadFixture(scheduled);
      await expect(f.payments.connect(f.taxAuthority).scheduleVatRate(VatCategory.REDUCED_HIGH, 1100, f.effective + 1))
        .to.emit(f.payments, "VatRateChangeCancelled")
        .withArgs(VatCategory.REDUCED_HIGH, 1200, f.effective)
        .and.to.emit(f.payments, "VatRateScheduled")
        .withArgs(VatCategory.REDUCED_HIGH, 1000, 1100, f.effective + 1);
      expect(await f.payments.vatRateOn(VatCategory.REDUCED_HIGH, f.effective)).to.deep.equal([1000n, true]);
      expect(await f.payments.vatRateOn(VatCategory.REDUCED_HIGH, f.effective + 1)).to.deep.equal([1100n, true]);
    });

    it("cancels a pending change", async () => {
      const f = await loadFixture(scheduled);
      await expect(f.payments.connect(f.taxAuthority).cancelVatRateChange(VatCategory.REDUCED_HIGH))
        .to.emit(f.payments, "VatRateChangeCancelled")
        .withArgs(VatCategory.REDUCED_HIGH, 1200, f.effective);
      await time.increaseTo(midnight(f.effective + 1));
      expect(await f.payments.vatRate(VatCategory.REDUCED_HIGH)).to.deep.equal([1000n, true]);
    });

    it("reverts with VatChangeNotScheduled when cancelling nothing (or a change already in effect)", async () => {
      const f = await loadFixture(scheduled);
      await expect(f.payments.connect(f.taxAuthority).cancelVatRateChange(VatCategory.STANDARD))
        .to.be.revertedWithCustomError(f.payments, "VatChangeNotScheduled")
        .withArgs(VatCategory.STANDARD);
      await time.increaseTo(midnight(f.effective));
      await expect(f.payments.connect(f.taxAuthority).cancelVatRateChange(VatCategory.REDUCED_HIGH))
        .to.be.revertedWithCustomError(f.payments, "VatChangeNotScheduled")
        .withArgs(VatCategory.REDUCED_HIGH);
      expect(await f.payments.vatRate(VatCategory.REDUCED_HIGH)).to.deep.equal([1200n, true]);
    });
  });

  describe("when the change is not allowed", () => {
    it("reverts with VatChangeRetroactive for today or a past day once a category is in force", async () => {
      const f = await loadFixture(paymentsReady);
      const day = await today();
      for (const d of [day, day - 1]) {
        await expect(f.payments.connect(f.taxAuthority).scheduleVatRate(VatCategory.STANDARD, 1200, d))
          .to.be.revertedWithCustomError(f.payments, "VatChangeRetroactive")
          .withArgs(VatCategory.STANDARD, d, day);
      }
      expect(await f.payments.vatRate(VatCategory.STANDARD)).to.deep.equal([1600n, true]);
    });

    it("reverts with VatChangeRetroactive for a past day on an undefined category", async () => {
      const f = await loadFixture(paymentsDeployed);
      const day = await today();
      await expect(f.payments.connect(f.taxAuthority).scheduleVatRate(VatCategory.STANDARD, 1600, day - 1))
        .to.be.revertedWithCustomError(f.payments, "VatChangeRetroactive")
        .withArgs(VatCategory.STANDARD, day - 1, day);
    });

    it("reverts with VatRateFixed for zero-rated and exempt, VatCategoryUnknown beyond the five", async () => {
      const f = await loadFixture(paymentsReady);
      const day = await today();
      for (const c of [VatCategory.ZERO_RATED, VatCategory.EXEMPT]) {
        await expect(f.payments.connect(f.taxAuthority).scheduleVatRate(c, 100, day + 1))
          .to.be.revertedWithCustomError(f.payments, "VatRateFixed")
          .withArgs(c);
      }
      await expect(f.payments.connect(f.taxAuthority).scheduleVatRate(5, 100, day + 1))
        .to.be.revertedWithCustomError(f.payments, "VatCategoryUnknown")
        .withArgs(5);
    });

    it("reverts with VatRateTooHigh above 10 000 bp and VatDayOutOfRange at 65 535", async () => {
      const f = await loadFixture(paymentsReady);
      const day = await today();
      await expect(f.payments.connect(f.taxAuthority).scheduleVatRate(0, 10_001, day + 1))
        .to.be.revertedWithCustomError(f.payments, "VatRateTooHigh")
        .withArgs(10_001, 10_000);
      await expect(f.payments.connect(f.taxAuthority).scheduleVatRate(0, 1600, 65_535))
        .to.be.revertedWithCustomError(f.payments, "VatDayOutOfRange")
        .withArgs(65_535);
    });

    it("reverts with AccessManagedUnauthorized for anyone but the tax authority", async () => {
      const f = await loadFixture(paymentsReady);
      const day = await today();
      for (const caller of [f.bankA, f.operator, f.centralBank, f.budget]) {
        await expect(f.payments.connect(caller).scheduleVatRate(0, 1200, day + 1))
          .to.be.revertedWithCustomError(f.payments, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
      await expect(f.payments.connect(f.stranger).designateVatBudget(f.stranger.address))
        .to.be.revertedWithCustomError(f.payments, "AccessManagedUnauthorized")
        .withArgs(f.stranger.address);
      expect(await f.payments.pendingVatRate(0)).to.deep.equal([false, 0n, 0n]);
    });
  });

  describe("the budget account", () => {
    it("reverts with VatBudgetNotSet when VAT is due before a budget accepted", async () => {
      const f = await loadFixture(paymentsBare);
      await f.payments.connect(f.taxAuthority).scheduleVatRate(VatCategory.STANDARD, 1600, await today());
      await f.payments
        .connect(f.bankA)
        .onboardMerchant(f.merchant.address, MCC.GROCERY, ref("VAT"), Settlement.KeepDigital);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "VatBudgetNotSet"),
      );
    });

    it("changes only when the designated account accepts, emitting old → new", async () => {
      const f = await loadFixture(paymentsReady);
      const next = f.court; // a Government account of bank B
      await expect(f.payments.connect(f.taxAuthority).designateVatBudget(next.address))
        .to.emit(f.payments, "VatBudgetDesignated")
        .withArgs(ethers.ZeroAddress, next.address);
      expect(await f.payments.vatBudget()).to.deep.equal([f.budget.address, next.address]);
      await expect(f.payments.connect(f.stranger).acceptVatBudget())
        .to.be.revertedWithCustomError(f.payments, "VatBudgetNotDesignated")
        .withArgs(f.stranger.address, next.address);
      await expect(f.payments.connect(next).acceptVatBudget())
        .to.emit(f.payments, "VatBudgetChanged")
        .withArgs(f.budget.address, next.address);
      expect(await f.payments.vatBudget()).to.deep.equal([next.address, ethers.ZeroAddress]);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.changeTokenBalances(
        f.ledger,
        [next, f.budget],
        [tenge(16), 0n],
      );
    });

    it("reverts with VatBudgetNotGovernment when the designated account is not a Government account", async () => {
      const f = await loadFixture(paymentsReady);
      await f.payments.connect(f.taxAuthority).designateVatBudget(f.bob.address);
      await expect(f.payments.connect(f.bob).acceptVatBudget())
        .to.be.revertedWithCustomError(f.payments, "VatBudgetNotGovernment")
        .withArgs(f.bob.address);
      const unregistered = f.spare[10];
      await f.payments.connect(f.taxAuthority).designateVatBudget(unregistered.address);
      await expect(f.payments.connect(unregistered).acceptVatBudget())
        .to.be.revertedWithCustomError(f.payments, "VatBudgetNotGovernment")
        .withArgs(unregistered.address);
      expect((await f.payments.vatBudget())[0]).to.equal(f.budget.address);
    });

    it("reverts with ZeroAddressNotAllowed when designating the zero address", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(
        f.payments.connect(f.taxAuthority).designateVatBudget(ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(f.payments, "ZeroAddressNotAllowed");
    });
  });

  describe("a government body onboarded as the budget", () => {
    it("can be any Government account its bank onboarded", async () => {
      const f = await loadFixture(paymentsReady);
      const treasury = f.spare[11];
      await f.ledger
        .connect(f.bankA)
        .onboardCustomer(treasury.address, AccountKind.Government, Tier.UNLIMITED, ref("treasury"));
      await f.payments.connect(f.taxAuthority).designateVatBudget(treasury.address);
      await f.payments.connect(treasury).acceptVatBudget();
      const { vat } = splitVat(tenge(500), KZ_VAT_2026.STANDARD);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(500));
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.changeTokenBalances(
        f.ledger,
        [treasury],
        [vat],
      );
    });
  });
});
