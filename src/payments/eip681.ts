/**
 * EIP-681 payment-request URIs for DKZT invoices: a call of MerchantPayments.payInvoice, the invoice's fields
 * and the merchant's signature as named parameters:
 *
 *   ethereum:<MerchantPayments>@<chainId>/payInvoice?merchant=0x…&amount=116000&vatCategory=0&vatRateBps=1600
 *     &expiry=1767225600&nonce=7&orderRef=0x…&signature=0x…
 *
 * Amounts are integers in tiyn (DKZT has 2 decimals). `signature` is "0x" for an invoice registered on-chain.
 * Decoding rejects an unknown or missing parameter, a malformed number or address; an edited value is
 * rejected by the merchant's signature.
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

const PARAMS = ["merchant", "amount", "vatCategory", "vatRateBps", "expiry", "nonce", "orderRef", "signature"] as const;

/** Encode `request` as an EIP-681 URI. */
export function encodeEip681(request: Eip681Invoice): string {
  const { invoice } = request;
  const values: Record<(typeof PARAMS)[number], string> = {
    merchant: getAddress(invoice.merchant),
    amount: invoice.amount.toString(),
    vatCategory: invoice.vatCategory.toString(),
    vatRateBps: invoice.vatRateBps.toString(),
    expiry: invoice.expiry.toString(),
    nonce: invoice.nonce.toString(),
    orderRef: invoice.orderRef.toLowerCase(),
    signature: request.signature.toLowerCase(),
  };
  const query = PARAMS.map((k) => `${k}=${values[k]}`).join("&");
  return `ethereum:${getAddress(request.contract)}@${request.chainId}/payInvoice?${query}`;
}

function uint(text: string, name: string): bigint {
  if (!/^\d+$/.test(text)) throw new Eip681Error(`${name} is not an unsigned integer: ${text}`);
  return BigInt(text);
}

/** Decode an EIP-681 URI made by {encodeEip681}. Throws {Eip681Error} on anything wrong. */
export function decodeEip681(uri: string): Eip681Invoice {
  const match = /^ethereum:(0x[0-9a-fA-F]{40})@(\d+)\/payInvoice\?(.*)$/.exec(uri);
  if (!match) throw new Eip681Error("not an EIP-681 payInvoice URI");
  let contract: string;
  try {
    contract = getAddress(match[1]);
  } catch {
    throw new Eip681Error(`bad contract address (checksum): ${match[1]}`);
  }
  const params = new Map<string, string>();
  for (const pair of match[3].split("&")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (!(PARAMS as readonly string[]).includes(key)) throw new Eip681Error(`unknown parameter: ${key}`);
    if (params.has(key)) throw new Eip681Error(`parameter twice: ${key}`);
    params.set(key, eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1)));
  }
  const get = (k: (typeof PARAMS)[number]): string => {
    const v = params.get(k);
    if (v === undefined) throw new Eip681Error(`missing parameter: ${k}`);
    return v;
  };
  let merchant: string;
  try {
    merchant = getAddress(get("merchant"));
  } catch {
    throw new Eip681Error(`bad merchant address (checksum): ${get("merchant")}`);
  }
  const orderRef = get("orderRef");
  if (!/^0x[0-9a-f]{64}$/.test(orderRef)) throw new Eip681Error("orderRef must be 32 bytes of lower-case hex");
  const signature = get("signature");
  if (signature !== "0x" && !/^0x[0-9a-f]{130}$/.test(signature))
    throw new Eip681Error("signature must be 65 bytes of hex or 0x");
  const vatCategory = uint(get("vatCategory"), "vatCategory");
  const vatRateBps = uint(get("vatRateBps"), "vatRateBps");
  if (vatCategory > 255n || vatRateBps > 10_000n) throw new Eip681Error("VAT category or rate out of range");
  return {
    contract,
    chainId: BigInt(match[2]),
    signature,
    invoice: {
      merchant,
      amount: uint(get("amount"), "amount"),
      vatCategory: Number(vatCategory),
      vatRateBps: Number(vatRateBps),
      expiry: uint(get("expiry"), "expiry"),
      nonce: uint(get("nonce"), "nonce"),
      orderRef,
    },
  };
}
