import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { crossBorderFixture } from "./fixtures";
import { deadlineIn, inboundMessage, outboundMessage } from "./helpers";
import {
  PACS008_NAMESPACE,
  Pacs008Error,
  buildPacs008,
  creditorAccountHash,
  formatAmount,
  fromOnChainPayment,
  onChainFieldsOf,
  parseAmount,
  parsePacs008,
  toOnChainPayment,
  type Pacs008,
  type Pacs008ErrorCode,
} from "../../src/crossborder/pacs008";
import { CHARGE_BEARERS, bytes16ToUetr } from "../../src/crossborder/iso20022";
import { validateAgainstSchema } from "../../src/crossborder/isoxml";
import * as fs from "node:fs";
import * as path from "node:path";

const CTI = "Document/FIToFICstmrCdtTrf/CdtTrfTxInf";

/** Expect `fn` to throw a Pacs008Error with `code` at `path`. */
function expectPacsError(fn: () => unknown, code: Pacs008ErrorCode, path: string | RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(Pacs008Error);
    const err = e as Pacs008Error;
    expect(err.code).to.equal(code, err.message);
    if (typeof path === "string") expect(err.path).to.equal(path, err.message);
    else expect(err.path).to.match(path, err.message);
    return;
  }
  expect.fail(`expected a Pacs008Error ${code}`);
}

/** Valid messages, every field drawn from its allowed shape (text with XML metacharacters and Unicode). */
const hex = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: n, maxLength: n });
const upper = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"), minLength: min, maxLength: max });
const alnum = (n: number) =>
  fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), minLength: n, maxLength: n });
const text = (max: number) =>
  fc
    .string({ unit: fc.constantFrom(..."abcXYZ019 &<>\"'/-.,ÄäƏəҚқЎў中文"), minLength: 1, maxLength: max })
    .filter((s) => s === s.trim() && s.length > 0);
const bic = fc
  .tuple(alnum(4), upper(2, 2), alnum(2), fc.option(alnum(3), { nil: undefined }))
  .map(([a, b, c, d]) => a + b + c + (d ?? ""));
const uetr = fc
  .tuple(hex(8), hex(4), hex(3), fc.constantFrom("8", "9", "a", "b"), hex(3), hex(12))
  .map(([a, b, c, v, d, e]) => `${a}-${b}-4${c}-${v}${d}-${e}`);
const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => n.toString().padStart(2, "0"));
const date = fc
  .tuple(fc.integer({ min: 2000, max: 2099 }), two(1, 12), two(1, 28))
  .map(([y, m, d]) => `${y}-${m}-${d}`);
const message: fc.Arbitrary<Pacs008> = fc
  .record({
    messageId: text(35),
    creationDateTime: fc
      .tuple(date, two(0, 23), two(0, 59), fc.constantFrom("", "Z", "+05:00", "-03:30"))
      .map(([d, h, m, z]) => `${d}T${h}:${m}:00${z}`),
    settlementMethod: fc.constantFrom("INDA" as const, "INGA" as const, "COVE" as const, "CLRG" as const),
    endToEndId: text(35),
    uetr,
    amount: fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }),
    currency: fc.constantFrom("KZT", "CNY", "USD", "JPY", "KWD"),
    settlementDate: date,
    chargeBearer: fc.constantFrom(...CHARGE_BEARERS),
    debtorName: fc.option(text(140), { nil: undefined }),
    debtorAgent: bic,
    creditorAgent: bic,
    creditorName: fc.option(text(140), { nil: undefined }),
    creditorAccount: fc.oneof(
      fc.tuple(upper(2, 2), two(0, 99), alnum(16)).map(([c, k, b]) => c + k + b),
      fc
        .string({ unit: fc.constantFrom(..."0123456789-/"), minLength: 1, maxLength: 34 })
        .filter((s) => s === s.trim()),
    ),
    purposeKnp: fc.integer({ min: 0, max: 999 }).map((n) => n.toString().padStart(3, "0")),
    purposeCode: fc.option(fc.constantFrom("GDDS", "SALA", "SCVE", "INTC"), { nil: undefined }),
  })
  .map((m) => {
    const msg = { ...m } as Pacs008;
    if (msg.debtorName === undefined) delete msg.debtorName;
    if (msg.creditorName === undefined) delete msg.creditorName;
    if (msg.purposeCode === undefined) delete msg.purposeCode;
    return msg;
  });

describe("pacs.008 (src/crossborder/pacs008.ts)", () => {
  describe("building and parsing", () => {
    it("parse(build(x)) == x for the example messages", () => {
      for (const msg of [
        outboundMessage(),
        inboundMessage(),
        outboundMessage({ debtorName: undefined, creditorName: undefined }),
      ]) {
        const clean = JSON.parse(
          JSON.stringify(msg, (_k: string, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)),
        ) as Record<string, unknown>;
        const parsed = parsePacs008(buildPacs008(msg));
        expect(
          JSON.parse(JSON.stringify(parsed, (_k: string, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))),
        ).to.deep.equal(clean);
      }
    });

    it("parse(build(x)) == x for any valid message (property)", () => {
      fc.assert(
        fc.property(message, (msg) => {
          expect(parsePacs008(buildPacs008(msg))).to.deep.equal(msg);
        }),
        { numRuns: 300 },
      );
    });

    it("writes the pacs.008.001.08 namespace, one transaction, and the amount with the currency's decimals", () => {
      const xml = buildPacs008(outboundMessage());
      expect(xml).to.contain(`<Document xmlns="${PACS008_NAMESPACE}">`);
      expect(xml).to.contain("<NbOfTxs>1</NbOfTxs>");
      expect(xml).to.contain('<IntrBkSttlmAmt Ccy="KZT">25000.00</IntrBkSttlmAmt>');
      expect(xml).to.contain("<UETR>1b4f3a9e-7c2d-4e8f-9a01-000000000001</UETR>");
      expect(xml).to.contain("<Tp>KNP</Tp>");
    });

    it("reads a prefixed document and amounts with fewer decimals", () => {
      const xml = buildPacs008(outboundMessage())
        .replace(/<(\/?)([A-Za-z])/g, "<$1ns2:$2")
        .replace("<ns2:Document xmlns=", "<ns2:Document xmlns:ns2=")
        .replace("25000.00", "25000.5");
      const msg = parsePacs008(xml);
      expect(msg.amount).to.equal(2_500_050n);
      expect(msg.uetr).to.equal(outboundMessage().uetr);
    });

    it("converts amounts exactly, never rounding", () => {
      expect(formatAmount(1n, "KZT")).to.equal("0.01");
      expect(formatAmount(123456n, "JPY")).to.equal("123456");
      expect(formatAmount(1234n, "KWD")).to.equal("1.234");
      expect(parseAmount("0.01", "KZT")).to.equal(1n);
      expect(parseAmount("7", "KZT")).to.equal(700n);
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
          fc.constantFrom("KZT", "JPY", "KWD"),
          (a, c) => parseAmount(formatAmount(a, c), c) === a,
        ),
      );
    });
  });

  describe("every message the suite writes is valid against the pacs.008.001.08 schema", () => {
    /** Validate `xml` and fail with libxml2's words and the element path. */
    async function expectValid(xml: string, what: string): Promise<void> {
      const result = await validateAgainstSchema(xml, "pacs.008.001.08");
      expect(result.violations, `${what} against ${path.basename(result.schema.file)}`).to.deep.equal([]);
      expect(result.valid, what).to.equal(true);
    }

    it("the example messages, with and without names, with a purpose code", async () => {
      await expectValid(buildPacs008(outboundMessage()), "outbound");
      await expectValid(buildPacs008(inboundMessage()), "inbound");
      await expectValid(buildPacs008(outboundMessage({ debtorName: undefined, creditorName: undefined })), "no names");
      await expectValid(buildPacs008(outboundMessage({ purposeCode: "GDDS" })), "purpose code");
      await expectValid(buildPacs008(outboundMessage({ creditorAccount: "40702810-0001/7" })), "Othr account");
    });

    it("the example in docs/examples (what the tasks are tried with)", async () => {
      const file = path.join(__dirname, "../../docs/examples/pacs008-outbound.xml");
      await expectValid(fs.readFileSync(file, "utf8"), file);
    });

    it("any valid message (property: text with XML metacharacters and Unicode, every currency's decimals)", async () => {
      await fc.assert(
        fc.asyncProperty(message, async (msg) => expectValid(buildPacs008(msg), JSON.stringify(msg.messageId))),
        { numRuns: 40 },
      );
    });

    it("writes the purpose code as Purp/Cd, before the regulatory reporting", () => {
      const xml = buildPacs008(outboundMessage({ purposeCode: "GDDS" }));
      expect(xml).to.match(/<Purp>\s*<Cd>GDDS<\/Cd>\s*<\/Purp>\s*<RgltryRptg>/);
      expect(parsePacs008(xml).purposeCode).to.equal("GDDS");
    });
  });

  describe("when a message is malformed or unsupported", () => {
    const good = () => buildPacs008(outboundMessage());
    const cases: { name: string; xml: () => string; code: Pacs008ErrorCode; path: string | RegExp }[] = [
      { name: "empty input", xml: () => "  ", code: "XML_MALFORMED", path: "/" },
      {
        name: "not XML at all",
        xml: () => "UETR=1b4f3a9e; amount=100",
        code: "XML_MALFORMED",
        path: /^line 1, column \d+$/,
      },
      {
        name: "an unclosed element",
        xml: () => good().replace("</MsgId>", ""),
        code: "XML_MALFORMED",
        path: /^line \d+, column \d+$/,
      },
      {
        name: "a DOCTYPE (entity expansion)",
        xml: () => `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>${good().slice(good().indexOf("<Document"))}`,
        code: "XML_MALFORMED",
        path: "/",
      },
      {
        name: "another root element",
        xml: () => good().replace(/Document/g, "AppHdr"),
        code: "NOT_PACS008",
        path: "/",
      },
      {
        name: "a pacs.009 namespace",
        xml: () => good().replace("pacs.008.001.08", "pacs.009.001.08"),
        code: "NOT_PACS008",
        path: "Document/@xmlns",
      },
      {
        name: "no namespace",
        xml: () => good().replace(` xmlns="${PACS008_NAMESPACE}"`, ""),
        code: "NOT_PACS008",
        path: "Document/@xmlns",
      },
      {
        name: "a batch of two transactions",
        xml: () => good().replace("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>"),
        code: "UNSUPPORTED",
        path: "Document/FIToFICstmrCdtTrf/GrpHdr/NbOfTxs",
      },
      {
        name: "two CdtTrfTxInf elements",
        xml: () => {
          const x = good();
          const tx = x.slice(x.indexOf("<CdtTrfTxInf>"), x.indexOf("</CdtTrfTxInf>") + "</CdtTrfTxInf>".length);
          return x.replace(tx, tx + tx);
        },
        code: "UNSUPPORTED",
        path: CTI,
      },
      {
        name: "a missing UETR",
        xml: () => good().replace(/<UETR>.*<\/UETR>/, ""),
        code: "MISSING_FIELD",
        path: `${CTI}/PmtId/UETR`,
      },
      {
        name: "an upper-case UETR",
        xml: () => good().replace(/<UETR>(.*)<\/UETR>/, (_m, u: string) => `<UETR>${u.toUpperCase()}</UETR>`),
        code: "INVALID_FIELD",
        path: `${CTI}/PmtId/UETR`,
      },
      {
        name: "a UUID version 1 as UETR",
        xml: () => good().replace("-4e8f-", "-1e8f-"),
        code: "INVALID_FIELD",
        path: `${CTI}/PmtId/UETR`,
      },
      {
        name: "a malformed debtor BIC",
        xml: () => good().replace("<BICFI>EURIKZKA</BICFI>", "<BICFI>EURIKZ</BICFI>"),
        code: "INVALID_FIELD",
        path: `${CTI}/DbtrAgt/FinInstnId/BICFI`,
      },
      {
        name: "a missing creditor agent",
        xml: () => good().replace(/<CdtrAgt>[\s\S]*<\/CdtrAgt>/, ""),
        code: "MISSING_FIELD",
        path: `${CTI}/CdtrAgt`,
      },
      {
        name: "a lower-case currency",
        xml: () => good().replace('Ccy="KZT"', 'Ccy="kzt"'),
        code: "INVALID_FIELD",
        path: `${CTI}/IntrBkSttlmAmt/@Ccy`,
      },
      {
        name: "no currency",
        xml: () => good().replace(' Ccy="KZT"', ""),
        code: "MISSING_FIELD",
        path: `${CTI}/IntrBkSttlmAmt/@Ccy`,
      },
      {
        name: "three decimals in tenge",
        xml: () => good().replace("25000.00", "25000.001"),
        code: "INVALID_FIELD",
        path: `${CTI}/IntrBkSttlmAmt`,
      },
      {
        name: "a negative amount",
        xml: () => good().replace("25000.00", "-5.00"),
        code: "INVALID_FIELD",
        path: `${CTI}/IntrBkSttlmAmt`,
      },
      {
        name: "a zero amount",
        xml: () => good().replace("25000.00", "0.00"),
        code: "INVALID_FIELD",
        path: `${CTI}/IntrBkSttlmAmt`,
      },
      {
        name: "an unknown charge bearer",
        xml: () => good().replace("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>OUR</ChrgBr>"),
        code: "INVALID_FIELD",
        path: `${CTI}/ChrgBr`,
      },
      {
        name: "a KNP of two digits",
        xml: () => good().replace("<Cd>710</Cd>", "<Cd>71</Cd>"),
        code: "INVALID_FIELD",
        path: `${CTI}/RgltryRptg/Dtls/Cd`,
      },
      {
        name: "regulatory details that are not a KNP",
        xml: () => good().replace("<Tp>KNP</Tp>", "<Tp>BOP</Tp>"),
        code: "INVALID_FIELD",
        path: `${CTI}/RgltryRptg/Dtls/Tp`,
      },
      {
        name: "no regulatory reporting",
        xml: () => good().replace(/<RgltryRptg>[\s\S]*<\/RgltryRptg>/, ""),
        code: "MISSING_FIELD",
        path: `${CTI}/RgltryRptg`,
      },
      {
        name: "an invalid creation time",
        xml: () => good().replace("2026-01-15T10:30:00+05:00", "15/01/2026 10:30"),
        code: "INVALID_FIELD",
        path: "Document/FIToFICstmrCdtTrf/GrpHdr/CreDtTm",
      },
      {
        name: "a message id over 35 characters",
        xml: () => good().replace("EURIKZKA-20260115-0001", "X".repeat(36)),
        code: "INVALID_FIELD",
        path: "Document/FIToFICstmrCdtTrf/GrpHdr/MsgId",
      },
    ];
    for (const c of cases) {
      it(`throws ${c.code} for ${c.name}`, () => expectPacsError(() => parsePacs008(c.xml()), c.code, c.path));
    }

    it("refuses to build an invalid message, naming the field", () => {
      expectPacsError(
        () => buildPacs008(outboundMessage({ uetr: "not-a-uetr" })),
        "INVALID_FIELD",
        `${CTI}/PmtId/UETR`,
      );
      expectPacsError(() => buildPacs008(outboundMessage({ amount: 0n })), "INVALID_FIELD", `${CTI}/IntrBkSttlmAmt`);
      expectPacsError(
        () => buildPacs008(outboundMessage({ creditorName: " padded " })),
        "INVALID_FIELD",
        `${CTI}/Cdtr/Nm`,
      );
    });
  });

  describe("the on-chain record", () => {
    it("keeps no personal data: names never, the account only as a salted hash", () => {
      const msg = outboundMessage();
      const salt = "0x" + "11".repeat(32);
      const record = toOnChainPayment(msg, salt);
      expect(
        JSON.stringify(record, (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
      ).to.not.match(/Alice|Supplier|SVBK/);
      expect(record.creditorAccountHash).to.equal(creditorAccountHash("us64 svbk us6s 3300 9588 79", salt));
      expect(record.creditorAccountHash).to.not.equal(creditorAccountHash(msg.creditorAccount, "0x" + "22".repeat(32)));
    });

    it("XML → chain → XML: the pacs.008 parsed, escrowed, read back and rebuilt is the same payment", async () => {
      const f = await loadFixture(crossBorderFixture);
      const original = outboundMessage({ uetr: "7d3a0c4e-2b1f-4a6d-b8e9-3c5f7a9b1d2e" });
      const received = parsePacs008(buildPacs008(original));
      await f.gateway
        .connect(f.alice)
        .initiateOutbound(toOnChainPayment(received, f.salt), await deadlineIn(2 * 60 * 60));
      const record = await f.gateway.paymentOf(toOnChainPayment(received, f.salt).uetr);
      const fromChain = fromOnChainPayment(record.payment);
      expect(fromChain).to.deep.equal(onChainFieldsOf(original, f.salt));
      expect(bytes16ToUetr(record.payment.uetr)).to.equal(original.uetr);
      // The off-chain fields (names, account, ids) come from the bank's records, the rest from the chain.
      const rebuilt = parsePacs008(
        buildPacs008({
          ...received,
          uetr: fromChain.uetr,
          debtorAgent: fromChain.debtorAgent,
          creditorAgent: fromChain.creditorAgent,
          currency: fromChain.currency,
          amount: fromChain.amount,
          chargeBearer: fromChain.chargeBearer,
          purposeKnp: fromChain.purposeKnp,
        }),
      );
      expect(rebuilt).to.deep.equal(original);
    });
  });
});
