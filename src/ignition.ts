/**
 * Ignition's per-deployment settings for every `hre.ignition.deploy` of the suite.
 *
 * `hre.ignition.deploy` does not read `hardhat.config.ts`'s `ignition` section by itself, so each deployment passes
 * this on: the config's `requiredConfirmations` / `blockPollingInterval` (set from the environment, see
 * .env.example), and on the embedded chain and a local node a 20 ms poll instead of Ignition's default second —
 * those chains mine at once, and a one-second wait per batch of transactions is most of a fixture's deployment time.
 */
import { getAddress } from "ethers";
import * as fs from "node:fs";
import * as path from "node:path";
import { trackTransaction } from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** Networks whose blocks are mined at once (automine): polling fast costs nothing there. */
const LOCAL_NETWORKS: readonly string[] = ["hardhat", "localhost"];

/** Ignition's deploy-time config for `hre`'s network. */
export function ignitionConfig(hre: HardhatRuntimeEnvironment): {
  requiredConfirmations?: number;
  blockPollingInterval?: number;
} {
  const { requiredConfirmations, blockPollingInterval } = hre.config.ignition;
  const local = LOCAL_NETWORKS.includes(hre.network.name) ? 20 : undefined;
  const polling = blockPollingInterval ?? local;
  return {
    ...(requiredConfirmations !== undefined ? { requiredConfirmations } : {}),
    ...(polling !== undefined ? { blockPollingInterval: polling } : {}),
  };
}

/** Journal lines that open a future which must send something before it can be resumed. */
const SENDING_FUTURE_STARTS: readonly string[] = [
  "DEPLOYMENT_EXECUTION_STATE_INITIALIZE",
  "CALL_EXECUTION_STATE_INITIALIZE",
  "SEND_DATA_EXECUTION_STATE_INITIALIZE",
];

/**
 * Make a deployment killed at any instant resumable. Ignition (0.15) journals a future's start and, a moment later,
 * its first network interaction; a process killed between the two leaves a journal Ignition refuses to resume
 * ("IGN1: Unable to find network interaction for … when trying to get pending onchain interaction"). Such a
 * future has sent nothing, so its start line is dropped and the resumed run starts it afresh. Returns the ids of
 * the futures dropped (empty when the journal was whole or absent).
 */
export function repairInterruptedJournal(deploymentDir: string): string[] {
  const file = path.join(deploymentDir, "journal.jsonl");
  if (!fs.existsSync(file)) return [];
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as { type?: string; futureId?: string };
    } catch {
      return undefined; // a line cut short by the kill: dropped below
    }
  });
  const interacted = new Set(parsed.filter((m) => m?.type === "NETWORK_INTERACTION_REQUEST").map((m) => m?.futureId));
  const dropped: string[] = [];
  const kept = lines.filter((_, i) => {
    const message = parsed[i];
    if (message === undefined) {
      dropped.push(`(unreadable line ${i + 1})`);
      return false;
    }
    const orphan = SENDING_FUTURE_STARTS.includes(message.type ?? "") && !interacted.has(message.futureId);
    if (orphan) dropped.push(message.futureId ?? "?");
    return !orphan;
  });
  if (dropped.length > 0) writeJournal(file, kept);
  return dropped;
}

/** The EIP-1193 surface the recovery below needs (Hardhat's `network.provider` has it). */
export interface RequestProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

interface JournalMessage {
  type?: string;
  futureId?: string;
  from?: string;
  networkInteractionId?: number;
  nonce?: number;
}

interface RpcTransaction {
  hash: string;
  from: string;
  nonce: string;
}

/** How far back the recovery looks for a lost transaction (a node answering `latest` far ahead is not local). */
const LOST_TRANSACTION_SEARCH_BLOCKS = 2_000;

/**
 * The transaction `sender` signed with `nonce`, searched from the pending block back to where the sender's nonces
 * fall below it (nonces only grow along the chain), at most LOST_TRANSACTION_SEARCH_BLOCKS back.
 */
async function findSentTransaction(
  provider: RequestProvider,
  sender: string,
  nonce: number,
): Promise<string | undefined> {
  const from = sender.toLowerCase();
  const latest = Number(await provider.request({ method: "eth_blockNumber", params: [] }));
  const tags: string[] = ["pending"];
  for (let n = latest; n >= 0 && n > latest - LOST_TRANSACTION_SEARCH_BLOCKS; n--) tags.push(`0x${n.toString(16)}`);
  for (const tag of tags) {
    const block = (await provider.request({ method: "eth_getBlockByNumber", params: [tag, true] })) as {
      transactions?: (RpcTransaction | string)[];
    } | null;
    const mine = (block?.transactions ?? []).filter(
      (tx): tx is RpcTransaction => typeof tx === "object" && tx.from.toLowerCase() === from,
    );
    const match = mine.find((tx) => Number(tx.nonce) === nonce);
    if (match) return match.hash;
    if (tag !== "pending" && mine.some((tx) => Number(tx.nonce) < nonce)) return undefined;
  }
  return undefined;
}

/**
 * Make a deployment killed between choosing a transaction's nonce and recording that it was sent resumable.
 * Ignition journals the nonce (TRANSACTION_PREPARE_SEND), sends, then journals the send (TRANSACTION_SEND); a
 * process killed in between leaves a journal Ignition refuses to resume for good ("IGN411: An error occurred while
 * trying to send a transaction for future …"). Asking the node tells which side of the send the kill fell on:
 * - the sender's nonce was never used (the pending count is at or below it): nothing was sent, so the nonce line is
 *   dropped and the resumed run prepares the transaction afresh;
 * - the nonce was used: the transaction is found on the node and recorded as Ignition's own `track-tx` would, so
 *   the resumed run waits for it instead of sending the call twice.
 * Returns one phrase per future repaired; throws in words when a used nonce's transaction cannot be found.
 */
export async function recoverLostTransactions(
  deploymentDir: string,
  provider: RequestProvider,
  requiredConfirmations?: number,
  options: { settleMs?: number } = {},
): Promise<string[]> {
  const file = path.join(deploymentDir, "journal.jsonl");
  if (!fs.existsSync(file)) return [];
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const parsed = lines.map((line) => JSON.parse(line) as JournalMessage);
  const key = (m: JournalMessage): string => `${m.futureId}#${m.networkInteractionId}`;
  const sent = new Set(parsed.filter((m) => m.type === "TRANSACTION_SEND").map(key));
  const senders = new Map(parsed.filter((m) => m.from !== undefined).map((m) => [m.futureId, m.from as string]));
  const lost = parsed
    .map((message, index) => ({ message, index }))
    .filter(({ message }) => message.type === "TRANSACTION_PREPARE_SEND" && !sent.has(key(message)));
  if (lost.length === 0) return [];

  const repaired: string[] = [];
  const unsent = new Set<number>();
  const found: { hash: string; futureId: string; nonce: number }[] = [];
  for (const { message, index } of lost) {
    const sender = senders.get(message.futureId);
    const nonce = message.nonce ?? -1;
    if (sender === undefined) continue; // Ignition itself names such a journal as corrupt
    if (await neverSent(provider, sender, nonce, options.settleMs ?? NEVER_SENT_SETTLE_MS)) {
      unsent.add(index);
      repaired.push(`${message.futureId} (nonce ${nonce} never sent: sending it again)`);
      continue;
    }
    const hash = await findSentTransaction(provider, sender, nonce);
    if (hash === undefined)
      throw new Error(
        `the deployment was interrupted after ${message.futureId} chose nonce ${nonce} of ${sender}, and the node ` +
          `has used that nonce in a transaction it no longer shows; find its hash in a block explorer and run ` +
          `\`npx hardhat ignition track-tx <hash> ${path.basename(deploymentDir)}\`, then deploy again`,
      );
    found.push({ hash, futureId: message.futureId ?? "?", nonce });
  }
  if (unsent.size > 0)
    writeJournal(
      file,
      lines.filter((_, i) => !unsent.has(i)),
    );
  for (const { hash, futureId, nonce } of found) {
    // Ignition's own words when the nonce went to another transaction than its own (it will send its own again).
    const warning = await trackTransaction(deploymentDir, hash, provider, requiredConfirmations);
    repaired.push(
      typeof warning === "string"
        ? `${futureId} (nonce ${nonce} used by ${hash}: ${warning.replace(/\s+/g, " ").trim()})`
        : `${futureId} (nonce ${nonce} sent as ${hash}: waiting for it)`,
    );
  }
  return repaired;
}

/** How long apart a node that does not mine at once is asked, three times, whether a nonce is still unused. */
const NEVER_SENT_SETTLE_MS = 5_000;

/**
 * Whether `sender` never sent a transaction with `nonce`. An automining node (Hardhat's, anvil) knows every
 * transaction it was sent the moment it answered: one read decides. Any other node may be one of several behind a
 * load balancer, not yet told of a transaction another has: there the latest and pending counts must agree and
 * be at or below the nonce three times, `settleMs` apart, or the transaction is taken as sent (and looked for).
 */
async function neverSent(provider: RequestProvider, sender: string, nonce: number, settleMs: number): Promise<boolean> {
  const count = async (tag: string): Promise<number> =>
    Number(await provider.request({ method: "eth_getTransactionCount", params: [sender, tag] }));
  if (await isAutomined(provider)) return (await count("pending")) <= nonce;
  for (let read = 0; read < 3; read++) {
    if (read > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    const [latest, pending] = [await count("latest"), await count("pending")];
    if (latest !== pending || pending > nonce) return false;
  }
  return true;
}

/** Whether the node mines each transaction as it arrives (Hardhat's node and anvil answer hardhat_getAutomine). */
async function isAutomined(provider: RequestProvider): Promise<boolean> {
  try {
    return Boolean(await provider.request({ method: "hardhat_getAutomine", params: [] }));
  } catch {
    return false;
  }
}

/**
 * The confirmations Ignition itself requires on this node: one on an automining node, else the configured number
 * or Ignition's default of five. The repairs below wait for no fewer than Ignition would.
 */
export async function requiredConfirmationsOn(provider: RequestProvider, configured?: number): Promise<number> {
  return (await isAutomined(provider)) ? 1 : (configured ?? IGNITION_DEFAULT_CONFIRMATIONS);
}

/** ignition-core 0.15's defaultConfig.requiredConfirmations (not exported). */
const IGNITION_DEFAULT_CONFIRMATIONS = 5;

/**
 * Replace the journal whole or not at all: a kill while rewriting it in place would leave a truncated journal,
 * which Ignition reads as a new deployment. Ignition writes each line as "\n" + JSON; so does this.
 */
function writeJournal(file: string, lines: readonly string[]): void {
  const temporary = `${file}.repair`;
  const fd = fs.openSync(temporary, "w");
  fs.writeSync(fd, lines.map((line) => `\n${line}`).join(""));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
}

interface RpcReceipt {
  blockHash: string;
  blockNumber: string;
  contractAddress?: string | null;
  status: string;
  logs: { address: string; logIndex: string; data: string; topics: string[] }[];
}

/**
 * Record the confirmations a killed run did not live to record. A node that confirms after it answers a send
 * (anvil, BSC, Besu) lets a run journal later confirmations before earlier ones; a run killed then leaves an earlier
 * nonce sent-but-unconfirmed below later confirmed ones, and Ignition (0.15) counts only unconfirmed nonces when it
 * resumes ("IGN405: The next nonce for … should be 426, but is 428"), for good. Each such transaction the node has
 * mined with the required confirmations gets the TRANSACTION_CONFIRM line Ignition itself writes (its receipt, in
 * Ignition's form); one still in the mempool, or dropped, is left to Ignition's own nonce sync. Returns the futures
 * confirmed.
 */
export async function confirmMinedTransactions(
  deploymentDir: string,
  provider: RequestProvider,
  requiredConfirmations: number,
): Promise<string[]> {
  const file = path.join(deploymentDir, "journal.jsonl");
  if (!fs.existsSync(file)) return [];
  const messages = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as JournalMessage & { transaction?: { hash?: string } });
  const key = (m: JournalMessage): string => `${m.futureId}#${m.networkInteractionId}`;
  const settled = new Set(
    messages.filter((m) => m.type === "TRANSACTION_CONFIRM" || m.type === "ONCHAIN_INTERACTION_DROPPED").map(key),
  );
  const pending = new Map<string, { message: JournalMessage; hashes: string[] }>();
  for (const m of messages) {
    if (m.type !== "TRANSACTION_SEND" || settled.has(key(m)) || m.transaction?.hash === undefined) continue;
    const entry = pending.get(key(m)) ?? { message: m, hashes: [] };
    entry.hashes.push(m.transaction.hash);
    pending.set(key(m), entry);
  }
  if (pending.size === 0) return [];

  const latest = Number(await provider.request({ method: "eth_blockNumber", params: [] }));
  const confirmed: string[] = [];
  for (const { message, hashes } of pending.values()) {
    for (const hash of hashes) {
      const receipt = (await provider.request({
        method: "eth_getTransactionReceipt",
        params: [hash],
      })) as RpcReceipt | null;
      if (receipt === null || latest - Number(receipt.blockNumber) + 1 < requiredConfirmations) continue;
      const success = Number(receipt.status) === 1;
      const line = {
        futureId: message.futureId,
        hash,
        networkInteractionId: message.networkInteractionId,
        receipt: {
          blockHash: receipt.blockHash,
          blockNumber: Number(receipt.blockNumber),
          ...(success && receipt.contractAddress ? { contractAddress: getAddress(receipt.contractAddress) } : {}),
          logs: receipt.logs.map((log) => ({
            address: getAddress(log.address),
            data: log.data,
            logIndex: Number(log.logIndex),
            topics: log.topics,
          })),
          status: success ? "SUCCESS" : "FAILURE",
        },
        type: "TRANSACTION_CONFIRM",
      };
      // Ignition writes each line as "\n" + JSON: the file ends without a newline.
      fs.appendFileSync(file, `\n${JSON.stringify(line)}`);
      confirmed.push(message.futureId ?? "?");
      break;
    }
  }
  return confirmed;
}
