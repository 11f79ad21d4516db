/**
 * Invoices (payment requests) off-chain: the EIP-712 types the MerchantPayments contract checks, signing and
 * verifying them, and the payer's authorisation a POS relays. The domain is always read from the contract
 * (`eip712Domain()`), never hard-coded.
 */
import { Signature, TypedDataEncoder, verifyTypedData, type Signer, type TypedDataDomain } from "ethers";
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
  return TypedDataEncoder.hash(domain, INVOICE_TYPES, invoice);
}

/** The merchant signs `invoice` (65-byte signature). */
export async function signInvoice(merchant: Signer, domain: TypedDataDomain, invoice: Invoice): Promise<string> {
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
  const sig = Signature.from(signature);
  return { r: sig.r, yParityAndS: sig.yParityAndS };
}

/** Rebuild the 65-byte signature from its compact halves. */
export function fromCompact(r: string, yParityAndS: string): string {
  return Signature.from({ r, yParityAndS }).serialized;
}
