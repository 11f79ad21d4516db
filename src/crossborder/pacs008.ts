/**
 * ISO 20022 pacs.008 (FIToFICustomerCreditTransfer, version 001.08 as SWIFT CBPR+ uses it): build the XML of
 * one credit transfer, parse it back, and map it to and from the SWIFT gateway's on-chain record.
 *
 * - `parsePacs008(buildPacs008(x))` deep-equals `x` for every valid message (a property test checks it).
 * - A malformed or unsupported message is a {Pacs008Error} naming what is wrong and where (XML path).
 * - Personal data stays off-chain: the creditor account goes on-chain only as a salted hash
 *   ({creditorAccountHash}); names are never part of the on-chain record.
 * - XML is read as any XML reader reads it: character references (`&#1040;`, `&#x410;`) and the five predefined
 *   entities decoded, so a name or an IBAN means what its sender meant; DOCTYPE declarations and every other entity
 *   are refused (no DTDs in SWIFT messages; no XXE, no entity expansion).
 * - One transaction per message (NbOfTxs = 1): a batch is refused, since each UETR settles on its own.
 * - A CBPR+ message comes in its business application header envelope (head.001.001.02 AppHdr + Document, alone,
 *   side by side or in a wrapper element): {openMessage} opens it, {parsePacs008} reads it for the chain, and
 *   {readPacs008} (inbound) validates both parts against the XSDs in schemas/iso20022/ and returns an outcome:
 *   ready, KNP to assign (no KNP, none mapped from the purpose code) or needs repair (a creditor without account).
 */
import * as path from "node:path";
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { AbiCoder, dataLength, isBytesLike, keccak256, toUtf8Bytes } from "ethers";
import type { BytesLike } from "ethers";
import {
  BIC_PATTERN,
  CHARGE_BEARERS,
  CURRENCY_PATTERN,
  KNP_PATTERN,
  UETR_PATTERN,
  bicToBytes11,
  bytes11ToBic,
  bytes16ToUetr,
  bytesToAscii,
  chargeBearerCode,
  chargeBearerIndex,
  currencyToBytes3,
  knpToBytes3,
  uetrToBytes16,
  type ChargeBearerCode,
} from "./iso20022";
import {
  elementSpans,
  findReferenceProblem,
  lineAndColumn,
  standaloneElement,
  validateAgainstSchema,
  xmlReferenceDecoder,
  type SchemaName,
} from "./isoxml";

/** The namespace this module writes, and the versions it reads. */
export const PACS008_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";
const READABLE_NAMESPACES = new Set([
  "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08",
  "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09",
  "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10",
]);

export const SETTLEMENT_METHODS = ["INDA", "INGA", "COVE", "CLRG"] as const;
export type SettlementMethod = (typeof SETTLEMENT_METHODS)[number];

/** One pacs.008 credit transfer, as this suite reads and writes it. Amounts in minor units of `currency`. */
export interface Pacs008 {
  /** GrpHdr/MsgId (Max35Text). */
  messageId: string;
  /** GrpHdr/CreDtTm (ISODateTime, e.g. 2026-01-15T10:30:00+05:00). */
  creationDateTime: string;
  /** GrpHdr/SttlmInf/SttlmMtd. */
  settlementMethod: SettlementMethod;
  /** CdtTrfTxInf/PmtId/EndToEndId (Max35Text). */
  endToEndId: string;
  /** CdtTrfTxInf/PmtId/UETR (lowercase UUIDv4). */
  uetr: string;
  /** CdtTrfTxInf/IntrBkSttlmAmt, in minor units of `currency`. */
  amount: bigint;
  /** CdtTrfTxInf/IntrBkSttlmAmt/@Ccy. */
  currency: string;
  /** CdtTrfTxInf/IntrBkSttlmDt (ISODate). */
  settlementDate: string;
  /** CdtTrfTxInf/ChrgBr. */
  chargeBearer: ChargeBearerCode;
  /** CdtTrfTxInf/Dbtr/Nm (off-chain only). */
  debtorName?: string;
  /** CdtTrfTxInf/DbtrAgt/FinInstnId/BICFI. */
  debtorAgent: string;
  /** CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI. */
  creditorAgent: string;
  /** CdtTrfTxInf/Cdtr/Nm (off-chain only). */
  creditorName?: string;
  /** CdtTrfTxInf/CdtrAcct/Id/IBAN, or Othr/Id when it is not an IBAN (off-chain; hashed on-chain). */
  creditorAccount: string;
  /** KNP, CdtTrfTxInf/RgltryRptg/Dtls/Cd with Dtls/Tp = "KNP". */
  purposeKnp: string;
  /** CdtTrfTxInf/Purp/Cd: the ISO 20022 purpose code (ExternalPurpose1Code, e.g. GDDS), when given. */
  purposeCode?: string;
}

/** What went wrong with a message. */
export type Pacs008ErrorCode =
  "XML_MALFORMED" | "NOT_PACS008" | "SCHEMA_INVALID" | "MISSING_FIELD" | "INVALID_FIELD" | "UNSUPPORTED";

/** A malformed, invalid or unsupported pacs.008: `code` says which, `path` where (an XML path). */
export class Pacs008Error extends Error {
  constructor(
    readonly code: Pacs008ErrorCode,
    readonly path: string,
    detail: string,
  ) {
    super(`pacs.008 ${code} at ${path}: ${detail}`);
    this.name = "Pacs008Error";
  }
}

/** Minor units of the currencies that do not have two (ISO 4217); every other code has two. */
const MINOR_UNITS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  IQD: 3,
  LYD: 3,
};
export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

const IBAN_PATTERN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;
const DECIMAL = /^(\d{1,18})(?:\.(\d{1,5}))?$/;

const CTI = "Document/FIToFICstmrCdtTrf/CdtTrfTxInf";

function textField(value: string | undefined, path: string, max: number, required = true): void {
  if (value === undefined) {
    if (required) throw new Pacs008Error("MISSING_FIELD", path, "required");
    return;
  }
  if (value.length === 0 || value.length > max || value !== value.trim()) {
    throw new Pacs008Error("INVALID_FIELD", path, `must be 1..${max} characters without surrounding spaces`);
  }
}

function patternField(value: string | undefined, path: string, pattern: RegExp, what: string): void {
  if (value === undefined) throw new Pacs008Error("MISSING_FIELD", path, "required");
  if (!pattern.test(value)) throw new Pacs008Error("INVALID_FIELD", path, `${JSON.stringify(value)} is not ${what}`);
}

/** Check every field of `msg`; throws {Pacs008Error} on the first problem. */
export function validatePacs008(msg: Pacs008): void {
  validateFields(msg);
  textField(msg.creditorAccount, `${CTI}/CdtrAcct/Id`, 34);
  patternField(msg.purposeKnp, `${CTI}/RgltryRptg/Dtls/Cd`, KNP_PATTERN, "a KNP (three digits)");
}

/** Check the fields of a message as read, the creditor account and the KNP only when present. */
function validateFields(msg: Pacs008Draft): void {
  textField(msg.messageId, "Document/FIToFICstmrCdtTrf/GrpHdr/MsgId", 35);
  patternField(msg.creationDateTime, "Document/FIToFICstmrCdtTrf/GrpHdr/CreDtTm", ISO_DATE_TIME, "an ISODateTime");
  if (!SETTLEMENT_METHODS.includes(msg.settlementMethod)) {
    throw new Pacs008Error(
      "INVALID_FIELD",
      "Document/FIToFICstmrCdtTrf/GrpHdr/SttlmInf/SttlmMtd",
      `${JSON.stringify(msg.settlementMethod)} is not one of ${SETTLEMENT_METHODS.join(", ")}`,
    );
  }
  textField(msg.endToEndId, `${CTI}/PmtId/EndToEndId`, 35);
  patternField(msg.uetr, `${CTI}/PmtId/UETR`, UETR_PATTERN, "a UETR (lowercase UUIDv4)");
  patternField(msg.currency, `${CTI}/IntrBkSttlmAmt/@Ccy`, CURRENCY_PATTERN, "an ISO 4217 code");
  if (typeof msg.amount !== "bigint" || msg.amount <= 0n || msg.amount >= 10n ** 18n) {
    throw new Pacs008Error(
      "INVALID_FIELD",
      `${CTI}/IntrBkSttlmAmt`,
      "must be a positive amount below 10^18 minor units",
    );
  }
  patternField(msg.settlementDate, `${CTI}/IntrBkSttlmDt`, ISO_DATE, "an ISODate");
  if (!CHARGE_BEARERS.includes(msg.chargeBearer)) {
    throw new Pacs008Error(
      "INVALID_FIELD",
      `${CTI}/ChrgBr`,
      `${JSON.stringify(msg.chargeBearer)} is not one of ${CHARGE_BEARERS.join(", ")}`,
    );
  }
  textField(msg.debtorName, `${CTI}/Dbtr/Nm`, 140, false);
  patternField(msg.debtorAgent, `${CTI}/DbtrAgt/FinInstnId/BICFI`, BIC_PATTERN, "a BIC");
  patternField(msg.creditorAgent, `${CTI}/CdtrAgt/FinInstnId/BICFI`, BIC_PATTERN, "a BIC");
  textField(msg.creditorName, `${CTI}/Cdtr/Nm`, 140, false);
  if (msg.creditorAccount !== undefined) textField(msg.creditorAccount, `${CTI}/CdtrAcct/Id`, 34);
  if (msg.purposeKnp !== undefined) {
    patternField(msg.purposeKnp, `${CTI}/RgltryRptg/Dtls/Cd`, KNP_PATTERN, "a KNP (three digits)");
  }
  textField(msg.purposeCode, `${CTI}/Purp/Cd`, 4, false);
}

/** Minor units → the decimal text ISO 20022 carries ("1234.56"), with the currency's number of decimals. */
export function formatAmount(amount: bigint, currency: string): string {
  if (typeof amount !== "bigint" || amount < 0n) {
    throw new Pacs008Error(
      "INVALID_FIELD",
      `${CTI}/IntrBkSttlmAmt`,
      `${String(amount)} is not an amount in minor units`,
    );
  }
  const digits = minorUnits(currency);
  if (digits === 0) return amount.toString();
  const text = amount.toString().padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The decimal text of an amount → minor units; more decimals than the currency has is an error, never rounded. */
export function parseAmount(text: string, currency: string, path = `${CTI}/IntrBkSttlmAmt`): bigint {
  const match = DECIMAL.exec(text);
  if (!match) throw new Pacs008Error("INVALID_FIELD", path, `${JSON.stringify(text)} is not a decimal amount`);
  const digits = minorUnits(currency);
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    throw new Pacs008Error(
      "INVALID_FIELD",
      path,
      `${JSON.stringify(text)} has more decimals than ${currency} (${digits})`,
    );
  }
  return BigInt(match[1]) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: false,
});

/** The XML of `msg` (validated first). */
export function buildPacs008(msg: Pacs008): string {
  validatePacs008(msg);
  const account = IBAN_PATTERN.test(msg.creditorAccount)
    ? { IBAN: msg.creditorAccount }
    : { Othr: { Id: msg.creditorAccount } };
  const document = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    Document: {
      "@_xmlns": PACS008_NAMESPACE,
      FIToFICstmrCdtTrf: {
        GrpHdr: {
          MsgId: msg.messageId,
          CreDtTm: msg.creationDateTime,
          NbOfTxs: "1",
          SttlmInf: { SttlmMtd: msg.settlementMethod },
        },
        CdtTrfTxInf: {
          PmtId: { EndToEndId: msg.endToEndId, UETR: msg.uetr },
          IntrBkSttlmAmt: { "@_Ccy": msg.currency, "#text": formatAmount(msg.amount, msg.currency) },
          IntrBkSttlmDt: msg.settlementDate,
          ChrgBr: msg.chargeBearer,
          Dbtr: msg.debtorName === undefined ? "" : { Nm: msg.debtorName },
          DbtrAgt: { FinInstnId: { BICFI: msg.debtorAgent } },
          CdtrAgt: { FinInstnId: { BICFI: msg.creditorAgent } },
          Cdtr: msg.creditorName === undefined ? "" : { Nm: msg.creditorName },
          CdtrAcct: { Id: account },
          ...(msg.purposeCode === undefined ? {} : { Purp: { Cd: msg.purposeCode } }),
          RgltryRptg: { Dtls: { Tp: "KNP", Cd: msg.purposeKnp } },
        },
      },
    },
  };
  return builder.build(document);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  entityDecoder: xmlReferenceDecoder,
});

type Node = Record<string, unknown>;

/** Reads the namespace declarations of a root element, before prefixes go. */
const rootParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  stopNodes: ["*.*"],
  entityDecoder: xmlReferenceDecoder,
});

function child(node: unknown, name: string, path: string, required: true): unknown;
function child(node: unknown, name: string, path: string, required: false): unknown;
function child(node: unknown, name: string, path: string, required: boolean): unknown {
  const value = typeof node === "object" && node !== null ? (node as Node)[name] : undefined;
  if (value === undefined) {
    if (required) throw new Pacs008Error("MISSING_FIELD", `${path}/${name}`, "required");
    return undefined;
  }
  if (Array.isArray(value)) {
    throw new Pacs008Error("UNSUPPORTED", `${path}/${name}`, `${value.length} elements where this suite takes one`);
  }
  return value;
}

function text(node: unknown, name: string, path: string, required: true): string;
function text(node: unknown, name: string, path: string, required: false): string | undefined;
function text(node: unknown, name: string, path: string, required: boolean): string | undefined {
  const value = required ? child(node, name, path, true) : child(node, name, path, false);
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && typeof (value as Node)["#text"] === "string") {
    return (value as Node)["#text"] as string;
  }
  throw new Pacs008Error("INVALID_FIELD", `${path}/${name}`, "expected text");
}

/** Refuse what no ISO 20022 reader may accept before any parsing: empty input, a DTD, a bad reference, bad XML. */
function checkXml(xml: string, what: string, firstLine = 1): void {
  if (/<!DOCTYPE/i.test(xml)) throw new Pacs008Error("XML_MALFORMED", "/", "DOCTYPE declarations are not allowed");
  const reference = findReferenceProblem(xml);
  if (reference) {
    throw new Pacs008Error(
      "XML_MALFORMED",
      `line ${reference.line + firstLine - 1}, column ${reference.column}`,
      reference.detail,
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new Pacs008Error(
      "XML_MALFORMED",
      `line ${valid.err.line + firstLine - 1}, column ${valid.err.col}`,
      what ? `${valid.err.msg} (${what})` : valid.err.msg,
    );
  }
}

/** The <Document>, and the <AppHdr> beside it if any, each as a standalone XML text. */
export interface OpenedMessage {
  /** How the message came: the Document alone, AppHdr followed by Document, or both inside a wrapper element. */
  shape: "document" | "apphdr+document" | "envelope";
  /** The wrapper's element name (shape "envelope"), e.g. "Envelope" or "BizMsgEnvlp". */
  wrapper?: string;
  appHdrXml?: string;
  documentXml: string;
}

/**
 * Open the business application header envelope of a message: a root <Document>; a root <AppHdr> followed by a
 * root <Document> (two top-level elements, as SWIFT's transport hands them over); or one wrapper root (any name:
 * <Envelope>, <BizMsgEnvlp>, <DataPDU>…) holding <AppHdr> and <Document> as children or grandchildren
 * (`BizMsgEnvlp/Hdr/AppHdr`, `BizMsgEnvlp/Doc/Document`). Each part comes back standalone, with the namespace
 * declarations it inherited from the wrapper.
 */
export function openMessage(xml: string): OpenedMessage {
  if (typeof xml !== "string" || xml.trim() === "") throw new Pacs008Error("XML_MALFORMED", "/", "empty input");
  if (/<!DOCTYPE/i.test(xml)) throw new Pacs008Error("XML_MALFORMED", "/", "DOCTYPE declarations are not allowed");
  const spans = elementSpans(xml);
  const roots = spans?.filter((s) => s.depth === 0) ?? [];
  if (spans && roots.length === 2 && roots[0].localName === "AppHdr" && roots[1].localName === "Document") {
    const between = xml.slice(roots[0].end, roots[1].start).replace(/<!--[\s\S]*?-->/g, "");
    const after = xml.slice(roots[1].end).replace(/<!--[\s\S]*?-->/g, "");
    if (between.trim() === "" && after.trim() === "") {
      const appHdrXml = xml.slice(roots[0].start, roots[0].end);
      const documentXml = xml.slice(roots[1].start, roots[1].end);
      checkXml(xml.slice(0, roots[0].end), "in <AppHdr>");
      checkXml(documentXml, "in <Document>", lineAndColumn(xml, roots[1].start).line);
      return { shape: "apphdr+document", appHdrXml, documentXml };
    }
  }
  checkXml(xml, "");
  const all = spans ?? [];
  const root = all.findIndex((s) => s.depth === 0);
  if (root < 0) throw new Pacs008Error("NOT_PACS008", "/", "no root element");
  if (all[root].localName === "Document") return { shape: "document", documentXml: xml };
  const wrapper = all[root].name;
  // One root, so every element of depth 1 or 2 is a child or grandchild of the wrapper.
  const inside = (name: string) =>
    all.map((s, i) => ({ s, i })).filter(({ s }) => s.localName === name && (s.depth === 1 || s.depth === 2));
  const documents = inside("Document");
  const headers = inside("AppHdr");
  if (all[root].localName === "AppHdr" || documents.length === 0) {
    throw new Pacs008Error(
      "NOT_PACS008",
      "/",
      all[root].localName === "AppHdr"
        ? "an <AppHdr> with no <Document> after it"
        : `the root element is not <Document>, and <${wrapper}> holds no <Document>`,
    );
  }
  if (documents.length > 1 || headers.length > 1) {
    throw new Pacs008Error("UNSUPPORTED", wrapper, "more than one <Document> or <AppHdr>; one message per envelope");
  }
  return {
    shape: "envelope",
    wrapper,
    ...(headers.length === 1 ? { appHdrXml: standaloneElement(xml, all, headers[0].i) } : {}),
    documentXml: standaloneElement(xml, all, documents[0].i),
  };
}

/** What the business application header (head.001.001.02) says. */
export interface AppHeader {
  /** AppHdr/Fr/FIId/FinInstnId/BICFI: the sender. */
  from?: string;
  /** AppHdr/To/FIId/FinInstnId/BICFI: the receiver. */
  to?: string;
  /** AppHdr/BizMsgIdr. */
  businessMessageId: string;
  /** AppHdr/MsgDefIdr: must be pacs.008.001.08. */
  messageDefinitionId: string;
  /** AppHdr/BizSvc, e.g. swift.cbprplus.02. */
  businessService?: string;
  /** AppHdr/CreDt. */
  creationDate: string;
  /** AppHdr/PssblDplct: the sender may have sent this message before. */
  possibleDuplicate?: boolean;
}

/** The AppHdr namespace this suite reads (CBPR+). */
export const APPHDR_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:head.001.001.02";
/** The one message definition an AppHdr may name here. */
export const PACS008_DEFINITION = "pacs.008.001.08";

/** The namespace a root element declares for itself (default `xmlns` or its prefix's `xmlns:p`). */
function rootNamespace(xml: string, localName: string): string | undefined {
  const tree = rootParser.parse(xml) as Node;
  const root = Object.keys(tree).find((key) => key === localName || key.endsWith(`:${localName}`));
  if (root === undefined) return undefined;
  const node = tree[root];
  if (typeof node !== "object" || node === null) return undefined;
  const prefix = root.includes(":") ? root.slice(0, root.indexOf(":")) : undefined;
  const value = (node as Node)[prefix === undefined ? "@_xmlns" : `@_xmlns:${prefix}`];
  return typeof value === "string" ? value : undefined;
}

function readAppHeader(appHdrXml: string): AppHeader {
  const namespace = rootNamespace(appHdrXml, "AppHdr");
  if (namespace !== APPHDR_NAMESPACE) {
    throw new Pacs008Error(
      "UNSUPPORTED",
      "AppHdr/@xmlns",
      `${JSON.stringify(namespace ?? null)} is not the head.001.001.02 namespace (CBPR+)`,
    );
  }
  const node = (parser.parse(appHdrXml) as Node).AppHdr;
  const bic = (party: string): string | undefined => {
    const fiId = child(child(node, party, "AppHdr", true), "FIId", `AppHdr/${party}`, false);
    if (fiId === undefined) return undefined;
    const id = child(fiId, "FinInstnId", `AppHdr/${party}/FIId`, true);
    return text(id, "BICFI", `AppHdr/${party}/FIId/FinInstnId`, false);
  };
  const header: AppHeader = {
    businessMessageId: text(node, "BizMsgIdr", "AppHdr", true),
    messageDefinitionId: text(node, "MsgDefIdr", "AppHdr", true),
    creationDate: text(node, "CreDt", "AppHdr", true),
  };
  if (header.messageDefinitionId !== PACS008_DEFINITION) {
    throw new Pacs008Error(
      "NOT_PACS008",
      "AppHdr/MsgDefIdr",
      `${JSON.stringify(header.messageDefinitionId)} is not ${PACS008_DEFINITION}`,
    );
  }
  const from = bic("Fr");
  const to = bic("To");
  const service = text(node, "BizSvc", "AppHdr", false);
  const duplicate = text(node, "PssblDplct", "AppHdr", false);
  if (from !== undefined) header.from = from;
  if (to !== undefined) header.to = to;
  if (service !== undefined) header.businessService = service;
  if (duplicate !== undefined) header.possibleDuplicate = duplicate === "true" || duplicate === "1";
  for (const [field, value] of [
    ["Fr", from],
    ["To", to],
  ] as const) {
    if (value !== undefined && !BIC_PATTERN.test(value)) {
      throw new Pacs008Error(
        "INVALID_FIELD",
        `AppHdr/${field}/FIId/FinInstnId/BICFI`,
        `${JSON.stringify(value)} is not a BIC`,
      );
    }
  }
  return header;
}

/** Every element `name` of `node` (none, one or several), as a list. */
function children(node: unknown, name: string): unknown[] {
  const value = typeof node === "object" && node !== null ? (node as Node)[name] : undefined;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A pacs.008 as read, before the suite decides what it needs: the creditor account and the KNP may be absent. */
export type Pacs008Draft = Omit<Pacs008, "creditorAccount" | "purposeKnp"> & {
  creditorAccount?: string;
  purposeKnp?: string;
};

/** One read transfer: the draft, and the error the strict reader gives when the KNP is absent. */
interface Reading {
  message: Pacs008Draft;
  knpAbsent?: Pacs008Error;
}

/** The KNP of RgltryRptg/Dtls with Tp "KNP" (any of up to ten RgltryRptg, any Dtls), or why there is none. */
function readKnp(tx: unknown): { knp?: string; absent?: Pacs008Error } {
  const reports = children(tx, "RgltryRptg");
  if (reports.length === 0) return { absent: new Pacs008Error("MISSING_FIELD", `${CTI}/RgltryRptg`, "required") };
  const details = reports.flatMap((r) => children(r, "Dtls"));
  const knps = details.filter((d) => text(d, "Tp", `${CTI}/RgltryRptg/Dtls`, false) === "KNP");
  if (knps.length > 1) {
    throw new Pacs008Error("UNSUPPORTED", `${CTI}/RgltryRptg/Dtls`, `${knps.length} KNP details where one is allowed`);
  }
  if (knps.length === 1) return { knp: text(knps[0], "Cd", `${CTI}/RgltryRptg/Dtls`, true) };
  if (details.length === 0) {
    return { absent: new Pacs008Error("MISSING_FIELD", `${CTI}/RgltryRptg/Dtls`, "required") };
  }
  const type = text(details[0], "Tp", `${CTI}/RgltryRptg/Dtls`, false);
  return {
    absent:
      type === undefined
        ? new Pacs008Error("MISSING_FIELD", `${CTI}/RgltryRptg/Dtls/Tp`, "required")
        : new Pacs008Error("INVALID_FIELD", `${CTI}/RgltryRptg/Dtls/Tp`, `${JSON.stringify(type)} is not "KNP"`),
  };
}

/** Read the <Document> of one pacs.008 (well-formed, checked by the caller). */
function readDocument(documentXml: string): Reading {
  const namespace = rootNamespace(documentXml, "Document");
  const tree = parser.parse(documentXml) as Node;
  const document = tree.Document;
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new Pacs008Error("NOT_PACS008", "/", "the root element is not <Document>");
  }
  if (typeof namespace !== "string" || !READABLE_NAMESPACES.has(namespace)) {
    throw new Pacs008Error(
      "NOT_PACS008",
      "Document/@xmlns",
      `${JSON.stringify(namespace ?? null)} is not a pacs.008.001.08-10 namespace`,
    );
  }
  const root = "Document/FIToFICstmrCdtTrf";
  const transfer = child(document, "FIToFICstmrCdtTrf", "Document", true);
  const header = child(transfer, "GrpHdr", root, true);
  const count = text(header, "NbOfTxs", `${root}/GrpHdr`, true);
  if (count !== "1")
    throw new Pacs008Error("UNSUPPORTED", `${root}/GrpHdr/NbOfTxs`, `${count} transactions; one per message`);
  const tx = child(transfer, "CdtTrfTxInf", root, true);
  const paymentId = child(tx, "PmtId", CTI, true);
  const amountNode = child(tx, "IntrBkSttlmAmt", CTI, true);
  const currency = typeof amountNode === "object" && amountNode !== null ? (amountNode as Node)["@_Ccy"] : undefined;
  if (typeof currency !== "string") throw new Pacs008Error("MISSING_FIELD", `${CTI}/IntrBkSttlmAmt/@Ccy`, "required");
  if (!CURRENCY_PATTERN.test(currency))
    throw new Pacs008Error(
      "INVALID_FIELD",
      `${CTI}/IntrBkSttlmAmt/@Ccy`,
      `${JSON.stringify(currency)} is not an ISO 4217 code`,
    );
  const amount = parseAmount(text(tx, "IntrBkSttlmAmt", CTI, true), currency);
  const account = child(tx, "CdtrAcct", CTI, false);
  let creditorAccount: string | undefined;
  if (account !== undefined) {
    const accountId = child(account, "Id", `${CTI}/CdtrAcct`, true);
    creditorAccount =
      text(accountId, "IBAN", `${CTI}/CdtrAcct/Id`, false) ??
      text(child(accountId, "Othr", `${CTI}/CdtrAcct/Id`, true), "Id", `${CTI}/CdtrAcct/Id/Othr`, true);
  }
  const { knp, absent } = readKnp(tx);

  const msg: Pacs008Draft = {
    messageId: text(header, "MsgId", `${root}/GrpHdr`, true),
    creationDateTime: text(header, "CreDtTm", `${root}/GrpHdr`, true),
    settlementMethod: text(
      child(header, "SttlmInf", `${root}/GrpHdr`, true),
      "SttlmMtd",
      `${root}/GrpHdr/SttlmInf`,
      true,
    ) as SettlementMethod,
    endToEndId: text(paymentId, "EndToEndId", `${CTI}/PmtId`, true),
    uetr: text(paymentId, "UETR", `${CTI}/PmtId`, true),
    amount,
    currency,
    settlementDate: text(tx, "IntrBkSttlmDt", CTI, true),
    chargeBearer: text(tx, "ChrgBr", CTI, true) as ChargeBearerCode,
    debtorAgent: text(
      child(child(tx, "DbtrAgt", CTI, true), "FinInstnId", `${CTI}/DbtrAgt`, true),
      "BICFI",
      `${CTI}/DbtrAgt/FinInstnId`,
      true,
    ),
    creditorAgent: text(
      child(child(tx, "CdtrAgt", CTI, true), "FinInstnId", `${CTI}/CdtrAgt`, true),
      "BICFI",
      `${CTI}/CdtrAgt/FinInstnId`,
      true,
    ),
  };
  const debtorName = text(child(tx, "Dbtr", CTI, true), "Nm", `${CTI}/Dbtr`, false);
  const creditorName = text(child(tx, "Cdtr", CTI, true), "Nm", `${CTI}/Cdtr`, false);
  const purpose = child(tx, "Purp", CTI, false);
  const purposeCode = purpose === undefined ? undefined : text(purpose, "Cd", `${CTI}/Purp`, false);
  if (debtorName !== undefined) msg.debtorName = debtorName;
  if (creditorName !== undefined) msg.creditorName = creditorName;
  if (creditorAccount !== undefined) msg.creditorAccount = creditorAccount;
  if (purposeCode !== undefined) msg.purposeCode = purposeCode;
  if (knp !== undefined) msg.purposeKnp = knp;
  validateFields(msg);
  return absent ? { message: msg, knpAbsent: absent } : { message: msg };
}

/**
 * Parse the XML of one pacs.008 credit transfer that must go on-chain as it is: the <Document> alone or in its
 * AppHdr envelope ({openMessage}), with a creditor account and a KNP. Throws {Pacs008Error} on anything
 * malformed, unsupported or missing. {readPacs008} is the inbound reader: schema-validated, and with an outcome
 * instead of an error where a bank can still act (no KNP, no creditor account).
 */
export function parsePacs008(xml: string): Pacs008 {
  const opened = openMessage(xml);
  if (opened.appHdrXml !== undefined) readAppHeader(opened.appHdrXml);
  const { message, knpAbsent } = readDocument(opened.documentXml);
  if (message.creditorAccount === undefined) throw new Pacs008Error("MISSING_FIELD", `${CTI}/CdtrAcct`, "required");
  if (knpAbsent) throw knpAbsent;
  const msg = message as Pacs008;
  validatePacs008(msg);
  return msg;
}

// ------------------------------------------------------------------ inbound: outcomes instead of refusals

/**
 * ISO 20022 purpose codes (ExternalPurpose1Code, `CdtTrfTxInf/Purp/Cd`) this suite maps to a KNP when the
 * message carries none. Deliberately small: only mappings with a public source (GDDS → 710 "payment for goods":
 * the KNP foreign banks are told to use for goods in the EKNP field). Every other purpose code, and a message
 * without one, leaves the KNP to the receiving bank, which NBK Board Resolution No. 203 (Rules on codes of
 * economic sector and purpose of payment, item 4 as amended in 2022) makes responsible for assigning the codes of
 * a payment from abroad that arrives without them. A gateway bank's compliance may pass its own table.
 */
export const PURPOSE_TO_KNP: Readonly<Record<string, string>> = Object.freeze({ GDDS: "710" });

/** Where the KNP of an inbound message comes from. */
export type KnpSource =
  | { source: "message"; knp: string }
  | { source: "purpose-code"; knp: string; purposeCode: string }
  | { source: "receiving-bank"; knp: string };

/** Something a bank must fix before the payment can be credited: where, and what. */
export interface Repair {
  path: string;
  problem: string;
}

/** What an inbound pacs.008 leads to. Only "ready" has a complete {Pacs008} that can go on-chain. */
export type InboundPacs008 = { opened: Omit<OpenedMessage, "appHdrXml" | "documentXml">; header?: AppHeader } & (
  | { outcome: "ready"; message: Pacs008; knp: KnpSource }
  /** No KNP in the message and none mapped from its purpose code: the receiving bank assigns one ({assignKnp}). */
  | { outcome: "knp-to-assign"; message: Pacs008Draft & { creditorAccount: string } }
  /** The message cannot be credited as it stands (e.g. a creditor without an account): the bank repairs it. */
  | { outcome: "needs-repair"; message: Pacs008Draft; repairs: Repair[] }
);

/** Options of {interpretPacs008} and {readPacs008}. */
export interface InboundOptions {
  /** Purpose code → KNP (default {PURPOSE_TO_KNP}). */
  purposeToKnp?: Readonly<Record<string, string>>;
}

/**
 * Read an inbound pacs.008 (any envelope shape, see {openMessage}) without schema validation and decide its
 * outcome: a creditor without an account needs repair; otherwise the KNP comes from the message, else from
 * the purpose code through the table, else the receiving bank assigns it. Malformed messages still throw.
 */
export function interpretPacs008(xml: string, options: InboundOptions = {}): InboundPacs008 {
  return interpretOpened(openMessage(xml), options);
}

function interpretOpened(opened: OpenedMessage, options: InboundOptions): InboundPacs008 {
  const header = opened.appHdrXml === undefined ? undefined : readAppHeader(opened.appHdrXml);
  if (header !== undefined) {
    const namespace = rootNamespace(opened.documentXml, "Document");
    if (namespace !== PACS008_NAMESPACE) {
      throw new Pacs008Error(
        "NOT_PACS008",
        "Document/@xmlns",
        `${JSON.stringify(namespace ?? null)} is not the namespace of ${PACS008_DEFINITION}, which AppHdr/MsgDefIdr names`,
      );
    }
  }
  const { message } = readDocument(opened.documentXml);
  const base = {
    opened: { shape: opened.shape, ...(opened.wrapper === undefined ? {} : { wrapper: opened.wrapper }) },
    ...(header === undefined ? {} : { header }),
  };
  if (message.creditorAccount === undefined) {
    const who =
      message.creditorName === undefined ? "the creditor" : `the creditor ${JSON.stringify(message.creditorName)}`;
    return {
      ...base,
      outcome: "needs-repair",
      message,
      repairs: [{ path: `${CTI}/CdtrAcct`, problem: `${who} has no account` }],
    };
  }
  const withAccount = message as Pacs008Draft & { creditorAccount: string };
  if (message.purposeKnp !== undefined) {
    return {
      ...base,
      outcome: "ready",
      message: withAccount as Pacs008,
      knp: { source: "message", knp: message.purposeKnp },
    };
  }
  const table = options.purposeToKnp ?? PURPOSE_TO_KNP;
  const mapped = message.purposeCode === undefined ? undefined : table[message.purposeCode];
  if (mapped !== undefined && message.purposeCode !== undefined) {
    const msg: Pacs008 = { ...withAccount, purposeKnp: mapped };
    validatePacs008(msg);
    return {
      ...base,
      outcome: "ready",
      message: msg,
      knp: { source: "purpose-code", knp: mapped, purposeCode: message.purposeCode },
    };
  }
  return { ...base, outcome: "knp-to-assign", message: withAccount };
}

/**
 * Read an inbound pacs.008 as {interpretPacs008} does (its checks first: they name the suite's own rules), then
 * validate both parts against their schemas: the AppHdr against head.001.001.02 and the <Document> against
 * pacs.008.001.08 (schemas/iso20022/: the official XSD when present, else the suite's hand-written subset). A
 * schema violation is a {Pacs008Error} SCHEMA_INVALID at the element's path. Only version 08 has a schema, so a
 * Document of version 09 or 10 is UNSUPPORTED here (parsePacs008 still reads it).
 */
export async function readPacs008(xml: string, options: InboundOptions = {}): Promise<InboundPacs008> {
  const opened = openMessage(xml);
  const inbound = interpretOpened(opened, options);
  const namespace = rootNamespace(opened.documentXml, "Document");
  if (namespace !== PACS008_NAMESPACE) {
    throw new Pacs008Error(
      "UNSUPPORTED",
      "Document/@xmlns",
      `${JSON.stringify(namespace ?? null)} is not ${PACS008_NAMESPACE}, the one version with a schema here`,
    );
  }
  if (opened.appHdrXml !== undefined) await assertSchemaValid(opened.appHdrXml, "head.001.001.02");
  await assertSchemaValid(opened.documentXml, "pacs.008.001.08");
  return inbound;
}

/** Throw SCHEMA_INVALID at the first violation's element path if `xml` is not valid against `schema`. */
export async function assertSchemaValid(xml: string, schema: SchemaName): Promise<void> {
  const result = await validateAgainstSchema(xml, schema);
  if (result.valid) return;
  const first = result.violations[0];
  const file = path.basename(result.schema.file);
  throw new Pacs008Error(
    "SCHEMA_INVALID",
    first?.path ?? (first?.line === undefined ? "/" : `line ${first.line}`),
    `${first?.message ?? "not valid"} (${first?.line === undefined ? "" : `line ${first.line}, `}schema ${file})`,
  );
}

/** A "knp-to-assign" message with the KNP the receiving bank assigned: ready to credit. */
export function assignKnp(inbound: InboundPacs008, knp: string): InboundPacs008 {
  if (inbound.outcome !== "knp-to-assign") {
    throw new Error(`a KNP is assigned only to a message without one; this one is ${inbound.outcome}`);
  }
  const message: Pacs008 = { ...inbound.message, purposeKnp: knp };
  validatePacs008(message);
  return {
    opened: inbound.opened,
    ...(inbound.header ? { header: inbound.header } : {}),
    outcome: "ready",
    message,
    knp: { source: "receiving-bank", knp },
  };
}

/** One line of words saying what an inbound message leads to. */
export function describeInbound(inbound: InboundPacs008): string {
  const m = inbound.message;
  const what = `pacs.008 UETR ${m.uetr}, ${formatAmount(m.amount, m.currency)} ${m.currency} from ${m.debtorAgent} to ${m.creditorAgent}`;
  const via =
    inbound.header === undefined
      ? ""
      : ` (AppHdr ${inbound.header.businessMessageId}${inbound.header.from ? ` from ${inbound.header.from}` : ""}${inbound.header.to ? ` to ${inbound.header.to}` : ""})`;
  switch (inbound.outcome) {
    case "ready": {
      const k = inbound.knp;
      const knp =
        k.source === "message"
          ? `KNP ${k.knp} from the message`
          : k.source === "purpose-code"
            ? `KNP ${k.knp} mapped from purpose code ${k.purposeCode}`
            : `KNP ${k.knp} assigned by the receiving bank`;
      return `ready to credit: ${what}${via}, ${knp}`;
    }
    case "knp-to-assign": {
      const why =
        m.purposeCode === undefined
          ? "no KNP and no purpose code in the message"
          : `no KNP in the message and purpose code ${m.purposeCode} maps to none`;
      return `KNP to assign: ${what}${via}: ${why}; the receiving bank assigns the KNP before crediting`;
    }
    case "needs-repair":
      return `needs repair: ${what}${via}: ${inbound.repairs.map((r) => `${r.problem} (${r.path})`).join("; ")}`;
  }
}

// ------------------------------------------------------------------ the on-chain record

/** ISwiftGateway.Payment as the contracts take it (hex bytes, bigint amount). */
export interface OnChainPayment {
  uetr: string;
  debtorAgent: string;
  creditorAgent: string;
  creditorAccountHash: string;
  currency: string;
  amount: bigint;
  charges: number;
  purpose: string;
}

/** The creditor account as hashed: upper case, no spaces. */
export function normalizeAccount(account: string): string {
  return account.replace(/\s+/g, "").toUpperCase();
}

/**
 * The salted hash of a creditor account that goes on-chain: keccak256(abi.encode(salt, account)). The salt is
 * the gateway bank's secret (32 bytes), so the hash cannot be reversed by trying every IBAN of a bank.
 */
export function creditorAccountHash(account: string, salt: BytesLike): string {
  if (!isBytesLike(salt) || dataLength(salt) !== 32) {
    const shown = typeof salt === "string" ? JSON.stringify(salt) : `${dataLength(salt)} bytes`;
    throw new Error(`the creditor-account salt must be 32 bytes (0x and 64 hex digits), got ${shown}`);
  }
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes"], [salt, toUtf8Bytes(normalizeAccount(account))]),
  );
}

/** The gateway's on-chain record of `msg`. */
export function toOnChainPayment(msg: Pacs008, salt: BytesLike): OnChainPayment {
  validatePacs008(msg);
  return {
    uetr: uetrToBytes16(msg.uetr),
    debtorAgent: bicToBytes11(msg.debtorAgent),
    creditorAgent: bicToBytes11(msg.creditorAgent),
    creditorAccountHash: creditorAccountHash(msg.creditorAccount, salt),
    currency: currencyToBytes3(msg.currency),
    amount: msg.amount,
    charges: chargeBearerIndex(msg.chargeBearer),
    purpose: knpToBytes3(msg.purposeKnp),
  };
}

/** What the chain knows of a payment, in message terms (no names; the account only as its hash). */
export interface OnChainFields {
  uetr: string;
  debtorAgent: string;
  creditorAgent: string;
  creditorAccountHash: string;
  currency: string;
  amount: bigint;
  chargeBearer: ChargeBearerCode;
  purposeKnp: string;
}

/** A record read from the chain (typechain's PaymentStructOutput or an {OnChainPayment}) → message terms. */
export function fromOnChainPayment(p: {
  uetr: string;
  debtorAgent: string;
  creditorAgent: string;
  creditorAccountHash: string;
  currency: string;
  amount: bigint;
  charges: bigint | number;
  purpose: string;
}): OnChainFields {
  return {
    uetr: bytes16ToUetr(p.uetr),
    debtorAgent: bytes11ToBic(p.debtorAgent),
    creditorAgent: bytes11ToBic(p.creditorAgent),
    creditorAccountHash: p.creditorAccountHash,
    currency: bytesToAscii(p.currency),
    amount: BigInt(p.amount),
    chargeBearer: chargeBearerCode(p.charges),
    purposeKnp: bytesToAscii(p.purpose),
  };
}

/** The fields of `msg` the chain keeps, for comparing a message with an on-chain record. */
export function onChainFieldsOf(msg: Pacs008, salt: BytesLike): OnChainFields {
  return fromOnChainPayment(toOnChainPayment(msg, salt));
}
