import type { TypedDataDomain } from "ethers";

/** A contract that publishes its EIP-712 domain (ERC-5267). */
interface HasDomain {
  eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }>;
}

/** The EIP-712 domain, read from the contract (ERC-5267), never hard-coded; `override` makes wrong domains. */
export async function domainOf(contract: HasDomain, override: Partial<TypedDataDomain> = {}): Promise<TypedDataDomain> {
  const d = await contract.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract, ...override };
}

export const STEP_ATTESTATION_TYPES = {
  StepAttestation: [
    { name: "account", type: "address" },
    { name: "day", type: "uint32" },
    { name: "steps", type: "uint32" },
    { name: "claimId", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
};

export const GUARDIAN_INSTRUCTION_TYPES = {
  GuardianInstruction: [
    { name: "minor", type: "address" },
    { name: "dailyCap", type: "uint256" },
    { name: "categories", type: "uint16[]" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
