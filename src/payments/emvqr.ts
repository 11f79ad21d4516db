/**
 * EMVCo merchant-presented QR (MPM) payloads for DKZT invoices: TLV data objects, currency 398 (KZT),
 * country KZ, CRC-16/CCITT-FALSE, per "EMV QR Code Specification for Payment Systems: Merchant-Presented Mode".
 *
 * Layout (ids are EMV's; templates 26-30 are merchant account information templates, each with its own
 * globally unique identifier "00" = GUID below, each under EMV's 99-character limit):
 *   00 "01"                 payload format indicator
 *   01 "12"                 point of initiation: dynamic (one payment)
 *   26 00 GUID, 01 merchant address (40 hex), 02 chain id, 03 expiry (unix s), 04 VAT category, 05 VAT rate (bp)
 *   27 00 GUID, 01 MerchantPayments contract (40 hex), 02 invoice nonce (decimal, < 10^36)
 *   28 00 GUID, 01 order reference (64 hex)
 *   29 00 GUID, 01 signature r (64 hex)               } the merchant's EIP-712 signature in ERC-2098
 *   30 00 GUID, 01 signature yParityAndS (64 hex)     } compact form; absent for an invoice registered on-chain
 *   52 MCC, 53 "398", 54 amount in tenge ("1160.00"), 58 "KZ", 59 merchant name, 60 city
 *   63 CRC-16/CCITT-FALSE over everything before its value, "6304" included, 4 upper-case hex digits
 *
 * Decoding checks the CRC first, then every field; a bad CRC, a malformed TLV or an edited field is rejected
 * here, and an edited field with a recomputed CRC is rejected by the merchant's signature (off-chain with
 * {isInvoiceSignedByMerchant}, and on-chain at payment).
 */
import { getAddress, isAddress } from "ethers";
import type { Invoice } from "./invoice";
import { InvoiceError, fromCompact, toCompact } from "./invoice";

/** Globally unique identifier of the DKZT templates. */
export const DKZT_GUID = "KZ.DKZT";
/** ISO 4217 numeric code of the tenge. */
export const CURRENCY_KZT = "398";
/** The longest payload EMV allows. */
export const MAX_PAYLOAD_LENGTH = 512;
/** Largest invoice nonce that fits template 27. */
export const MAX_QR_NONCE = 10n ** 36n - 1n;

/** A rejected payload: what is wrong, and where. */
export class QrPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QrPayloadError";
  }
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor); "123456789" → 0x29B1. */
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

/** What a DKZT QR carries besides the invoice. */
export interface QrInvoice {
  invoice: Invoice;
  /** The merchant's 65-byte signature, or undefined for an invoice registered on-chain. */
  signature?: string;
  chainId: bigint;
  /** The MerchantPayments contract. */
  contract: string;
  mcc: number;
  merchantName: string;
  city: string;
}

const hex40 = (address: string, what: string): string => {
  if (typeof address !== "string" || !isAddress(address))
    throw new QrPayloadError(`${what} is not an address: ${JSON.stringify(address)}`);
  return getAddress(address).slice(2).toLowerCase();
};

/** Run a signature conversion from ./invoice, giving its InvoiceError as a QrPayloadError. */
function asQrError<T>(convert: () => T): T {
  try {
    return convert();
  } catch (err) {
    if (err instanceof InvoiceError) throw new QrPayloadError(err.message);
    throw err;
  }
}
const hex64 = (value: string): string => {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new QrPayloadError(`not 32 bytes of hex: ${value}`);
  return value.slice(2).toLowerCase();
};

/** Format tiyn as EMV's amount: tenge with two decimals, no separators ("1160.00"). */
export function emvAmount(tiyn: bigint): string {
  if (tiyn <= 0n) throw new QrPayloadError("amount must be positive");
  return `${tiyn / 100n}.${(tiyn % 100n).toString().padStart(2, "0")}`;
}

function template(id: string, fields: Array<[string, string]>): string {
  return tlv(id, tlv("00", DKZT_GUID) + fields.map(([k, v]) => tlv(k, v)).join(""));
}

/** Encode an invoice (and its signature, if signed off-chain) as an EMV MPM payload. */
export function encodeEmvQr(q: QrInvoice): string {
  const { invoice } = q;
  if (invoice.nonce < 0n || invoice.nonce > MAX_QR_NONCE)
    throw new QrPayloadError(`nonce must be below 10^36 to fit a QR`);
  if (!Number.isInteger(q.mcc) || q.mcc < 1 || q.mcc > 9999) throw new QrPayloadError(`MCC must be 1..9999`);
  let body =
    tlv("00", "01") +
    tlv("01", "12") +
    template("26", [
      ["01", hex40(invoice.merchant, "merchant")],
      ["02", q.chainId.toString()],
      ["03", invoice.expiry.toString()],
      ["04", invoice.vatCategory.toString()],
      ["05", invoice.vatRateBps.toString()],
    ]) +
    template("27", [
      ["01", hex40(q.contract, "contract")],
      ["02", invoice.nonce.toString()],
    ]) +
    template("28", [["01", hex64(invoice.orderRef)]]);
  if (q.signature) {
    const { r, yParityAndS } = asQrError(() => toCompact(q.signature as string));
    body += template("29", [["01", hex64(r)]]) + template("30", [["01", hex64(yParityAndS)]]);
  }
  body +=
    tlv("52", q.mcc.toString().padStart(4, "0")) +
    tlv("53", CURRENCY_KZT) +
    tlv("54", emvAmount(invoice.amount)) +
    tlv("58", "KZ") +
    tlv("59", q.merchantName.slice(0, 25)) +
    tlv("60", q.city.slice(0, 15)) +
    "6304";
  const payload = body + crc16ccitt(body).toString(16).toUpperCase().padStart(4, "0");
  if (payload.length > MAX_PAYLOAD_LENGTH)
    throw new QrPayloadError(`payload is ${payload.length} characters, EMV allows ${MAX_PAYLOAD_LENGTH}`);
  return payload;
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

function hexField(text: string, length: number, what: string): string {
  if (!new RegExp(`^[0-9a-f]{${length}}$`).test(text))
    throw new QrPayloadError(`${what} is not ${length} lower-case hex digits`);
  return `0x${text}`;
}

/** Decode and check an EMV MPM payload made by {encodeEmvQr}. Throws {QrPayloadError} on anything wrong. */
export function decodeEmvQr(payload: string): QrInvoice {
  if (payload.length > MAX_PAYLOAD_LENGTH) throw new QrPayloadError("payload too long");
  const crcAt = payload.length - 8;
  if (crcAt < 0 || payload.slice(crcAt, crcAt + 4) !== "6304")
    throw new QrPayloadError("payload does not end with a CRC (6304)");
  const expected = crc16ccitt(payload.slice(0, crcAt + 4))
    .toString(16)
    .toUpperCase()
    .padStart(4, "0");
  if (payload.slice(crcAt + 4) !== expected)
    throw new QrPayloadError(`CRC mismatch: payload says ${payload.slice(crcAt + 4)}, content gives ${expected}`);
  const top = parseTlv(payload.slice(0, crcAt));
  if (need(top, "00", "payload") !== "01") throw new QrPayloadError("payload format indicator must be 01");
  if (need(top, "01", "payload") !== "12") throw new QrPayloadError("point of initiation must be 12 (dynamic)");
  if (need(top, "53", "payload") !== CURRENCY_KZT) throw new QrPayloadError("currency must be 398 (KZT)");
  if (need(top, "58", "payload") !== "KZ") throw new QrPayloadError("country must be KZ");
  const amountText = need(top, "54", "payload");
  const amount = /^(\d+)\.(\d{2})$/.exec(amountText);
  if (!amount) throw new QrPayloadError(`amount must be tenge with two decimals: ${amountText}`);
  const mccText = need(top, "52", "payload");
  if (!/^\d{4}$/.test(mccText)) throw new QrPayloadError("MCC must be four digits");

  const t26 = dkztTemplate(top, "26");
  const t27 = dkztTemplate(top, "27");
  const t28 = dkztTemplate(top, "28");
  const category = Number(decimal(need(t26, "04", "template 26"), "VAT category"));
  const rate = Number(decimal(need(t26, "05", "template 26"), "VAT rate"));
  if (category > 255 || rate > 10_000) throw new QrPayloadError("VAT category or rate out of range");
  const invoice: Invoice = {
    merchant: getAddress(hexField(need(t26, "01", "template 26"), 40, "merchant")),
    amount: BigInt(amount[1]) * 100n + BigInt(amount[2]),
    vatCategory: category,
    vatRateBps: rate,
    expiry: decimal(need(t26, "03", "template 26"), "expiry"),
    nonce: decimal(need(t27, "02", "template 27"), "nonce"),
    orderRef: hexField(need(t28, "01", "template 28"), 64, "order reference"),
  };
  let signature: string | undefined;
  if (top.has("29") || top.has("30")) {
    const r = hexField(need(dkztTemplate(top, "29"), "01", "template 29"), 64, "signature r");
    const vs = hexField(need(dkztTemplate(top, "30"), "01", "template 30"), 64, "signature yParityAndS");
    signature = asQrError(() => fromCompact(r, vs));
  }
  return {
    invoice,
    signature,
    chainId: decimal(need(t26, "02", "template 26"), "chain id"),
    contract: getAddress(hexField(need(t27, "01", "template 27"), 40, "contract")),
    mcc: Number(mccText),
    merchantName: need(top, "59", "payload"),
    city: need(top, "60", "payload"),
  };
}
