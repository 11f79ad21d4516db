/**
 * Signing and hashing cheques and certificates (EIP-712), offline. A device key is an ethers `Wallet` (or its
 * `SigningKey`): signing is synchronous and needs no provider.
 */
import { getAddress, Signature, SigningKey, TypedDataEncoder, recoverAddress } from "ethers";
import type { BaseWallet } from "ethers";
import {
  CERTIFICATE_TYPES,
  CHEQUE_TYPES,
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
  const sig = Signature.from(signature);
  return { r: sig.r, vs: sig.yParityAndS };
}

/** The address that signed `digest` with compact signature `sig` (throws on a malformed signature). */
export function signerOf(digest: string, sig: CompactSignature): string {
  return recoverAddress(digest, Signature.from({ r: sig.r, yParityAndS: sig.vs }));
}

/** Sign `cheque` with device key `key` (the purse's key). */
export function signCheque(domain: OfflineDomain, key: Key, cheque: Cheque): SignedCheque {
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
