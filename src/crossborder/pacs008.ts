/**
 * ISO 20022 pacs.008 (FIToFICustomerCreditTransfer, version 001.08 as SWIFT CBPR+ uses it): build the XML of
 * one credit transfer, parse it back, and map it to and from the SWIFT gateway's on-chain record.
 *
 * - `parsePacs008(buildPacs008(x))` deep-equals `x` for every valid message (a property test checks it).
 * - A malformed or unsupported message is a {Pacs008Error} naming what is wrong and where (XML path).
 * - Personal data stays off-chain: the creditor account goes on-chain only as a salted hash
 *   ({creditorAccountHash}); names are never part of the on-chain record.
 * - DOCTYPE declarations are refused (no DTDs in SWIFT messages; no entity-expansion attacks).
 * - One transaction per message (NbOfTxs = 1): a batch is refused, since each UETR settles on its own.
 *
 * The business application header (head.001) that wraps a CBPR+ message is outside this module: pass the
 * <Document> alone.
 */
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
}

/** What went wrong with a message. */
export type Pacs008ErrorCode = "XML_MALFORMED" | "NOT_PACS008" | "MISSING_FIELD" | "INVALID_FIELD" | "UNSUPPORTED";

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
  textField(msg.creditorAccount, `${CTI}/CdtrAcct/Id`, 34);
  patternField(msg.purposeKnp, `${CTI}/RgltryRptg/Dtls/Cd`, KNP_PATTERN, "a KNP (three digits)");
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
});

type Node = Record<string, unknown>;

/** Reads the namespace of the root <Document> (default `xmlns` or its prefix's `xmlns:p`), before prefixes go. */
const rootParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  stopNodes: ["*.*"],
});
function documentNamespace(xml: string): string | undefined {
  const tree = rootParser.parse(xml) as Node;
  const root = Object.keys(tree).find((key) => key === "Document" || key.endsWith(":Document"));
  if (root === undefined) return undefined;
  const node = tree[root];
  if (typeof node !== "object" || node === null) return undefined;
  const prefix = root.includes(":") ? root.slice(0, root.indexOf(":")) : undefined;
  const value = (node as Node)[prefix === undefined ? "@_xmlns" : `@_xmlns:${prefix}`];
  return typeof value === "string" ? value : undefined;
}

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

/** Parse the XML of one pacs.008 credit transfer. Throws {Pacs008Error} on anything malformed or unsupported. */
export function parsePacs008(xml: string): Pacs008 {
  if (typeof xml !== "string" || xml.trim() === "") throw new Pacs008Error("XML_MALFORMED", "/", "empty input");
  if (/<!DOCTYPE/i.test(xml)) throw new Pacs008Error("XML_MALFORMED", "/", "DOCTYPE declarations are not allowed");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new Pacs008Error("XML_MALFORMED", `line ${valid.err.line}, column ${valid.err.col}`, valid.err.msg);
  }
  const namespace = documentNamespace(xml);
  const tree = parser.parse(xml) as Node;
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
  const accountId = child(child(tx, "CdtrAcct", CTI, true), "Id", `${CTI}/CdtrAcct`, true);
  const iban = text(accountId, "IBAN", `${CTI}/CdtrAcct/Id`, false);
  const creditorAccount =
    iban ?? text(child(accountId, "Othr", `${CTI}/CdtrAcct/Id`, true), "Id", `${CTI}/CdtrAcct/Id/Othr`, true);
  const details = child(child(tx, "RgltryRptg", CTI, true), "Dtls", `${CTI}/RgltryRptg`, true);
  const detailType = text(details, "Tp", `${CTI}/RgltryRptg/Dtls`, true);
  if (detailType !== "KNP")
    throw new Pacs008Error("INVALID_FIELD", `${CTI}/RgltryRptg/Dtls/Tp`, `${JSON.stringify(detailType)} is not "KNP"`);

  const msg: Pacs008 = {
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
    creditorAccount,
    purposeKnp: text(details, "Cd", `${CTI}/RgltryRptg/Dtls`, true),
  };
  const debtorName = text(child(tx, "Dbtr", CTI, true), "Nm", `${CTI}/Dbtr`, false);
  const creditorName = text(child(tx, "Cdtr", CTI, true), "Nm", `${CTI}/Cdtr`, false);
  if (debtorName !== undefined) msg.debtorName = debtorName;
  if (creditorName !== undefined) msg.creditorName = creditorName;
  validatePacs008(msg);
  return msg;
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
