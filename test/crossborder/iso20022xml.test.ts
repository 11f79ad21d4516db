import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { crossBorderFixture } from "./fixtures";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  PURPOSE_TO_KNP,
  Pacs008Error,
  assignKnp,
  creditorAccountHash,
  describeInbound,
  interpretPacs008,
  openMessage,
  parsePacs008,
  readPacs008,
  toOnChainPayment,
  type InboundPacs008,
  type Pacs008ErrorCode,
} from "../../src/crossborder/pacs008";
import {
  decodeXmlReferences,
  findReferenceProblem,
  oneTagPerLine,
  schemaFile,
  validateAgainstSchema,
  SCHEMA_DIR,
} from "../../src/crossborder/isoxml";

const CTI = "Document/FIToFICstmrCdtTrf/CdtTrfTxInf";
const SALT = `0x${"5a".repeat(32)}`;

/** A sample message from test/crossborder/fixtures/. */
function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");
}

/** Expect `fn` (sync or async) to throw a Pacs008Error with exactly this code, path and message. */
async function expectRejected(
  fn: () => unknown,
  code: Pacs008ErrorCode,
  where: string,
  message: string | RegExp,
): Promise<void> {
  let thrown: unknown;
  try {
    await fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, "no error").to.be.instanceOf(Pacs008Error);
  const err = thrown as Pacs008Error;
  expect(err.code).to.equal(code, err.message);
  expect(err.path).to.equal(where, err.message);
  if (typeof message === "string") expect(err.message).to.equal(message);
  else expect(err.message).to.match(message);
}

function ready(inbound: InboundPacs008) {
  if (inbound.outcome !== "ready") expect.fail(`expected ready, got ${describeInbound(inbound)}`);
  return inbound;
}

describe("ISO 20022 as banks send it (src/crossborder/pacs008.ts, isoxml.ts)", () => {
  describe("the business application header envelope", () => {
    it("reads a Document alone, with the agents, addresses and remittance a CBPR+ message carries", async () => {
      const inbound = ready(await readPacs008(fixture("document-only-knp.xml")));
      expect(inbound.opened).to.deep.equal({ shape: "document" });
      expect(inbound.header).to.equal(undefined);
      expect(inbound.message.uetr).to.equal("5f0c8e62-3a41-4b7d-9c2e-8d1f6a0b4e37");
      expect(inbound.message.amount).to.equal(4_000_000n);
      expect(inbound.knp).to.deep.equal({ source: "message", knp: "119" });
      expect(describeInbound(inbound)).to.equal(
        "ready to credit: pacs.008 UETR 5f0c8e62-3a41-4b7d-9c2e-8d1f6a0b4e37, 40000.00 KZT from CITIUS33XXX to " +
          "EURIKZKA, KNP 119 from the message",
      );
    });

    it("reads an AppHdr followed by a Document: BizMsgIdr, MsgDefIdr, sender and receiver", async () => {
      const inbound = await readPacs008(fixture("apphdr-then-document-purpose.xml"));
      expect(inbound.opened).to.deep.equal({ shape: "apphdr+document" });
      expect(inbound.header).to.deep.equal({
        businessMessageId: "CITIUS33-20260116-0042",
        messageDefinitionId: "pacs.008.001.08",
        creationDate: "2026-01-16T09:15:00Z",
        from: "CITIUS33XXX",
        to: "EURIKZKAXXX",
        businessService: "swift.cbprplus.02",
      });
    });

    it("reads AppHdr and Document inside a wrapper element (<Envelope>)", async () => {
      const inbound = await readPacs008(fixture("envelope-no-knp.xml"));
      expect(inbound.opened).to.deep.equal({ shape: "envelope", wrapper: "Envelope" });
      expect(inbound.header?.businessMessageId).to.equal("DEUTDEFF-7Q2M-00381");
      expect(inbound.header?.possibleDuplicate).to.equal(false);
    });

    it("reads a <BizMsgEnvlp> whose Hdr and Doc hold prefixed parts declared on the wrapper", async () => {
      const opened = openMessage(fixture("bizmsgenvlp-creditor-without-account.xml"));
      expect(opened.shape).to.equal("envelope");
      expect(opened.wrapper).to.equal("BizMsgEnvlp");
      // Standalone, each part carries the namespace it inherited, so it validates on its own.
      expect(opened.documentXml).to.match(
        /^<p:Document [^>]*xmlns:p="urn:iso:std:iso:20022:tech:xsd:pacs\.008\.001\.08"/,
      );
      expect(opened.appHdrXml).to.match(/^<h:AppHdr [^>]*xmlns:h="urn:iso:std:iso:20022:tech:xsd:head\.001\.001\.02"/);
      const inbound = await readPacs008(fixture("bizmsgenvlp-creditor-without-account.xml"));
      expect(inbound.header?.from).to.equal("BKCHCNBJXXX");
    });

    it("parsePacs008 (the strict reader for the chain) reads every shape that has an account and a KNP", () => {
      expect(parsePacs008(fixture("document-only-knp.xml")).purposeKnp).to.equal("119");
      expect(parsePacs008(fixture("cyrillic-character-references.xml")).creditorName).to.equal("Әлия Нұрланқызы");
    });

    const apphdr = () => fixture("apphdr-then-document-purpose.xml");
    const envelope = () => fixture("envelope-no-knp.xml");
    const rejections: { name: string; xml: () => string; code: Pacs008ErrorCode; path: string; message: string }[] = [
      {
        name: "an AppHdr naming another message definition",
        xml: () => apphdr().replace("<MsgDefIdr>pacs.008.001.08", "<MsgDefIdr>pacs.009.001.08"),
        code: "NOT_PACS008",
        path: "AppHdr/MsgDefIdr",
        message: 'pacs.008 NOT_PACS008 at AppHdr/MsgDefIdr: "pacs.009.001.08" is not pacs.008.001.08',
      },
      {
        name: "an AppHdr naming pacs.008.001.08 over a Document of version 09",
        xml: () => apphdr().replace("xsd:pacs.008.001.08", "xsd:pacs.008.001.09"),
        code: "NOT_PACS008",
        path: "Document/@xmlns",
        message:
          'pacs.008 NOT_PACS008 at Document/@xmlns: "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09" is not the ' +
          "namespace of pacs.008.001.08, which AppHdr/MsgDefIdr names",
      },
      {
        name: "an AppHdr of another version",
        xml: () => apphdr().replace("xsd:head.001.001.02", "xsd:head.001.001.01"),
        code: "UNSUPPORTED",
        path: "AppHdr/@xmlns",
        message:
          'pacs.008 UNSUPPORTED at AppHdr/@xmlns: "urn:iso:std:iso:20022:tech:xsd:head.001.001.01" is not the ' +
          "head.001.001.02 namespace (CBPR+)",
      },
      {
        name: "an AppHdr whose sender BIC is malformed",
        xml: () => apphdr().replace("<BICFI>CITIUS33XXX</BICFI>", "<BICFI>CITIUS</BICFI>"),
        code: "INVALID_FIELD",
        path: "AppHdr/Fr/FIId/FinInstnId/BICFI",
        message: 'pacs.008 INVALID_FIELD at AppHdr/Fr/FIId/FinInstnId/BICFI: "CITIUS" is not a BIC',
      },
      {
        name: "an AppHdr without BizMsgIdr",
        xml: () => apphdr().replace(/<BizMsgIdr>.*<\/BizMsgIdr>/, ""),
        code: "MISSING_FIELD",
        path: "AppHdr/BizMsgIdr",
        message: "pacs.008 MISSING_FIELD at AppHdr/BizMsgIdr: required",
      },
      {
        name: "an AppHdr and no Document",
        xml: () => apphdr().slice(0, apphdr().indexOf("<Document")),
        code: "NOT_PACS008",
        path: "/",
        message: "pacs.008 NOT_PACS008 at /: an <AppHdr> with no <Document> after it",
      },
      {
        name: "a wrapper without a Document",
        xml: () => envelope().replace(/<Document[\s\S]*<\/Document>/, ""),
        code: "NOT_PACS008",
        path: "/",
        message: "pacs.008 NOT_PACS008 at /: the root element is not <Document>, and <Envelope> holds no <Document>",
      },
      {
        name: "a wrapper with two Documents",
        xml: () => {
          const x = envelope();
          const doc = x.slice(x.indexOf("<Document"), x.indexOf("</Document>") + "</Document>".length);
          return x.replace(doc, doc + doc);
        },
        code: "UNSUPPORTED",
        path: "Envelope",
        message: "pacs.008 UNSUPPORTED at Envelope: more than one <Document> or <AppHdr>; one message per envelope",
      },
      {
        name: "a Document followed by an AppHdr (the wrong order)",
        xml: () => {
          const x = apphdr();
          const hdr = x.slice(x.indexOf("<AppHdr"), x.indexOf("</AppHdr>") + "</AppHdr>".length);
          return x.replace(hdr, "") + hdr;
        },
        code: "XML_MALFORMED",
        path: "line 68, column 63",
        message: "pacs.008 XML_MALFORMED at line 68, column 63: Multiple possible root nodes found.",
      },
    ];
    for (const r of rejections) {
      it(`rejects ${r.name}`, async () => {
        await expectRejected(() => interpretPacs008(r.xml()), r.code, r.path, r.message);
        await expectRejected(() => readPacs008(r.xml()), r.code, r.path, r.message);
      });
    }
  });

  describe("the KNP rule", () => {
    it("takes the KNP the message carries (RgltryRptg/Dtls with Tp KNP)", async () => {
      expect(ready(await readPacs008(fixture("cyrillic-character-references.xml"))).knp).to.deep.equal({
        source: "message",
        knp: "119",
      });
    });

    it("maps the purpose code through the documented table when the message has no KNP (GDDS → 710)", async () => {
      expect(PURPOSE_TO_KNP).to.deep.equal({ GDDS: "710" });
      const inbound = ready(await readPacs008(fixture("apphdr-then-document-purpose.xml")));
      expect(inbound.knp).to.deep.equal({ source: "purpose-code", knp: "710", purposeCode: "GDDS" });
      expect(inbound.message.purposeKnp).to.equal("710");
      expect(inbound.message.purposeCode).to.equal("GDDS");
      expect(toOnChainPayment(inbound.message, SALT).purpose).to.equal("0x373130");
      expect(describeInbound(inbound)).to.equal(
        "ready to credit: pacs.008 UETR a7e3c1d9-64b2-4f08-8e5a-1c9b7d3f2a60, 1250000.00 KZT from CITIUS33XXX to " +
          "EURIKZKA (AppHdr CITIUS33-20260116-0042 from CITIUS33XXX to EURIKZKAXXX), KNP 710 mapped from purpose code GDDS",
      );
    });

    it("leaves the KNP to the receiving bank when the purpose code maps to none: an outcome, not a refusal", async () => {
      const inbound = await readPacs008(fixture("envelope-no-knp.xml"));
      expect(inbound.outcome).to.equal("knp-to-assign");
      expect(describeInbound(inbound)).to.equal(
        "KNP to assign: pacs.008 UETR 0b9d2f47-8c13-4e6a-a5f0-6e2d9c8b1a74, 385000.00 KZT from DEUTDEFFXXX to " +
          "EURIKZKA (AppHdr DEUTDEFF-7Q2M-00381 from DEUTDEFFXXX to EURIKZKAXXX): no KNP in the message and purpose " +
          "code SALA maps to none; the receiving bank assigns the KNP before crediting",
      );
    });

    it("leaves it to the receiving bank when there is no purpose code either", async () => {
      const xml = fixture("envelope-no-knp.xml").replace(/<Purp>[\s\S]*<\/Purp>/, "");
      const inbound = await readPacs008(xml);
      expect(inbound.outcome).to.equal("knp-to-assign");
      expect(describeInbound(inbound)).to.match(/: no KNP and no purpose code in the message; the receiving bank/);
    });

    it("takes a gateway bank's own table instead of the suite's", async () => {
      const inbound = ready(await readPacs008(fixture("envelope-no-knp.xml"), { purposeToKnp: { SALA: "311" } }));
      expect(inbound.knp).to.deep.equal({ source: "purpose-code", knp: "311", purposeCode: "SALA" });
    });

    it("ignores regulatory details of other types and finds the KNP among them", () => {
      const xml = fixture("document-only-knp.xml").replace(
        "<RgltryRptg>",
        "<RgltryRptg><DbtCdtRptgInd>CRED</DbtCdtRptgInd><Dtls><Tp>BOP</Tp><Cd>1200</Cd></Dtls>",
      );
      expect(ready(interpretPacs008(xml)).knp).to.deep.equal({ source: "message", knp: "119" });
    });

    it("the receiving bank assigns the KNP: the message is then ready, and goes on-chain with it", async () => {
      const inbound = assignKnp(await readPacs008(fixture("envelope-no-knp.xml")), "311");
      expect(ready(inbound).knp).to.deep.equal({ source: "receiving-bank", knp: "311" });
      expect(describeInbound(inbound)).to.match(/^ready to credit: .*, KNP 311 assigned by the receiving bank$/);
      expect(toOnChainPayment(ready(inbound).message, SALT).purpose).to.equal("0x333131");
    });

    it("refuses a malformed assigned KNP, and an assignment to a message that has one", async () => {
      const toAssign = await readPacs008(fixture("envelope-no-knp.xml"));
      await expectRejected(
        () => assignKnp(toAssign, "31"),
        "INVALID_FIELD",
        `${CTI}/RgltryRptg/Dtls/Cd`,
        `pacs.008 INVALID_FIELD at ${CTI}/RgltryRptg/Dtls/Cd: "31" is not a KNP (three digits)`,
      );
      expect(() => assignKnp(ready(interpretPacs008(fixture("document-only-knp.xml"))), "311")).to.throw(
        "a KNP is assigned only to a message without one; this one is ready",
      );
    });

    it("still refuses a malformed KNP in the message (INVALID_FIELD), and two KNPs", async () => {
      const xml = fixture("document-only-knp.xml");
      await expectRejected(
        () => readPacs008(xml.replace("<Cd>119</Cd>", "<Cd>11</Cd>")),
        "INVALID_FIELD",
        `${CTI}/RgltryRptg/Dtls/Cd`,
        `pacs.008 INVALID_FIELD at ${CTI}/RgltryRptg/Dtls/Cd: "11" is not a KNP (three digits)`,
      );
      await expectRejected(
        () => readPacs008(xml.replace("</Dtls>", "</Dtls><Dtls><Tp>KNP</Tp><Cd>710</Cd></Dtls>")),
        "UNSUPPORTED",
        `${CTI}/RgltryRptg/Dtls`,
        `pacs.008 UNSUPPORTED at ${CTI}/RgltryRptg/Dtls: 2 KNP details where one is allowed`,
      );
    });

    it("parsePacs008 (for the chain) still requires the KNP: it names what is missing", async () => {
      await expectRejected(
        () => parsePacs008(fixture("apphdr-then-document-purpose.xml")),
        "MISSING_FIELD",
        `${CTI}/RgltryRptg`,
        `pacs.008 MISSING_FIELD at ${CTI}/RgltryRptg: required`,
      );
    });
  });

  describe("a creditor without an account", () => {
    it("needs repair: a typed outcome naming the element, not a parse failure", async () => {
      const inbound = await readPacs008(fixture("bizmsgenvlp-creditor-without-account.xml"));
      expect(inbound.outcome).to.equal("needs-repair");
      if (inbound.outcome !== "needs-repair") return;
      expect(inbound.repairs).to.deep.equal([
        { path: `${CTI}/CdtrAcct`, problem: 'the creditor "Khorgos Freight LLP" has no account' },
      ]);
      expect(inbound.message.creditorAccount).to.equal(undefined);
      expect(describeInbound(inbound)).to.equal(
        "needs repair: pacs.008 UETR c41e7a0b-2d95-4f3c-b6a8-9e0d1f5c7b23, 96000.00 KZT from BKCHCNBJXXX to EURIKZKA " +
          '(AppHdr BKCHCNBJ-260121-55190 from BKCHCNBJXXX to EURIKZKAXXX): the creditor "Khorgos Freight LLP" has no ' +
          `account (${CTI}/CdtrAcct)`,
      );
      expect(() => assignKnp(inbound, "119")).to.throw("this one is needs-repair");
    });

    it("needs repair even when the KNP is missing too (the account comes first)", () => {
      const xml = fixture("bizmsgenvlp-creditor-without-account.xml").replace(
        /<p:RgltryRptg>[\s\S]*<\/p:RgltryRptg>/,
        "",
      );
      expect(interpretPacs008(xml).outcome).to.equal("needs-repair");
    });

    it("parsePacs008 (for the chain) refuses it, naming CdtrAcct", async () => {
      await expectRejected(
        () => parsePacs008(fixture("bizmsgenvlp-creditor-without-account.xml")),
        "MISSING_FIELD",
        `${CTI}/CdtrAcct`,
        `pacs.008 MISSING_FIELD at ${CTI}/CdtrAcct: required`,
      );
    });
  });

  describe("XML character references", () => {
    it("decodes names written as decimal and hexadecimal references to Cyrillic (what sanctions screening sees)", async () => {
      const msg = ready(await readPacs008(fixture("cyrillic-character-references.xml"))).message;
      expect(msg.debtorName).to.equal("Бауыржан Сейітов");
      expect(msg.creditorName).to.equal("Әлия Нұрланқызы");
    });

    it("an IBAN with a reference is the IBAN: the same on-chain account hash as the plain IBAN", async () => {
      const msg = ready(await readPacs008(fixture("cyrillic-character-references.xml"))).message;
      expect(msg.creditorAccount).to.equal("KZ86125KZT5004100100");
      expect(toOnChainPayment(msg, SALT).creditorAccountHash).to.equal(
        creditorAccountHash("KZ86125KZT5004100100", SALT),
      );
    });

    it("decodes once, as XML does: &#38;#60; is the text &#60;, never <", () => {
      expect(decodeXmlReferences("&#38;#60; &amp;lt; &#x26;")).to.equal("&#60; &lt; &");
      expect(decodeXmlReferences("&lt;&gt;&quot;&apos;&amp;&#1040;&#x410;&#x1F600;")).to.equal("<>\"'&АА😀");
      const xml = fixture("document-only-knp.xml").replace("<Nm>Bob Example</Nm>", "<Nm>Bob &#38;#60; &amp; Co</Nm>");
      expect(parsePacs008(xml).creditorName).to.equal("Bob &#60; & Co");
    });

    it("leaves the content of a CDATA section as written", () => {
      const xml = fixture("document-only-knp.xml").replace("<Nm>Bob Example</Nm>", "<Nm><![CDATA[Bob &#1040;]]></Nm>");
      expect(parsePacs008(xml).creditorName).to.equal("Bob &#1040;");
    });

    const good = () => fixture("document-only-knp.xml");
    const malformed: { name: string; xml: () => string; path: string; message: string }[] = [
      {
        name: "an HTML entity (&nbsp;), which XML does not define",
        xml: () => good().replace("<Nm>Bob Example</Nm>", "<Nm>Bob&nbsp;Example</Nm>"),
        path: "line 67, column 16",
        message:
          "pacs.008 XML_MALFORMED at line 67, column 16: &nbsp; is not one of XML's five predefined entities, and no DTD is allowed",
      },
      {
        name: "an external entity reference without a DTD (&xxe;)",
        xml: () => good().replace("<Nm>Bob Example</Nm>", "<Nm>&xxe;</Nm>"),
        path: "line 67, column 13",
        message:
          "pacs.008 XML_MALFORMED at line 67, column 13: &xxe; is not one of XML's five predefined entities, and no DTD is allowed",
      },
      {
        name: "a reference to a character XML forbids (&#0;)",
        xml: () => good().replace("<Nm>Bob Example</Nm>", "<Nm>Bob&#0;</Nm>"),
        path: "line 67, column 16",
        message: "pacs.008 XML_MALFORMED at line 67, column 16: &#0; refers to a character XML does not allow",
      },
      {
        name: "a reference to a surrogate (&#xD800;)",
        xml: () => good().replace("KZ86125KZT5004100100", "KZ86125KZT500410010&#xD800;"),
        path: "line 75, column 36",
        message: "pacs.008 XML_MALFORMED at line 75, column 36: &#xD800; refers to a character XML does not allow",
      },
      {
        name: "a bare ampersand",
        xml: () => good().replace("<Nm>Bob Example</Nm>", "<Nm>Bob & Example</Nm>"),
        path: "line 67, column 17",
        message: "pacs.008 XML_MALFORMED at line 67, column 17: an '&' that starts no entity or character reference",
      },
      {
        name: "a DOCTYPE declaring entities (billion laughs)",
        xml: () =>
          good().replace(
            "<Document",
            '<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<Document',
          ),
        path: "/",
        message: "pacs.008 XML_MALFORMED at /: DOCTYPE declarations are not allowed",
      },
      {
        name: "a DOCTYPE with an external entity (XXE)",
        xml: () =>
          good()
            .replace("<Document", '<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Document')
            .replace("<Nm>Bob Example</Nm>", "<Nm>&xxe;</Nm>"),
        path: "/",
        message: "pacs.008 XML_MALFORMED at /: DOCTYPE declarations are not allowed",
      },
    ];
    for (const m of malformed) {
      it(`refuses ${m.name}`, async () => {
        await expectRejected(() => parsePacs008(m.xml()), "XML_MALFORMED", m.path, m.message);
        await expectRejected(() => readPacs008(m.xml()), "XML_MALFORMED", m.path, m.message);
      });
    }

    it("finds no problem in the samples, and ignores references inside comments and CDATA", () => {
      for (const f of fs.readdirSync(path.join(__dirname, "fixtures"))) {
        expect(findReferenceProblem(fixture(f)), f).to.equal(undefined);
      }
      expect(findReferenceProblem("<a><!-- &nbsp; --><![CDATA[&bogus;]]></a>")).to.equal(undefined);
    });
  });

  describe("validation against the pacs.008.001.08 and head.001.001.02 schemas", () => {
    it("uses the official XSD when present, else the hand-written subset (this repository ships the subsets)", () => {
      expect(schemaFile("pacs.008.001.08")).to.deep.equal({
        name: "pacs.008.001.08",
        file: path.join(SCHEMA_DIR, "pacs.008.001.08.subset.xsd"),
        official: false,
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dkzt-xsd-"));
      fs.copyFileSync(path.join(SCHEMA_DIR, "pacs.008.001.08.subset.xsd"), path.join(dir, "pacs.008.001.08.xsd"));
      expect(schemaFile("pacs.008.001.08", dir)).to.deep.equal({
        name: "pacs.008.001.08",
        file: path.join(dir, "pacs.008.001.08.xsd"),
        official: true,
      });
      expect(() => schemaFile("head.001.001.02", dir)).to.throw(/^no schema for head\.001\.001\.02: neither /);
    });

    it("every sample's Document and AppHdr is valid", async () => {
      for (const f of fs.readdirSync(path.join(__dirname, "fixtures"))) {
        const opened = openMessage(fixture(f));
        const doc = await validateAgainstSchema(opened.documentXml, "pacs.008.001.08");
        expect(doc.violations, f).to.deep.equal([]);
        expect(doc.valid, f).to.equal(true);
        if (opened.appHdrXml !== undefined) {
          expect((await validateAgainstSchema(opened.appHdrXml, "head.001.001.02")).violations, f).to.deep.equal([]);
        }
      }
    });

    const doc = () => fixture("document-only-knp.xml");
    const invalid: { name: string; xml: () => string; path: string; message: string | RegExp }[] = [
      {
        name: "an element the schema does not have",
        xml: () => doc().replace("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>SHAR</ChrgBr><Fee>12</Fee>"),
        path: `${CTI}/Fee`,
        message: new RegExp(
          `^pacs\\.008 SCHEMA_INVALID at ${CTI}/Fee: Element 'Fee': This element is not expected\\. ` +
            "Expected is one of \\( PrvsInstgAgt1, PrvsInstgAgt1Acct, .*, IntrmyAgt1Acct \\)\\. " +
            "\\(line 28, schema pacs\\.008\\.001\\.08\\.subset\\.xsd\\)$",
        ),
      },
      {
        name: "elements out of the schema's order",
        xml: () =>
          doc().replace("<ChrgBr>SHAR</ChrgBr>", "").replace("<IntrBkSttlmAmt", "<ChrgBr>SHAR</ChrgBr><IntrBkSttlmAmt"),
        path: `${CTI}/ChrgBr`,
        message: new RegExp(
          `^pacs\\.008 SCHEMA_INVALID at ${CTI}/ChrgBr: Element '.*ChrgBr': This element is not expected\\.`,
        ),
      },
      {
        name: "a malformed BIC of an agent the suite does not read (InstgAgt)",
        xml: () =>
          doc().replace(
            "<BICFI>CITIUS33XXX</BICFI>\n        </FinInstnId>\n      </InstgAgt>",
            "<BICFI>citius33</BICFI>\n        </FinInstnId>\n      </InstgAgt>",
          ),
        path: `${CTI}/InstgAgt/FinInstnId/BICFI`,
        message:
          `pacs.008 SCHEMA_INVALID at ${CTI}/InstgAgt/FinInstnId/BICFI: Element 'BICFI': [facet 'pattern'] ` +
          "The value 'citius33' is not accepted by the pattern " +
          "'[A-Z0-9]{4,4}[A-Z]{2,2}[A-Z0-9]{2,2}([A-Z0-9]{3,3}){0,1}'. (line 31, schema pacs.008.001.08.subset.xsd)",
      },
      {
        name: "a remittance line over 140 characters",
        xml: () => doc().replace("Consulting fee, invoice 2026-014", "x".repeat(141)),
        path: `${CTI}/RmtInf/Ustrd`,
        message: new RegExp(`^pacs\\.008 SCHEMA_INVALID at ${CTI}/RmtInf/Ustrd: .*\\[facet 'maxLength'\\]`),
      },
    ];
    for (const c of invalid) {
      it(`refuses ${c.name}, naming the element path`, async () => {
        await expectRejected(() => readPacs008(c.xml()), "SCHEMA_INVALID", c.path, c.message);
      });
    }

    it("names the right element in a message written on one line (libxml2 reports lines only)", async () => {
      const oneLine = doc()
        .replace(/>\s+</g, "><")
        .replace("<InstdAgt><FinInstnId><BICFI>EURIKZKA<", "<InstdAgt><FinInstnId><BICFI>eurikzka<");
      await expectRejected(
        () => readPacs008(oneLine),
        "SCHEMA_INVALID",
        `${CTI}/InstdAgt/FinInstnId/BICFI`,
        new RegExp(`^pacs\\.008 SCHEMA_INVALID at ${CTI}/InstdAgt/FinInstnId/BICFI: .*'eurikzka'.* \\(line 2, schema `),
      );
      const laid = oneTagPerLine("<a>\n  <b>x y</b><c/>  <d><![CDATA[ <e/> ]]></d>\n</a>");
      expect(laid.text).to.equal("<a>\n<b>x y</b>\n<c/>\n<d><![CDATA[ <e/> ]]></d>\n</a>");
      expect([1, 2, 3, 4, 5].map((l) => laid.originalLine(l))).to.deep.equal([1, 2, 2, 2, 3]);
    });

    it("refuses an AppHdr the head.001.001.02 schema rejects, naming its path", async () => {
      const xml = fixture("envelope-no-knp.xml").replace(
        "<PssblDplct>false</PssblDplct>",
        "<PssblDplct>maybe</PssblDplct>",
      );
      await expectRejected(
        () => readPacs008(xml),
        "SCHEMA_INVALID",
        "AppHdr/PssblDplct",
        /^pacs\.008 SCHEMA_INVALID at AppHdr\/PssblDplct: Element '.*PssblDplct': 'maybe' is not a valid value of the atomic type 'YesNoIndicator'\. \(line 20, schema head\.001\.001\.02\.subset\.xsd\)$/,
      );
    });

    it("refuses versions 09 and 10 inbound: only pacs.008.001.08 has a schema here", async () => {
      const xml = doc().replace("xsd:pacs.008.001.08", "xsd:pacs.008.001.09");
      expect(parsePacs008(xml).uetr).to.equal("5f0c8e62-3a41-4b7d-9c2e-8d1f6a0b4e37");
      await expectRejected(
        () => readPacs008(xml),
        "UNSUPPORTED",
        "Document/@xmlns",
        'pacs.008 UNSUPPORTED at Document/@xmlns: "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09" is not ' +
          "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08, the one version with a schema here",
      );
    });
  });

  describe("on-chain", () => {
    it("a message whose KNP the receiving bank assigned is credited with that KNP", async () => {
      const f = await loadFixture(crossBorderFixture);
      const xml = fixture("envelope-no-knp.xml").replace(">385000.00<", ">40000.00<");
      const inbound = ready(assignKnp(await readPacs008(xml), "311"));
      const payment = toOnChainPayment(inbound.message, f.salt);
      await f.gateway.connect(f.bankA).creditInbound(payment, f.bob.address);
      const record = await f.gateway.paymentOf(payment.uetr);
      expect(record.payment.purpose).to.equal("0x333131");
      expect(record.account).to.equal(f.bob.address);
    });

    it("an IBAN written with a character reference reaches the chain as the same account hash", async () => {
      const f = await loadFixture(crossBorderFixture);
      const xml = fixture("cyrillic-character-references.xml").replace(">150000.00<", ">40000.00<");
      const payment = toOnChainPayment(ready(await readPacs008(xml)).message, f.salt);
      await f.gateway.connect(f.bankA).creditInbound(payment, f.bob.address);
      const record = await f.gateway.paymentOf(payment.uetr);
      expect(record.payment.creditorAccountHash).to.equal(creditorAccountHash("KZ86125KZT5004100100", f.salt));
    });
  });

  describe("the tasks print the outcome in one line of words", () => {
    /** Run a task, capturing what it prints; returns the lines and the thrown error, if any. */
    async function run(name: string, args: Record<string, unknown>): Promise<{ lines: string[]; error?: Error }> {
      const lines: string[] = [];
      const log = console.log;
      console.log = (...parts: unknown[]) => void lines.push(parts.map(String).join(" "));
      try {
        await hre.run(name, args);
        return { lines };
      } catch (e) {
        return { lines, error: e as Error };
      } finally {
        console.log = log;
      }
    }
    const file = (name: string) => path.join(__dirname, "fixtures", name);

    it("dkzt:xb:parse: ready (with the on-chain record), KNP to assign, needs repair", async () => {
      const readyRun = await run("dkzt:xb:parse", { file: file("apphdr-then-document-purpose.xml"), salt: SALT });
      expect(readyRun.lines[0]).to.equal(
        "ready to credit: pacs.008 UETR a7e3c1d9-64b2-4f08-8e5a-1c9b7d3f2a60, 1250000.00 KZT from CITIUS33XXX to " +
          "EURIKZKA (AppHdr CITIUS33-20260116-0042 from CITIUS33XXX to EURIKZKAXXX), KNP 710 mapped from purpose code GDDS",
      );
      expect(readyRun.lines[1]).to.contain('"onChain"').and.contain('"purpose": "0x373130"');
      const assign = await run("dkzt:xb:parse", { file: file("envelope-no-knp.xml"), salt: SALT });
      expect(assign.lines[0]).to.match(/^KNP to assign: pacs\.008 UETR 0b9d2f47-.*the receiving bank assigns the KNP/);
      expect(assign.lines[1]).to.not.contain('"onChain"');
      const repair = await run("dkzt:xb:parse", { file: file("bizmsgenvlp-creditor-without-account.xml"), salt: SALT });
      expect(repair.lines[0]).to.match(/^needs repair: .*: the creditor "Khorgos Freight LLP" has no account \(/);
    });

    it("dkzt:xb:parse refuses a schema-invalid file with the element path", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dkzt-iso-"));
      const bad = path.join(dir, "bad.xml");
      fs.writeFileSync(
        bad,
        fixture("document-only-knp.xml").replace("<InstrPrty>NORM</InstrPrty>", "<InstrPrty>FAST</InstrPrty>"),
      );
      const { error } = await run("dkzt:xb:parse", { file: bad });
      expect(error?.message).to.match(
        /^pacs\.008 SCHEMA_INVALID at Document\/FIToFICstmrCdtTrf\/CdtTrfTxInf\/PmtTpInf\/InstrPrty: Element 'InstrPrty': \[facet 'enumeration'\] The value 'FAST' is not an element of the set \{'HIGH', 'NORM'\}\./,
      );
    });

    it("dkzt:xb:credit refuses, in words and before touching the chain, what cannot be credited as it stands", async () => {
      const args = { salt: SALT, creditor: "0x000000000000000000000000000000000000dEaD", signer: 0 };
      const assign = await run("dkzt:xb:credit", { ...args, file: file("envelope-no-knp.xml") });
      expect(assign.error?.message).to.match(/^not credited: KNP to assign: .* \(pass --knp\)$/);
      const repair = await run("dkzt:xb:credit", { ...args, file: file("bizmsgenvlp-creditor-without-account.xml") });
      expect(repair.error?.message).to.match(/^not credited: needs repair: .*has no account/);
      const knpTwice = await run("dkzt:xb:credit", { ...args, file: file("document-only-knp.xml"), knp: "311" });
      expect(knpTwice.error?.message).to.match(/^--knp: only for a message whose KNP is to assign; ready to credit: /);
      const badKnp = await run("dkzt:xb:credit", { ...args, file: file("envelope-no-knp.xml"), knp: "31" });
      expect(badKnp.error?.message).to.equal(
        `pacs.008 INVALID_FIELD at ${CTI}/RgltryRptg/Dtls/Cd: "31" is not a KNP (three digits)`,
      );
    });
  });
});
