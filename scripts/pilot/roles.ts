/**
 * How the pilot's role holders act. The central bank, the operator and governance hold their powers through
 * 2-of-3 Safe multisigs, as in production: every call is proposed, confirmed by two officers and executed
 * (src/governance/actor.ts asSafe). A power the AccessManager delays is scheduled first and executed once the
 * delay has passed; the pilot schedules a batch, moves the chain's clock past the delay once, and executes the
 * batch. Holders with a single key (the tax authority, the foreign central bank) schedule their delayed powers
 * the same way.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { BaseContract } from "ethers";
import type { AccessManager } from "../../typechain-types";
import type { Safe } from "../../typechain-types/safe";
import { asSafe, type SafeActor } from "../../src/governance/actor";
import { SuiteError } from "../../src/errors";
import type { Actor } from "./cast";

/** Something with an address and an ethers Interface: a typechain contract. */
type Target = Pick<BaseContract, "getAddress" | "interface">;

/** What one call of a role holder came to: done, or scheduled until `readyAt` (unix seconds). */
export type Outcome = { status: "executed" } | { status: "scheduled" | "waiting"; readyAt: number };

/** A role holder that may act immediately or through a delayed (scheduled) operation. */
export interface RoleHolder extends Actor {
  /** `target.fn(...args)` by the holder: executed at once, or scheduled when the power is delayed. */
  call(target: Target, fn: string, args?: readonly unknown[]): Promise<Outcome>;
}

/** A role holder that is a Safe multisig: its officers (owners), of whom `signing` confirm. */
export interface SafeHolder extends RoleHolder {
  safe: Safe;
  actor: SafeActor;
  threshold: number;
  officers: Actor[];
  signing: Actor[];
}

/**
 * `name`'s Safe acting through the `signing` officers: `signer` is the Safe as an ethers Signer (every transaction
 * proposed, confirmed and executed; a delayed one throws OperationPending), `call` schedules delayed powers.
 */
export async function safeHolder(name: string, safe: Safe, officers: Actor[], signing: Actor[]): Promise<SafeHolder> {
  const actor = asSafe(
    safe,
    signing.map((o) => o.signer),
  );
  return {
    name,
    address: await safe.getAddress(),
    signer: actor.signer(),
    safe,
    actor,
    threshold: Number(await safe.getThreshold()),
    officers,
    signing,
    async call(target, fn, args = []) {
      const result = await actor.call(target, fn, args);
      return result.status === "executed" ? { status: "executed" } : { status: result.status, readyAt: result.readyAt };
    },
  };
}

/** A role holder with its own key, under `manager` (the AccessManager that delays its powers). */
export function keyHolder(actor: Actor, manager: AccessManager): RoleHolder {
  return {
    ...actor,
    async call(target, fn, args = []) {
      const to = await target.getAddress();
      const data = target.interface.encodeFunctionData(fn, args);
      const [immediate, delay] = await manager.canCall(actor.address, to, data.slice(0, 10));
      if (immediate || delay === 0n) {
        // Not immediate and no delay: the call reverts with the authority's refusal, decoded by the caller.
        await (await actor.signer.sendTransaction({ to, data })).wait();
        return { status: "executed" };
      }
      const operationId = await manager.hashOperation(actor.address, to, data);
      let readyAt = Number(await manager.getSchedule(operationId));
      let status: "scheduled" | "waiting" = "waiting";
      if (readyAt === 0) {
        await (await manager.connect(actor.signer).schedule(to, data, 0)).wait();
        readyAt = Number(await manager.getSchedule(operationId));
        status = "scheduled";
      }
      const block = await manager.runner?.provider?.getBlock("latest");
      if (!block) throw new SuiteError("no latest block");
      if (readyAt > block.timestamp) return { status, readyAt };
      await (await manager.connect(actor.signer).execute(to, data)).wait();
      return { status: "executed" };
    },
  };
}

/** One power exercised by a role holder. */
export interface Act {
  by: RoleHolder;
  target: Target;
  fn: string;
  args: readonly unknown[];
}

/** What {@link perform} did. */
export interface Performed {
  /** Calls made at once. */
  immediate: number;
  /** Delayed calls: scheduled, then executed after the delay. */
  delayed: number;
  /** The chain time (unix seconds) the delayed calls were executed at, when there were any. */
  executedAt?: number;
}

/**
 * Make `acts` in order: immediate powers at once, delayed ones scheduled; then, if any was scheduled, move the
 * chain's clock to when all are ready (and not before `notBefore`) and execute them in order. Only on a chain
 * whose clock can move (hardhat, localhost); elsewhere the pilot deploys without delays.
 */
export async function perform(hre: HardhatRuntimeEnvironment, acts: readonly Act[], notBefore = 0): Promise<Performed> {
  const pending: Act[] = [];
  let ready = 0;
  for (const act of acts) {
    const outcome = await act.by.call(act.target, act.fn, act.args);
    if (outcome.status === "executed") continue;
    pending.push(act);
    ready = Math.max(ready, outcome.readyAt);
  }
  if (pending.length === 0) return { immediate: acts.length, delayed: 0 };
  if (!["hardhat", "localhost"].includes(hre.network.name)) {
    throw new SuiteError(`delayed operations scheduled on ${hre.network.name}: the pilot cannot wait out the delay`);
  }
  const latest = await hre.ethers.provider.getBlock("latest");
  const at = Math.max(ready, notBefore);
  if (latest && at > latest.timestamp) {
    await hre.network.provider.send("evm_setNextBlockTimestamp", [at]);
    await hre.network.provider.send("evm_mine", []);
  }
  for (const act of pending) {
    const outcome = await act.by.call(act.target, act.fn, act.args);
    if (outcome.status !== "executed") throw new SuiteError(`${act.by.name}: ${act.fn} still not ready`);
  }
  return { immediate: acts.length - pending.length, delayed: pending.length, executedAt: at };
}

/** "its 2-of-3 Safe 0x1234…abcd (confirmed by A and B)": how a Safe holder acted, for the narrative. */
export function throughSafe(holder: SafeHolder): string {
  const who = holder.signing.map((o) => o.name);
  const names = who.length > 1 ? `${who.slice(0, -1).join(", ")} and ${who[who.length - 1]}` : who.join("");
  return `its ${holder.threshold}-of-${holder.officers.length} Safe ${short(holder.address)} (confirmed by ${names})`;
}

/** 0x1234…abcd */
export function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
