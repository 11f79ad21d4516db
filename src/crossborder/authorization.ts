/**
 * The customer's side of a bank-initiated outbound payment: an EIP-3009 ReceiveWithAuthorization to the SWIFT
 * gateway whose nonce is the hash of the payment, so the signature authorises that payment and no other.
 * The EIP-712 domain is read from the ledger (`eip712Domain()`), never hard-coded.
 */
import { AbiCoder, Signature, keccak256, toUtf8Bytes } from "ethers";
import type { Signer, TypedDataDomain } from "ethers";
import type { DigitalTenge } from "../../typechain-types";
import type { OnChainPayment } from "./pacs008";

const PAYMENT_TUPLE =
  "tuple(bytes16 uetr,bytes11 debtorAgent,bytes11 creditorAgent,bytes32 creditorAccountHash,bytes3 currency,uint256 amount,uint8 charges,bytes3 purpose)";
const OUTBOUND_NONCE_TAG = keccak256(toUtf8Bytes("DKZT.SwiftGateway.Outbound.v1"));

/** The nonce the gateway expects: keccak256(abi.encode(tag, payment, deadline)). */
export function outboundNonce(payment: OnChainPayment, deadline: bigint): string {
  if (typeof deadline !== "bigint" || deadline < 0n) {
    throw new RangeError(
      `outboundNonce: the deadline must be unix seconds as a non-negative bigint, got ${String(deadline)}`,
    );
  }
  let encoded: string;
  try {
    encoded = AbiCoder.defaultAbiCoder().encode(
      ["bytes32", PAYMENT_TUPLE, "uint256"],
      [OUTBOUND_NONCE_TAG, payment, deadline],
    );
  } catch (err) {
    // ethers names the offending value in `shortMessage`; say which object it belongs to.
    const reason = (err as { shortMessage?: string }).shortMessage ?? String(err);
    throw new Error(`outboundNonce: not an on-chain payment (build it with toOnChainPayment): ${reason}`);
  }
  return keccak256(encoded);
}

/** ISwiftGateway.Authorization. */
export interface OutboundAuthorization {
  validAfter: bigint;
  validBefore: bigint;
  v: number;
  r: string;
  s: string;
}

/** The ledger's EIP-712 domain, as it reports it. */
export async function ledgerDomain(ledger: DigitalTenge): Promise<TypedDataDomain> {
  const d = await ledger.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

/** `customer` signs the authorisation for `payment` through `gateway`. */
export async function signOutboundAuthorization(
  ledger: DigitalTenge,
  customer: Signer,
  gateway: string,
  payment: OnChainPayment,
  deadline: bigint,
  validity: { validAfter: bigint; validBefore: bigint },
): Promise<OutboundAuthorization> {
  const types = {
    ReceiveWithAuthorization: [
      { name: "from", type: "address" },
      { name: "to", type: "address" },
      { name: "value", type: "uint256" },
      { name: "validAfter", type: "uint256" },
      { name: "validBefore", type: "uint256" },
      { name: "nonce", type: "bytes32" },
    ],
  };
  const message = {
    from: await customer.getAddress(),
    to: gateway,
    value: payment.amount,
    validAfter: validity.validAfter,
    validBefore: validity.validBefore,
    nonce: outboundNonce(payment, deadline),
  };
  const sig = Signature.from(await customer.signTypedData(await ledgerDomain(ledger), types, message));
  return { ...validity, v: sig.v, r: sig.r, s: sig.s };
}
