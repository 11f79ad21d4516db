import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Signature } from "ethers";
import { expectPaymentRejected, makeInvoice, paymentsReady, signedInvoice, type PaymentsFixture } from "./fixtures";
import { invoiceIdOf, signInvoice, signPayAuthorization } from "../../src/payments/invoice";
import { KZ_VAT_2026, VatCategory, splitVat } from "../../src/payments/vat";
import { FreezeState } from "../../src/tiers";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";
import { remainingDailyOutflow } from "../../src/accounts";

describe("MerchantPayments: invoices and the B2C VAT split", () => {
  describe("when a customer pays a signed invoice of a VAT-registered merchant that keeps DKZT", () => {
    it("pays the net to the merchant and the VAT to the budget, atomically", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, tenge("1160.00"));
      const { vat, net } = splitVat(invoice.amount, KZ_VAT_2026.STANDARD);
      expect(vat).to.equal(tenge(160));
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.changeTokenBalances(
        f.ledger,
        [f.alice, f.merchant, f.budget],
        [-invoice.amount, net, vat],
      );
      expect(await f.payments.isNonceUsed(f.merchant.address, invoice.nonce)).to.equal(true);
      expect(await f.payments.invoiceId(invoice)).to.equal(id);
    });

    it("emits InvoicePaid and the ledger's two transfers", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, 12_345n);
      const { vat, net } = splitVat(12_345n, KZ_VAT_2026.STANDARD);
      const tx = f.payments.connect(f.alice).payInvoice(invoice, signature);
      await expect(tx)
        .to.emit(f.payments, "InvoicePaid")
        .withArgs(
          id,
          f.merchant.address,
          f.alice.address,
          12_345n,
          vat,
          VatCategory.STANDARD,
          KZ_VAT_2026.STANDARD,
          false,
        );
      await expect(tx).to.emit(f.ledger, "Transfer").withArgs(f.alice.address, f.merchant.address, net);
      await expect(tx).to.emit(f.ledger, "Transfer").withArgs(f.alice.address, f.budget.address, vat);
    });

    it("counts the payment against the payer's daily limit", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(1000));
      const before = await remainingDailyOutflow(f.ledger, f.alice.address);
      await f.payments.connect(f.alice).payInvoice(invoice, signature);
      expect(await remainingDailyOutflow(f.ledger, f.alice.address)).to.equal(before - tenge(1000));
    });

    for (const [name, category] of [
      ["reduced (5%)", "REDUCED_LOW"],
      ["reduced (10%)", "REDUCED_HIGH"],
      ["zero-rated", "ZERO_RATED"],
      ["exempt", "EXEMPT"],
    ] as const) {
      it(`applies the ${name} rate of the invoice's category`, async () => {
        const f = await loadFixture(paymentsReady);
        const rate = KZ_VAT_2026[category];
        const { invoice, signature } = await signedInvoice(f, f.merchant, 99_999n, {
          vatCategory: VatCategory[category],
          vatRateBps: rate,
        });
        const { vat, net } = splitVat(99_999n, rate);
        await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.changeTokenBalances(
          f.ledger,
          [f.alice, f.merchant, f.budget],
          [-99_999n, net, vat],
        );
      });
    }
  });

  describe("when the merchant converts to non-cash", () => {
    it("redeems the net at the merchant's bank in the same transaction and pays the VAT", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.shop, tenge(5800));
      const { vat, net } = splitVat(invoice.amount, KZ_VAT_2026.STANDARD);
      const supply = await f.ledger.totalSupply();
      const redeemed = (await f.ledger.bankOf(f.bankA.address)).redeemed;
      const tx = f.payments.connect(f.alice).payInvoice(invoice, signature);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.shop, f.budget], [-invoice.amount, 0n, vat]);
      await expect(tx)
        .to.emit(f.ledger, "RedeemedToNonCash")
        .withArgs(f.shop.address, f.bankA.address, net, ref("cust-restaurant"));
      expect(await f.ledger.totalSupply()).to.equal(supply - net);
      expect((await f.ledger.bankOf(f.bankA.address)).redeemed).to.equal(redeemed + net);
    });
  });

  describe("when the merchant is not a VAT payer", () => {
    it("pays the whole amount to the merchant, no VAT", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.kiosk, tenge(300), {
        vatCategory: VatCategory.EXEMPT,
        vatRateBps: 0,
      });
      const tx = f.payments.connect(f.alice).payInvoice(invoice, signature);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.kiosk, f.budget], [-tenge(300), tenge(300), 0n]);
      await expect(tx)
        .to.emit(f.payments, "InvoicePaid")
        .withArgs(id, f.kiosk.address, f.alice.address, tenge(300), 0n, VatCategory.EXEMPT, 0, false);
    });

    it("reverts with VatRateMismatch when its invoice charges VAT", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.kiosk, tenge(300));
      await expectPaymentRejected(
        f,
        [f.alice, f.kiosk],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "VatRateMismatch")
            .withArgs(VatCategory.STANDARD, 0, KZ_VAT_2026.STANDARD),
      );
    });
  });

  describe("when the invoice was registered on-chain", () => {
    it("is paid with an empty signature", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      const id = invoiceIdOf(f.domain, invoice);
      await expect(f.payments.connect(f.merchant).registerInvoice(invoice))
        .to.emit(f.payments, "InvoiceRegistered")
        .withArgs(id, f.merchant.address, invoice.amount, invoice.nonce, invoice.orderRef);
      expect(await f.payments.isInvoiceRegistered(id)).to.equal(true);
      await expect(f.payments.connect(f.bob).payInvoice(invoice, "0x")).to.changeTokenBalances(
        f.ledger,
        [f.bob, f.merchant, f.budget],
        [-tenge(116), tenge(100), tenge(16)],
      );
    });

    it("reverts with InvoiceNotRegistered when its amount was edited", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      await f.payments.connect(f.merchant).registerInvoice(invoice);
      const edited = { ...invoice, amount: tenge(1) };
      await expectPaymentRejected(
        f,
        [f.bob, f.merchant],
        [invoice],
        () => f.payments.connect(f.bob).payInvoice(edited, "0x"),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceNotRegistered")
            .withArgs(invoiceIdOf(f.domain, edited)),
      );
    });

    it("reverts with NotInvoiceMerchant when someone else registers it", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      await expect(f.payments.connect(f.bob).registerInvoice(invoice))
        .to.be.revertedWithCustomError(f.payments, "NotInvoiceMerchant")
        .withArgs(f.bob.address, f.merchant.address);
      expect(await f.payments.isInvoiceRegistered(invoiceIdOf(f.domain, invoice))).to.equal(false);
    });

    it("reverts without a reason (ABI validation) when registering calldata with dirty high bits", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      const data = f.payments.interface.encodeFunctionData("registerInvoice", [invoice]);
      const amountWord = 4 + 32;
      const dirty = ethers.concat([
        ethers.dataSlice(data, 0, amountWord),
        "0x01",
        ethers.dataSlice(data, amountWord + 1),
      ]);
      await expect(f.merchant.sendTransaction({ to: f.payments, data: dirty })).to.be.revertedWithoutReason();
      expect(await f.payments.isInvoiceRegistered(invoiceIdOf(f.domain, invoice))).to.equal(false);
    });

    it("reverts with InvoiceAlreadyRegistered the second time", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      await f.payments.connect(f.merchant).registerInvoice(invoice);
      await expect(f.payments.connect(f.merchant).registerInvoice(invoice))
        .to.be.revertedWithCustomError(f.payments, "InvoiceAlreadyRegistered")
        .withArgs(invoiceIdOf(f.domain, invoice));
    });

    it("reverts with InvoiceNonceUsed when registering a spent nonce", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await f.payments.connect(f.alice).payInvoice(invoice, signature);
      const again = { ...invoice, amount: tenge(5) };
      await expect(f.payments.connect(f.merchant).registerInvoice(again))
        .to.be.revertedWithCustomError(f.payments, "InvoiceNonceUsed")
        .withArgs(f.merchant.address, invoice.nonce);
      expect(await f.payments.isInvoiceRegistered(invoiceIdOf(f.domain, again))).to.equal(false);
    });

    it("reverts with MerchantNotRegistered for an account that is not an onboarded merchant", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.bob, tenge(1));
      await expect(f.payments.connect(f.bob).registerInvoice(invoice))
        .to.be.revertedWithCustomError(f.payments, "MerchantNotRegistered")
        .withArgs(f.bob.address);
    });
  });

  describe("each request pays once", () => {
    it("reverts with InvoiceNonceUsed when paid twice", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await f.payments.connect(f.alice).payInvoice(invoice, signature);
      await expectPaymentRejected(
        f,
        [f.alice, f.bob, f.merchant],
        [invoice],
        () => f.payments.connect(f.bob).payInvoice(invoice, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceNonceUsed")
            .withArgs(f.merchant.address, invoice.nonce),
      );
    });

    it("reverts with InvoiceNonceUsed for another invoice signed with a spent nonce", async () => {
      const f = await loadFixture(paymentsReady);
      const first = await signedInvoice(f, f.merchant, tenge(116));
      await f.payments.connect(f.alice).payInvoice(first.invoice, first.signature);
      const second = await signedInvoice(f, f.merchant, tenge(50), { nonce: first.invoice.nonce });
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [second.invoice],
        () => f.payments.connect(f.alice).payInvoice(second.invoice, second.signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceNonceUsed")
            .withArgs(f.merchant.address, first.invoice.nonce),
      );
    });

    it("keeps nonces of different merchants apart, and 256 nonces share one word", async () => {
      const f = await loadFixture(paymentsReady);
      const a = await signedInvoice(f, f.merchant, tenge(1), { nonce: 7n });
      const b = await signedInvoice(f, f.shop, tenge(1), { nonce: 7n });
      const c = await signedInvoice(f, f.merchant, tenge(1), { nonce: 7n + 256n });
      await f.payments.connect(f.alice).payInvoice(a.invoice, a.signature);
      await f.payments.connect(f.alice).payInvoice(b.invoice, b.signature);
      await f.payments.connect(f.alice).payInvoice(c.invoice, c.signature);
      expect(await f.payments.isNonceUsed(f.merchant.address, 8n)).to.equal(false);
      expect(await f.payments.isNonceUsed(f.merchant.address, 263n)).to.equal(true);
    });

    it("reverts with InvoiceNonceUsed once the merchant cancelled the nonce", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expect(f.payments.connect(f.merchant).cancelInvoiceNonce(invoice.nonce))
        .to.emit(f.payments, "InvoiceNonceCancelled")
        .withArgs(f.merchant.address, invoice.nonce);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceNonceUsed")
            .withArgs(f.merchant.address, invoice.nonce),
      );
    });

    it("reverts with InvoiceNonceUsed when cancelling a spent nonce", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await f.payments.connect(f.alice).payInvoice(invoice, signature);
      await expect(f.payments.connect(f.merchant).cancelInvoiceNonce(invoice.nonce))
        .to.be.revertedWithCustomError(f.payments, "InvoiceNonceUsed")
        .withArgs(f.merchant.address, invoice.nonce);
    });
  });

  describe("when the invoice is late, edited or forged", () => {
    it("reverts with InvoiceExpired after its expiry", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, tenge(116));
      const late = invoice.expiry + 1n;
      await time.setNextBlockTimestamp(late);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "InvoiceExpired").withArgs(id, invoice.expiry, late),
      );
    });

    it("pays in the invoice's last second", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await time.setNextBlockTimestamp(invoice.expiry);
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.emit(f.payments, "InvoicePaid");
    });

    it("reverts with InvoiceSignatureInvalid when the amount was edited", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      const edited = { ...invoice, amount: tenge(1) };
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice, edited],
        () => f.payments.connect(f.alice).payInvoice(edited, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(invoiceIdOf(f.domain, edited), f.merchant.address),
      );
    });

    it("reverts with InvoiceSignatureInvalid when the payee was edited", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      const edited = { ...invoice, merchant: f.supplier.address };
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant, f.supplier],
        [edited],
        () => f.payments.connect(f.alice).payInvoice(edited, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(invoiceIdOf(f.domain, edited), f.supplier.address),
      );
    });

    it("reverts with InvoiceSignatureInvalid when the VAT rate was edited", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      const edited = { ...invoice, vatCategory: VatCategory.EXEMPT, vatRateBps: 0 };
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [edited],
        () => f.payments.connect(f.alice).payInvoice(edited, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(invoiceIdOf(f.domain, edited), f.merchant.address),
      );
    });

    it("reverts with InvoiceSignatureInvalid when signed by someone else", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      const forged = await signInvoice(f.stranger, f.domain, invoice);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, forged),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(invoiceIdOf(f.domain, invoice), f.merchant.address),
      );
    });

    it("reverts with InvoiceSignatureInvalid for a signature made for another chain or contract", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      for (const domain of [
        { ...f.domain, chainId: 1n },
        { ...f.domain, verifyingContract: await f.cards.getAddress() },
      ]) {
        const signature = await signInvoice(f.merchant, domain, invoice);
        await expectPaymentRejected(
          f,
          [f.alice, f.merchant],
          [invoice],
          () => f.payments.connect(f.alice).payInvoice(invoice, signature),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
              .withArgs(invoiceIdOf(f.domain, invoice), f.merchant.address),
        );
      }
    });

    it("reverts with InvoiceSignatureInvalid for the malleable (high-s) twin of a valid signature", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, tenge(116));
      const sig = Signature.from(signature);
      const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const highS = ethers.concat([
        sig.r,
        ethers.toBeHex(n - BigInt(sig.s), 32),
        ethers.toBeHex(sig.v === 27 ? 28 : 27, 1),
      ]);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, highS),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(id, f.merchant.address),
      );
    });

    it("reverts with InvoiceSignatureInvalid for a garbage signature (ecrecover gives zero)", async () => {
      const f = await loadFixture(paymentsReady);
      const invoice = await makeInvoice(f.merchant, tenge(116));
      const zeros = ethers.concat([ethers.ZeroHash, ethers.toBeHex(1, 32), "0x1b"]);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, zeros),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(invoiceIdOf(f.domain, invoice), f.merchant.address),
      );
    });

    it("reverts with InvoiceSignatureInvalid when a signed word of the calldata carries dirty high bits", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      const data = f.payments.interface.encodeFunctionData("payInvoice", [invoice, signature]);
      // selector (4 bytes), then the invoice's words: merchant, amount, … Set the top byte of the amount word.
      const amountWord = 4 + 32;
      const dirty = ethers.concat([
        ethers.dataSlice(data, 0, amountWord),
        "0x01",
        ethers.dataSlice(data, amountWord + 1),
      ]);
      const words = ethers.dataSlice(dirty, 4, 4 + 7 * 32);
      const structHash = ethers.keccak256(ethers.concat([await f.payments.INVOICE_TYPEHASH(), words]));
      const dirtyId = ethers.keccak256(
        ethers.concat(["0x1901", ethers.TypedDataEncoder.hashDomain(f.domain), structHash]),
      );
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.alice.sendTransaction({ to: f.payments, data: dirty }),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
            .withArgs(dirtyId, f.merchant.address),
      );
    });

    it("reverts with InvoiceAmountZero for a request of nothing", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, id } = await signedInvoice(f, f.merchant, 0n);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "InvoiceAmountZero").withArgs(id),
      );
    });
  });

  describe("when the VAT on the invoice does not match the schedule", () => {
    it("reverts with VatRateMismatch for a rate not in force", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(112), { vatRateBps: 1200 });
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "VatRateMismatch")
            .withArgs(VatCategory.STANDARD, 1600, 1200),
      );
    });

    it("reverts with VatCategoryUnknown for a category outside the Tax Code's five", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(112), { vatCategory: 5 });
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "VatCategoryUnknown").withArgs(5),
      );
    });
  });

  describe("when the payer or the ledger cannot pay", () => {
    it("reverts with PayerIsMerchant when the merchant pays itself", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.merchant],
        [invoice],
        () => f.payments.connect(f.merchant).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.payments, "PayerIsMerchant").withArgs(f.merchant.address),
      );
    });

    it("reverts with the ledger's ERC20InsufficientBalance when the payer is short", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(20_000));
      // One ledger call (moduleSplit), two legs checked cumulatively: here the first leg, the net, is already short.
      await expectPaymentRejected(
        f,
        [f.bob, f.merchant],
        [invoice],
        () => f.payments.connect(f.bob).payInvoice(invoice, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientBalance")
            .withArgs(f.bob.address, tenge(10_000), splitVat(invoice.amount, KZ_VAT_2026.STANDARD).net),
      );
    });

    it("reverts with the ledger's AccountFrozen when the payer is frozen", async () => {
      const f = await loadFixture(paymentsReady);
      await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.Full, ref("order-1"));
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.alice.address),
      );
    });

    it("reverts with the ledger's AccountFrozen when the merchant is frozen", async () => {
      const f = await loadFixture(paymentsReady);
      await f.ledger.connect(f.compliance).setFreezeState(f.merchant.address, FreezeState.Full, ref("order-2"));
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.merchant.address),
      );
    });

    it("reverts with the ledger's DailyLimitExceeded above the payer's daily limit", async () => {
      const f = await loadFixture(paymentsReady);
      await f.ledger.connect(f.bankB).transfer(f.carol.address, tenge(60_000));
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(60_000));
      // One ledger call (moduleSplit), two legs counted cumulatively: here the first leg, the net, is already over.
      await expectPaymentRejected(
        f,
        [f.carol, f.merchant],
        [invoice],
        () => f.payments.connect(f.carol).payInvoice(invoice, signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "DailyLimitExceeded")
            .withArgs(f.carol.address, tenge(50_000), splitVat(invoice.amount, KZ_VAT_2026.STANDARD).net),
      );
    });

    it("reverts with the ledger's LedgerPaused while the ledger is paused", async () => {
      const f = await loadFixture(paymentsReady);
      await f.ledger.connect(f.operator).pause();
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "LedgerPaused"),
      );
    });

    it("reverts with the ledger's NotSystemModule when compliance froze the payments module", async () => {
      const f = await loadFixture(paymentsReady);
      const module = await f.payments.getAddress();
      await f.ledger.connect(f.compliance).setFreezeState(module, FreezeState.Full, ref("stop"));
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(module),
      );
    });

    it("reverts with MerchantNotRegistered once the acquiring bank offboarded the merchant", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await f.payments.connect(f.bankA).offboardMerchant(f.merchant.address);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.alice).payInvoice(invoice, signature),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.payments, "MerchantNotRegistered").withArgs(f.merchant.address),
      );
    });

    it("reverts with AccessManagedUnauthorized when anyone but the card gateway calls payInvoiceFor", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature } = await signedInvoice(f, f.merchant, tenge(116));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () => f.payments.connect(f.agent).payInvoiceFor(f.alice.address, invoice, signature),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.payments, "AccessManagedUnauthorized").withArgs(f.agent.address),
      );
    });
  });

  describe("when the POS relays the payer's EIP-712 authorisation", () => {
    async function authorised(f: PaymentsFixture, amount = tenge(116)) {
      const signed = await signedInvoice(f, f.merchant, amount);
      const now = BigInt(await time.latest());
      const auth = { payer: f.alice.address, invoiceId: signed.id, validAfter: now - 1n, validBefore: now + 600n };
      const payerSignature = await signPayAuthorization(f.alice, f.domain, auth);
      return { ...signed, auth, payerSignature };
    }

    it("pays from the payer, whoever submits it", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, auth, payerSignature, id } = await authorised(f);
      const tx = f.payments
        .connect(f.merchant)
        .payInvoiceWithAuthorization(invoice, signature, auth.payer, auth.validAfter, auth.validBefore, payerSignature);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.alice, f.merchant, f.budget],
        [-tenge(116), tenge(100), tenge(16)],
      );
      await expect(tx)
        .to.emit(f.payments, "InvoicePaid")
        .withArgs(id, f.merchant.address, f.alice.address, tenge(116), tenge(16), 0, 1600, false);
    });

    it("reverts with InvoiceNonceUsed when replayed", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, auth, payerSignature } = await authorised(f);
      const pay = () =>
        f.payments
          .connect(f.stranger)
          .payInvoiceWithAuthorization(
            invoice,
            signature,
            auth.payer,
            auth.validAfter,
            auth.validBefore,
            payerSignature,
          );
      await pay();
      await expectPaymentRejected(f, [f.alice, f.merchant], [invoice], pay, (p) =>
        expect(p)
          .to.be.revertedWithCustomError(f.payments, "InvoiceNonceUsed")
          .withArgs(f.merchant.address, invoice.nonce),
      );
    });

    it("reverts with AuthorizationSignatureInvalid when signed by someone else than the payer", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, auth } = await authorised(f);
      const bobSignature = await signPayAuthorization(f.bob, f.domain, auth);
      await expectPaymentRejected(
        f,
        [f.alice, f.bob, f.merchant],
        [invoice],
        () =>
          f.payments
            .connect(f.merchant)
            .payInvoiceWithAuthorization(
              invoice,
              signature,
              auth.payer,
              auth.validAfter,
              auth.validBefore,
              bobSignature,
            ),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "AuthorizationSignatureInvalid")
            .withArgs(f.alice.address),
      );
    });

    it("reverts with AuthorizationSignatureInvalid when used for another invoice", async () => {
      const f = await loadFixture(paymentsReady);
      const { auth, payerSignature } = await authorised(f);
      const other = await signedInvoice(f, f.merchant, tenge(5000));
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [other.invoice],
        () =>
          f.payments
            .connect(f.merchant)
            .payInvoiceWithAuthorization(
              other.invoice,
              other.signature,
              auth.payer,
              auth.validAfter,
              auth.validBefore,
              payerSignature,
            ),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "AuthorizationSignatureInvalid")
            .withArgs(f.alice.address),
      );
    });

    it("reverts with AuthorizationExpired after validBefore and AuthorizationNotYetValid before validAfter", async () => {
      const f = await loadFixture(paymentsReady);
      const { invoice, signature, auth, payerSignature } = await authorised(f);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () =>
          f.payments
            .connect(f.merchant)
            .payInvoiceWithAuthorization(
              invoice,
              signature,
              auth.payer,
              auth.validAfter + 10_000n,
              auth.validBefore + 20_000n,
              payerSignature,
            ),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "AuthorizationNotYetValid")
            .withArgs(f.alice.address, auth.validAfter + 10_000n),
      );
      await time.increaseTo(auth.validBefore);
      await expectPaymentRejected(
        f,
        [f.alice, f.merchant],
        [invoice],
        () =>
          f.payments
            .connect(f.merchant)
            .payInvoiceWithAuthorization(
              invoice,
              signature,
              auth.payer,
              auth.validAfter,
              auth.validBefore,
              payerSignature,
            ),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.payments, "AuthorizationExpired")
            .withArgs(f.alice.address, auth.validBefore),
      );
    });
  });
});
