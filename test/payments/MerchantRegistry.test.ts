import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MCC, Settlement, expectPaymentRejected, paymentsDeployed, paymentsReady, signedInvoice } from "./fixtures";
import { KZ_VAT_2026, VatCategory, splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

describe("MerchantRegistry: merchants onboarded by their acquiring bank", () => {
  describe("when the acquiring bank onboards its merchant", () => {
    it("records MCC, VAT registration and settlement, emitting MerchantOnboarded", async () => {
      const { payments, bankA, merchant } = await loadFixture(paymentsDeployed);
      await expect(
        payments
          .connect(bankA)
          .onboardMerchant(merchant.address, MCC.GROCERY, ref("VAT-1"), Settlement.ConvertToNonCash),
      )
        .to.emit(payments, "MerchantOnboarded")
        .withArgs(merchant.address, bankA.address, MCC.GROCERY, ref("VAT-1"), Settlement.ConvertToNonCash);
      expect(await payments.merchantOf(merchant.address)).to.deep.equal([
        true,
        true,
        BigInt(Settlement.ConvertToNonCash),
        BigInt(MCC.GROCERY),
      ]);
    });

    it("records a merchant without VAT registration as not a VAT payer", async () => {
      const { payments, bankA, merchant } = await loadFixture(paymentsDeployed);
      await payments
        .connect(bankA)
        .onboardMerchant(merchant.address, MCC.KIOSK, ethers.ZeroHash, Settlement.KeepDigital);
      expect((await payments.merchantOf(merchant.address)).vatPayer).to.equal(false);
    });
  });

  describe("when the onboarding is not allowed", () => {
    it("reverts with NotAcquiringBank when another bank tries", async () => {
      const { payments, bankB, merchant } = await loadFixture(paymentsDeployed);
      await expect(
        payments.connect(bankB).onboardMerchant(merchant.address, MCC.GROCERY, ref("VAT"), Settlement.KeepDigital),
      )
        .to.be.revertedWithCustomError(payments, "NotAcquiringBank")
        .withArgs(bankB.address, merchant.address);
      expect((await payments.merchantOf(merchant.address)).registered).to.equal(false);
    });

    it("reverts with AccessManagedUnauthorized for a caller without the bank role", async () => {
      const { payments, stranger, merchant, operator } = await loadFixture(paymentsDeployed);
      for (const caller of [stranger, merchant, operator]) {
        await expect(
          payments.connect(caller).onboardMerchant(merchant.address, MCC.GROCERY, ref("VAT"), Settlement.KeepDigital),
        )
          .to.be.revertedWithCustomError(payments, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("reverts with MerchantAccountInvalid for an individual or an unregistered account", async () => {
      const { payments, bankA, alice, spare } = await loadFixture(paymentsDeployed);
      for (const account of [alice.address, spare[12].address]) {
        await expect(payments.connect(bankA).onboardMerchant(account, MCC.GROCERY, ref("VAT"), Settlement.KeepDigital))
          .to.be.revertedWithCustomError(payments, "MerchantAccountInvalid")
          .withArgs(account);
      }
    });

    it("reverts with MerchantAlreadyRegistered the second time", async () => {
      const { payments, bankA, merchant } = await loadFixture(paymentsReady);
      await expect(
        payments
          .connect(bankA)
          .onboardMerchant(merchant.address, MCC.KIOSK, ethers.ZeroHash, Settlement.ConvertToNonCash),
      )
        .to.be.revertedWithCustomError(payments, "MerchantAlreadyRegistered")
        .withArgs(merchant.address);
      expect(await payments.merchantOf(merchant.address)).to.deep.equal([true, true, 0n, BigInt(MCC.GROCERY)]);
    });

    it("reverts with MccInvalid for 0 and for more than four digits", async () => {
      const { payments, bankA, merchant } = await loadFixture(paymentsDeployed);
      for (const mcc of [0, 10_000]) {
        await expect(
          payments.connect(bankA).onboardMerchant(merchant.address, mcc, ethers.ZeroHash, Settlement.KeepDigital),
        )
          .to.be.revertedWithCustomError(payments, "MccInvalid")
          .withArgs(mcc);
      }
    });
  });

  describe("when the acquiring bank changes a merchant's record", () => {
    it("switches the settlement preference (old → new) and the next payment is converted", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.connect(f.bankA).setMerchantSettlement(f.merchant.address, Settlement.ConvertToNonCash))
        .to.emit(f.payments, "MerchantSettlementChanged")
        .withArgs(f.merchant.address, Settlement.KeepDigital, Settlement.ConvertToNonCash);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature))
        .to.emit(f.ledger, "RedeemedToNonCash")
        .withArgs(f.merchant.address, f.bankA.address, tenge(100), ref("cust-shop"));
    });

    it("deregisters VAT (old → new): the merchant's invoices then carry no VAT", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.connect(f.bankA).setMerchantVatRegistration(f.merchant.address, ethers.ZeroHash))
        .to.emit(f.payments, "MerchantVatRegistrationChanged")
        .withArgs(f.merchant.address, true, false, ethers.ZeroHash);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116), { vatRateBps: 0 });
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.changeTokenBalances(
        f.ledger,
        [f.merchant, f.budget],
        [tenge(116), 0n],
      );
    });

    it("registers a merchant for VAT: its sales are then split", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.connect(f.bankB).setMerchantVatRegistration(f.kiosk.address, ref("VAT-KIOSK")))
        .to.emit(f.payments, "MerchantVatRegistrationChanged")
        .withArgs(f.kiosk.address, false, true, ref("VAT-KIOSK"));
      const { invoice, signature } = await signedInvoice(f, f.kiosk, tenge(105), {
        vatCategory: VatCategory.REDUCED_LOW,
        vatRateBps: KZ_VAT_2026.REDUCED_LOW,
      });
      const { vat, net } = splitVat(tenge(105), KZ_VAT_2026.REDUCED_LOW);
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.changeTokenBalances(
        f.ledger,
        [f.kiosk, f.budget],
        [net, vat],
      );
    });

    it("changes the MCC (old → new)", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.connect(f.bankA).setMerchantMcc(f.merchant.address, MCC.RESTAURANT))
        .to.emit(f.payments, "MerchantMccChanged")
        .withArgs(f.merchant.address, MCC.GROCERY, MCC.RESTAURANT);
      await expect(f.payments.connect(f.bankA).setMerchantMcc(f.merchant.address, 0))
        .to.be.revertedWithCustomError(f.payments, "MccInvalid")
        .withArgs(0);
    });

    it("offboards the merchant", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.connect(f.bankA).offboardMerchant(f.merchant.address))
        .to.emit(f.payments, "MerchantOffboarded")
        .withArgs(f.merchant.address, f.bankA.address);
      expect(await f.payments.merchantOf(f.merchant.address)).to.deep.equal([false, false, 0n, 0n]);
    });

    it("reverts with NotAcquiringBank when another bank changes it, leaving the record unchanged", async () => {
      const f = await loadFixture(paymentsReady);
      const before = await f.payments.merchantOf(f.merchant.address);
      const attempts = [
        () => f.payments.connect(f.bankB).setMerchantSettlement(f.merchant.address, Settlement.ConvertToNonCash),
        () => f.payments.connect(f.bankB).setMerchantVatRegistration(f.merchant.address, ethers.ZeroHash),
        () => f.payments.connect(f.bankB).setMerchantMcc(f.merchant.address, MCC.KIOSK),
        () => f.payments.connect(f.bankB).offboardMerchant(f.merchant.address),
      ];
      for (const attempt of attempts) {
        await expectPaymentRejected(f, [f.merchant], [], attempt, (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "NotAcquiringBank")
            .withArgs(f.bankB.address, f.merchant.address),
        );
      }
      expect(await f.payments.merchantOf(f.merchant.address)).to.deep.equal(before);
    });

    it("reverts with MerchantNotRegistered for an account never onboarded", async () => {
      const f = await loadFixture(paymentsReady);
      await expect(f.payments.connect(f.bankA).setMerchantSettlement(f.alice.address, Settlement.ConvertToNonCash))
        .to.be.revertedWithCustomError(f.payments, "MerchantNotRegistered")
        .withArgs(f.alice.address);
    });
  });
});
