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
  return {
    ledger: await ledgerState(f.ledger, people),
    banks: await Promise.all([f.bankA, f.bankB].map(async (b) => (await f.ledger.bankOf(b.address)).toString())),
    bankCount: await f.ledger.bankCount(),
    paused: await f.ledger.paused(),
  };
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
];

/** An address with the case of one letter flipped: a wrong EIP-55 checksum. */
function mangleChecksum(address: string): string {
  const i = [...address].findIndex((c, k) => k > 1 && /[a-fA-F]/.test(c));
  const c = address[i];
  return address.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + address.slice(i + 1);
}

describe("bad input to the tasks (dkzt:…)", function () {
  this.timeout(300_000);
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
