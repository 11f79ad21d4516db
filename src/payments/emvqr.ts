/**
 * EMVCo merchant-presented QR (MPM) payloads for DKZT, per "EMV QR Code Specification for Payment Systems:
 * Merchant-Presented Mode": TLV data objects, currency 398 (KZT), country KZ, CRC-16/CCITT-FALSE. Two kinds:
 *
 * Dynamic (one invoice, {encodeEmvQr}); templates 26-29 are merchant account information templates, each with the
 * globally unique identifier "00" = GUID below and under EMV's 99-character limit; binary values are Z85 (./z85):
 *   00 "01"                 payload format indicator
 *   01 "12"                 point of initiation: dynamic (one payment)
 *   26 00 GUID, 01 merchant address (Z85, 25), 02 chain id, 03 expiry (unix s), 04 VAT category, 05 VAT rate (bp)
 *   27 00 GUID, 01 MerchantPayments contract (Z85, 25), 02 invoice nonce (decimal)
 *   28 00 GUID, 01 order reference (Z85, 40)
 *   29 00 GUID, 01 the merchant's EIP-712 signature in ERC-2098 compact form, r then yParityAndS (Z85, 80);
 *                           absent for an invoice registered on-chain
 *   52 MCC, 53 "398", 54 amount in tenge ("1160.00"), 58 "KZ", 59 merchant name, 60 city
 *   64 (optional) merchant information in another language: 00 language ("KK", "RU"), 01 name, 02 city
 *   63 CRC-16/CCITT-FALSE over everything before its value, "6304" included, 4 upper-case hex digits
 *
 * Static (a merchant's printed code, {encodeStaticEmvQr}): 01 "11", 26 00 GUID, 01 merchant, 02 chain id;
 * 27 00 GUID, 03 the DKZT ledger (the token paid by a plain transfer); no amount; 52, 53, 58, 59, 60, 64, 63.
 *
 * Characters. Tags 59 and 60 hold EMVCo's common character set (printable ASCII): a Cyrillic name or city is
 * given to {merchantLabel}, which puts its Latin transliteration (./latin) in 59/60 and the original in tag 64.
 * Lengths count characters (EMVCo; the sample payload in the specification's annex, "0104最佳运输", counts
 * 4), and the CRC is taken over the payload's UTF-8 bytes (the same sample's CRC A13A is over UTF-8). Every
 * character must be in Unicode's Basic Multilingual Plane (Kazakh and Russian Cyrillic are), so characters and
 * JavaScript's UTF-16 code units, which the independent readers count, are the same.
 *
 * Size. EMV allows 512 characters. With every other field at its widest (amount 2^96 - 1 tiyn, expiry
 * 2^40 - 1, chain id 2^64 - 1, VAT category 255 and rate 10000, a signature, name 25 and city 15 characters,
 * tag 64 with a 25-character name and a 15-character city) any nonce up to {MAX_QR_NONCE} = 10^24 - 1 fits,
 * exactly 512 characters at the bound; a wider payload is refused ("payload is 513 characters, EMV allows 512").
 * Narrower fields leave more room for the nonce (up to 10^55 - 1, template 27's limit).
 *
 * Decoding checks the CRC first (upper- or lower-case hex), then every field; a bad CRC, a malformed TLV or an
 * edited field is rejected here, and an edited field with a recomputed CRC is rejected by the merchant's
 * signature (off-chain with {isInvoiceSignedByMerchant}, and on-chain at payment).
 */
import { getAddress, hexlify, isAddress } from "ethers";
import type { Invoice } from "./invoice";
import { InvoiceError, fromCompact, toCompact } from "./invoice";
import { isEmvCommon, toLatin, TransliterationError } from "./latin";
import { z85Decode, z85Encode, Z85Error } from "./z85";

/** Globally unique identifier of the DKZT templates. */
export const DKZT_GUID = "KZ.DKZT";
/** ISO 4217 numeric code of the tenge. */
export const CURRENCY_KZT = "398";
/** The longest payload EMV allows, in characters. */
export const MAX_PAYLOAD_LENGTH = 512;
/** Largest invoice nonce that fits whatever the other fields (see the header): 24 digits. */
export const MAX_QR_NONCE = 10n ** 24n - 1n;
/** Largest nonce template 27 holds at all (55 digits): wider nonces are refused before the payload's length. */
export const MAX_TEMPLATE_NONCE = 10n ** 55n - 1n;
/** Largest chain id a payload carries (EIP-2294's bound is below it). */
export const MAX_QR_CHAIN_ID = 2n ** 64n - 1n;
/** EMVCo's limits on the merchant name and city (tags 59/60, and their alternates in tag 64), in characters. */
export const MAX_NAME_LENGTH = 25;
export const MAX_CITY_LENGTH = 15;

/** A rejected payload: what is wrong, and where. */
export class QrPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QrPayloadError";
  }
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over `text`'s UTF-8 bytes; "123456789" → 0x29B1. */
export function crc16ccitt(text: string): number {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The CRC as the payload prints it: 4 upper-case hex digits. */
export function crcHex(body: string): string {
  return crc16ccitt(body).toString(16).toUpperCase().padStart(4, "0");
}

/** One TLV data object: two-digit id, two-digit length, value (1..99 characters). */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new QrPayloadError(`data object id must be two digits: ${id}`);
  if (value.length === 0 || value.length > 99)
    throw new QrPayloadError(`data object ${id} must be 1..99 characters, got ${value.length}`);
  return `${id}${value.length.toString().padStart(2, "0")}${value}`;
}

/** Parse a string of TLV data objects into an ordered map (duplicate ids are rejected). */
export function parseTlv(text: string, where = "payload"): Map<string, string> {
  const fields = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const head = text.slice(i, i + 4);
    if (!/^\d{4}$/.test(head)) throw new QrPayloadError(`${where}: malformed data object at ${i}`);
    const id = head.slice(0, 2);
    const length = Number(head.slice(2));
    const value = text.slice(i + 4, i + 4 + length);
    if (length === 0 || value.length !== length) throw new QrPayloadError(`${where}: data object ${id} is truncated`);
    if (fields.has(id)) throw new QrPayloadError(`${where}: data object ${id} appears twice`);
    fields.set(id, value);
    i += 4 + length;
  }
  return fields;
}

/** The merchant's name and city in another language (EMV tag 64, "Merchant Information – Language Template"). */
export interface MerchantLocal {
  /** ISO 639-1 language code, upper case: "KK" (Kazakh) or "RU" (Russian). */
  language: string;
  /** 1..25 characters. */
  merchantName: string;
  /** 1..15 characters, or absent. */
  city?: string;
}

/** How a merchant is named on its codes: tags 59/60 in EMVCo's common character set, tag 64 in its own script. */
export interface MerchantLabel {
  /** Tag 59: 1..25 characters of printable ASCII. */
  merchantName: string;
  /** Tag 60: 1..15 characters of printable ASCII. */
  city: string;
  /** Tag 64, when the merchant's name or city is in another script. */
  local?: MerchantLocal;
}

/** What a DKZT QR carries besides the invoice. */
export interface QrInvoice extends MerchantLabel {
  invoice: Invoice;
  /** The merchant's 65-byte signature, or undefined for an invoice registered on-chain. */
  signature?: string;
  chainId: bigint;
  /** The MerchantPayments contract. */
  contract: string;
  mcc: number;
}

/** A merchant's static code: the payer enters the amount and pays by a plain DKZT transfer. */
export interface StaticQr extends MerchantLabel {
  merchant: string;
  chainId: bigint;
  /** The DKZT ledger (ERC-20). */
  token: string;
  mcc: number;
}

/**
 * The label for a merchant registered as `name` in `city` (any script, e.g. "Магазин Алтын", "Алматы"): names
 * already in the common character set are kept as they are; others go to tag 64 in `language` as given, and to
 * 59/60 transliterated ({toLatin}: "MAGAZIN ALTYN", "ALMATY"). Tags 59/60 are cut to 25/15 characters after
 * transliteration (EMVCo's limits); the local name and city must fit them as given.
 */
export function merchantLabel(name: string, city: string, language = "KK"): MerchantLabel {
  const latin = (text: string, max: number, what: string): string => {
    try {
      const out = toLatin(text).slice(0, max).trim();
      if (out.length === 0)
        throw new QrPayloadError(`${what}: ${JSON.stringify(text)} transliterates to nothing: register a Latin name`);
      return out;
    } catch (err) {
      if (err instanceof TransliterationError) throw new QrPayloadError(`${what}: ${err.message}`);
      throw err;
    }
  };
  if (isEmvCommon(name) && isEmvCommon(city)) return { merchantName: name, city };
  return {
    merchantName: latin(name, MAX_NAME_LENGTH, "merchant name"),
    city: latin(city, MAX_CITY_LENGTH, "city"),
    local: { language, merchantName: name, city },
  };
}

const address = (value: string, what: string): string => {
  if (typeof value !== "string" || !isAddress(value))
    throw new QrPayloadError(`${what} is not an address: ${JSON.stringify(value)}`);
  return z85Encode(Buffer.from(getAddress(value).slice(2), "hex"));
};

/** Run a signature conversion from ./invoice, giving its InvoiceError as a QrPayloadError. */
function asQrError<T>(convert: () => T): T {
  try {
    return convert();
  } catch (err) {
    if (err instanceof InvoiceError || err instanceof Z85Error) throw new QrPayloadError(err.message);
    throw err;
  }
}
const bytes32 = (value: string, what: string): string => {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new QrPayloadError(`${what} is not 32 bytes of hex: ${value}`);
  return z85Encode(Buffer.from(value.slice(2), "hex"));
};

/** Format tiyn as EMV's amount: tenge with two decimals, no separators ("1160.00"). */
export function emvAmount(tiyn: bigint): string {
  if (tiyn <= 0n) throw new QrPayloadError("amount must be positive");
  return `${tiyn / 100n}.${(tiyn % 100n).toString().padStart(2, "0")}`;
}

function template(id: string, fields: Array<[string, string]>): string {
  return tlv(id, tlv("00", DKZT_GUID) + fields.map(([k, v]) => tlv(k, v)).join(""));
}

/** Throw unless `text` is 1..`max` characters of EMVCo's common character set. */
function common(text: string, max: number, what: string): string {
  if (typeof text !== "string" || text.length === 0 || text.length > max || !isEmvCommon(text))
    throw new QrPayloadError(
      `${what} must be 1..${max} characters of EMVCo's common character set (printable ASCII), got ${JSON.stringify(text)}: give a Cyrillic name to merchantLabel()`,
    );
  return text;
}

/** Throw unless `text` is 1..`max` characters, none a control character or outside Unicode's BMP. */
function localText(text: string, max: number, what: string): string {
  if (typeof text !== "string" || text.length === 0 || [...text].length > max)
    throw new QrPayloadError(`${what} must be 1..${max} characters, got ${JSON.stringify(text)}`);
  if (/[\p{Cc}\p{Cs}]/u.test(text) || [...text].length !== text.length)
    throw new QrPayloadError(
      `${what} must be characters of Unicode's Basic Multilingual Plane, no control characters (EMV counts characters; readers count UTF-16 units): ${JSON.stringify(text)}`,
    );
  return text;
}

/** Tags 59, 60 and (when there is a local label) 64, checked. */
function labelTags(label: MerchantLabel): string {
  let tags =
    tlv("59", common(label.merchantName, MAX_NAME_LENGTH, "merchant name (tag 59)")) +
    tlv("60", common(label.city, MAX_CITY_LENGTH, "city (tag 60)"));
  const { local } = label;
  if (local) {
    if (typeof local.language !== "string" || !/^[A-Z]{2}$/.test(local.language))
      throw new QrPayloadError(
        `language (tag 64) must be an ISO 639-1 code in upper case ("KK", "RU"), got ${JSON.stringify(local.language)}`,
      );
    tags += tlv(
      "64",
      tlv("00", local.language) +
        tlv("01", localText(local.merchantName, MAX_NAME_LENGTH, "local merchant name (tag 64)")) +
        (local.city === undefined ? "" : tlv("02", localText(local.city, MAX_CITY_LENGTH, "local city (tag 64)"))),
    );
  }
  return tags;
}

function chainIdText(chainId: bigint): string {
  if (typeof chainId !== "bigint" || chainId < 1n || chainId > MAX_QR_CHAIN_ID)
    throw new QrPayloadError(`chain id must be 1..2^64 - 1, got ${String(chainId)}`);
  return chainId.toString();
}

function mccText(mcc: number): string {
  if (!Number.isInteger(mcc) || mcc < 1 || mcc > 9999) throw new QrPayloadError(`MCC must be 1..9999`);
  return mcc.toString().padStart(4, "0");
}

/** Close `body` with the CRC and check EMV's length limit. */
function withCrc(body: string): string {
  const payload = `${body}6304${crcHex(`${body}6304`)}`;
  if (payload.length > MAX_PAYLOAD_LENGTH)
    throw new QrPayloadError(`payload is ${payload.length} characters, EMV allows ${MAX_PAYLOAD_LENGTH}`);
  return payload;
}

/** Encode an invoice (and its signature, if signed off-chain) as a dynamic EMV MPM payload. */
export function encodeEmvQr(q: QrInvoice): string {
  const { invoice } = q;
  if (invoice.nonce < 0n || invoice.nonce > MAX_TEMPLATE_NONCE)
    throw new QrPayloadError(`nonce must be below 10^55 to fit template 27 (EMV's 99 characters)`);
  let body =
    tlv("00", "01") +
    tlv("01", "12") +
    template("26", [
      ["01", address(invoice.merchant, "merchant")],
      ["02", chainIdText(q.chainId)],
      ["03", invoice.expiry.toString()],
      ["04", invoice.vatCategory.toString()],
      ["05", invoice.vatRateBps.toString()],
    ]) +
    template("27", [
      ["01", address(q.contract, "contract")],
      ["02", invoice.nonce.toString()],
    ]) +
    template("28", [["01", bytes32(invoice.orderRef, "order reference")]]);
  if (q.signature) {
    const { r, yParityAndS } = asQrError(() => toCompact(q.signature as string));
    body += template("29", [["01", bytes32(r, "signature r") + bytes32(yParityAndS, "signature yParityAndS")]]);
  }
  body +=
    tlv("52", mccText(q.mcc)) +
    tlv("53", CURRENCY_KZT) +
    tlv("54", emvAmount(invoice.amount)) +
    tlv("58", "KZ") +
    labelTags(q);
  return withCrc(body);
}

/** Encode a merchant's static code (no amount: the payer enters it and pays by a plain DKZT transfer). */
export function encodeStaticEmvQr(q: StaticQr): string {
  return withCrc(
    tlv("00", "01") +
      tlv("01", "11") +
      template("26", [
        ["01", address(q.merchant, "merchant")],
        ["02", chainIdText(q.chainId)],
      ]) +
      template("27", [["03", address(q.token, "token")]]) +
      tlv("52", mccText(q.mcc)) +
      tlv("53", CURRENCY_KZT) +
      tlv("58", "KZ") +
      labelTags(q),
  );
}

function need(fields: Map<string, string>, id: string, where: string): string {
  const value = fields.get(id);
  if (value === undefined) throw new QrPayloadError(`${where}: data object ${id} is missing`);
  return value;
}

function dkztTemplate(top: Map<string, string>, id: string): Map<string, string> {
  const fields = parseTlv(need(top, id, "payload"), `template ${id}`);
  if (fields.get("00") !== DKZT_GUID) throw new QrPayloadError(`template ${id}: not a DKZT template`);
  return fields;
}

function decimal(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) throw new QrPayloadError(`${what} is not a decimal number: ${text}`);
  return BigInt(text);
}

/** `length` bytes from Z85 `text` as 0x-hex. */
function z85Field(text: string, length: number, what: string): string {
  if (text.length !== (length / 4) * 5)
    throw new QrPayloadError(`${what} is not ${length} bytes of Z85 (${(length / 4) * 5} characters)`);
  try {
    return hexlify(z85Decode(text));
  } catch (err) {
    if (err instanceof Z85Error) throw new QrPayloadError(`${what}: ${err.message}`);
    throw err;
  }
}

/**
 * Check the CRC (upper- or lower-case hex), the common tags (00, 53, 58, 52, 59, 60, 64) and the point of
 * initiation; the top-level data objects and the label.
 */
function openPayload(payload: string, initiation: "11" | "12"): { top: Map<string, string>; label: MerchantLabel } {
  if (typeof payload !== "string") throw new QrPayloadError("payload is not text");
  if (payload.length > MAX_PAYLOAD_LENGTH) throw new QrPayloadError("payload too long");
  const crcAt = payload.length - 8;
  if (crcAt < 0 || payload.slice(crcAt, crcAt + 4) !== "6304")
    throw new QrPayloadError("payload does not end with a CRC (6304)");
  const expected = crcHex(payload.slice(0, crcAt + 4));
  const given = payload.slice(crcAt + 4);
  if (!/^[0-9A-Fa-f]{4}$/.test(given) || given.toUpperCase() !== expected)
    throw new QrPayloadError(`CRC mismatch: payload says ${given}, content gives ${expected}`);
  const top = parseTlv(payload.slice(0, crcAt));
  if (need(top, "00", "payload") !== "01") throw new QrPayloadError("payload format indicator must be 01");
  const pointOfInitiation = need(top, "01", "payload");
  if (pointOfInitiation !== initiation)
    throw new QrPayloadError(
      initiation === "12"
        ? `point of initiation must be 12 (dynamic), got ${pointOfInitiation}`
        : `point of initiation must be 11 (static), got ${pointOfInitiation}`,
    );
  if (need(top, "53", "payload") !== CURRENCY_KZT) throw new QrPayloadError("currency must be 398 (KZT)");
  if (need(top, "58", "payload") !== "KZ") throw new QrPayloadError("country must be KZ");
  if (!/^\d{4}$/.test(need(top, "52", "payload"))) throw new QrPayloadError("MCC must be four digits");
  const label: MerchantLabel = { merchantName: need(top, "59", "payload"), city: need(top, "60", "payload") };
  if (top.has("64")) {
    const t64 = parseTlv(need(top, "64", "payload"), "template 64");
    const language = need(t64, "00", "template 64");
    if (!/^[A-Z]{2}$/i.test(language))
      throw new QrPayloadError(`template 64: language must be two letters: ${language}`);
    const city = t64.get("02");
    label.local = { language, merchantName: need(t64, "01", "template 64"), ...(city === undefined ? {} : { city }) };
  }
  return { top, label };
}

/** Decode and check a dynamic EMV MPM payload made by {encodeEmvQr}. Throws {QrPayloadError} on anything wrong. */
export function decodeEmvQr(payload: string): QrInvoice {
  const { top, label } = openPayload(payload, "12");
  const amountText = need(top, "54", "payload");
  const amount = /^(\d+)\.(\d{2})$/.exec(amountText);
  if (!amount) throw new QrPayloadError(`amount must be tenge with two decimals: ${amountText}`);

  const t26 = dkztTemplate(top, "26");
  const t27 = dkztTemplate(top, "27");
  const t28 = dkztTemplate(top, "28");
  const category = Number(decimal(need(t26, "04", "template 26"), "VAT category"));
  const rate = Number(decimal(need(t26, "05", "template 26"), "VAT rate"));
  if (category > 255 || rate > 10_000) throw new QrPayloadError("VAT category or rate out of range");
  const invoice: Invoice = {
    merchant: getAddress(z85Field(need(t26, "01", "template 26"), 20, "merchant")),
    amount: BigInt(amount[1]) * 100n + BigInt(amount[2]),
    vatCategory: category,
    vatRateBps: rate,
    expiry: decimal(need(t26, "03", "template 26"), "expiry"),
    nonce: decimal(need(t27, "02", "template 27"), "nonce"),
    orderRef: z85Field(need(t28, "01", "template 28"), 32, "order reference"),
  };
  let signature: string | undefined;
  if (top.has("29")) {
    const compact = z85Field(need(dkztTemplate(top, "29"), "01", "template 29"), 64, "signature");
    signature = asQrError(() => fromCompact(compact.slice(0, 66), `0x${compact.slice(66)}`));
  }
  return {
    invoice,
    signature,
    chainId: decimal(need(t26, "02", "template 26"), "chain id"),
    contract: getAddress(z85Field(need(t27, "01", "template 27"), 20, "contract")),
    mcc: Number(need(top, "52", "payload")),
    ...label,
  };
}

/** Decode and check a static payload made by {encodeStaticEmvQr}. Throws {QrPayloadError} on anything wrong. */
export function decodeStaticEmvQr(payload: string): StaticQr {
  const { top, label } = openPayload(payload, "11");
  if (top.has("54")) throw new QrPayloadError("a static code carries no amount (tag 54)");
  const t26 = dkztTemplate(top, "26");
  const t27 = dkztTemplate(top, "27");
  return {
    merchant: getAddress(z85Field(need(t26, "01", "template 26"), 20, "merchant")),
    chainId: decimal(need(t26, "02", "template 26"), "chain id"),
    token: getAddress(z85Field(need(t27, "03", "template 27"), 20, "token")),
    mcc: Number(need(top, "52", "payload")),
    ...label,
  };
}
