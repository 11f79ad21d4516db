/**
 * ISO 20022 identifiers as the cross-border contracts keep them (see contracts/crossborder/Iso20022.sol): the
 * same patterns on both sides, and the conversions between their text form and their on-chain bytes.
 */
import { randomUUID } from "node:crypto";
import { getBytes, hexlify, isHexString } from "ethers";

/** UUIDv4Identifier (pacs.008.001.08): lowercase, version 4, RFC 4122 variant. */
export const UETR_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** BICFIDec2014Identifier. */
export const BIC_PATTERN = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
/** ActiveOrHistoricCurrencyCode. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Kazakhstan's payment-purpose code (KNP): three digits. */
export const KNP_PATTERN = /^[0-9]{3}$/;
/** ExternalStatusReason1Code shape (e.g. AC01, AM04, FF01). */
export const REASON_PATTERN = /^[A-Z0-9]{4}$/;

/** ChargeBearerType1Code, in the order of ISwiftGateway.ChargeBearer. */
export const CHARGE_BEARERS = ["DEBT", "CRED", "SHAR", "SLEV"] as const;
export type ChargeBearerCode = (typeof CHARGE_BEARERS)[number];

/** A fresh UETR (UUIDv4). */
export function newUetr(): string {
  return randomUUID();
}

export function isUetr(text: string): boolean {
  return UETR_PATTERN.test(text);
}

export function isBic(text: string): boolean {
  return BIC_PATTERN.test(text);
}

/** UETR text → bytes16 hex. Throws on anything but a UUIDv4 in lowercase. */
export function uetrToBytes16(uetr: string): string {
  if (!isUetr(uetr)) throw new Error(`not a UETR (lowercase UUIDv4): ${JSON.stringify(uetr)}`);
  return `0x${uetr.replace(/-/g, "")}`;
}

/** The bytes of a 0x-prefixed hex string; a clear error for anything else (`what` names the field). */
function bytesOf(hex: string, what: string): Uint8Array {
  if (typeof hex !== "string" || !isHexString(hex) || hex.length % 2 !== 0) {
    throw new Error(`${what} is not 0x-prefixed hex bytes: ${JSON.stringify(hex)}`);
  }
  return getBytes(hex);
}

/** bytes16 hex → UUID text (lowercase, dashed). No validation: {isUetr} says whether it is a UETR. */
export function bytes16ToUetr(hex: string): string {
  const h = hexlify(bytesOf(hex, "a UETR's bytes16")).slice(2);
  if (h.length !== 32) throw new Error(`not 16 bytes: ${hex}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ASCII text → bytesN hex, right-padded with zero bytes. Throws if it does not fit or is not ASCII. */
export function asciiToBytes(text: string, size: number): string {
  if (text.length > size || !/^[\x20-\x7e]*$/.test(text)) {
    throw new Error(`${JSON.stringify(text)} is not printable ASCII of at most ${size} characters`);
  }
  return hexlify(Uint8Array.from({ length: size }, (_, i) => (i < text.length ? text.charCodeAt(i) : 0)));
}

/** bytesN hex → the text before the zero padding (bytes kept as Latin-1 characters, for diagnostics). */
export function bytesToAscii(hex: string): string {
  const bytes = bytesOf(hex, "a bytesN text field");
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return String.fromCharCode(...bytes.slice(0, end));
}

/** BIC text → bytes11. */
export function bicToBytes11(bic: string): string {
  if (!isBic(bic)) throw new Error(`not a BIC: ${JSON.stringify(bic)}`);
  return asciiToBytes(bic, 11);
}

/** bytes11 → BIC text. */
export function bytes11ToBic(hex: string): string {
  return bytesToAscii(hex);
}

/**
 * Whether a bytes11 holds a valid BIC exactly as the contract decides: eight pattern characters, then three
 * zero bytes or three more.
 */
export function isBicBytes11(hex: string): boolean {
  if (!isBytes(hex, 11)) return false;
  const bytes = getBytes(hex);
  if (bytes.length !== 11) return false;
  const tail = bytes.slice(8);
  const text = tail.every((b) => b === 0) ? String.fromCharCode(...bytes.slice(0, 8)) : String.fromCharCode(...bytes);
  return isBic(text);
}

export function currencyToBytes3(currency: string): string {
  if (!CURRENCY_PATTERN.test(currency)) throw new Error(`not an ISO 4217 code: ${JSON.stringify(currency)}`);
  return asciiToBytes(currency, 3);
}

export function knpToBytes3(knp: string): string {
  if (!KNP_PATTERN.test(knp)) throw new Error(`not a KNP (three digits): ${JSON.stringify(knp)}`);
  return asciiToBytes(knp, 3);
}

export function reasonToBytes4(code: string): string {
  if (!REASON_PATTERN.test(code)) throw new Error(`not an ISO 20022 reason code: ${JSON.stringify(code)}`);
  return asciiToBytes(code, 4);
}

export function chargeBearerIndex(code: ChargeBearerCode): number {
  const index = CHARGE_BEARERS.indexOf(code);
  if (index < 0) throw new Error(`not a charge bearer code (${CHARGE_BEARERS.join(", ")}): ${JSON.stringify(code)}`);
  return index;
}

export function chargeBearerCode(index: number | bigint): ChargeBearerCode {
  const code = CHARGE_BEARERS[Number(index)];
  if (!code) throw new Error(`no charge bearer ${index}`);
  return code;
}

/** Whether `hex` is a 0x-prefixed hex string of `size` bytes. */
export function isBytes(hex: string, size: number): boolean {
  return typeof hex === "string" && isHexString(hex, size);
}
