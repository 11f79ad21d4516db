import { expect } from "chai";
import hre from "hardhat";
import { createProvider } from "hardhat/internal/core/providers/construction";
import type { EthereumProvider, HardhatConfig, HttpNetworkConfig } from "hardhat/types";
import { HDNodeWallet, JsonRpcProvider, Network, Wallet, parseEther } from "ethers";
import { describeRpcError, expectChain, runMain } from "../../src/rpc";
import { BSC_TESTNET_CHAIN_ID, freePort, runHardhat, sharedNode, stackFrames, type LocalNode } from "./node";

/** Hardhat's test mnemonic: account 20 is used by nothing else here, so its nonces are this file's own. */
const SENDER = HDNodeWallet.fromPhrase(
  "test test test test test test test test test test test junk",
  undefined,
  "m/44'/60'/0'/0/20",
);

/** The failure `attempt` rejects with, in the words an operator reads. */
async function failure(attempt: Promise<unknown>, network = "localhost"): Promise<string> {
  try {
    await attempt;
  } catch (err) {
    return describeRpcError(err, { network });
  }
  return expect.fail("expected the call to fail");
}

/** Hardhat's provider stack for a network configured as `overrides` (what `--network <name>` builds). */
async function hardhatProvider(name: string, overrides: Partial<HttpNetworkConfig>): Promise<EthereumProvider> {
  const base = hre.config.networks.localhost;
  const config: HardhatConfig = {
    ...hre.config,
    networks: { ...hre.config.networks, [name]: { ...base, timeout: 5_000, ...overrides } },
  };
  return createProvider(config, name);
}

/** The non-empty lines a CLI run printed. */
function printed(run: { stdout: string; stderr: string }): string[] {
  return (run.stdout + run.stderr).split("\n").filter((l) => l.trim() !== "");
}

/**
 * RPC faults against a real node (or a closed port): each comes out as one line saying what happened and
 * what to do, from the tasks, from scripts (runMain) and from src/rpc.ts describeRpcError, never a stack trace.
 */
describe("integration: RPC faults are one line in words @node", function () {
  let node: LocalNode;
  let closedPort: number;

  before(async () => {
    node = await sharedNode();
    closedPort = await freePort();
  });

  describe("when the node is down (connection refused)", () => {
    it("dkzt:deploy prints one line naming the address and how to start a node, and exits 1", async () => {
      const run = await runHardhat(["dkzt:deploy", "--network", "localhost"], {
        env: { LOCALHOST_URL: `http://127.0.0.1:${closedPort}` },
      });
      expect(run.code).to.equal(1);
      expect(printed(run)).to.deep.equal([
        `Error: Node down: cannot connect to network localhost at 127.0.0.1:${closedPort}. Is the node running? ` +
          "For localhost start one with `npx hardhat node`.",
      ]);
    });

    it("Hardhat's provider fails in words", async () => {
      const provider = await hardhatProvider("localhost", { url: `http://127.0.0.1:${closedPort}` });
      expect(await failure(provider.request({ method: "eth_blockNumber" }))).to.equal(
        `Node down: cannot connect to network localhost at 127.0.0.1:${closedPort}. Is the node running? ` +
          "For localhost start one with `npx hardhat node`.",
      );
    });

    it("an ethers JsonRpcProvider fails in words", async () => {
      const provider = new JsonRpcProvider(`http://127.0.0.1:${closedPort}`, Network.from(97), {
        staticNetwork: true,
      });
      try {
        expect(await failure(provider.getBlockNumber())).to.match(
          new RegExp(`^Node down: connection refused at 127\\.0\\.0\\.1:${closedPort} \\(network localhost\\)\\.`),
        );
      } finally {
        provider.destroy();
      }
    });
  });

  describe("when the node answers another chain id than the network's config", () => {
    it("a script under runMain prints one line with both chain ids and exits 1", async () => {
      const holder = SENDER.address;
      const run = await runHardhat(["run", "scripts/deploy.ts", "--network", "bsc", "--no-compile"], {
        env: {
          BSC_RPC_URL: node.url,
          DEPLOYER_KEY: SENDER.privateKey,
          DKZT_CENTRAL_BANK: holder,
          DKZT_OPERATOR: holder,
          DKZT_COMPLIANCE: holder,
          DKZT_GOVERNANCE: holder,
          DKZT_GUARDIAN: holder,
          DKZT_ISSUANCE_DESK: holder,
        },
      });
      expect(run.code).to.equal(1);
      expect(printed(run)).to.deep.equal([
        "Error: Wrong chain: the config for network bsc expects chain id 56, but the node answers chain id 97. " +
          "Check the RPC URL (and CHAIN_ID) in your .env.",
      ]);
      expect(stackFrames(run.stderr)).to.deep.equal([]);
    });

    it("Hardhat's provider refuses the first call in words", async () => {
      const provider = await hardhatProvider("bsc", { url: node.url, chainId: 56 });
      expect(await failure(provider.request({ method: "eth_blockNumber" }), "bsc")).to.equal(
        "Wrong chain: the config for network bsc expects chain id 56, but the node answers chain id 97. " +
          "Check the RPC URL (and CHAIN_ID) in your .env.",
      );
    });

    it("expectChain refuses a localhost node on another chain than expected", async () => {
      const provider = await hardhatProvider("localhost", { url: node.url });
      expect(await failure(expectChain(provider, 56, { network: "localhost" }))).to.equal(
        "Wrong chain: network localhost should be chain id 56, but the node answers chain id 97. " +
          "Check the RPC URL (and the chain id settings) in your .env.",
      );
      await expectChain(provider, BSC_TESTNET_CHAIN_ID, { network: "localhost" });
    });
  });

  describe("when the sender cannot pay for gas", () => {
    const broke = Wallet.createRandom();

    it("a transaction through Hardhat's provider fails in words", async () => {
      const provider = await hardhatProvider("permissioned", {
        url: node.url,
        chainId: BSC_TESTNET_CHAIN_ID,
        accounts: [broke.privateKey],
      });
      const message = await failure(
        provider.request({
          method: "eth_sendTransaction",
          params: [{ from: broke.address, to: SENDER.address, value: `0x${parseEther("1").toString(16)}` }],
        }),
        "permissioned",
      );
      expect(message).to.match(
        /^Insufficient funds for gas: the sending account cannot pay the transaction fee in the chain's native coin( \(needs \d+ wei, holds 0 wei\))?\. Fund it \(BNB on BNB Chain\) and retry\.$/,
      );
    });

    it("a transaction signed by an ethers wallet fails in words", async () => {
      const wallet = broke.connect(node.provider);
      expect(await failure(wallet.sendTransaction({ to: SENDER.address, value: 1n, gasLimit: 21_000n }))).to.match(
        /^Insufficient funds for gas: the sending account cannot pay the transaction fee in the chain's native coin/,
      );
    });
  });

  describe("when a transaction reuses a nonce already mined", () => {
    it("an ethers wallet's transaction fails in words with both nonces", async () => {
      const wallet = SENDER.connect(node.provider);
      const nonce = await wallet.getNonce();
      await (await wallet.sendTransaction({ to: SENDER.address, value: 1n, nonce })).wait();
      expect(await failure(wallet.sendTransaction({ to: SENDER.address, value: 2n, nonce }))).to.equal(
        `Nonce too low: this account already sent a transaction with that nonce (the node expects ${nonce + 1}, ` +
          `got ${nonce}). Another process may be sending from the same key; wait for it, then retry.`,
      );
      expect(await wallet.getNonce()).to.equal(nonce + 1);
    });

    it("a transaction through Hardhat's provider fails in words", async () => {
      const provider = await hardhatProvider("permissioned", {
        url: node.url,
        chainId: BSC_TESTNET_CHAIN_ID,
        accounts: [SENDER.privateKey],
      });
      const message = await failure(
        provider.request({
          method: "eth_sendTransaction",
          params: [{ from: SENDER.address, to: SENDER.address, value: "0x1", nonce: "0x0" }],
        }),
        "permissioned",
      );
      expect(message).to.match(
        /^Nonce too low: this account already sent a transaction with that nonce \(the node expects \d+, got 0\)\./,
      );
    });
  });

  describe("runMain, the scripts' top-level error handling", () => {
    it("prints the failure as one line, sets exit code 1 and returns", async () => {
      const lines: unknown[][] = [];
      const error = console.error;
      const exitCode = process.exitCode;
      console.error = (...args: unknown[]) => {
        lines.push(args);
      };
      let code: typeof process.exitCode;
      try {
        await runMain(async () => {
          const provider = new JsonRpcProvider(`http://127.0.0.1:${closedPort}`, Network.from(97), {
            staticNetwork: true,
          });
          try {
            await provider.getBlockNumber();
          } finally {
            provider.destroy();
          }
        });
        code = process.exitCode;
      } finally {
        console.error = error;
        process.exitCode = exitCode;
      }
      expect(code).to.equal(1);
      expect(lines).to.have.length(1);
      expect(String(lines[0][0])).to.match(
        new RegExp(`^Error: Node down: connection refused at 127\\.0\\.0\\.1:${closedPort} \\(network hardhat\\)\\.`),
      );
    });
  });
});
