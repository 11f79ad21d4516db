/**
 * Safe multisig wallets as role holders: deployed from the compiled artifacts @safe-global/safe-contracts 1.4.1
 * publishes (never re-implemented), with typed helpers to propose, confirm and execute a transaction.
 */
import { ZeroAddress, type Signer, type TypedDataDomain, type TypedDataField } from "ethers";
import { Safe__factory, SafeProxyFactory__factory } from "../../typechain-types/safe";
import type { Safe, SafeProxyFactory } from "../../typechain-types/safe";

export interface SafeInfra {
  singleton: Safe;
  factory: SafeProxyFactory;
}

/** A Safe transaction, as the Safe hashes it (EIP-712 `SafeTx`). Only CALL (operation 0) is used here. */
export interface SafeTx {
  to: string;
  value: bigint;
  data: string;
  operation: 0;
  safeTxGas: bigint;
  baseGas: bigint;
  gasPrice: bigint;
  gasToken: string;
  refundReceiver: string;
  nonce: bigint;
}

/** A proposal collecting owners' confirmations. */
export interface SafeProposal {
  safe: Safe;
  tx: SafeTx;
  signatures: Map<string, string>; // owner (lower-case) → 65-byte signature
}

const SAFE_TX_TYPES: Record<string, TypedDataField[]> = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** Safe's revert codes (GSxxx) in words: the table lives with the suite's other errors (src/errors.ts). */
export { SAFE_ERRORS } from "../errors";

/** Thrown before sending when a proposal has fewer confirmations than the threshold. */
export class SafeThresholdNotMet extends Error {
  constructor(
    readonly safe: string,
    readonly have: number,
    readonly need: number,
  ) {
    super(`Safe ${safe} needs ${need} confirmations, has ${have}: collect more before executing`);
    this.name = "SafeThresholdNotMet";
  }
}

/** Deploy the Safe singleton and proxy factory (once per network). */
export async function deploySafeInfra(deployer: Signer): Promise<SafeInfra> {
  const singleton = await new Safe__factory(deployer).deploy();
  const factory = await new SafeProxyFactory__factory(deployer).deploy();
  await Promise.all([singleton.waitForDeployment(), factory.waitForDeployment()]);
  return { singleton, factory };
}

/** Create a Safe with `owners` and `threshold` (e.g. 2-of-3 officers). */
export async function createSafe(
  infra: SafeInfra,
  deployer: Signer,
  owners: string[],
  threshold: number,
  saltNonce: bigint = BigInt(Date.now()),
): Promise<Safe> {
  const initializer = infra.singleton.interface.encodeFunctionData("setup", [
    owners,
    threshold,
    ZeroAddress,
    "0x",
    ZeroAddress,
    ZeroAddress,
    0,
    ZeroAddress,
  ]);
  const factory = infra.factory.connect(deployer);
  const singleton = await infra.singleton.getAddress();
  const address = await factory.createProxyWithNonce.staticCall(singleton, initializer, saltNonce);
  await (await factory.createProxyWithNonce(singleton, initializer, saltNonce)).wait();
  return Safe__factory.connect(address, deployer);
}

/** Propose a call from the Safe (to, data) at its current nonce. */
export async function propose(safe: Safe, to: string, data: string, value = 0n): Promise<SafeProposal> {
  const tx: SafeTx = {
    to,
    value,
    data,
    operation: 0,
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: ZeroAddress,
    refundReceiver: ZeroAddress,
    nonce: await safe.nonce(),
  };
  return { safe, tx, signatures: new Map() };
}

/** The EIP-712 domain a Safe 1.4.1 signs under (chain id + the Safe's address). */
export async function safeDomain(safe: Safe): Promise<TypedDataDomain> {
  const { chainId } = (await safe.runner?.provider?.getNetwork()) ?? { chainId: 0n };
  return { chainId, verifyingContract: await safe.getAddress() };
}

/** An owner confirms a proposal: signs the SafeTx typed data. Non-owners are refused here, not on-chain. */
export async function confirm(proposal: SafeProposal, owner: Signer): Promise<void> {
  const address = await owner.getAddress();
  if (!(await proposal.safe.isOwner(address))) {
    throw new Error(`${address} is not an owner of Safe ${await proposal.safe.getAddress()}`);
  }
  const signature = await owner.signTypedData(await safeDomain(proposal.safe), SAFE_TX_TYPES, proposal.tx);
  proposal.signatures.set(address.toLowerCase(), signature);
}

/** The confirmations packed as the Safe wants them: sorted by owner address, ascending. */
export function packSignatures(signatures: Map<string, string>): string {
  const owners = [...signatures.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return "0x" + owners.map((owner) => signatures.get(owner)!.slice(2)).join("");
}

/** Execute a confirmed proposal (any account may send it). Refuses locally when under the threshold. */
export async function execute(proposal: SafeProposal, sender: Signer) {
  return (await submit(proposal, sender)).wait();
}

/** Send a confirmed proposal's execTransaction and return the pending transaction (execute() waits for it). */
export async function submit(proposal: SafeProposal, sender: Signer) {
  const threshold = Number(await proposal.safe.getThreshold());
  if (proposal.signatures.size < threshold) {
    throw new SafeThresholdNotMet(await proposal.safe.getAddress(), proposal.signatures.size, threshold);
  }
  const { tx } = proposal;
  return proposal.safe
    .connect(sender)
    .execTransaction(
      tx.to,
      tx.value,
      tx.data,
      tx.operation,
      tx.safeTxGas,
      tx.baseGas,
      tx.gasPrice,
      tx.gasToken,
      tx.refundReceiver,
      packSignatures(proposal.signatures),
    );
}

/** Propose, confirm by `owners`, execute: a call made by the Safe. */
export async function safeCall(safe: Safe, owners: Signer[], to: string, data: string) {
  const proposal = await propose(safe, to, data);
  for (const owner of owners) await confirm(proposal, owner);
  return execute(proposal, owners[0]);
}
