import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { ZeroAddress } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { actors } from "../helpers/fixtures";
import { ledgerState } from "../helpers/state";
import { output, type Deployment } from "../../src/ops";
import { buildPacs008 } from "../../src/crossborder/pacs008";
import { outboundMessage } from "../crossborder/helpers";

/*
 * Bad input to the operations tasks (`npx hardhat dkzt:…`), run in-process with hre.run as an operator would
 * run them: bad addresses and account indexes, negative, zero, overflowing and over-precise amounts, unknown
 * kinds and tiers, over-long references, malformed files. Each row names the input, the one-line error the task
 * must give (what was wrong, in words: never a stack trace or ethers' raw message), and checks that nothing on
 * the ledger changed: the supply, every actor's balance and status, both banks' positions and the bank count.
 */

/** The suite deployed and set up through the tasks: two banks with funds, alice (100 000 ₸) and a merchant. */
async function bankedByTasks() {
  const a = await actors();
  const { suite } = (await hre.run("dkzt:deploy", {})) as Deployment;
  const run = (name: string, args: Record<string, unknown>) => hre.run(`dkzt:${name}`, args);
  await run("onboard-bank", { bank: a.bankA.address, ref: "BANK-001" });
  await run("onboard-bank", { bank: a.bankB.address, ref: "BANK-002" });
  await run("set-ceiling", { bank: a.bankA.address, amount: "10000000" });
  await run("set-ceiling", { bank: a.bankB.address, amount: "5000000" });
  await run("issue", { bank: a.bankA.address, amount: "1000000", ref: "RSV-A-1" });
  await run("onboard-customer", { from: "5", account: a.alice.address, ref: "cust-alice" });
  await run("onboard-customer", {
    from: "5",
    account: a.merchant.address,
    kind: "merchant",
    tier: "business",
    ref: "m",
  });
  await run("transfer", { from: "5", to: a.alice.address, amount: "100000" });
  await run("attach", { account: a.alice.address, amount: "10", ref: "COURT-1" });
  return { ...a, ...suite };
}

type Fixture = Awaited<ReturnType<typeof bankedByTasks>>;

/** Everything a rejected task must leave as it was. */
async function everything(f: Fixture): Promise<unknown> {
  const people = [f.bankA, f.bankB, f.alice, f.bob, f.carol, f.merchant, f.stranger, f.court];
  // Independent reads of one state: sent together.
  const [ledger, banks, bankCount, paused, stablecoinPaused, goldPaused] = await Promise.all([
    ledgerState(f.ledger, people),
    Promise.all([f.bankA, f.bankB].map(async (b) => (await f.ledger.bankOf(b.address)).toString())),
    f.ledger.bankCount(),
    f.ledger.paused(),
    f.stablecoin.paused(),
    f.gold.paused(),
  ]);
  return { ledger, banks, bankCount, paused, stablecoinPaused, goldPaused };
}

/** One row: the task, its arguments (as typed on the command line), and the error message expected. */
interface Row {
  task: string;
  args: (f: Fixture) => Record<string, unknown>;
  what: string;
  message: RegExp;
}

const AMOUNT = (text: string) =>
  new RegExp(
    `--amount: "${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is not an amount of tenge \\(digits, up to 2 decimals, e\\.g\\. 1500\\.25\\)`,
  );

const ROWS: Row[] = [
  // Amounts.
  {
    task: "transfer",
    what: "an amount finer than a tiyn (1.001)",
    args: (f) => ({ from: "7", to: f.merchant.address, amount: "1.001" }),
    message: AMOUNT("1.001"),
  },
  {
    task: "transfer",
    what: "a negative amount",
    args: (f) => ({ from: "7", to: f.merchant.address, amount: "-5" }),
    message: AMOUNT("-5"),
  },
  {
    task: "transfer",
    what: "an amount in exponent notation",
    args: (f) => ({ from: "7", to: f.merchant.address, amount: "1e5" }),
    message: AMOUNT("1e5"),
  },
  {
    task: "transfer",
    what: "an amount of words",
    args: (f) => ({ from: "7", to: f.merchant.address, amount: "ten" }),
    message: AMOUNT("ten"),
  },
  {
    task: "transfer",
    what: "an overflowing amount (2^96 tenge)",
    args: (f) => ({ from: "7", to: f.merchant.address, amount: (2n ** 96n).toString() }),
    message: AMOUNT((2n ** 96n).toString()),
  },
  {
    task: "transfer",
    what: "more than the sender holds",
    args: (f) => ({ from: "7", to: f.merchant.address, amount: "100001" }),
    message: /^ERC20InsufficientBalance: .*100 000\.00 ₸.*100 001\.00 ₸/,
  },
  {
    task: "transfer",
    what: "an attached balance",
    args: (f) => ({ from: "7", to: f.merchant.address, amount: "100000" }),
    message: /^AttachedFundsLocked: /,
  },
  {
    task: "issue",
    what: "a zero amount",
    args: (f) => ({ bank: f.bankA.address, amount: "0", ref: "RSV-0" }),
    message: /^ZeroAmount: /,
  },
  {
    task: "issue",
    what: "an amount above the bank's ceiling",
    args: (f) => ({ bank: f.bankA.address, amount: "9000001", ref: "RSV-X" }),
    message: /^IssuanceCeilingExceeded: /,
  },
  {
    task: "set-ceiling",
    what: "a negative ceiling",
    args: (f) => ({ bank: f.bankA.address, amount: "-1" }),
    message: AMOUNT("-1"),
  },
  {
    task: "attach",
    what: "a fraction of a tiyn",
    args: (f) => ({ account: f.alice.address, amount: "0.001", ref: "COURT-2" }),
    message: AMOUNT("0.001"),
  },
  {
    task: "seize",
    what: "a zero seizure",
    args: (f) => ({ account: f.alice.address, to: f.bankA.address, amount: "0", ref: "COURT-1" }),
    message: /^ZeroAmount: /,
  },
  {
    task: "seize",
    what: "more than is attached",
    args: (f) => ({ account: f.alice.address, to: f.bankA.address, amount: "11", ref: "COURT-1" }),
    message: /^AttachmentExceeded: /,
  },
  {
    task: "redeem",
    what: "a bank redeeming a fraction of a tiyn",
    args: () => ({ from: "5", amount: "1.001", ref: "RSV-BACK" }),
    message: AMOUNT("1.001"),
  },
  {
    task: "to-non-cash",
    what: "a negative conversion",
    args: () => ({ from: "7", amount: "-1" }),
    message: AMOUNT("-1"),
  },
  {
    task: "define-tier",
    what: "a limit of words",
    args: () => ({ tier: "2", holding: "lots", daily: "100" }),
    message: /--holding: "lots" is not an amount of tenge/,
  },
  // Accounts and addresses.
  {
    task: "transfer",
    what: "a short address",
    args: () => ({ from: "7", to: "0x123", amount: "1" }),
    message: /--to: "0x123" is neither an address nor an account index/,
  },
  {
    task: "transfer",
    what: "an address with a wrong checksum",
    args: (f) => ({ from: "7", to: mangleChecksum(f.merchant.address), amount: "1" }),
    message: /--to: ".*" is neither an address nor an account index/,
  },
  {
    task: "transfer",
    what: "the zero address",
    args: () => ({ from: "7", to: ZeroAddress, amount: "1" }),
    message: /zero address|ZeroAddress|ERC20InvalidReceiver/,
  },
  {
    task: "transfer",
    what: "an unregistered payee",
    args: (f) => ({ from: "7", to: f.stranger.address, amount: "1" }),
    message: /^AccountNotRegistered: /,
  },
  {
    task: "transfer",
    what: "an account index the network does not have",
    args: (f) => ({ from: "99", to: f.merchant.address, amount: "1" }),
    message: /^Account index 99 does not exist: network hardhat has 64 account\(s\)\.$/,
  },
  {
    task: "transfer",
    what: "a negative account index",
    args: (f) => ({ from: "-1", to: f.merchant.address, amount: "1" }),
    message: /--from: "-1" is neither an address nor an account index/,
  },
  {
    task: "issue",
    what: "a bank given as garbage",
    args: () => ({ bank: "EURASIAN", amount: "1", ref: "RSV" }),
    message: /--bank: "EURASIAN" is neither an address nor an account index/,
  },
  {
    task: "issue",
    what: "a customer as the bank",
    args: (f) => ({ bank: f.alice.address, amount: "1", ref: "RSV" }),
    message: /^BankNotRegistered: /,
  },
  {
    task: "onboard-customer",
    what: "the zero address",
    args: () => ({ from: "5", account: ZeroAddress, ref: "zero" }),
    message: /^ZeroAddress: /,
  },
  {
    task: "onboard-customer",
    what: "an account already registered",
    args: (f) => ({ from: "5", account: f.alice.address, ref: "again" }),
    message: /^AccountAlreadyRegistered: /,
  },
  {
    task: "onboard-customer",
    what: "an unknown kind",
    args: (f) => ({ from: "5", account: f.carol.address, kind: "alien", ref: "c" }),
    message: /--kind: "alien" is not one of individual, merchant, government/,
  },
  {
    task: "onboard-customer",
    what: "a tier out of range",
    args: (f) => ({ from: "5", account: f.carol.address, tier: "9", ref: "c" }),
    message: /--tier: "9"|TierOutOfRange/,
  },
  {
    task: "onboard-customer",
    what: "an undefined tier",
    args: (f) => ({ from: "5", account: f.carol.address, tier: "5", ref: "c" }),
    message: /^TierNotDefined: tier 5 is not defined/,
  },
  {
    task: "set-tier",
    what: "another bank's customer",
    args: (f) => ({ from: "6", account: f.alice.address, tier: "enhanced" }),
    message: /^NotBankOfRecord: /,
  },
  {
    task: "freeze",
    what: "an unregistered account",
    args: (f) => ({ account: f.stranger.address, ref: "AFM-1" }),
    message: /^AccountNotRegistered: /,
  },
  {
    task: "freeze",
    what: "an address of 39 hex digits",
    args: (f) => ({ account: f.alice.address.slice(0, -1), ref: "AFM-1" }),
    message: /--account: ".*" is neither an address nor an account index/,
  },
  // Pausing (dkzt:pause / dkzt:unpause).
  {
    task: "pause",
    what: "an unknown --target (vault)",
    args: () => ({ target: "vault" }),
    message: /^--target: "vault" is not a pausable contract: ledger, stablecoin, gold$/,
  },
  {
    task: "unpause",
    what: "an empty --target",
    args: () => ({ target: "" }),
    message: /^--target: "" is not a pausable contract: ledger, stablecoin, gold$/,
  },
  {
    task: "pause",
    what: "a --safe address of 39 hex digits",
    args: (f) => ({ target: "gold", safe: f.alice.address.slice(0, -1), signers: "16,17" }),
    message: /--safe: ".*" is neither an address nor an account index/,
  },
  {
    task: "unpause",
    what: "a --safe that is not a contract",
    args: (f) => ({ target: "stablecoin", safe: f.stranger.address, signers: "16,17" }),
    message: /^--safe: no contract at 0x[0-9a-fA-F]{40} on network hardhat: is it a Safe deployed here\?$/,
  },
  {
    task: "pause",
    what: "a signer without the pause role",
    args: (f) => ({ target: "ledger", from: f.alice.address }),
    message: /^AccessManagedUnauthorized: .* DigitalTenge\.pause, which the roles table gives to OPERATOR$/,
  },
  {
    task: "unpause",
    what: "the gold token, which is not paused",
    args: () => ({ target: "gold" }),
    message: /^ExpectedPause: GoldToken is not paused: there is nothing to unpause$/,
  },
  {
    task: "pause",
    what: "--from and --safe together",
    args: (f) => ({ target: "ledger", from: "operator", safe: f.stranger.address, signers: "16,17" }),
    message: /^--from and --safe name two different signers: give one$/,
  },
  {
    task: "recover",
    what: "a replacement already registered",
    args: (f) => ({ from: "5", lost: f.alice.address, replacement: f.merchant.address }),
    message: /^AccountAlreadyRegistered: /,
  },
  {
    task: "balance",
    what: "an account of words",
    args: () => ({ account: "alice's wallet" }),
    message: /--account: "alice's wallet" is neither an address nor an account index/,
  },
  // References and signers.
  {
    task: "issue",
    what: "a reference longer than 31 bytes",
    args: (f) => ({ bank: f.bankA.address, amount: "1", ref: "R".repeat(32) }),
    message: /reference "R{32}" is longer than 31 bytes/,
  },
  {
    task: "issue",
    what: "an empty reference",
    args: (f) => ({ bank: f.bankA.address, amount: "1", ref: "  " }),
    message: /a reference cannot be empty/,
  },
  {
    task: "issue",
    what: "a signer without the issuer role",
    args: (f) => ({ from: f.alice.address, bank: f.bankA.address, amount: "1", ref: "RSV" }),
    message: /^AccessManagedUnauthorized: .* DigitalTenge\.issue, which the roles table gives to ISSUER/,
  },
  {
    task: "redeem",
    what: "no signer where no role is implied",
    args: () => ({ amount: "1", ref: "RSV" }),
    message: /^--from is required/,
  },
  // Module tasks: arguments are checked before the module's deployment is looked up (none is deployed here), so
  // a malformed argument is reported as such, never as "no deployment".
  {
    task: "programs:report",
    what: "a program id of letters",
    args: () => ({ program: "abc", from: 0, marked: false, json: false }),
    message: /^--program: "abc" is not a program id \(a whole number, e\.g\. 1\)$/,
  },
  {
    task: "programs:report",
    what: "a negative program id",
    args: () => ({ program: "-1", from: 0, marked: false, json: false }),
    message: /^--program: "-1" is not a program id/,
  },
  {
    task: "payments:invoice",
    what: "a nonce of letters",
    args: () => ({ from: "7", amount: "1160.00", category: "STANDARD", nonce: "abc" }),
    message: /^--nonce: "abc" is not an invoice nonce \(a whole number, e\.g\. 42\)$/,
  },
  {
    task: "payments:invoice",
    what: "an amount finer than a tiyn",
    args: () => ({ from: "7", amount: "1.001", category: "STANDARD" }),
    message: AMOUNT("1.001"),
  },
  {
    task: "payments:invoice",
    what: "an unknown VAT category",
    args: () => ({ from: "7", amount: "1160.00", category: "LUXURY" }),
    message: /^unknown VAT category LUXURY: one of STANDARD, /,
  },
  {
    task: "payments:schedule-vat",
    what: "a date that does not exist (2026-02-30)",
    args: () => ({ from: "7", category: "STANDARD", rate: 1600, date: "2026-02-30" }),
    message: /^--date: "2026-02-30" is not a calendar date \(YYYY-MM-DD/,
  },
  {
    task: "payments:vat-report",
    what: "a from-date in another format",
    args: () => ({ fromDate: "15.01.2026", period: "month", fromBlock: 0 }),
    message: /^--fromDate: "15\.01\.2026" is not a calendar date/,
  },
  {
    task: "payments:onboard-merchant",
    what: "a merchant given as garbage",
    args: () => ({ from: "5", merchant: "SHOP-1", mcc: 5411, convert: false }),
    message: /--merchant: "SHOP-1" is neither an address nor an account index/,
  },
  {
    task: "xb:status",
    what: "a UETR in upper case",
    args: () => ({ uetr: "EB6305C9-1F7F-49DE-AED0-16487C27B42D", signer: 0 }),
    message: /^not a UETR \(lowercase UUIDv4\): "EB6305C9-/,
  },
  {
    task: "xb:reject",
    what: "a reason code of three characters",
    args: () => ({ uetr: "eb6305c9-1f7f-49de-aed0-16487c27b42d", reason: "AC1", signer: 0 }),
    message: /not an ISO 20022 reason code/,
  },
  {
    task: "xb:settle",
    what: "a confirmation longer than 31 bytes",
    args: () => ({ uetr: "eb6305c9-1f7f-49de-aed0-16487c27b42d", confirmation: "C".repeat(32), signer: 0 }),
    message: /^--confirmation: "C{32}" is longer than 31 bytes$/,
  },
  {
    task: "offline:purse",
    what: "a purse of 39 hex digits",
    args: (f) => ({ purse: f.alice.address.slice(0, -1) }),
    message: /^--purse: "0x[0-9a-fA-F]{39}" is not an address \(the purse's device key\)$/,
  },
  {
    task: "offline:redeem",
    what: "a batch of 0 cheques",
    args: () => ({ store: "store.json", batch: 0 }),
    message: /^--batch: must be a whole number >= 1, got 0$/,
  },
];

/** An address with the case of one letter flipped: a wrong EIP-55 checksum. */
function mangleChecksum(address: string): string {
  const i = [...address].findIndex((c, k) => k > 1 && /[a-fA-F]/.test(c));
  const c = address[i];
  return address.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + address.slice(i + 1);
}

describe("bad input to the tasks (dkzt:…) @plain", function () {
  const consoleLine = output.line;
  beforeEach(() => {
    output.line = () => undefined;
  });
  afterEach(() => {
    output.line = consoleLine;
  });

  for (const row of ROWS) {
    it(`dkzt:${row.task} rejects ${row.what} and changes nothing`, async () => {
      const f = await loadFixture(bankedByTasks);
      const before = await everything(f);
      let thrown: unknown;
      try {
        await hre.run(`dkzt:${row.task}`, row.args(f));
      } catch (err) {
        thrown = err;
      }
      expect(thrown, `dkzt:${row.task} accepted ${row.what}`).to.be.instanceOf(Error);
      const message = (thrown as Error).message;
      expect(message).to.match(row.message);
      expect(message, "a one-line message, not a stack or ethers' raw text").not.to.match(
        /\n|code=|version=6|at .*\.ts:\d+/,
      );
      expect(await everything(f)).to.deep.equal(before, "a rejected task changed the ledger");
    });
  }

  describe("dkzt:xb:parse, on files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dkzt-badinput-"));
    const file = (name: string, text: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, text);
      return p;
    };
    const good = buildPacs008(outboundMessage());
    const cases: [string, () => Record<string, unknown>, RegExp][] = [
      [
        "a file that is not XML",
        () => ({ file: file("junk.xml", "not xml at all <") }),
        /pacs\.008 XML_MALFORMED|NOT_PACS008/,
      ],
      ["an empty file", () => ({ file: file("empty.xml", "") }), /XML_MALFORMED at \/: empty input/],
      [
        "an amount of 25000.001 KZT",
        () => ({ file: file("amount.xml", good.replace(/>25000\.00</, ">25000.001<")) }),
        /has more decimals than KZT \(2\)/,
      ],
      [
        "a salt that is not 32 bytes",
        () => ({ file: file("good.xml", good), salt: "0x12" }),
        /the creditor-account salt must be 32 bytes \(0x and 64 hex digits\), got "0x12"/,
      ],
      ["a file that does not exist", () => ({ file: path.join(dir, "missing.xml") }), /missing\.xml/],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, async () => {
        let thrown: unknown;
        const log = console.log;
        console.log = () => undefined;
        try {
          await hre.run("dkzt:xb:parse", args());
        } catch (err) {
          thrown = err;
        } finally {
          console.log = log;
        }
        expect(thrown, `accepted ${what}`).to.be.instanceOf(Error);
        expect((thrown as Error).message).to.match(message);
      });
    }
  });
});
