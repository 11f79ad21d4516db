/**
 * Payments operations: `npx hardhat dkzt:payments:<operation> --network <net> [--from <signer>] …`. The role
 * holders' operations (onboard-modules, onboard-merchant, customer-mandates, schedule-vat) also take `--safe <address> --signers
 * <officers> [--wait-delay]` to act as a Safe multisig (tasks/acting.ts): the tax authority's VAT schedule is a
 * delayed power, scheduled first and executed when the command is run again after the delay.
 *
 * Loaded by hardhat.config.ts before anything is compiled (through tasks/index.ts), so it imports no contract
 * types and nothing from src/ at the top: each action compiles if needed, then loads src/payments. Like the
 * suite's own tasks, a failure prints its decoded reason in one line (exit code 1), or throws a
 * HardhatPluginError with that line when run in-process.
 */
import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Signer } from "ethers";
import type { PaymentsSuite } from "../src/payments/suite";
import { pendingOperation, safeSigner, withSafeParams, type SafeArgs } from "./acting";
import { DEPLOYMENT_HELP, loadFirst } from "./guard";

interface Common extends SafeArgs {
  from?: string;
  deploymentId?: string;
}

let compiled = false;

/** The key `--from` names (an address, an account index, or on hardhat/localhost a role name). */
async function keyFor(hre: HardhatRuntimeEnvironment, args: Common): Promise<HardhatEthersSigner> {
  const { resolveSigner } = await import("../src/ops");
  return resolveSigner(hre, args.from);
}

/** The role holder a task acts as: the `--from` key, or with `--safe` that Safe multisig (tasks/acting.ts). */
async function signerFor(hre: HardhatRuntimeEnvironment, args: Common): Promise<Signer> {
  if (!args.safe) return keyFor(hre, args);
  if (args.from) throw new Error("--from and --safe name two different signers: give one");
  const { payments } = await open(hre, args);
  return safeSigner(hre, { ...args, safe: args.safe }, await payments.getAddress());
}

/**
 * The payments deployment, acting as `signer`: the suite deployed in this process (the embedded network keeps no
 * Ignition records), else Ignition's records on this network.
 */
async function open(hre: HardhatRuntimeEnvironment, args: Common, signer?: Signer): Promise<PaymentsSuite> {
  const { loadDeployment } = await import("../src/deployment");
  return loadDeployment(hre, "payments", { deploymentId: args.deploymentId, runner: signer });
}

/**
 * Everything the payments tasks import, loaded before a task's first request to the node (tasks/guard.ts says
 * why); the actions' own `import()`s then find it loaded.
 */
async function preload(): Promise<void> {
  await Promise.all([
    import("../src/ops"),
    import("../src/deployment"),
    import("../src/errors"),
    import("../src/money"),
    import("../src/payments/suite"),
    import("../src/payments/vat"),
    import("../src/payments/invoice"),
    import("../src/payments/emvqr"),
    import("../src/payments/eip681"),
    import("../src/payments/report"),
    import("../src/governance/actor"),
    import("../typechain-types"),
    import("../typechain-types/safe"),
  ]);
}

/** A VAT category by name (STANDARD, REDUCED_LOW, …) or id. */
async function categoryId(name: string): Promise<number> {
  const { VatCategory } = await import("../src/payments/vat");
  if (/^\d+$/.test(name)) return Number(name);
  const id = (VatCategory as Record<string, number>)[name.toUpperCase()];
  if (id === undefined) throw new Error(`unknown VAT category ${name}: one of ${Object.keys(VatCategory).join(", ")}`);
  return id;
}

/** A YYYY-MM-DD argument as an Almaty day index, the error naming the parameter. */
function dateArg(dayOfDate: (iso: string) => number, text: string, what: string): number {
  try {
    return dayOfDate(text);
  } catch {
    throw new Error(`--${what}: "${text}" is not a calendar date (YYYY-MM-DD, e.g. 2026-01-15)`);
  }
}

/**
 * Define `dkzt:payments:<name>` with --from and --deployment-id (and, for a role holder's operation, `safe: true`:
 * --safe, --signers, --wait-delay), its own parameters, and a guarded action. A Safe's delayed call that was only
 * scheduled prints when it may run and the task returns its result ({ status: "scheduled" | "waiting", … }).
 */
function payments<A extends Common>(
  name: string,
  description: string,
  params: (t: ConfigurableTaskDefinition) => ConfigurableTaskDefinition,
  body: (args: A, hre: HardhatRuntimeEnvironment) => Promise<void>,
  options: { safe?: boolean } = {},
): void {
  const full = `dkzt:payments:${name}`;
  const definition = task(full, description)
    .addOptionalParam("from", "Who signs: an address, an account index, or on hardhat/localhost a role name")
    .addOptionalParam("deploymentId", DEPLOYMENT_HELP, undefined, types.string);
  params(options.safe ? withSafeParams(definition) : definition).setAction(async (args: A, hre) => {
    try {
      if (!compiled) {
        await hre.run("compile", { quiet: true });
        compiled = true;
      }
      await loadFirst(preload, () => body(args, hre));
      return undefined;
    } catch (err) {
      const pending = await pendingOperation(err);
      if (pending) return pending.result;
      const { describeError } = await import("../src/errors");
      const message = describeError(err, { network: hre.network.name });
      const command = process.argv.includes(full) && !process.argv.includes("--show-stack-traces");
      if (!command) throw new HardhatPluginError("dkzt", message, err instanceof Error ? err : undefined);
      console.error(`Error: ${message}`);
      process.exitCode = 1;
    }
  });
}

payments<Common>(
  "onboard-modules",
  "The operator onboards MerchantPayments and CardGateway on the ledger as SystemContract accounts",
  (t) => t,
  async (args, hre) => {
    const { onboardPaymentModules } = await import("../src/payments/suite");
    const operator = await signerFor(hre, args);
    const suite = await open(hre, args, operator);
    await onboardPaymentModules(suite, operator);
    console.log(`onboarded ${await suite.payments.getAddress()} and ${await suite.cards.getAddress()}`);
  },
  { safe: true },
);

interface MerchantArgs extends Common {
  merchant: string;
  mcc: number;
  vatRef?: string;
  convert: boolean;
}

payments<MerchantArgs>(
  "onboard-merchant",
  "The acquiring bank (--from) onboards its merchant: MCC, VAT registration, settlement preference",
  (t) =>
    t
      .addParam("merchant", "The merchant's ledger account (a Merchant customer of the bank)")
      .addParam("mcc", "ISO 18245 merchant category code", undefined, types.int)
      .addOptionalParam("vatRef", "VAT registration reference, hashed on-chain (omit: not a VAT payer)")
      .addFlag("convert", "Convert each payment's net to non-cash tenge at the bank"),
  async (args, hre) => {
    const { resolveAccount, reference } = await import("../src/ops");
    const merchant = await resolveAccount(hre, args.merchant, "merchant");
    const vatRef = args.vatRef ? reference(args.vatRef, "hash") : hre.ethers.ZeroHash;
    const bank = await signerFor(hre, args);
    const { payments: contract } = await open(hre, args, bank);
    const receipt = await (await contract.onboardMerchant(merchant, args.mcc, vatRef, args.convert ? 1 : 0)).wait();
    console.log(`merchant ${merchant} onboarded by ${await bank.getAddress()} (tx ${receipt?.hash})`);
  },
  { safe: true },
);

interface MandateArgs extends Common {
  customer: string;
  revoke: boolean;
}

payments<MandateArgs>(
  "customer-mandates",
  "The bank (--from) gives its customer's payment mandates (MerchantPayments, CardGateway), or takes them back",
  (t) =>
    t
      .addParam("customer", "The customer's ledger account (the bank is its bank of record)")
      .addFlag("revoke", "Take the mandates back: the modules can then no longer debit the account"),
  async (args, hre) => {
    const { resolveAccount } = await import("../src/ops");
    const { setPaymentMandates } = await import("../src/payments/suite");
    const customer = await resolveAccount(hre, args.customer, "customer");
    const bank = await signerFor(hre, args);
    await setPaymentMandates(await open(hre, args, bank), bank, [customer], !args.revoke);
    console.log(`payment mandates of ${customer} ${args.revoke ? "revoked" : "granted"} by ${await bank.getAddress()}`);
  },
  { safe: true },
);

interface ScheduleArgs extends Common {
  category: string;
  rate: number;
  date: string;
}

payments<ScheduleArgs>(
  "schedule-vat",
  "The tax authority (--from) schedules a VAT rate from a date (Almaty local), never retroactively",
  (t) =>
    t
      .addParam("category", "STANDARD, REDUCED_LOW or REDUCED_HIGH (or its id)")
      .addParam("rate", "Rate in basis points (1600 = 16%)", undefined, types.int)
      .addParam("date", "First day of turnover at the new rate, YYYY-MM-DD"),
  async (args, hre) => {
    const { dayOfDate } = await import("../src/payments/vat");
    const category = await categoryId(args.category);
    const day = dateArg(dayOfDate, args.date, "date");
    const { payments: contract } = await open(hre, args, await signerFor(hre, args));
    const receipt = await (await contract.scheduleVatRate(category, args.rate, day)).wait();
    console.log(`${args.category} at ${args.rate} bp from ${args.date} (tx ${receipt?.hash})`);
  },
  { safe: true },
);

interface InvoiceArgs extends Common {
  amount: string;
  category: string;
  minutes: number;
  order: string;
  nonce?: string;
  mcc: number;
  name: string;
  city: string;
  language: string;
  png?: string;
}

payments<InvoiceArgs>(
  "invoice",
  "A merchant (--from) signs an invoice and prints it as an EMV QR payload and an EIP-681 link (and a PNG)",
  (t) =>
    t
      .addParam("amount", 'Amount in tenge, VAT inclusive ("1160.00")')
      .addOptionalParam("category", "VAT category", "STANDARD")
      .addOptionalParam("minutes", "Validity in minutes", 15, types.int)
      .addOptionalParam("order", "Order reference (hashed)", "")
      .addOptionalParam("nonce", "Invoice nonce (default: random below 2^56)")
      .addOptionalParam("mcc", "MCC printed in the QR", 5411, types.int)
      .addOptionalParam(
        "name",
        "Merchant name printed in the QR (Cyrillic: transliterated in tag 59, as given in tag 64)",
        "DKZT MERCHANT",
      )
      .addOptionalParam("city", "City printed in the QR (Cyrillic as the name)", "ALMATY")
      .addOptionalParam("language", "Language of a Cyrillic name and city (tag 64): KK or RU", "KK")
      .addOptionalParam("png", "Write the QR code PNG to this file"),
  async (args, hre) => {
    const { parseAmount } = await import("../src/ops");
    const { paymentsDomain, signInvoice } = await import("../src/payments/invoice");
    const { encodeEmvQr, merchantLabel } = await import("../src/payments/emvqr");
    const { encodeEip681 } = await import("../src/payments/eip681");
    // Arguments first: a malformed one is reported as such, not as a missing deployment.
    const amount = parseAmount(args.amount);
    const category = await categoryId(args.category);
    if (args.nonce !== undefined && !/^\d+$/.test(args.nonce))
      throw new Error(`--nonce: "${args.nonce}" is not an invoice nonce (a whole number, e.g. 42)`);
    const label = merchantLabel(args.name, args.city, args.language);
    const merchant = await keyFor(hre, args);
    const { payments: contract } = await open(hre, args, merchant);
    const [rate] = await contract.vatRateOn(category, await contract.turnoverDay());
    const vatPayer = (await contract.merchantOf(merchant.address)).vatPayer;
    const now = (await hre.ethers.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
    const invoice = {
      merchant: merchant.address,
      amount,
      vatCategory: category,
      vatRateBps: vatPayer ? Number(rate) : 0,
      expiry: BigInt(now + args.minutes * 60),
      nonce: args.nonce !== undefined ? BigInt(args.nonce) : BigInt(hre.ethers.hexlify(hre.ethers.randomBytes(7))),
      orderRef: hre.ethers.id(args.order || `${merchant.address}-${now}`),
    };
    const domain = await paymentsDomain(contract);
    const signature = await signInvoice(merchant, domain, invoice);
    const address = await contract.getAddress();
    const chainId = BigInt(domain.chainId ?? 0);
    const payload = encodeEmvQr({
      invoice,
      signature,
      chainId,
      contract: address,
      mcc: args.mcc,
      ...label,
    });
    console.log(`EMV QR:  ${payload}`);
    console.log(`EIP-681: ${encodeEip681({ contract: address, chainId, invoice, signature })}`);
    if (args.png) {
      const { renderQrPng } = await import("../src/payments/qrImage");
      const fs = await import("node:fs");
      fs.writeFileSync(args.png, await renderQrPng(payload));
      console.log(`PNG:     ${args.png}`);
    }
  },
);

interface ReportArgs extends Common {
  merchant?: string;
  fromDate?: string;
  toDate?: string;
  period: string;
  fromBlock: number;
}

payments<ReportArgs>(
  "vat-report",
  "VAT collected, marked and reversed per merchant and period, from the chain's events",
  (t) =>
    t
      .addOptionalParam("merchant", "Only this merchant")
      .addOptionalParam("fromDate", "First day (Almaty local), YYYY-MM-DD")
      .addOptionalParam("toDate", "Last day (Almaty local), YYYY-MM-DD")
      .addOptionalParam("period", "day or month", "month")
      .addOptionalParam("fromBlock", "First block to scan", 0, types.int),
  async (args, hre) => {
    const { vatReport } = await import("../src/payments/report");
    const { dayOfDate } = await import("../src/payments/vat");
    const { formatTenge } = await import("../src/money");
    if (args.period !== "day" && args.period !== "month") throw new Error("--period must be day or month");
    const fromDay = args.fromDate ? dateArg(dayOfDate, args.fromDate, "fromDate") : undefined;
    const toDay = args.toDate ? dateArg(dayOfDate, args.toDate, "toDate") : undefined;
    const { payments: contract } = await open(hre, args);
    const report = await vatReport(contract, {
      merchant: args.merchant,
      fromBlock: args.fromBlock,
      fromDay,
      toDay,
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
        "repaid by budget",
        "to offset",
      ],
      ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }),
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
        formatTenge(r.vatRepaidByBudget),
        formatTenge(r.vatToOffset),
      ]);
    }
    console.log(table.toString());
    for (const m of report.markedVatPaid) {
      console.log(`marked VAT paid to the budget: ${m.business} ${m.period} ${formatTenge(m.amount)}`);
    }
    for (const u of report.unmatchedRefunds) {
      console.log(
        `UNMATCHED refund ${u.invoiceId} by ${u.merchant}: ${formatTenge(u.amount)} (VAT ${formatTenge(u.vatReversed)},` +
          ` of which the budget paid back ${formatTenge(u.vatRepaidByBudget)}): no payment of this invoice on-chain`,
      );
    }
  },
);
