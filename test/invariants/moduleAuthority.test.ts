import { expect } from "chai";
import fc from "fast-check";
import {
  ZeroAddress,
  ZeroHash,
  hexlify,
  type BaseContract,
  type Contract,
  type FunctionFragment,
  type ParamType,
} from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { ref } from "../helpers/fixtures";
import { invariantSuite, type InvariantSuite } from "./fixtures";

/**
 * Issue 16's module-authority property: an attacker who controls a registered customer (funded, with every
 * mandate it likes on its own account) calls every state-changing function of every contract of the suite with
 * random arguments — addresses drawn from the victims, itself, the modules and the zero address; amounts from the
 * victims' balances and edge values — and never moves a tiyn of DKZT, stablecoin or gold out of an account that
 * gave no module a mandate and signed nothing. Runs on plain bytecode (@plain): it only calls what unit tests cover.
 */

interface Arena extends InvariantSuite {
  attacker: HardhatEthersSigner;
  victims: HardhatEthersSigner[];
  targets: { name: string; contract: Contract }[];
  pool: string[];
}

async function arena(): Promise<Arena> {
  const f = await invariantSuite();
  const [attacker, victimA, victimB] = f.spare.slice(-3);
  const byA = f.ledger.connect(f.bankA);
  await byA.onboardCustomer(attacker, AccountKind.Individual, Tier.ENHANCED, ref("attacker"));
  await byA.onboardCustomer(victimA, AccountKind.Individual, Tier.ENHANCED, ref("victim-a"));
  await f.ledger.connect(f.bankB).onboardCustomer(victimB, AccountKind.Merchant, Tier.BUSINESS, ref("victim-b"));
  for (const who of [attacker, victimA, victimB]) await byA.transfer(who, tenge(50_000));

  // The victims hold stablecoin and gold too, bought with a mandate they then took back: afterwards they consent
  // to nothing, and have signed nothing the attacker could replay.
  const stable = await f.stablecoin.getAddress();
  await f.ledger.connect(f.exchange).setModuleMandate(stable, true);
  await f.stablecoin.connect(f.exchange).mint(f.exchange, tenge(20_000));
  const goldDesk = await f.goldDesk.getAddress();
  for (const victim of [victimA, victimB]) {
    await f.stablecoin.connect(f.exchange).transfer(victim, tenge(5_000));
    await f.ledger.connect(victim).setModuleMandate(goldDesk, true);
    await f.goldDesk.connect(victim).buy(1_000n, tenge(50_000));
    await f.ledger.connect(victim).setModuleMandate(goldDesk, false);
  }
  // The attacker mandates every module for its own account: whatever it can do with its own money, it may.
  const targets: { name: string; contract: Contract }[] = [];
  for (const [name, value] of Object.entries(f)) {
    const candidate = value as Partial<BaseContract>;
    if (candidate?.interface === undefined || typeof candidate.target !== "string") continue;
    targets.push({ name, contract: value as Contract });
    await f.ledger
      .connect(attacker)
      .setModuleMandate(candidate.target, true)
      .catch(() => undefined);
  }
  const pool = [
    attacker.address,
    victimA.address,
    victimB.address,
    ZeroAddress,
    f.bankA.address,
    ...targets.map((t) => t.contract.target as string),
  ];
  return { ...f, attacker, victims: [victimA, victimB], targets, pool };
}

/** What each victim holds: DKZT, stablecoin, gold. */
async function holdings(f: Arena): Promise<bigint[]> {
  const out: bigint[] = [];
  for (const v of f.victims) {
    out.push(await f.ledger.balanceOf(v), await f.stablecoin.balanceOf(v), await f.gold.balanceOf(v));
  }
  return out;
}

/** A random value for one ABI parameter. */
function argument(type: ParamType, f: Arena, balances: bigint[]): fc.Arbitrary<unknown> {
  if (type.baseType === "array") {
    const child = type.arrayChildren;
    if (child === null) return fc.constant([]);
    const length = type.arrayLength !== null && type.arrayLength >= 0 ? type.arrayLength : undefined;
    return length !== undefined
      ? fc.array(argument(child, f, balances), { minLength: length, maxLength: length })
      : fc.array(argument(child, f, balances), { maxLength: 3 });
  }
  if (type.baseType === "tuple") {
    return fc.tuple(...(type.components ?? []).map((c) => argument(c, f, balances)));
  }
  if (type.type === "address") return fc.constantFrom(...f.pool);
  if (type.type === "bool") return fc.boolean();
  if (type.type.startsWith("uint")) {
    const bits = Number(type.type.slice(4) || "256");
    const max = (1n << BigInt(bits)) - 1n;
    return fc.oneof(
      fc.constantFrom(0n, 1n, 100n, ...balances.filter((b) => b <= max), max),
      fc.bigInt({ min: 0n, max: max < 1n << 64n ? max : 1n << 64n }),
    );
  }
  if (type.type.startsWith("int")) return fc.bigInt({ min: -1000n, max: 1000n });
  if (type.type === "bytes32") {
    return fc.oneof(
      fc.constant(ZeroHash),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b)),
    );
  }
  if (type.type.startsWith("bytes") && type.type !== "bytes") {
    const size = Number(type.type.slice(5));
    return fc.uint8Array({ minLength: size, maxLength: size }).map((b) => hexlify(b));
  }
  if (type.type === "bytes") return fc.uint8Array({ maxLength: 96 }).map((b) => hexlify(b));
  if (type.type === "string") return fc.string({ maxLength: 12 });
  return fc.constant(0n);
}

describe("module authority: a hostile customer never moves a non-consenting account's money @plain", () => {
  it("random calls to every state-changing function of every suite contract leave the victims' holdings whole", async () => {
    const f = await loadFixture(arena);
    const start = await holdings(f);
    expect(start.every((x) => x > 0n)).to.equal(true, "every victim holds DKZT, stablecoin and gold");
    const calls = f.targets.flatMap(({ name, contract }) =>
      contract.interface.fragments
        .filter((frag) => frag.type === "function")
        .map((frag) => frag as FunctionFragment)
        .filter((fn) => !fn.constant && fn.stateMutability !== "view" && fn.stateMutability !== "pure")
        .map((fn) => ({ name, contract, fn })),
    );
    expect(calls.length).to.be.greaterThan(100);
    let sent = 0;
    let succeeded = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc
            .integer({ min: 0, max: calls.length - 1 })
            .chain((i) => fc.tuple(fc.constant(i), fc.tuple(...calls[i].fn.inputs.map((p) => argument(p, f, start))))),
          { minLength: 1, maxLength: 12 },
        ),
        async (sequence) => {
          for (const [i, args] of sequence) {
            const { contract, fn } = calls[i];
            sent++;
            try {
              const send = (contract.connect(f.attacker) as Contract).getFunction(fn.format());
              const tx = await send.send(...args);
              await tx.wait();
              succeeded++;
            } catch {
              // Refused: what the ledger and the modules are for.
            }
            const now = await holdings(f);
            now.forEach((held, k) =>
              expect(held >= start[k], `${fn.format()} took victim holding #${k}`).to.equal(true),
            );
          }
        },
      ),
      { numRuns: 40, seed: 16 },
    );
    expect(sent).to.be.greaterThan(100);
    // Some calls must get through (the attacker's own business), or the property says nothing.
    expect(succeeded).to.be.greaterThan(0);
  });
});
