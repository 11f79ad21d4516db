/**
 * A Safe multisig acting as a role holder, in one call: `asSafe(safe, officers).call(target, "fn", [args])`.
 * It proposes the Safe transaction, collects the officers' EIP-712 confirmations, executes it, and for a power the
 * AccessManager delays it schedules the operation first and executes it once the delay has passed. The pilot,
 * the `dkzt:*` tasks (`--safe`) and the governance tests all act as Safes through here.
 */
import {
  AbstractSigner,
  Contract,
  resolveAddress,
  type BaseContract,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  type Provider,
  type TransactionRequest,
  type TypedDataDomain,
  type TypedDataField,
  type Signer,
} from "ethers";
import { AccessManager__factory } from "../../typechain-types";
import type { AccessManager } from "../../typechain-types";
import type { Safe } from "../../typechain-types/safe";
import { SuiteError, type ErrorContext } from "../errors";
import { confirm, propose, submit } from "./safe";

/** Options of {@link asSafe}. */
export interface SafeActorOptions {
  /**
   * The AccessManager that authorises the targets (the suite's `manager`). When absent it is read from the
   * target's `authority()`, or the target is taken as the manager itself when it is one.
   */
  manager?: AccessManager;
  /**
   * Wait out an execution delay instead of returning "scheduled": on a local chain pass a time machine, e.g.
   * `(seconds) => time.increase(seconds)` from hardhat-network-helpers. Never on a real network.
   */
  waitDelay?: (seconds: number) => Promise<unknown>;
  /** Who sends execTransaction (pays the gas): default the first officer. */
  sender?: Signer;
  /** Names for addresses in error messages. */
  labels?: ReadonlyMap<string, string>;
}

/** What a Safe call came to. */
export type SafeCallResult =
  | {
      status: "executed";
      /** Set when the call was a delayed operation, now executed. */
      operationId?: string;
      response: ContractTransactionResponse;
      receipt: ContractTransactionReceipt;
    }
  | {
      /** Scheduled now, or earlier and not ready yet ("waiting"): call again at or after `readyAt`. */
      status: "scheduled" | "waiting";
      operationId: string;
      /** Unix time (seconds) from which the operation may be executed. */
      readyAt: number;
      /** The scheduling transaction (absent when it was scheduled earlier). */
      receipt?: ContractTransactionReceipt;
    };

/**
 * Thrown by the Safe's ethers signer (see {@link SafeActor.signer}) when a call was scheduled rather than made:
 * not a failure, the first half of a delayed operation. Its message says when to run it again.
 */
export class OperationPending extends SuiteError {
  constructor(
    message: string,
    readonly result: Extract<SafeCallResult, { status: "scheduled" | "waiting" }>,
  ) {
    super(message);
    this.name = "OperationPending";
  }
}

/** Something with an address and an ethers Interface: a typechain contract. */
type Target = Pick<BaseContract, "getAddress" | "interface">;

/** A Safe acting as a role holder. */
export interface SafeActor {
  readonly safe: Safe;
  /** The Safe's address (the role holder's address in the AccessManager). */
  address(): Promise<string>;
  /**
   * The Safe calls `target.fn(...args)`. Immediate powers run at once (status "executed"). A delayed power is
   * scheduled in the AccessManager (status "scheduled", with `readyAt`), reported "waiting" when called again
   * early, and executed when called again after the delay, or at once with `waitDelay`. The target's own revert
   * is decoded before anything is signed (a dry run from the Safe's address).
   * @throws SuiteError with the decoded reason when the target or the authority refuses; SafeThresholdNotMet
   *   when fewer officers than the threshold were given.
   */
  call(target: Target, fn: string, args?: readonly unknown[]): Promise<SafeCallResult>;
  /** As {@link call}, with raw calldata. */
  send(to: string, data: string): Promise<SafeCallResult>;
  /**
   * The Safe cancels a scheduled operation (it may: it scheduled it, or it holds the role's guardian role or
   * the ADMIN role). `caller` is the role holder that scheduled it.
   */
  cancel(caller: string, target: string, data: string): Promise<ContractTransactionReceipt>;
  /**
   * The Safe as an ethers Signer, for `contract.connect(actor.signer())` and the operations library:
   * `sendTransaction` runs {@link send}; a delayed call that is only scheduled throws {@link OperationPending}.
   */
  signer(): AbstractSigner;
}

/**
 * The Safe `safe` acting through `officers` (at least its threshold of owners; every one given confirms).
 *
 * @example
 * ```ts
 * const nbk = asSafe(suite.cbSafe, [officer1, officer2], { manager: suite.manager });
 * await nbk.call(suite.desk, "setBudget", [bank, tenge(1_000_000)]);   // immediate: { status: "executed" }
 * const r = await nbk.call(suite.ledger, "setTier", [1, holding, daily]); // delayed: { status: "scheduled", readyAt }
 * // … after the delay (the guardian may cancel meanwhile):
 * await nbk.call(suite.ledger, "setTier", [1, holding, daily]);         // { status: "executed" }
 * // On a local chain, in one go:
 * await asSafe(safe, officers, { manager, waitDelay: (s) => time.increase(s) }).call(ledger, "unpause");
 * ```
 */
export function asSafe(safe: Safe, officers: readonly Signer[], options: SafeActorOptions = {}): SafeActor {
  if (officers.length === 0) throw new SuiteError("asSafe: name at least one officer to confirm");
  const sender = options.sender ?? officers[0];
  const provider = (): Provider => {
    const p = sender.provider ?? safe.runner?.provider;
    if (!p) throw new SuiteError("asSafe: the officers' signers have no provider");
    return p;
  };

  const context = (data: string, target?: Target): ErrorContext => {
    const fn = target?.interface.getFunction(data.slice(0, 10))?.name;
    return { fn, labels: options.labels };
  };

  /** Propose, confirm by every officer, execute; a failure decoded (GSxxx in words). */
  const viaSafe = async (to: string, data: string, ctx: ErrorContext) => {
    const proposal = await propose(safe, to, data);
    for (const officer of officers) await confirm(proposal, officer);
    try {
      const response = await submit(proposal, sender);
      const receipt = await response.wait();
      if (!receipt) throw new SuiteError(`Safe transaction ${response.hash} was dropped`);
      return { response, receipt };
    } catch (err) {
      throw SuiteError.from(err, ctx);
    }
  };

  /** Dry-run `data` on `to` from the Safe's address: the target's refusal, decoded, before anyone signs. */
  const preflight = async (to: string, data: string, ctx: ErrorContext): Promise<void> => {
    try {
      await provider().call({ from: await safe.getAddress(), to, data });
    } catch (err) {
      throw SuiteError.from(err, ctx);
    }
  };

  const managerFor = async (to: string): Promise<AccessManager | undefined> => {
    if (options.manager) return options.manager;
    try {
      const managed = new Contract(to, ["function authority() view returns (address)"], provider());
      const authority = (await managed.getFunction("authority")()) as string;
      return AccessManager__factory.connect(authority, safe.runner);
    } catch {
      // Not an AccessManaged contract: perhaps the AccessManager itself (a role grant), else no authority.
    }
    try {
      const manager = AccessManager__factory.connect(to, safe.runner);
      await manager.ADMIN_ROLE();
      return manager;
    } catch {
      return undefined;
    }
  };

  const now = async (): Promise<number> => {
    const block = await provider().getBlock("latest");
    if (!block) throw new SuiteError("asSafe: no latest block");
    return block.timestamp;
  };

  const send = async (to: string, data: string, target?: Target): Promise<SafeCallResult> => {
    const ctx = context(data, target);
    const address = await safe.getAddress();
    const manager = await managerFor(to);
    if (!manager) {
      await preflight(to, data, ctx);
      return { status: "executed", ...(await viaSafe(to, data, ctx)) };
    }
    const managerAddress = await manager.getAddress();
    const [immediate, delay] = await manager.canCall(address, to, data.slice(0, 10));
    if (immediate || delay === 0n) {
      // Not immediate and no delay: the dry run names the missing role (AccessManagedUnauthorized, decoded).
      await preflight(to, data, ctx);
      return { status: "executed", ...(await viaSafe(to, data, ctx)) };
    }
    const operationId = await manager.hashOperation(address, to, data);
    let readyAt = Number(await manager.getSchedule(operationId));
    let receipt: ContractTransactionReceipt | undefined;
    if (readyAt === 0) {
      const schedule = manager.interface.encodeFunctionData("schedule", [to, data, 0]);
      await preflight(managerAddress, schedule, { ...ctx, contract: "AccessManager" });
      receipt = (await viaSafe(managerAddress, schedule, { ...ctx, contract: "AccessManager" })).receipt;
      readyAt = Number(await manager.getSchedule(operationId));
    }
    const wait = readyAt - (await now());
    if (wait > 0) {
      if (!options.waitDelay) return { status: receipt ? "scheduled" : "waiting", operationId, readyAt, receipt };
      await options.waitDelay(wait);
    }
    const execute = manager.interface.encodeFunctionData("execute", [to, data]);
    await preflight(managerAddress, execute, ctx);
    return { status: "executed", operationId, ...(await viaSafe(managerAddress, execute, ctx)) };
  };

  const actor: SafeActor = {
    safe,
    address: () => safe.getAddress(),
    async call(target, fn, args = []) {
      const fragment = target.interface.getFunction(fn);
      if (!fragment) throw new SuiteError(`asSafe: the target has no function ${fn}`);
      return send(await target.getAddress(), target.interface.encodeFunctionData(fragment, args), target);
    },
    send: (to, data) => send(to, data),
    async cancel(caller, target, data) {
      const manager = options.manager ?? (await managerFor(target));
      if (!manager) throw new SuiteError(`asSafe: ${target} answers to no AccessManager`);
      const cancel = manager.interface.encodeFunctionData("cancel", [caller, target, data]);
      const ctx: ErrorContext = { contract: "AccessManager", fn: "cancel", labels: options.labels };
      await preflight(await manager.getAddress(), cancel, ctx);
      return (await viaSafe(await manager.getAddress(), cancel, ctx)).receipt;
    },
    signer: () => new SafeSigner(actor, provider()),
  };
  return actor;
}

/** When a pending operation may run, in words. */
export function pendingMessage(result: Extract<SafeCallResult, { status: "scheduled" | "waiting" }>): string {
  const when = new Date(result.readyAt * 1000).toISOString();
  const what = result.status === "scheduled" ? "Scheduled" : "Already scheduled, not ready yet";
  return (
    `${what}: operation ${result.operationId} may be executed from ${when} (the guardian may cancel it until ` +
    "then). Run the same command again after that to execute it."
  );
}

/** A Safe as an ethers signer: every transaction goes propose → confirm → execute (scheduling when delayed). */
class SafeSigner extends AbstractSigner {
  constructor(
    private readonly actor: SafeActor,
    provider: Provider,
  ) {
    super(provider);
  }

  override getAddress(): Promise<string> {
    return this.actor.address();
  }

  override connect(provider: Provider | null): SafeSigner {
    if (!provider) throw new SuiteError("a Safe signer needs a provider");
    return new SafeSigner(this.actor, provider);
  }

  override async call(tx: TransactionRequest): Promise<string> {
    return this.provider!.call({ ...tx, from: await this.getAddress() });
  }

  override async estimateGas(tx: TransactionRequest): Promise<bigint> {
    return this.provider!.estimateGas({ ...tx, from: await this.getAddress() });
  }

  override async sendTransaction(tx: TransactionRequest): Promise<ContractTransactionResponse> {
    if (!tx.to) throw new SuiteError("a Safe does not deploy contracts here");
    const result = await this.actor.send(await resolveAddress(tx.to, this.provider), tx.data ?? "0x");
    if (result.status !== "executed") throw new OperationPending(pendingMessage(result), result);
    return result.response;
  }

  override signTransaction(): Promise<string> {
    throw new SuiteError("a Safe signs nothing itself: its officers confirm Safe transactions (asSafe)");
  }

  override signMessage(): Promise<string> {
    throw new SuiteError("a Safe signs nothing itself: its officers confirm Safe transactions (asSafe)");
  }

  override signTypedData(
    _domain: TypedDataDomain,
    _types: Record<string, TypedDataField[]>,
    _value: Record<string, unknown>,
  ): Promise<string> {
    throw new SuiteError("a Safe signs nothing itself: its officers confirm Safe transactions (asSafe)");
  }
}
