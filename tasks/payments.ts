/**
 * Payments operations (npx hardhat dkzt:payments:…). Everything comes from src/payments, imported inside the
 * actions so that loading the Hardhat config never needs compiled typechain types.
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

async function signer(hre: HardhatRuntimeEnvironment, from: string | undefined): Promise<HardhatEthersSigner> {
  return from ? hre.ethers.getSigner(from) : (await hre.ethers.getSigners())[0];
}

/** A category by name (STANDARD, REDUCED_LOW, …) or id. */
async function categoryId(name: string): Promise<number> {
  const { VatCategory } = await import("../src/payments/vat");
  if (/^\d+$/.test(name)) return Number(name);
  const id = (VatCategory as Record<string, number>)[name.toUpperCase()];
  if (id === undefined) throw new Error(`unknown VAT category ${name}: one of ${Object.keys(VatCategory).join(", ")}`);
  return id;
}

task(
  "dkzt:payments:onboard-modules",
  "The operator onboards MerchantPayments and CardGateway on the ledger (SystemContract)",
)
  .addOptionalParam("from", "operator address (default: first account)")
  .addOptionalParam("deploymentId", "Ignition deployment id")
  .setAction(async (args: { from?: string; deploymentId?: string }, hre) => {
    const { loadPayments, onboardPaymentModules } = await import("../src/payments/suite");
    const operator = await signer(hre, args.from);
    const suite = await loadPayments(hre, args.deploymentId, operator);
    await onboardPaymentModules(suite, operator);
    console.log(`onboarded ${await suite.payments.getAddress()} and ${await suite.cards.getAddress()}`);
  });

task("dkzt:payments:onboard-merchant", "The acquiring bank onboards a merchant (MCC, VAT registration, settlement)")
  .addParam("merchant", "merchant's ledger account (a Merchant customer of the bank)")
  .addParam("mcc", "ISO 18245 merchant category code", undefined, types.int)
  .addOptionalParam("vatRef", "VAT registration reference (hashed on-chain; omit: not a VAT payer)")
  .addFlag("convert", "convert each payment's net to non-cash at the bank")
  .addOptionalParam("from", "bank address (default: first account)")
  .addOptionalParam("deploymentId", "Ignition deployment id")
  .setAction(
    async (
      args: { merchant: string; mcc: number; vatRef?: string; convert: boolean; from?: string; deploymentId?: string },
      hre,
    ) => {
      const { loadPayments } = await import("../src/payments/suite");
      const bank = await signer(hre, args.from);
      const { payments } = await loadPayments(hre, args.deploymentId, bank);
      const vatRef = args.vatRef ? hre.ethers.id(args.vatRef) : hre.ethers.ZeroHash;
      const receipt = await (
        await payments.onboardMerchant(args.merchant, args.mcc, vatRef, args.convert ? 1 : 0)
      ).wait();
      console.log(`merchant ${args.merchant} onboarded (tx ${receipt?.hash})`);
    },
  );

task("dkzt:payments:schedule-vat", "The tax authority schedules a VAT rate from a date (Almaty local)")
  .addParam("category", "STANDARD, REDUCED_LOW or REDUCED_HIGH")
  .addParam("rate", "rate in basis points (1600 = 16%)", undefined, types.int)
  .addParam("date", "first day of turnover at the new rate, YYYY-MM-DD")
  .addOptionalParam("from", "tax authority address (default: first account)")
  .addOptionalParam("deploymentId", "Ignition deployment id")
  .setAction(
    async (args: { category: string; rate: number; date: string; from?: string; deploymentId?: string }, hre) => {
      const { loadPayments } = await import("../src/payments/suite");
      const { dayOfDate } = await import("../src/payments/vat");
      const { payments } = await loadPayments(hre, args.deploymentId, await signer(hre, args.from));
      const receipt = await (
        await payments.scheduleVatRate(await categoryId(args.category), args.rate, dayOfDate(args.date))
      ).wait();
      console.log(`scheduled ${args.category} at ${args.rate} bp from ${args.date} (tx ${receipt?.hash})`);
    },
  );

task("dkzt:payments:invoice", "A merchant signs an invoice and prints it as an EMV QR payload and an EIP-681 URI")
  .addParam("amount", "amount in tenge, VAT inclusive (e.g. 1160.00)")
  .addOptionalParam("category", "VAT category", "STANDARD")
  .addOptionalParam("minutes", "validity in minutes", 15, types.int)
  .addOptionalParam("order", "order reference (hashed)", "")
  .addOptionalParam("nonce", "invoice nonce (default: random below 10^18)")
  .addOptionalParam("mcc", "MCC printed in the QR", 5411, types.int)
  .addOptionalParam("name", "merchant name printed in the QR", "DKZT MERCHANT")
  .addOptionalParam("city", "city printed in the QR", "ALMATY")
  .addOptionalParam("png", "write the QR code PNG to this file (needs the qrcode package)")
  .addOptionalParam("from", "merchant address (default: first account)")
  .addOptionalParam("deploymentId", "Ignition deployment id")
  .setAction(
    async (
      args: {
        amount: string;
        category: string;
        minutes: number;
        order: string;
        nonce?: string;
        mcc: number;
        name: string;
        city: string;
        png?: string;
        from?: string;
        deploymentId?: string;
      },
      hre,
    ) => {
      const { loadPayments } = await import("../src/payments/suite");
      const { paymentsDomain, signInvoice } = await import("../src/payments/invoice");
      const { encodeEmvQr } = await import("../src/payments/emvqr");
      const { encodeEip681 } = await import("../src/payments/eip681");
      const { tenge } = await import("../src/money");
      const merchant = await signer(hre, args.from);
      const { payments } = await loadPayments(hre, args.deploymentId, merchant);
      const category = await categoryId(args.category);
      const [rate] = await payments.vatRateOn(category, await payments.turnoverDay());
      const vatPayer = (await payments.merchantOf(merchant.address)).vatPayer;
      const now = (await hre.ethers.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
      const invoice = {
        merchant: merchant.address,
        amount: tenge(args.amount),
        vatCategory: category,
        vatRateBps: vatPayer ? Number(rate) : 0,
        expiry: BigInt(now + args.minutes * 60),
        nonce: args.nonce ? BigInt(args.nonce) : BigInt(hre.ethers.hexlify(hre.ethers.randomBytes(7))),
        orderRef: hre.ethers.id(args.order || `${merchant.address}-${now}`),
      };
      const domain = await paymentsDomain(payments);
      const signature = await signInvoice(merchant, domain, invoice);
      const contract = await payments.getAddress();
      const chainId = BigInt(domain.chainId ?? 0);
      const payload = encodeEmvQr({
        invoice,
        signature,
        chainId,
        contract,
        mcc: args.mcc,
        merchantName: args.name,
        city: args.city,
      });
      console.log(`EMV QR:  ${payload}`);
      console.log(`EIP-681: ${encodeEip681({ contract, chainId, invoice, signature })}`);
      if (args.png) {
        const { renderQrPng } = await import("../src/payments/qrImage");
        const fs = await import("node:fs");
        fs.writeFileSync(args.png, await renderQrPng(payload));
        console.log(`PNG:     ${args.png}`);
      }
    },
  );

task("dkzt:payments:vat-report", "VAT collected, marked and reversed per merchant and period, from the chain's events")
  .addOptionalParam("merchant", "only this merchant")
  .addOptionalParam("fromDate", "first day (Almaty local), YYYY-MM-DD")
  .addOptionalParam("toDate", "last day (Almaty local), YYYY-MM-DD")
  .addOptionalParam("period", "day or month", "month")
  .addOptionalParam("fromBlock", "first block to scan", 0, types.int)
  .addOptionalParam("deploymentId", "Ignition deployment id")
  .setAction(
    async (
      args: {
        merchant?: string;
        fromDate?: string;
        toDate?: string;
        period: string;
        fromBlock: number;
        deploymentId?: string;
      },
      hre,
    ) => {
      const { loadPayments } = await import("../src/payments/suite");
      const { vatReport } = await import("../src/payments/report");
      const { dayOfDate } = await import("../src/payments/vat");
      const { formatTenge } = await import("../src/money");
      if (args.period !== "day" && args.period !== "month") throw new Error("--period must be day or month");
      const { payments } = await loadPayments(hre, args.deploymentId);
      const report = await vatReport(payments, {
        merchant: args.merchant,
        fromBlock: args.fromBlock,
        fromDay: args.fromDate ? dayOfDate(args.fromDate) : undefined,
        toDay: args.toDate ? dayOfDate(args.toDate) : undefined,
        period: args.period,
      });
      const Table = (await import("cli-table3")).default;
      const table = new Table({
        head: [
          "merchant",
          "period",
          "cat",
          "payments",
          "gross",
          "VAT to budget",
          "VAT marked",
          "refunds",
          "VAT reversed",
        ],
      });
      for (const r of report.rows) {
        table.push([
          r.merchant,
          r.period,
          r.category,
          r.payments,
          formatTenge(r.gross),
          formatTenge(r.vatToBudget),
          formatTenge(r.vatMarked),
          formatTenge(r.refunds),
          formatTenge(r.vatReversed),
        ]);
      }
      console.log(table.toString());
      for (const m of report.markedVatPaid)
        console.log(`marked VAT paid to the budget: ${m.business} ${m.period} ${formatTenge(m.amount)}`);
      for (const u of report.unmatchedRefunds)
        console.log(
          `UNMATCHED refund ${u.invoiceId} by ${u.merchant}: ${formatTenge(u.amount)} (VAT ${formatTenge(u.vatReversed)})`,
        );
    },
  );
