import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { HttpProvider } from "hardhat/internal/core/providers/http";
import type { EIP1193Provider, RequestArguments } from "hardhat/types";
import { IDEMPOTENT_READS, RetryClosedConnection, isClosedConnection } from "../../tasks/provider";

/*
 * Issue 18 §1: a read sent on a connection the node already closed (Node was blocked past the node's keep-alive)
 * is sent again once; a transaction never is.
 */

/**
 * A JSON-RPC node in its own process that answers eth_chainId once per connection and keeps it open (the usual
 * keep-alive), then closes it under the next request that comes on it: what a client meets when it sends on a
 * connection at the moment the node's keep-alive ends (Node was blocked until then), made certain.
 */
const NODE = `
const http = require("node:http");
const served = new WeakSet();
const server = http.createServer((req, res) => {
  if (served.has(req.socket)) return req.socket.destroy();
  served.add(req.socket);
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ jsonrpc: "2.0", id: JSON.parse(body).id, result: "0x7a69" }));
  });
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
`;

describe("a read on a connection the node closed", () => {
  let node: ChildProcess;
  let url: string;

  before(async () => {
    node = spawn(process.execPath, ["-e", NODE], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    const port = await new Promise<number>((resolve) => node.once("message", (m) => resolve(m as number)));
    url = `http://127.0.0.1:${port}`;
  });
  after(() => {
    node.kill();
  });

  /** Two reads on one kept-alive connection, the node closing it under the second. */
  async function twoReads(provider: EIP1193Provider): Promise<unknown> {
    await provider.request({ method: "eth_chainId" });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the connection goes back to the pool, idle
    return provider.request({ method: "eth_chainId" });
  }

  it("is sent again once, and answers", async () => {
    const provider = new RetryClosedConnection(new HttpProvider(url, "closing"));
    expect(await twoReads(provider)).to.equal("0x7a69");
    expect(provider.retries).to.equal(1);
  });

  it("fails without the retry (the failure is real, not the test's)", async () => {
    const provider = new HttpProvider(url, "closing");
    let thrown: unknown;
    try {
      await twoReads(provider);
    } catch (err) {
      thrown = err;
    }
    expect(isClosedConnection(thrown), String(thrown)).to.equal(true);
  });
});

describe("RetryClosedConnection", () => {
  /** A provider whose first request fails as a closed connection does. */
  function closingOnce(): EIP1193Provider & { calls: string[] } {
    const calls: string[] = [];
    let failed = false;
    return {
      calls,
      request: async ({ method }: RequestArguments) => {
        calls.push(method);
        if (!failed) {
          failed = true;
          throw Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
        }
        return "0x1";
      },
      on: () => undefined,
    } as unknown as EIP1193Provider & { calls: string[] };
  }

  it("sends an idempotent read again, once", async () => {
    const inner = closingOnce();
    const provider = new RetryClosedConnection(inner);
    expect(await provider.request({ method: "eth_call", params: [] })).to.equal("0x1");
    expect(inner.calls).to.deep.equal(["eth_call", "eth_call"]);
    expect(provider.retries).to.equal(1);
  });

  for (const method of ["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine"]) {
    it(`never sends ${method} again`, async () => {
      const inner = closingOnce();
      const provider = new RetryClosedConnection(inner);
      await expect(provider.request({ method, params: [] })).to.be.rejectedWith("other side closed");
      expect(inner.calls).to.deep.equal([method]);
      expect(IDEMPOTENT_READS.has(method)).to.equal(false);
    });
  }

  it("does not retry other failures", async () => {
    const inner = {
      calls: 0,
      request: async () => {
        inner.calls++;
        throw new Error("execution reverted");
      },
    };
    const provider = new RetryClosedConnection(inner as unknown as EIP1193Provider);
    await expect(provider.request({ method: "eth_call" })).to.be.rejectedWith("execution reverted");
    expect(inner.calls).to.equal(1);
  });

  it("knows a closed connection by undici's code, the reset codes, or the message, also as a cause", () => {
    expect(isClosedConnection(Object.assign(new Error("x"), { code: "UND_ERR_SOCKET" }))).to.equal(true);
    expect(isClosedConnection(Object.assign(new Error("x"), { code: "ECONNRESET" }))).to.equal(true);
    expect(isClosedConnection(new Error("wrapped", { cause: new Error("other side closed") }))).to.equal(true);
    expect(isClosedConnection(new Error("ECONNREFUSED"))).to.equal(false);
    expect(isClosedConnection(undefined)).to.equal(false);
  });
});
