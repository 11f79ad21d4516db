/**
 * Signing and hashing cheques and certificates (EIP-712), offline. A device key is an ethers `Wallet` (or its
 * `SigningKey`): signing is synchronous and needs no provider.
 */
import { getAddress, isAddress, isHexString, Signature, SigningKey, TypedDataEncoder, recoverAddress } from "ethers";
import type { BaseWallet } from "ethers";
import {
  CERTIFICATE_TYPES,
  CHEQUE_TYPES,
  MAX_AMOUNT,
  MAX_EXPIRY,
  MAX_SERIAL,
  type Cheque,
  type CompactSignature,
  type OfflineDomain,
  type PurseCertificate,
  type SignedCertificate,
  type SignedCheque,
} from "./types";

type Key = BaseWallet | SigningKey;

function signingKey(key: Key): SigningKey {
  return key instanceof SigningKey ? key : key.signingKey;
}

function domainData(domain: OfflineDomain) {
  return {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
  };
}

/** The EIP-712 digest a device signs for `cheque` (equals OfflinePurses.hashCheque). */
export function chequeDigest(domain: OfflineDomain, cheque: Cheque): string {
  return TypedDataEncoder.hash(domainData(domain), CHEQUE_TYPES, cheque);
}

/** The EIP-712 digest a bank signs for `certificate` (equals OfflinePurses.hashCertificate). */
export function certificateDigest(domain: OfflineDomain, certificate: PurseCertificate): string {
  return TypedDataEncoder.hash(domainData(domain), CERTIFICATE_TYPES, certificate);
}

/** Split a signature (65-byte hex or ethers Signature) into the ERC-2098 compact form the contract takes. */
export function compact(signature: string | Signature): CompactSignature {
  let sig: Signature;
  try {
    sig = Signature.from(signature);
  } catch {
    throw new Error(`not a signature (65 bytes r, s, v as hex, or 64 compact): ${JSON.stringify(signature)}`);
  }
  return { r: sig.r, vs: sig.yParityAndS };
}

/** The address that signed `digest` with compact signature `sig` (throws on a malformed signature). */
export function signerOf(digest: string, sig: CompactSignature): string {
  if (!isHexString(digest, 32)) throw new Error(`not a 32-byte digest: ${JSON.stringify(digest)}`);
  let signature: Signature;
  try {
    signature = Signature.from({ r: sig.r, yParityAndS: sig.vs });
  } catch {
    throw new Error(`not a compact signature (r and vs, 32 bytes each): ${JSON.stringify(sig)}`);
  }
  return recoverAddress(digest, signature);
}

/**
 * Check that `cheque` fits the contract's EIP-712 types (uint48 amount, uint8 serial, uint40 expiry, addresses),
 * naming the field that does not. A zero amount or a serial beyond the purse's limit still signs: the contract
 * is what rejects those, with its own error.
 */
export function checkCheque(cheque: Cheque): void {
  for (const field of ["purse", "payee"] as const) {
    if (typeof cheque[field] !== "string" || !isAddress(cheque[field])) {
      throw new Error(`cheque ${field} is not an address: ${JSON.stringify(cheque[field])}`);
    }
  }
  if (typeof cheque.amount !== "bigint" || cheque.amount < 0n || cheque.amount > MAX_AMOUNT) {
    throw new RangeError(`cheque amount must be 0..${MAX_AMOUNT} tiyn (uint48), got ${String(cheque.amount)}`);
  }
  if (!Number.isInteger(cheque.serial) || cheque.serial < 0 || cheque.serial > MAX_SERIAL) {
    throw new RangeError(`cheque serial must be an integer 0..${MAX_SERIAL}, got ${String(cheque.serial)}`);
  }
  if (typeof cheque.expiry !== "bigint" || cheque.expiry < 0n || cheque.expiry > MAX_EXPIRY) {
    throw new RangeError(`cheque expiry must be unix seconds 0..${MAX_EXPIRY} (uint40), got ${String(cheque.expiry)}`);
  }
}

/** Sign `cheque` with device key `key` (the purse's key). */
export function signCheque(domain: OfflineDomain, key: Key, cheque: Cheque): SignedCheque {
  checkCheque(cheque);
  const normalised: Cheque = { ...cheque, purse: getAddress(cheque.purse), payee: getAddress(cheque.payee) };
  return { cheque: normalised, ...compact(signingKey(key).sign(chequeDigest(domain, normalised))) };
}

/** The bank signs `certificate` with its key (the bank's ledger address). */
export function signCertificate(domain: OfflineDomain, bankKey: Key, certificate: PurseCertificate): SignedCertificate {
  return { certificate, ...compact(signingKey(bankKey).sign(certificateDigest(domain, certificate))) };
}

/**
 * The 16-bit fingerprint the contract keeps of the cheque that spent a serial: the digest's top 16 bits, or 1
 * when those are zero (PurseWord.fingerprintOf).
 */
export function fingerprintOf(digest: string): number {
  if (typeof digest !== "string" || !isHexString(digest, 32)) {
    throw new Error(`not a 32-byte cheque digest: ${JSON.stringify(digest)}`);
  }
  const top = Number(BigInt(digest) >> 240n);
  return top === 0 ? 1 : top;
}

/**
 * The bank signs `certificate` with a `Signer` (an HSM, a hardware wallet, a node account): EIP-712
 * `signTypedData`, asynchronous. Same result as {signCertificate} for the same key.
 */
export async function signCertificateWith(
  domain: OfflineDomain,
  bank: { signTypedData: BaseWallet["signTypedData"] },
  certificate: PurseCertificate,
): Promise<SignedCertificate> {
  return { certificate, ...compact(await bank.signTypedData(domainData(domain), CERTIFICATE_TYPES, certificate)) };
}
