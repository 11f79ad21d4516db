/**
 * Payments benchmark rows (npm run bench): gas of an invoice payment with the B2C VAT split, with conversion
 * to non-cash, a B2B payment with VAT marking, a card charge and an ATM withdrawal. Every figure is a second
 * payment in warm state, like the baseline's transfer to an existing holder: the merchant, the budget and the
 * payer already hold DKZT, and the merchant's nonce word already has a bit set (one of its 256 nonces).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { encodeBytes32String, id as keccakText, ZeroHash } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { configureTiers, onboardBank } from "../../src/suite";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { deployPayments, onboardPaymentModules, scheduleVatRates, setUpVatBudget } from "../../src/payments/suite";
import { paymentsDomain, signInvoice, type Invoice } from "../../src/payments/invoice";
import { KZ_VAT_2026, VatCategory, almatyDay } from "../../src/payments/vat";
import { Role } from "../../src/roles";
import { rowAgainstUpgradeable, type BenchCase, type BenchRow } from "./types";

const ref = (text: string): string => encodeBytes32String(text);

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt.gasUsed;
}

export const paymentsBench: BenchCase = async (hre: HardhatRuntimeEnvironment, baselines): Promise<BenchRow[]> => {
  const s = await hre.ethers.getSigners();
  const [, governance, centralBank, operator, compliance, bankA, bankB, alice, , , merchant, agent] = s;
  const [taxAuthority, budget, shop, supplier, kiosk] = s.slice(14);
  const suite = await deployPayments(hre, {
    CENTRAL_BANK: centralBank.address,
    OPERATOR: operator.address,
    COMPLIANCE: compliance.address,
    GOVERNANCE: governance.address,
    TAX_AUTHORITY: taxAuthority.address,
  });
  const { ledger, payments, cards, manager } = suite;

  await configureTiers(ledger, centralBank);
  await onboardBank(suite, operator, bankA.address, Tier.UNLIMITED, ref("EURASIAN"));
  await onboardBank(suite, operator, bankB.address, Tier.UNLIMITED, ref("HALYK"));
  await (await ledger.connect(centralBank).setIssuanceCeiling(bankA.address, tenge(10_000_000))).wait();
  await (await ledger.connect(centralBank).issue(bankA.address, tenge(1_000_000), ref("RSV-A-1"))).wait();
  const byA = ledger.connect(bankA);
  await (await byA.onboardCustomer(alice.address, AccountKind.Individual, Tier.STANDARD, ref("cust-alice"))).wait();
  for (const m of [merchant, shop, supplier, kiosk]) {
    await (await byA.onboardCustomer(m.address, AccountKind.Merchant, Tier.BUSINESS, ref(`cust-${m.address.slice(2, 10)}`))).wait();
  }
  await (await ledger.connect(operator).onboardParticipant(agent.address, AccountKind.PaymentAgent, Tier.UNLIMITED, bankA.address, ref("VISA-PROC"))).wait();
  await (await manager.connect(operator).grantRole(Role.PAYMENT_AGENT, agent.address, 0)).wait();
  await onboardPaymentModules(suite, operator);
  await setUpVatBudget(suite, bankB, taxAuthority, budget);
  const latest = (await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0;
  await scheduleVatRates(payments, taxAuthority, KZ_VAT_2026, almatyDay(latest));

  const pay = payments.connect(bankA);
  await (await pay.onboardMerchant(merchant.address, 5411, ref("VAT-1"), 0)).wait();
  await (await pay.onboardMerchant(shop.address, 5812, ref("VAT-2"), 1)).wait();
  await (await pay.onboardMerchant(supplier.address, 5045, ref("VAT-3"), 0)).wait();
  await (await pay.onboardMerchant(kiosk.address, 5499, ZeroHash, 0)).wait();
  await (await byA.transfer(alice.address, tenge(100_000))).wait();
  await (await byA.transfer(merchant.address, tenge(100_000))).wait();

  const domain = await paymentsDomain(payments);
  let nonce = 1n;
  const invoiceOf = async (signer: HardhatEthersSigner, amount: bigint) => {
    const now = (await hre.ethers.provider.getBlock("latest"))?.timestamp ?? 0;
    const invoice: Invoice = {
      merchant: signer.address,
      amount,
      vatCategory: VatCategory.STANDARD,
      vatRateBps: KZ_VAT_2026.STANDARD,
      expiry: BigInt(now + 3600),
      nonce: nonce++,
      orderRef: keccakText(`bench-${nonce}`),
    };
    return { invoice, signature: await signInvoice(signer, domain, invoice) };
  };
  const twice = async (run: () => Promise<bigint>): Promise<bigint> => {
    await run();
    return run();
  };

  const vatGas = await twice(async () => {
    const { invoice, signature } = await invoiceOf(merchant, tenge("1160.00"));
    return gasOf(payments.connect(alice).payInvoice(invoice, signature));
  });
  const registeredGas = await twice(async () => {
    const { invoice } = await invoiceOf(merchant, tenge("1160.00"));
    await (await payments.connect(merchant).registerInvoice(invoice)).wait();
    return gasOf(payments.connect(alice).payInvoice(invoice, "0x"));
  });
  const noVatGas = await twice(async () => {
    const { invoice } = await invoiceOf(kiosk, tenge("1160.00"));
    const signed = { ...invoice, vatCategory: VatCategory.EXEMPT, vatRateBps: 0 };
    return gasOf(payments.connect(alice).payInvoice(signed, await signInvoice(kiosk, domain, signed)));
  });
  const convertGas = await twice(async () => {
    const { invoice, signature } = await invoiceOf(shop, tenge("1160.00"));
    return gasOf(payments.connect(alice).payInvoice(invoice, signature));
  });
  const b2bGas = await twice(async () => {
    const { invoice, signature } = await invoiceOf(supplier, tenge("11600.00"));
    return gasOf(payments.connect(merchant).payInvoiceAsBusiness(invoice, signature));
  });

  const card = keccakText("bench-card");
  await (await cards.connect(bankA).linkCard(card, alice.address, 1, tenge(100_000))).wait();
  await (await cards.connect(alice).grantMandate(card, agent.address, tenge(50_000), tenge(200_000))).wait();
  const cardGas = await twice(async () => {
    const { invoice, signature } = await invoiceOf(merchant, tenge("1160.00"));
    return gasOf(cards.connect(agent).chargeCard(card, invoice, signature, 0));
  });
  const atmGas = await twice(() => gasOf(cards.connect(bankA).withdrawCash(card, tenge(5000), ZeroHash)));

  return [
    rowAgainstUpgradeable("payments.invoice.vat", vatGas, baselines, {
      target: 1.8,
      note: "signed invoice (EIP-712), B2C VAT split, merchant keeps DKZT; warm nonce word",
    }),
    rowAgainstUpgradeable("payments.invoice.registered", registeredGas, baselines, {
      note: "invoice registered on-chain by the merchant (no signature), B2C VAT split, merchant keeps DKZT",
    }),
    rowAgainstUpgradeable("payments.invoice.novat", noVatGas, baselines, {
      note: "signed invoice of a merchant that is not a VAT payer: one ledger transfer, no split",
    }),
    rowAgainstUpgradeable("payments.invoice.convert", convertGas, baselines, {
      note: "signed invoice, B2C VAT split, net redeemed to non-cash at the merchant's bank",
    }),
    rowAgainstUpgradeable("payments.b2b.marked", b2bGas, baselines, {
      note: "signed invoice between VAT payers, VAT marked to the supplier (buyer's VAT from free balance)",
    }),
    rowAgainstUpgradeable("payments.card.charge", cardGas, baselines, {
      note: "payment agent charges a card under a mandate to pay a signed invoice (B2C split)",
    }),
    rowAgainstUpgradeable("payments.atm.withdraw", atmGas, baselines, {
      note: "issuing bank's ATM: card's cash limit checked, DKZT redeemed at the bank",
    }),
  ];
};

export default paymentsBench;
