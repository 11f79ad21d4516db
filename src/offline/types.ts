/**
 * The offline payment objects, as the contract's EIP-712 types (contracts/offline/IOfflinePurses.sol). Nothing
 * here touches a network: a payer's and a payee's devices use these offline.
 */
import type { TypedDataField } from "ethers";

/** The EIP-712 domain of an OfflinePurses deployment (read once online with `offlineDomain`, then kept). */
export interface OfflineDomain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

/** A cheque: the device of `purse` pays `amount` tiyn to `payee`, redeemable until `expiry` (unix seconds). */
export interface Cheque {
  purse: string;
  payee: string;
  amount: bigint;
  serial: number;
  expiry: bigint;
}

/** An ERC-2098 compact signature: `r` and `vs` (yParity in the top bit of s), both 32-byte hex. */
export interface CompactSignature {
  r: string;
  vs: string;
}

/** A cheque with its device signature, as the contract's SignedCheque. */
export interface SignedCheque extends CompactSignature {
  cheque: Cheque;
}

/** A purse certificate: `bank` (the owner's bank of record) attests the device key `purse`. */
export interface PurseCertificate {
  purse: string;
  owner: string;
  bank: string;
  capAmount: bigint;
  maxPayments: number;
  expiry: bigint;
}

/** A certificate with the bank's signature. */
export interface SignedCertificate extends CompactSignature {
  certificate: PurseCertificate;
}

/** What a payer's device hands a payee's device: the signed cheque and the purse's signed certificate. */
export interface ChequePresentation {
  signed: SignedCheque;
  certificate: SignedCertificate;
}

/** EIP-712 types, field for field as CHEQUE_TYPEHASH in OfflinePurses.sol. */
export const CHEQUE_TYPES: Record<string, TypedDataField[]> = {
  Cheque: [
    { name: "purse", type: "address" },
    { name: "payee", type: "address" },
    { name: "amount", type: "uint48" },
    { name: "serial", type: "uint8" },
    { name: "expiry", type: "uint40" },
  ],
};

/** EIP-712 types, field for field as CERTIFICATE_TYPEHASH in OfflinePurses.sol. */
export const CERTIFICATE_TYPES: Record<string, TypedDataField[]> = {
  PurseCertificate: [
    { name: "purse", type: "address" },
    { name: "owner", type: "address" },
    { name: "bank", type: "address" },
    { name: "capAmount", type: "uint48" },
    { name: "maxPayments", type: "uint8" },
    { name: "expiry", type: "uint40" },
  ],
};

/** Field bounds of the EIP-712 types (and of the batch encoding). */
export const MAX_AMOUNT = 2n ** 48n - 1n;
export const MAX_EXPIRY = 2n ** 40n - 1n;
export const MAX_SERIAL = 255;

/** IOfflinePurses.PurseStatus. */
export const PurseStatus = { None: 0, Active: 1, Closing: 2, Revoked: 3, Frozen: 4, Closed: 5 } as const;

/** IOfflinePurses.LimitField: which bound of the offline limits a value broke. */
export const LimitField = { MaxAmount: 0, MaxPayments: 1, MaxValidity: 2, GracePeriod: 3 } as const;
