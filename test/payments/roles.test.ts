import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { paymentsDeployed, paymentsReady, makeInvoice, expectPaymentRejected, MCC, Settlement } from "./fixtures";
import { PERMISSIONS, Role, ROLE_ADMINS, permissionRows } from "../../src/roles";
import { AccountKind, Tier } from "../../src/tiers";
import { invoiceIdOf, signInvoice } from "../../src/payments/invoice";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";
import { setPaymentMandates } from "../../src/payments/suite";
import { accountOf } from "../../src/accounts";

describe("Payments: the roles table, as wired", () => {
  it("wires every row of MerchantPayments and CardGateway into the AccessManager", async () => {
    const { manager, payments, cards } = await loadFixture(paymentsDeployed);
    const targets = { MerchantPayments: await payments.getAddress(), CardGateway: await cards.getAddress() } as const;
    for (const contract of ["MerchantPayments", "CardGateway"] as const) {
      const rows = permissionRows(contract);
      expect(rows.length).to.equal(Object.keys(PERMISSIONS[contract]).length);
      for (const row of rows) {
        for (const selector of row.selectors) {
          expect(await manager.getTargetFunctionRole(targets[contract], selector)).to.equal(
            Role[row.role],
            `${contract}.${selector}`,
          );
        }
      }
    }
  });

  it("names the restricted functions of each contract and nothing public", () => {
    expect(PERMISSIONS.MerchantPayments).to.deep.equal({
      BANK: [
        "onboardMerchant",
        "setMerchantVatRegistration",
        "setMerchantSettlement",
        "setMerchantMcc",
        "offboardMerchant",
      ],
      TAX_AUTHORITY: [
        "scheduleVatRate",
        "cancelVatRateChange",
        "designateVatBudget",
        "payVatRefund",
        "rejectVatRefund",
        "setVatRefundLine",
      ],
      CARD_GATEWAY: ["payInvoiceFor"],
    });
    expect(PERMISSIONS.CardGateway).to.deep.equal({
      BANK: ["linkCard", "unlinkCard", "unblockCard", "setAtmDailyLimit", "withdrawCash", "withdrawCashAtOtherBank"],
      PAYMENT_AGENT: ["chargeCard"],
    });
  });

  it("grants the tax authority role to the State Revenue Committee's key and the gateway role to the CardGateway alone", async () => {
    const f = await loadFixture(paymentsDeployed);
    expect((await f.manager.hasRole(Role.TAX_AUTHORITY, f.taxAuthority.address))[0]).to.equal(true);
    expect((await f.manager.hasRole(Role.CARD_GATEWAY, await f.cards.getAddress()))[0]).to.equal(true);
    for (const other of [f.deployer, f.operator, f.agent, f.bankA]) {
      expect((await f.manager.hasRole(Role.CARD_GATEWAY, other.address))[0]).to.equal(false);
      expect((await f.manager.hasRole(Role.TAX_AUTHORITY, other.address))[0]).to.equal(false);
    }
  });

  it("lets the operator (and only it, besides admin) grant the payment agent role", async () => {
    const f = await loadFixture(paymentsDeployed);
    expect(ROLE_ADMINS.PAYMENT_AGENT).to.equal("OPERATOR");
    expect(await f.manager.getRoleAdmin(Role.PAYMENT_AGENT)).to.equal(Role.OPERATOR);
    await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, f.agent.address, 0);
    expect((await f.manager.hasRole(Role.PAYMENT_AGENT, f.agent.address))[0]).to.equal(true);
    await expect(f.manager.connect(f.bankA).grantRole(Role.PAYMENT_AGENT, f.stranger.address, 0))
      .to.be.revertedWithCustomError(f.manager, "AccessManagerUnauthorizedAccount")
      .withArgs(f.bankA.address, Role.OPERATOR);
  });

  it("onboards both contracts on the ledger as SystemContract accounts", async () => {
    const f = await loadFixture(paymentsDeployed);
    for (const module of [await f.payments.getAddress(), await f.cards.getAddress()]) {
      const account = await accountOf(f.ledger, module);
      expect([account.registered, account.kind, account.tier]).to.deep.equal([
        true,
        BigInt(AccountKind.SystemContract),
        BigInt(Tier.UNLIMITED),
      ]);
    }
  });
});

describe("Payments: construction", () => {
  it("points both contracts at the suite's ledger, and the gateway at the payments module", async () => {
    const f = await loadFixture(paymentsDeployed);
    const ledger = await f.ledger.getAddress();
    expect(await f.payments.ledger()).to.equal(ledger);
    expect(await f.cards.ledger()).to.equal(ledger);
    expect(await f.cards.payments()).to.equal(await f.payments.getAddress());
  });

  it("reverts with ZeroAddressNotAllowed for a zero ledger or a zero payments module", async () => {
    const f = await loadFixture(paymentsDeployed);
    const manager = await f.manager.getAddress();
    const Payments = await ethers.getContractFactory("MerchantPayments");
    const Cards = await ethers.getContractFactory("CardGateway");
    await expect(Payments.deploy(manager, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      Payments,
      "ZeroAddressNotAllowed",
    );
    await expect(Cards.deploy(manager, f.ledger, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      Cards,
      "ZeroAddressNotAllowed",
    );
  });

  it("reports no room on a mandate that does not exist", async () => {
    const f = await loadFixture(paymentsDeployed);
    expect(await f.cards.remainingMandate(ethers.id("no-card"), f.agent.address)).to.equal(0n);
  });
});

describe("MerchantPayments: a smart-contract merchant (ERC-1271)", () => {
  async function walletMerchant() {
    const f = await paymentsReady();
    const owner = f.spare[14];
    const wallet = await (await ethers.getContractFactory("MerchantWallet")).deploy(owner.address);
    const address = await wallet.getAddress();
    await f.ledger.connect(f.bankA).onboardCustomer(address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-wallet"));
    await setPaymentMandates(f, f.bankA, [address]);
    await f.payments.connect(f.bankA).onboardMerchant(address, MCC.GROCERY, ref("VAT-W"), Settlement.KeepDigital);
    return { ...f, owner, wallet: address };
  }

  it("accepts an invoice its wallet validates", async () => {
    const f = await loadFixture(walletMerchant);
    const invoice = await makeInvoice(f.wallet, tenge(116));
    const signature = await signInvoice(f.owner, f.domain, invoice);
    await expect(f.payments.connect(f.alice).payInvoice(invoice, signature)).to.changeTokenBalances(
      f.ledger,
      [f.alice, f.wallet, f.budget],
      [-tenge(116), tenge(100), tenge(16)],
    );
  });

  it("reverts with InvoiceSignatureInvalid when its wallet rejects the signature", async () => {
    const f = await loadFixture(walletMerchant);
    const invoice = await makeInvoice(f.wallet, tenge(116));
    const signature = await signInvoice(f.stranger, f.domain, invoice);
    await expectPaymentRejected(
      f,
      [f.alice, f.wallet],
      [invoice],
      () => f.payments.connect(f.alice).payInvoice(invoice, signature),
      (p) =>
        expect(p)
          .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
          .withArgs(invoiceIdOf(f.domain, invoice), f.wallet),
    );
  });
});
