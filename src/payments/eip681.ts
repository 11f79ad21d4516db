/**
 * EIP-681 payment links for DKZT, in the form standard parsers (e.g. `eth-url-parser`) turn into the exact call:
 * `ethereum:<contract>@<chainId>/<function>?<abi type>=<value>&…`, the function's flat (non-tuple) arguments in
 * order, each keyed by its ABI type.
 *
 * - An invoice (dynamic): MerchantPayments.payInvoiceFields(address merchant, uint96 amount, uint8 vatCategory,
 *   uint16 vatRateBps, uint40 expiry, uint256 nonce, bytes32 orderRef, bytes signature), which pays exactly as
 *   payInvoice(invoice, signature) does:
 *
 *   ethereum:<MerchantPayments>@<chainId>/payInvoiceFields?address=0x…&uint96=116000&uint8=0&uint16=1600
 *     &uint40=1767225600&uint256=7&bytes32=0x…&bytes=0x…
 *
 *   Amounts are integers in tiyn (DKZT has 2 decimals); `bytes` is "0x" for an invoice registered on-chain.
 * - A merchant's static code: a plain ERC-20 transfer on the DKZT ledger, the amount (tiyn) when known:
 *
 *   ethereum:<DKZT>@<chainId>/transfer?address=<merchant>&uint256=116000
 *
 * Numbers are read as EIP-681 writes them: digits, or a decimal with an exponent ("1.16e5", which
 * `eth-url-parser`'s build() writes for a transfer's amount) when it is a whole number in the type's range.
 * Decoding rejects an unknown, repeated, missing or misplaced parameter, a malformed number or address; an edited
 * value is rejected by the merchant's signature.
 */
import { getAddress } from "ethers";
import type { Invoice } from "./invoice";

export class Eip681Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Eip681Error";
  }
}

export interface Eip681Invoice {
  contract: string;
  chainId: bigint;
  invoice: Invoice;
  /** The merchant's signature, "0x" for an invoice registered on-chain. */
  signature: string;
}

export interface Eip681Transfer {
  /** The DKZT ledger (ERC-20). */
  token: string;
  chainId: bigint;
  merchant: string;
  /** In tiyn; absent on a static code (the payer enters it). */
  amount?: bigint;
}

/** The MerchantPayments function an invoice link calls, and its argument types in order. */
export const PAY_FUNCTION = "payInvoiceFields";
export const PAY_TYPES = ["address", "uint96", "uint8", "uint16", "uint40", "uint256", "bytes32", "bytes"] as const;
const TRANSFER_TYPES = ["address", "uint256"] as const;

function checksummed(address: string, what: string): string {
  try {
    return getAddress(address);
  } catch {
    throw new Eip681Error(`bad ${what} address (checksum): ${address}`);
  }
}

function hex(value: string, bytes: number | undefined, what: string): string {
  const ok =
    bytes === undefined ? /^0x([0-9a-fA-F]{2})*$/.test(value) : new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(value);
  if (!ok)
    throw new Eip681Error(`${what} must be ${bytes === undefined ? "bytes" : `${bytes} bytes`} of 0x-hex: ${value}`);
  return value.toLowerCase();
}

/** Encode `request` as an EIP-681 link calling {PAY_FUNCTION}. */
export function encodeEip681(request: Eip681Invoice): string {
  const { invoice } = request;
  const values = [
    checksummed(invoice.merchant, "merchant"),
    invoice.amount.toString(),
    invoice.vatCategory.toString(),
    invoice.vatRateBps.toString(),
    invoice.expiry.toString(),
    invoice.nonce.toString(),
    hex(invoice.orderRef, 32, "orderRef"),
    hex(request.signature, undefined, "signature"),
  ];
  const query = PAY_TYPES.map((type, i) => `${type}=${values[i]}`).join("&");
  return `ethereum:${checksummed(request.contract, "contract")}@${request.chainId}/${PAY_FUNCTION}?${query}`;
}

/** Encode a plain DKZT transfer to a merchant (a static code; the amount in tiyn when known). */
export function encodeEip681Transfer(request: Eip681Transfer): string {
  const amount = request.amount === undefined ? "" : `&uint256=${request.amount}`;
  return `ethereum:${checksummed(request.token, "token")}@${request.chainId}/transfer?address=${checksummed(request.merchant, "merchant")}${amount}`;
}

/** An EIP-681 number: digits, or a decimal with an exponent, that is a whole number below 2^`bits`. */
function uint(text: string, bits: number, name: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?(?:[eE](\d+))?$/.exec(text);
  if (!m) throw new Eip681Error(`${name} is not an unsigned integer: ${text}`);
  const fraction = m[2] ?? "";
  const exponent = Number(m[3] ?? "0");
  if (exponent > 78 || fraction.replace(/0+$/, "").length > exponent)
    throw new Eip681Error(`${name} is not an unsigned integer: ${text}`);
  const value = BigInt(m[1] + fraction) * 10n ** BigInt(exponent - fraction.length);
  if (value >= 1n << BigInt(bits)) throw new Eip681Error(`${name} does not fit uint${bits}: ${text}`);
  return value;
}

/** Split `uri` into target, chain id, function and its typed parameters, which must be `types` in order. */
function parts(
  uri: string,
  fn: string,
  types: readonly string[],
  optional = 0,
): { target: string; chainId: bigint; values: string[] } {
  const match = new RegExp(`^ethereum:(0x[0-9a-fA-F]{40})@(\\d+)/${fn}\\?(.*)$`).exec(uri);
  if (!match) throw new Eip681Error(`not an EIP-681 ${fn} URI`);
  const values: string[] = [];
  const pairs = match[3].split("&");
  for (const [i, pair] of pairs.entries()) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (!types.includes(key)) throw new Eip681Error(`unknown parameter: ${key}`);
    if (pairs.slice(0, i).some((p) => p.split("=")[0] === key)) throw new Eip681Error(`parameter twice: ${key}`);
    if (key !== types[i]) throw new Eip681Error(`parameter ${i + 1} must be ${types[i]}, got ${key}`);
    values.push(eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1)));
  }
  if (values.length < types.length - optional) throw new Eip681Error(`missing parameter: ${types[values.length]}`);
  return { target: checksummed(match[1], "contract"), chainId: BigInt(match[2]), values };
}

/** Decode an invoice link made by {encodeEip681}. Throws {Eip681Error} on anything wrong. */
export function decodeEip681(uri: string): Eip681Invoice {
  const { target, chainId, values } = parts(uri, PAY_FUNCTION, PAY_TYPES);
  const [merchant, amount, vatCategory, vatRateBps, expiry, nonce, orderRef, signature] = values;
  if (signature !== "0x" && !/^0x[0-9a-fA-F]{130}$/.test(signature))
    throw new Eip681Error("signature (bytes) must be 65 bytes of hex or 0x");
  const rate = uint(vatRateBps, 16, "vatRateBps (uint16)");
  if (rate > 10_000n) throw new Eip681Error(`vatRateBps (uint16) above 10000: ${vatRateBps}`);
  return {
    contract: target,
    chainId,
    signature: signature.toLowerCase(),
    invoice: {
      merchant: checksummed(merchant, "merchant"),
      amount: uint(amount, 96, "amount (uint96)"),
      vatCategory: Number(uint(vatCategory, 8, "vatCategory (uint8)")),
      vatRateBps: Number(rate),
      expiry: uint(expiry, 40, "expiry (uint40)"),
      nonce: uint(nonce, 256, "nonce (uint256)"),
      orderRef: hex(orderRef, 32, "orderRef (bytes32)"),
    },
  };
}

/** Decode a transfer link made by {encodeEip681Transfer}. Throws {Eip681Error} on anything wrong. */
export function decodeEip681Transfer(uri: string): Eip681Transfer {
  const { target, chainId, values } = parts(uri, "transfer", TRANSFER_TYPES, 1);
  const [merchant, amount] = values;
  return {
    token: target,
    chainId,
    merchant: checksummed(merchant, "merchant"),
    ...(amount === undefined ? {} : { amount: uint(amount, 256, "amount (uint256)") }),
  };
}
