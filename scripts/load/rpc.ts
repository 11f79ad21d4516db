/**
 * Minimal batched JSON-RPC: the load driver sends thousands of raw transactions and reads thousands of receipts with
 * a known number of requests in flight, which ethers' automatic batching does not let it state. Two transports:
 * HTTP to a node (Node's fetch; `npm run load`) and an in-process EIP-1193 provider (the embedded Hardhat Network
 * of a test).
 */

export interface RpcError {
  code: number;
  message: string;
}

interface RpcResponse {
  id: number;
  result?: unknown;
  error?: RpcError;
}

export type RpcResult = { ok: true; result: unknown } | { ok: false; error: RpcError };

export interface RpcCall {
  method: string;
  params: unknown[];
}

export abstract class RpcClient {
  /** Answers to `calls`, in their order (one round trip where the transport allows it). */
  abstract batch(calls: readonly RpcCall[]): Promise<RpcResult[]>;

  /** One JSON-RPC call; throws on an error response. */
  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    const [answer] = await this.batch([{ method, params }]);
    if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  }

  /** Run `calls` in batches of `size`, at most `parallel` batches in flight; answers in the order of `calls`. */
  async many(
    calls: readonly RpcCall[],
    size: number,
    parallel: number,
    onBatch?: (done: number) => void,
  ): Promise<RpcResult[]> {
    const results = new Array<RpcResult>(calls.length);
    let cursor = 0;
    const worker = async (): Promise<void> => {
      while (cursor < calls.length) {
        const start = cursor;
        cursor += size;
        const chunk = calls.slice(start, start + size);
        const answers = await this.batch(chunk);
        answers.forEach((a, i) => (results[start + i] = a));
        onBatch?.(chunk.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
    return results;
  }
}

/** JSON-RPC over HTTP: a batch is one POST carrying a JSON array. */
export class HttpRpc extends RpcClient {
  private nextId = 1;
  constructor(readonly url: string) {
    super();
  }

  /**
   * POST, retried (3 attempts) when the connection fails before an answer: the node closes idle keep-alive sockets,
   * and a request written to one just closed never reached it, so sending it again cannot apply it twice (a raw
   * transaction that did arrive would come back as already known, and the reconciler checks every hash anyway).
   */
  private async post(body: string): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(this.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      } catch (error) {
        if (attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  override async batch(calls: readonly RpcCall[]): Promise<RpcResult[]> {
    if (calls.length === 0) return [];
    const first = this.nextId;
    this.nextId += calls.length;
    const body = calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, method: c.method, params: c.params }));
    const response = await this.post(JSON.stringify(body));
    if (!response.ok) throw new Error(`JSON-RPC batch: HTTP ${response.status} ${await response.text()}`);
    const parsed = (await response.json()) as RpcResponse[] | RpcResponse;
    const answers = Array.isArray(parsed) ? parsed : [parsed];
    const byId = new Map(answers.map((a) => [a.id, a]));
    return calls.map((c, i) => {
      const a = byId.get(first + i);
      if (a === undefined) return { ok: false, error: { code: -1, message: `no answer to ${c.method}` } };
      return a.error ? { ok: false, error: a.error } : { ok: true, result: a.result };
    });
  }
}

/** An EIP-1193 provider (e.g. `hre.network.provider`): a batch is its calls issued together. */
export class ProviderRpc extends RpcClient {
  constructor(private readonly provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> }) {
    super();
  }

  override async batch(calls: readonly RpcCall[]): Promise<RpcResult[]> {
    return Promise.all(
      calls.map(async (c): Promise<RpcResult> => {
        try {
          return { ok: true, result: await this.provider.request({ method: c.method, params: c.params }) };
        } catch (error) {
          return { ok: false, error: { code: -1, message: error instanceof Error ? error.message : String(error) } };
        }
      }),
    );
  }
}
