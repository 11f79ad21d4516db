/**
 * A read sent on a connection the node has already closed is sent again, once.
 *
 * Hardhat's HTTP provider keeps connections to the node open between requests (an undici pool). A node closes an
 * idle one after its keep-alive (5 s on Hardhat's node); when Node was blocked across that moment (a busy machine,
 * a heavy require), the next request can go out on the dead connection and fail with undici's `SocketError: other
 * side closed` (or ECONNRESET / EPIPE) before the node ever saw it. For a method that only reads, sending it again
 * is always safe; anything that may change the chain (a transaction) is never resent. Registered for every network
 * but the embedded one (which has no connection) through Hardhat's `extendProvider`, from tasks/index.ts.
 */
import { extendProvider } from "hardhat/config";
import { ProviderWrapper } from "hardhat/plugins";
import type { EIP1193Provider, RequestArguments } from "hardhat/types";

/** JSON-RPC methods that only read the chain or the node: sending one twice changes nothing. */
export const IDEMPOTENT_READS: ReadonlySet<string> = new Set([
  "eth_accounts",
  "eth_blockNumber",
  "eth_call",
  "eth_chainId",
  "eth_estimateGas",
  "eth_feeHistory",
  "eth_gasPrice",
  "eth_getBalance",
  "eth_getBlockByHash",
  "eth_getBlockByNumber",
  "eth_getCode",
  "eth_getLogs",
  "eth_getStorageAt",
  "eth_getTransactionByHash",
  "eth_getTransactionCount",
  "eth_getTransactionReceipt",
  "eth_maxPriorityFeePerGas",
  "eth_syncing",
  "hardhat_metadata",
  "net_version",
  "web3_clientVersion",
]);

const CLOSED_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/** Whether `err` (or an error it wraps) says the connection was closed under the request. */
export function isClosedConnection(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === "object" && e !== null; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && CLOSED_CODES.has(code)) return true;
    if (typeof message === "string" && /other side closed/.test(message)) return true;
    e = cause;
  }
  return false;
}

/** The provider `wrapped`, each idempotent read that meets a closed connection sent once more. */
export class RetryClosedConnection extends ProviderWrapper {
  /** How many reads were sent again (for tests and diagnostics). */
  retries = 0;

  constructor(wrapped: EIP1193Provider) {
    super(wrapped);
  }

  async request(args: RequestArguments): Promise<unknown> {
    try {
      return await this._wrappedProvider.request(args);
    } catch (err) {
      if (!IDEMPOTENT_READS.has(args.method) || !isClosedConnection(err)) throw err;
      this.retries++;
      return this._wrappedProvider.request(args);
    }
  }
}

extendProvider((provider, _config, network) =>
  network === "hardhat" ? provider : new RetryClosedConnection(provider),
);
