import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { expectPaymentRejected, paymentsReady, signedInvoice, type PaymentsFixture } from "./fixtures";
import { signPayAuthorization } from "../../src/payments/invoice";
import { FreezeState } from "../../src/tiers";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";

type Attempt = () => Promise<ContractTransactionResponse>;

/**
 * Every money-moving function of the payments contracts, ready to call: an unpaid invoice for each payment
 * path, a paid one to refund, marked VAT to pay, an exporter's pending claim, a card with a mandate.
 */
async function everythingReady() {
  const f = await paymentsReady();
  await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, f.agent.address, 0);
  const card = ethers.id("salt|alice-card");
  await f.cards.connect(f.bankA).linkCard(card, f.alice.address, 1, tenge(50_000));
  await f.cards.connect(f.alice).grantMandate(card, f.agent.address, tenge(10_000), tenge(20_000));
  const purchase = await signedInvoice(f, f.supplier, tenge(11_600));
  await f.payments.connect(f.exporter).payInvoiceAsBusiness(purchase.invoice, purchase.signature);
  await f.payments.connect(f.exporter).claimVatRefund(tenge(1_000), ref("DECL"));
  await f.ledger.connect(f.bankB).transfer(f.budget.address, tenge(5_000));
  const sale = await signedInvoice(f, f.merchant, tenge(116));
  await f.payments.connect(f.alice).payInvoice(sale.invoice, sale.signature);
  return { ...f, card, sale };
}

async function attempts(f: PaymentsFixture & { card: string; sale: Awaited<ReturnType<typeof signedInvoice>> }) {
  const direct = await signedInvoice(f, f.merchant, tenge(116));
  const business = await signedInvoice(f, f.supplier, tenge(116));
  const relayed = await signedInvoice(f, f.merchant, tenge(116));
  const charged = await signedInvoice(f, f.merchant, tenge(116));
  const flat = await signedInvoice(f, f.merchant, tenge(116));
  const now = BigInt(await time.latest());
  const auth = { payer: f.alice.address, invoiceId: relayed.id, validAfter: 0n, validBefore: now + 3600n };
  const payerSig = await signPayAuthorization(f.alice, f.domain, auth);
  const viaPayments: Record<string, Attempt> = {
    payInvoice: () => f.payments.connect(f.alice).payInvoice(direct.invoice, direct.signature),
    payInvoiceFields: () =>
      f.payments
        .connect(f.alice)
        .payInvoiceFields(
          flat.invoice.merchant,
          flat.invoice.amount,
          flat.invoice.vatCategory,
          flat.invoice.vatRateBps,
          flat.invoice.expiry,
          flat.invoice.nonce,
          flat.invoice.orderRef,
          flat.signature,
        ),
    payInvoiceAsBusiness: () =>
      f.payments.connect(f.merchant).payInvoiceAsBusiness(business.invoice, business.signature),
    payInvoiceWithAuthorization: () =>
      f.payments
        .connect(f.merchant)
        .payInvoiceWithAuthorization(
          relayed.invoice,
          relayed.signature,
          auth.payer,
          auth.validAfter,
          auth.validBefore,
          payerSig,
        ),
    chargeCard: () => f.cards.connect(f.agent).chargeCard(f.card, charged.invoice, charged.signature, 0),
    refund: () =>
      f.payments.connect(f.merchant).refund(f.sale.invoice, f.sale.signature, f.alice.address, tenge(1), ref("x")),
    payVatFromMarked: () => f.payments.connect(f.supplier).payVatFromMarked(tenge(1), ref("x")),
    payVatRefund: () => f.payments.connect(f.taxAuthority).payVatRefund(1n),
  };
  const viaGateway: Record<string, Attempt> = {
    withdrawCash: () => f.cards.connect(f.bankA).withdrawCash(f.card, tenge(1), ref("ATM")),
    withdrawCashAtOtherBank: () => f.cards.connect(f.bankB).withdrawCashAtOtherBank(f.card, tenge(1), ref("ATM")),
  };
  const invoices = [direct.invoice, flat.invoice, business.invoice, relayed.invoice, charged.invoice, f.sale.invoice];
  return { viaPayments, viaGateway, invoices };
}

describe("Payments: the negative matrix (every money-moving function)", () => {
  describe("while the ledger is paused", () => {
    it("reverts each with LedgerPaused and changes nothing", async () => {
      const f = await loadFixture(everythingReady);
      const { viaPayments, viaGateway, invoices } = await attempts(f);
      await f.ledger.connect(f.operator).pause();
      const accounts = [f.alice, f.merchant, f.supplier, f.exporter, f.cards];
      for (const [name, attempt] of Object.entries({ ...viaPayments, ...viaGateway })) {
        await expectPaymentRejected(f, accounts, invoices, attempt, (p) =>
          expect(p, name).to.be.revertedWithCustomError(f.ledger, "LedgerPaused"),
        );
      }
    });
  });

  describe("when compliance froze the MerchantPayments module", () => {
    it("reverts each of its payments with NotSystemModule and changes nothing", async () => {
      const f = await loadFixture(everythingReady);
      const { viaPayments, invoices } = await attempts(f);
      const module = await f.payments.getAddress();
      await f.ledger.connect(f.compliance).setFreezeState(module, FreezeState.Full, ref("stop"));
      for (const [name, attempt] of Object.entries(viaPayments)) {
        await expectPaymentRejected(f, [f.alice, f.merchant, f.supplier, f.exporter], invoices, attempt, (p) =>
          expect(p, name).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(module),
        );
      }
    });
  });

  describe("when compliance froze the CardGateway module", () => {
    it("stops ATM cash (on-us and off-us) with NotSystemModule", async () => {
      const f = await loadFixture(everythingReady);
      const { viaGateway } = await attempts(f);
      const gateway = await f.cards.getAddress();
      await f.ledger.connect(f.compliance).setFreezeState(gateway, FreezeState.Full, ref("stop"));
      for (const [name, attempt] of Object.entries(viaGateway)) {
        await expectPaymentRejected(f, [f.alice, f.bankA, f.bankB], [], attempt, (p) =>
          expect(p, name).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(gateway),
        );
      }
    });
  });

  describe("when the receiving side is frozen", () => {
    it("rejects each payment into a frozen account with the ledger's AccountFrozen", async () => {
      const f = await loadFixture(everythingReady);
      const { viaPayments, invoices } = await attempts(f);
      const receivers: Record<string, string> = {
        payInvoice: f.merchant.address,
        payInvoiceFields: f.merchant.address,
        payInvoiceAsBusiness: f.supplier.address,
        payInvoiceWithAuthorization: f.merchant.address,
        chargeCard: f.merchant.address,
        refund: f.alice.address,
        payVatFromMarked: f.budget.address,
        payVatRefund: f.exporter.address,
      };
      for (const [name, attempt] of Object.entries(viaPayments)) {
        const receiver = receivers[name];
        await f.ledger.connect(f.compliance).setFreezeState(receiver, FreezeState.Full, ref("order"));
        await expectPaymentRejected(f, [f.alice, f.merchant, f.supplier, f.exporter], invoices, attempt, (p) =>
          expect(p, name).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(receiver),
        );
        await f.ledger.connect(f.compliance).setFreezeState(receiver, FreezeState.None, ref("lifted"));
      }
    });
  });
});
