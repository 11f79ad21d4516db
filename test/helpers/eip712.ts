/**
 * EIP-712 for tests: domains built from the contract's own `eip712Domain()` (ERC-5267), never hard-coded, and
 * signers for the typed data the ledger accepts: ERC-2612 Permit and ERC-3009 TransferWithAuthorization /
 * ReceiveWithAuthorization / CancelAuthorization. (STYLE.md 20; OpenZeppelin `test/helpers/eip712.js`.)
 */
import { Signature, TypedDataEncoder, getBigInt, hexlify, randomBytes, toBeHex, zeroPadValue } from "ethers";
import type { BigNumberish, Signer, TypedDataDomain, TypedDataField } from "ethers";

/** Anything that implements ERC-5267 `eip712Domain()` (typechain's return shape). */
export interface Eip712Source {
  eip712Domain(): Promise<{
    fields: string;
    name: string;
    version: string;
    chainId: bigint;
    verifyingContract: string;
    salt: string;
  }>;
}

/** Bits of ERC-5267's `fields` byte, in its order. */
const FIELD_BITS = { name: 0x01, version: 0x02, chainId: 0x04, verifyingContract: 0x08, salt: 0x10 } as const;

/** The contract's EIP-712 domain, with exactly the fields its `eip712Domain()` says it uses. */
export async function domainOf(contract: Eip712Source): Promise<TypedDataDomain> {
  const d = await contract.eip712Domain();
  const fields = Number(d.fields);
  const domain: TypedDataDomain = {};
  if (fields & FIELD_BITS.name) domain.name = d.name;
  if (fields & FIELD_BITS.version) domain.version = d.version;
  if (fields & FIELD_BITS.chainId) domain.chainId = d.chainId;
  if (fields & FIELD_BITS.verifyingContract) domain.verifyingContract = d.verifyingContract;
  if (fields & FIELD_BITS.salt) domain.salt = d.salt;
  return domain;
}

/** The domain separator of `domain` (what `DOMAIN_SEPARATOR()` must return). */
export function domainSeparator(domain: TypedDataDomain): string {
  return TypedDataEncoder.hashDomain(domain);
}

// ---------------------------------------------------------------- entry points

/**
 * The signed entry points by full signature: each is overloaded ((v, r, s) and `bytes signature`, ERC-7597/7598),
 * so typechain names them so (`token[SIGNED.permit](...)`). The same names on the ledger and the stablecoins.
 */
export const SIGNED = {
  permit: "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
  permitBytes: "permit(address,address,uint256,uint256,bytes)",
  transfer: "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
  transferBytes: "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)",
  receive: "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
  receiveBytes: "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)",
  cancel: "cancelAuthorization(address,bytes32,uint8,bytes32,bytes32)",
  cancelBytes: "cancelAuthorization(address,bytes32,bytes)",
} as const;

// ---------------------------------------------------------------- types

export const PermitTypes: Record<string, TypedDataField[]> = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const AUTHORIZATION_FIELDS: TypedDataField[] = [
  { name: "from", type: "address" },
  { name: "to", type: "address" },
  { name: "value", type: "uint256" },
  { name: "validAfter", type: "uint256" },
  { name: "validBefore", type: "uint256" },
  { name: "nonce", type: "bytes32" },
];

export const TransferWithAuthorizationTypes: Record<string, TypedDataField[]> = {
  TransferWithAuthorization: AUTHORIZATION_FIELDS,
};

export const ReceiveWithAuthorizationTypes: Record<string, TypedDataField[]> = {
  ReceiveWithAuthorization: AUTHORIZATION_FIELDS,
};

export const CancelAuthorizationTypes: Record<string, TypedDataField[]> = {
  CancelAuthorization: [
    { name: "authorizer", type: "address" },
    { name: "nonce", type: "bytes32" },
  ],
};

// ---------------------------------------------------------------- messages

export interface PermitMessage {
  owner: string;
  spender: string;
  value: BigNumberish;
  nonce: BigNumberish;
  deadline: BigNumberish;
}

/** An ERC-3009 authorisation: `from` pays `to` `value`, valid strictly between the two times, once (`nonce`). */
export interface Authorization {
  from: string;
  to: string;
  value: BigNumberish;
  validAfter: BigNumberish;
  validBefore: BigNumberish;
  nonce: string;
}

export interface CancelMessage {
  authorizer: string;
  nonce: string;
}

/** A fresh random ERC-3009 nonce (unordered bytes32). */
export function randomNonce(): string {
  return hexlify(randomBytes(32));
}

// ---------------------------------------------------------------- signing

/** Sign an ERC-2612 Permit in `domain`. */
export async function signPermit(signer: Signer, domain: TypedDataDomain, message: PermitMessage): Promise<Signature> {
  return Signature.from(await signer.signTypedData(domain, PermitTypes, message));
}

/** Sign an ERC-3009 TransferWithAuthorization in `domain`. */
export async function signTransferAuthorization(
  signer: Signer,
  domain: TypedDataDomain,
  message: Authorization,
): Promise<Signature> {
  return Signature.from(await signer.signTypedData(domain, TransferWithAuthorizationTypes, message));
}

/** Sign an ERC-3009 ReceiveWithAuthorization in `domain`. */
export async function signReceiveAuthorization(
  signer: Signer,
  domain: TypedDataDomain,
  message: Authorization,
): Promise<Signature> {
  return Signature.from(await signer.signTypedData(domain, ReceiveWithAuthorizationTypes, message));
}

/** Sign an ERC-3009 CancelAuthorization in `domain`. */
export async function signCancelAuthorization(
  signer: Signer,
  domain: TypedDataDomain,
  message: CancelMessage,
): Promise<Signature> {
  return Signature.from(await signer.signTypedData(domain, CancelAuthorizationTypes, message));
}

/** The digests the contract recovers from (for ERC-1271 checks and expected recovered signers). */
export const digest = {
  permit: (domain: TypedDataDomain, m: PermitMessage): string => TypedDataEncoder.hash(domain, PermitTypes, m),
  transfer: (domain: TypedDataDomain, m: Authorization): string =>
    TypedDataEncoder.hash(domain, TransferWithAuthorizationTypes, m),
  receive: (domain: TypedDataDomain, m: Authorization): string =>
    TypedDataEncoder.hash(domain, ReceiveWithAuthorizationTypes, m),
  cancel: (domain: TypedDataDomain, m: CancelMessage): string =>
    TypedDataEncoder.hash(domain, CancelAuthorizationTypes, m),
};

// ---------------------------------------------------------------- malformed signatures

/** The (v, r, s) triple the ledger's permit and ERC-3009 entry points take. */
export interface Vrs {
  v: number;
  r: string;
  s: string;
}

/** Order of secp256k1's group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * The malleable twin of `sig`: (r, n - s, flipped v) recovers to the same signer under raw `ecrecover`, and
 * has a "high" s, which OpenZeppelin's ECDSA rejects (ECDSAInvalidSignatureS).
 */
export function malleable(sig: Vrs): Vrs {
  const highS = SECP256K1_N - getBigInt(sig.s);
  return { v: sig.v === 27 ? 28 : 27, r: sig.r, s: zeroPadValue(toBeHex(highS), 32) };
}

/** A syntactically valid (v, r, s) for which `ecrecover` returns the zero address (r = 0 is off the curve). */
export const ZERO_RECOVERING_SIGNATURE: Readonly<Vrs> = {
  v: 27,
  r: zeroPadValue("0x", 32),
  s: zeroPadValue("0x01", 32),
};
