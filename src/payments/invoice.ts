/**
 * Invoices (payment requests) off-chain: the EIP-712 types the MerchantPayments contract checks, signing and
 * verifying them, and the payer's authorisation a POS relays. The domain is always read from the contract
 * (`eip712Domain()`), never hard-coded.
 */
import { Signature, TypedDataEncoder, isAddress, verifyTypedData, type Signer, type TypedDataDomain } from "ethers";
import type { MerchantPayments } from "../../typechain-types";

/** A payment request, as IMerchantPayments.Invoice. Amount in tiyn, VAT inclusive; expiry in unix seconds. */
export interface Invoice {
  merchant: string;
  amount: bigint;
  vatCategory: number;
  vatRateBps: number;
  expiry: bigint;
  nonce: bigint;
  orderRef: string;
}

/** A rejected invoice or signature: what is wrong, in words (never ethers' raw message). */
export class InvoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvoiceError";
  }
}

/** Throw InvoiceError unless `invoice.merchant` is an address (EIP-55 checksum respected if mixed case). */
function checkMerchant(invoice: Invoice): void {
  if (typeof invoice.merchant !== "string" || !isAddress(invoice.merchant))
    throw new InvoiceError(`invoice merchant is not an address: ${JSON.stringify(invoice.merchant)}`);
}

export const INVOICE_TYPES = {
  Invoice: [
    { name: "merchant", type: "address" },
    { name: "amount", type: "uint96" },
    { name: "vatCategory", type: "uint8" },
    { name: "vatRateBps", type: "uint16" },
    { name: "expiry", type: "uint40" },
    { name: "nonce", type: "uint256" },
    { name: "orderRef", type: "bytes32" },
  ],
};

export const PAY_AUTHORIZATION_TYPES = {
  PayInvoiceAuthorization: [
    { name: "payer", type: "address" },
    { name: "invoiceId", type: "bytes32" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
  ],
};

/** The contract's EIP-712 domain, read from `eip712Domain()`. */
export async function paymentsDomain(payments: MerchantPayments): Promise<TypedDataDomain> {
  const d = await payments.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

/** The invoice's id: its EIP-712 digest (what the contract emits and stores). */
export function invoiceIdOf(domain: TypedDataDomain, invoice: Invoice): string {
  checkMerchant(invoice);
  return TypedDataEncoder.hash(domain, INVOICE_TYPES, invoice);
}

/** The merchant signs `invoice` (65-byte signature). */
export async function signInvoice(merchant: Signer, domain: TypedDataDomain, invoice: Invoice): Promise<string> {
  checkMerchant(invoice);
  return merchant.signTypedData(domain, INVOICE_TYPES, invoice);
}

/** Whether `signature` is `invoice.merchant`'s signature of `invoice` (an EOA merchant). */
export function isInvoiceSignedByMerchant(domain: TypedDataDomain, invoice: Invoice, signature: string): boolean {
  try {
    return verifyTypedData(domain, INVOICE_TYPES, invoice, signature).toLowerCase() === invoice.merchant.toLowerCase();
  } catch {
    return false;
  }
}

/** A payer's authorisation to pay one invoice, relayed by the POS. */
export interface PayAuthorization {
  payer: string;
  invoiceId: string;
  validAfter: bigint;
  validBefore: bigint;
}

export async function signPayAuthorization(
  payer: Signer,
  domain: TypedDataDomain,
  authorization: PayAuthorization,
): Promise<string> {
  return payer.signTypedData(domain, PAY_AUTHORIZATION_TYPES, authorization);
}

/** Split a 65-byte signature into ERC-2098 compact halves (r, yParityAndS), as the QR payload carries it. */
export function toCompact(signature: string): { r: string; yParityAndS: string } {
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature))
    throw new InvoiceError(`signature is not 65 bytes of 0x-prefixed hex (r, s, v): ${JSON.stringify(signature)}`);
  let sig: Signature;
  try {
    sig = Signature.from(signature);
  } catch {
    throw new InvoiceError(`signature is not a valid secp256k1 signature (bad r, s or v): ${signature}`);
  }
  return { r: sig.r, yParityAndS: sig.yParityAndS };
}

/** The order of secp256k1's group. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Rebuild the 65-byte signature from its compact halves (32 bytes each). */
export function fromCompact(r: string, yParityAndS: string): string {
  const bytes32 = (v: unknown) => typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v);
  if (!bytes32(r) || !bytes32(yParityAndS))
    throw new InvoiceError(
      `compact signature halves must be 32 bytes of 0x-prefixed hex each: r ${JSON.stringify(r)}, yParityAndS ${JSON.stringify(yParityAndS)}`,
    );
  // ethers takes any 32 bytes here; the contract's ECDSA (OpenZeppelin) takes only 0 < r < n and 0 < s <= n/2.
  const s = BigInt(yParityAndS) & ((1n << 255n) - 1n);
  if (BigInt(r) === 0n || BigInt(r) >= SECP256K1_N || s === 0n || s > SECP256K1_N / 2n)
    throw new InvoiceError(
      `compact signature is not a valid secp256k1 signature (bad r or s): r ${r}, yParityAndS ${yParityAndS}`,
    );
  try {
    return Signature.from({ r, yParityAndS }).serialized;
  } catch {
    throw new InvoiceError(
      `compact signature is not a valid secp256k1 signature (bad r or s): r ${r}, yParityAndS ${yParityAndS}`,
    );
  }
}
