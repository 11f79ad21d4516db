/**
 * One load phase: the planned payments as ERC-20 `transfer(to, amount)` calls on one token, pre-signed by the
 * load wallets (each its own nonce sequence), sent concurrently over batched JSON-RPC, followed to inclusion block by
 * block, then read back (receipts, Transfer events, balances) for the reconciler.
 *
 * The clock runs from the first send to the block that includes the last payment: signing happens before (the
 * client's signing speed is not the ledger's throughput), reading receipts and balances after.
 */
import { Interface, Transaction, getAddress, id, toBeHex, type Wallet } from "ethers";
import { SingleBar, Presets } from "cli-progress";
import type { LoadPlan } from "./plan";
import type { RpcClient } from "./rpc";
import type { ObservedReceipt, ObservedTransfer, ReconcileInput, SentPayment } from "./reconcile";

const ERC20 = new Interface([
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
]);
const TRANSFER_TOPIC = id("Transfer(address,address,uint256)");

export interface FeeSettings {
  /** Gas limit of every payment: the same for every token, above what any needs. */
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface PhaseOptions {
  label: string;
  rpc: RpcClient;
  chainId: bigint;
  token: string;
  plan: LoadPlan;
  /** Each wallet's next nonce when the phase starts. */
  startNonces: readonly number[];
  fees: FeeSettings;
  /** Raw transactions per JSON-RPC batch request. */
  batchSize: number;
  /** Batch requests in flight at once. */
  parallel: number;
  /** Draw a progress bar on stderr. */
  progress: boolean;
  /** Give up waiting when no payment has been included for this long (ms). */
  stallMs?: number;
}

export interface PhaseResult {
  label: string;
  token: string;
  /** Seconds from the first send to the block that includes the last payment. */
  seconds: number;
  /** Seconds spent handing the signed payments to the node. */
  sendSeconds: number;
  /** Seconds spent signing, before the clock. */
  signSeconds: number;
  paymentsPerSecond: number;
  firstBlock: number;
  lastBlock: number;
  /** Blocks that contain at least one payment of the phase. */
  blocksWithPayments: number;
  maxPaymentsPerBlock: number;
  meanGasPerPayment: number;
  /** Payments the node refused at send time (with the first few reasons). */
  rejectedAtSend: number;
  rejectReasons: string[];
  /** What the reconciler needs. */
  observed: ReconcileInput;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sign every payment of the plan for `token` (EIP-1559 transactions, nonces from `startNonces`). */
export function signPayments(
  plan: LoadPlan,
  token: string,
  chainId: bigint,
  startNonces: readonly number[],
  fees: FeeSettings,
): { raw: string; payment: SentPayment }[] {
  const wallets: readonly Wallet[] = plan.wallets;
  return plan.payments.map((p) => {
    const tx = Transaction.from({
      type: 2,
      chainId,
      nonce: startNonces[p.from] + p.index,
      to: token,
      data: ERC20.encodeFunctionData("transfer", [wallets[p.to].address, p.amount]),
      value: 0n,
      gasLimit: fees.gasLimit,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    tx.signature = wallets[p.from].signingKey.sign(tx.unsignedHash);
    const hash = tx.hash;
    if (hash === null) throw new Error("signed transaction without a hash");
    return {
      raw: tx.serialized,
      payment: { seq: p.seq, from: wallets[p.from].address, to: wallets[p.to].address, amount: p.amount, hash },
    };
  });
}

/** Balances of `accounts` on `token`, read in batches at `blockTag`. */
export async function balancesOf(
  rpc: RpcClient,
  token: string,
  accounts: readonly string[],
  blockTag = "latest",
): Promise<Map<string, bigint>> {
  const answers = await rpc.many(
    accounts.map((a) => ({
      method: "eth_call",
      params: [{ to: token, data: ERC20.encodeFunctionData("balanceOf", [a]) }, blockTag],
    })),
    200,
    2,
  );
  return new Map(
    accounts.map((a, i) => {
      const answer = answers[i];
      if (!answer.ok) throw new Error(`balanceOf(${a}): ${answer.error.message}`);
      return [a.toLowerCase(), BigInt(answer.result as string)];
    }),
  );
}

interface RawReceipt {
  transactionHash: string;
  status: string;
  blockNumber: string;
  gasUsed: string;
}
interface RawLog {
  transactionHash: string;
  topics: string[];
  data: string;
}

const topicAddress = (topic: string): string => getAddress(`0x${topic.slice(26)}`);

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { rpc, plan, token } = options;
  const stallMs = options.stallMs ?? 60_000;
  const accounts = plan.wallets.map((w) => w.address);
  const initial = await balancesOf(rpc, token, accounts);

  const signStarted = performance.now();
  const signed = signPayments(plan, token, options.chainId, options.startNonces, options.fees);
  const signSeconds = (performance.now() - signStarted) / 1000;

  const firstBlock = Number(await rpc.call<string>("eth_blockNumber")) + 1;
  const pending = new Set(signed.map((s) => s.payment.hash.toLowerCase()));
  const perBlock = new Map<number, number>();
  const bar = options.progress
    ? new SingleBar(
        {
          format: `${options.label.padEnd(6)} |{bar}| {value}/{total} included | {sent} sent | {rate} payments/s`,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(signed.length, 0, { sent: 0, rate: "0" });

  const started = performance.now();
  let sent = 0;
  let sendDone = false;
  let sendSeconds = 0;
  let rejectedAtSend = 0;
  const rejectReasons: string[] = [];
  let lastInclusion = started;

  const sending = rpc
    .many(
      signed.map((s) => ({ method: "eth_sendRawTransaction", params: [s.raw] })),
      options.batchSize,
      options.parallel,
      (n) => {
        sent += n;
        bar?.update({ sent });
      },
    )
    .then((answers) => {
      answers.forEach((answer, i) => {
        if (!answer.ok) {
          rejectedAtSend += 1;
          if (rejectReasons.length < 5) rejectReasons.push(answer.error.message);
          pending.delete(signed[i].payment.hash.toLowerCase());
        }
      });
      sendSeconds = (performance.now() - started) / 1000;
      sendDone = true;
    });

  // Follow the chain block by block until every accepted payment is in a block (or nothing moves for stallMs).
  let nextBlock = firstBlock;
  let included = 0;
  let finished = started;
  while (!(sendDone && pending.size === 0)) {
    const head = Number(await rpc.call<string>("eth_blockNumber"));
    if (head >= nextBlock) {
      const numbers = Array.from({ length: head - nextBlock + 1 }, (_, i) => nextBlock + i);
      const blocks = await rpc.many(
        numbers.map((n) => ({ method: "eth_getBlockByNumber", params: [toBeHex(n), false] })),
        50,
        1,
      );
      blocks.forEach((answer, i) => {
        if (!answer.ok) throw new Error(`block ${numbers[i]}: ${answer.error.message}`);
        const { transactions } = answer.result as { transactions: string[] };
        let mine = 0;
        for (const hash of transactions) if (pending.delete(hash.toLowerCase())) mine += 1;
        if (mine > 0) {
          perBlock.set(numbers[i], mine);
          included += mine;
          lastInclusion = performance.now();
          finished = lastInclusion;
        }
      });
      nextBlock = head + 1;
      const elapsed = (performance.now() - started) / 1000;
      bar?.update(included, { sent, rate: elapsed > 0 ? (included / elapsed).toFixed(1) : "0" });
    } else if (performance.now() - lastInclusion > stallMs && sendDone) {
      break;
    } else {
      await sleep(25);
    }
  }
  await sending;
  bar?.stop();
  const seconds = (finished - started) / 1000;
  const lastBlock = nextBlock - 1;

  // After the clock: receipts, the token's Transfer events over the phase's blocks, final balances.
  const receiptAnswers = await rpc.many(
    signed.map((s) => ({ method: "eth_getTransactionReceipt", params: [s.payment.hash] })),
    200,
    2,
  );
  const receipts: ObservedReceipt[] = [];
  for (const answer of receiptAnswers) {
    if (!answer.ok || answer.result === null) continue;
    const r = answer.result as RawReceipt;
    receipts.push({
      hash: r.transactionHash,
      status: Number(r.status),
      blockNumber: Number(r.blockNumber),
      gasUsed: BigInt(r.gasUsed),
    });
  }
  const transfers: ObservedTransfer[] = [];
  if (lastBlock >= firstBlock) {
    const logs = await rpc.call<RawLog[]>("eth_getLogs", [
      { fromBlock: toBeHex(firstBlock), toBlock: toBeHex(lastBlock), address: token, topics: [TRANSFER_TOPIC] },
    ]);
    for (const log of logs) {
      transfers.push({
        txHash: log.transactionHash,
        from: topicAddress(log.topics[1]),
        to: topicAddress(log.topics[2]),
        value: BigInt(log.data),
      });
    }
  }
  const final = await balancesOf(rpc, token, accounts);
  const gas = receipts.reduce((sum, r) => sum + r.gasUsed, 0n);

  return {
    label: options.label,
    token,
    seconds,
    sendSeconds,
    signSeconds,
    paymentsPerSecond: seconds > 0 ? included / seconds : 0,
    firstBlock,
    lastBlock,
    blocksWithPayments: perBlock.size,
    maxPaymentsPerBlock: Math.max(0, ...perBlock.values()),
    meanGasPerPayment: receipts.length > 0 ? Number(gas / BigInt(receipts.length)) : 0,
    rejectedAtSend,
    rejectReasons,
    observed: {
      wallets: accounts,
      payments: signed.map((s) => s.payment),
      initial,
      receipts,
      transfers,
      final,
    },
  };
}

/**
 * One token's slices as one phase: times and counts added up, blocks from the first slice's first to the last
 * slice's last, and one observation (initial balances before the first slice, final after the last, every payment,
 * receipt and Transfer event) that the reconciler checks as a whole. Between two slices of a token only the other
 * tokens move, so the balances chain exactly.
 */
export function mergePhases(label: string, parts: readonly PhaseResult[]): PhaseResult {
  if (parts.length === 0) throw new Error(`no slices for ${label}`);
  const sum = (f: (p: PhaseResult) => number): number => parts.reduce((total, p) => total + f(p), 0);
  const included = Math.round(sum((p) => p.paymentsPerSecond * p.seconds));
  const seconds = sum((p) => p.seconds);
  const receipts = parts.flatMap((p) => p.observed.receipts);
  const gas = receipts.reduce((total, r) => total + r.gasUsed, 0n);
  return {
    label,
    token: parts[0].token,
    seconds,
    sendSeconds: sum((p) => p.sendSeconds),
    signSeconds: sum((p) => p.signSeconds),
    paymentsPerSecond: seconds > 0 ? included / seconds : 0,
    firstBlock: parts[0].firstBlock,
    lastBlock: parts[parts.length - 1].lastBlock,
    blocksWithPayments: sum((p) => p.blocksWithPayments),
    maxPaymentsPerBlock: Math.max(...parts.map((p) => p.maxPaymentsPerBlock)),
    meanGasPerPayment: receipts.length > 0 ? Number(gas / BigInt(receipts.length)) : 0,
    rejectedAtSend: sum((p) => p.rejectedAtSend),
    rejectReasons: parts.flatMap((p) => p.rejectReasons).slice(0, 5),
    observed: {
      wallets: parts[0].observed.wallets,
      payments: parts.flatMap((p) => p.observed.payments),
      initial: parts[0].observed.initial,
      receipts,
      transfers: parts.flatMap((p) => p.observed.transfers),
      final: parts[parts.length - 1].observed.final,
    },
  };
}
