import { AbiCoder, concat, isHexString, keccak256 } from "ethers";

/**
 * A Merkle tree of beneficiary ids as PurposePrograms.enrolByProof verifies it: OpenZeppelin's standard-tree
 * leaf `keccak256(bytes.concat(keccak256(abi.encode(bytes32 id))))` (double hashing, so a leaf is never an
 * inner node), pairs hashed in sorted order (OpenZeppelin MerkleProof). Built in memory: 100 000 ids take about a
 * second.
 */
export class BeneficiaryTree {
  private readonly layers: string[][];
  private readonly position = new Map<string, number>();

  constructor(ids: readonly string[]) {
    if (ids.length === 0) throw new Error("a beneficiary tree needs at least one id");
    const leaves = ids.map((id) => beneficiaryLeaf(id));
    leaves.forEach((leaf, i) => {
      if (this.position.has(leaf)) throw new Error(`duplicate beneficiary id ${ids[i]}`);
      this.position.set(leaf, i);
    });
    this.layers = [leaves];
    while (this.layers[this.layers.length - 1].length > 1) {
      const below = this.layers[this.layers.length - 1];
      const layer: string[] = [];
      for (let i = 0; i < below.length; i += 2) {
        layer.push(i + 1 < below.length ? hashPair(below[i], below[i + 1]) : below[i]);
      }
      this.layers.push(layer);
    }
  }

  /** The root the funder publishes with setBeneficiaryRoot. */
  get root(): string {
    return this.layers[this.layers.length - 1][0];
  }

  /** The proof of `id` (throws if it is not in the list). */
  proof(id: string): string[] {
    let index = this.position.get(beneficiaryLeaf(id));
    if (index === undefined) throw new Error(`${id} is not in the beneficiary list`);
    const proof: string[] = [];
    for (let level = 0; level < this.layers.length - 1; level++) {
      const layer = this.layers[level];
      const sibling = index ^ 1;
      if (sibling < layer.length) proof.push(layer[sibling]);
      index = Math.floor(index / 2);
    }
    return proof;
  }
}

/** The leaf of beneficiary id `id` (a bytes32). */
export function beneficiaryLeaf(id: string): string {
  if (typeof id !== "string" || !isHexString(id, 32)) {
    throw new Error(`a beneficiary id is a bytes32 (0x and 64 hex digits), got ${JSON.stringify(id)}`);
  }
  return keccak256(keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32"], [id])));
}

function hashPair(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}
