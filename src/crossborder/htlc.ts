/**
 * Hashed time locks: secrets, hashlocks (sha256, the cross-chain norm) and the payment commitment a lock carries
 * (see contracts/crossborder/IHashedTimelock.sol).
 */
import { AbiCoder, hexlify, isHexString, keccak256, randomBytes, sha256 } from "ethers";
import { bicToBytes11, uetrToBytes16 } from "./iso20022";

/** A fresh 32-byte secret (keep it off-chain until claiming). */
export function newSecret(): string {
  return hexlify(randomBytes(32));
}

/** The hashlock of a 32-byte secret: sha256 over its 32 bytes, as the contract computes it. */
export function hashlockOf(secret: string): string {
  if (typeof secret !== "string" || !isHexString(secret, 32)) {
    throw new Error(`a hashlock secret is 32 bytes of hex (0x and 64 hex digits): ${JSON.stringify(secret)}`);
  }
  return sha256(secret);
}

/** A payment link in message terms: the pacs.008's UETR and agents, and the FX quote. */
export interface PaymentLinkText {
  uetr: string;
  debtorAgent: string;
  creditorAgent: string;
  quoteId: string;
  quoteExpiry: bigint | number;
}

/** IHashedTimelock.PaymentLink as the contract takes it. */
export interface PaymentLink {
  uetr: string;
  debtorAgent: string;
  creditorAgent: string;
  quoteId: string;
  quoteExpiry: bigint;
}

export function toPaymentLink(link: PaymentLinkText): PaymentLink {
  return {
    uetr: uetrToBytes16(link.uetr),
    debtorAgent: bicToBytes11(link.debtorAgent),
    creditorAgent: bicToBytes11(link.creditorAgent),
    quoteId: link.quoteId,
    quoteExpiry: BigInt(link.quoteExpiry),
  };
}

/** keccak256(abi.encode(uetr, debtorAgent, creditorAgent, quoteId, quoteExpiry)): what a lock commits to. */
export function paymentRefOf(link: PaymentLink): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes16", "bytes11", "bytes11", "bytes32", "uint256"],
      [link.uetr, link.debtorAgent, link.creditorAgent, link.quoteId, link.quoteExpiry],
    ),
  );
}
