import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { deploy as ignitionDeploy, DeploymentResultType } from "@nomicfoundation/ignition-core";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { confirmMinedTransactions, ignitionConfig, recoverLostTransactions } from "../../src/ignition";

/** A deployment of a token, then up to three payments from the deployer (the third after the first two). */
function payments(count: 1 | 2 | 3) {
  return buildModule("LostTx", (m) => {
    const deployer = m.getAccount(0);
    const token = m.contract("BaselineERC20", [deployer, 1_000n]);
    const pay1 = m.call(token, "transfer", [m.getAccount(1), 10n], { id: "pay1" });
    const pay2 = count >= 2 ? m.call(token, "transfer", [m.getAccount(2), 20n], { id: "pay2" }) : undefined;
    if (count === 3) m.call(token, "transfer", [m.getAccount(3), 30n], { id: "pay3", after: [pay1, pay2!] });
    return { token };
  });
}

interface Line {
  type: string;
  futureId?: string;
  nonce?: number;
}

/** Deployments journaled on disk (Hardhat's own deploy keeps no journal on the embedded network). */
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "lost-tx-"));
const dirOf = (id: string): string => path.join(ROOT, id);
const journalOf = (id: string): string[] =>
  fs
    .readFileSync(path.join(dirOf(id), "journal.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");

/** Cut a finished journal just after the second payment's nonce was chosen: the kill between nonce and send. */
function cutAfterPrepare(id: string): Line {
  const lines = journalOf(id);
  const at = lines.findIndex((l) => {
    const m = JSON.parse(l) as Line;
    return m.type === "TRANSACTION_PREPARE_SEND" && m.futureId === "LostTx#pay2";
  });
  expect(at, "the journal records the nonce chosen for pay2").to.be.greaterThan(0);
  fs.writeFileSync(
    path.join(dirOf(id), "journal.jsonl"),
    lines
      .slice(0, at + 1)
      .map((l) => `${l}\n`)
      .join(""),
  );
  return JSON.parse(lines[at]) as Line;
}

/** Ignition's own deploy, journaled in `dirOf(id)`, as `hardhat ignition deploy` runs it on a node. */
async function deploy(count: 1 | 2 | 3, id: string) {
  const accounts = (await hre.network.provider.request({ method: "eth_accounts" })) as string[];
  const result = await ignitionDeploy({
    config: ignitionConfig(hre),
    provider: hre.network.provider,
    deploymentDir: dirOf(id),
    artifactResolver: new HardhatArtifactResolver(hre),
    ignitionModule: payments(count),
    deploymentParameters: {},
    accounts,
    defaultSender: accounts[0],
  });
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) throw new Error(`deployment failed: ${result.type}`);
  return { token: await hre.ethers.getContractAt("BaselineERC20", result.contracts["LostTx#BaselineERC20"].address) };
}

describe("recoverLostTransactions (a deployment killed between choosing a nonce and recording the send resumes)", () => {
  const ids: string[] = [];
  const fresh = (name: string): string => {
    ids.push(name);
    return name;
  };
  after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

  it("the transaction was sent: finds it on the node, records it, and the resumed run sends nothing twice", async () => {
    const id = fresh("sent");
    const { token } = await deploy(2, id);
    const prepared = cutAfterPrepare(id);
    const [deployer, , payee] = await hre.ethers.getSigners();
    const nonce = await hre.ethers.provider.getTransactionCount(deployer.address);

    const repaired = await recoverLostTransactions(dirOf(id), hre.network.provider);
    expect(repaired).to.have.length(1);
    expect(repaired[0]).to.match(
      new RegExp(`^LostTx#pay2 \\(nonce ${prepared.nonce} sent as 0x[0-9a-f]{64}: waiting for it\\)$`),
    );
    expect(
      journalOf(id).some((l) => (JSON.parse(l) as Line).type === "TRANSACTION_SEND" && l.includes("pay2")),
    ).to.equal(true);

    await deploy(2, id);
    expect(await hre.ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    expect(await token.balanceOf(payee.address)).to.equal(20n);
  });

  it("the transaction was never sent: drops the nonce line and the resumed run sends it once", async () => {
    const full = fresh("full");
    const id = fresh("unsent");
    const snapshot = (await hre.network.provider.request({ method: "evm_snapshot", params: [] })) as string;
    await deploy(2, full);
    await hre.network.provider.request({ method: "evm_revert", params: [snapshot] });
    // The chain as the killed run left it: the token and the first payment mined, the second never sent.
    const { token } = await deploy(1, id);
    fs.copyFileSync(path.join(dirOf(full), "journal.jsonl"), path.join(dirOf(id), "journal.jsonl"));
    const prepared = cutAfterPrepare(id);
    const [deployer, , payee] = await hre.ethers.getSigners();
    const nonce = await hre.ethers.provider.getTransactionCount(deployer.address);
    expect(prepared.nonce).to.equal(nonce);

    const repaired = await recoverLostTransactions(dirOf(id), hre.network.provider);
    expect(repaired).to.deep.equal([`LostTx#pay2 (nonce ${nonce} never sent: sending it again)`]);
    expect(
      journalOf(id).some((l) => (JSON.parse(l) as Line).type === "TRANSACTION_PREPARE_SEND" && l.includes("pay2")),
    ).to.equal(false);

    await deploy(2, id);
    expect(await hre.ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce + 1);
    expect(await token.balanceOf(payee.address)).to.equal(20n);
  });

  it("leaves a whole journal alone, and a deployment that has none", async () => {
    const id = fresh("whole");
    await deploy(1, id);
    const before = journalOf(id);
    expect(await recoverLostTransactions(dirOf(id), hre.network.provider)).to.deep.equal([]);
    expect(journalOf(id)).to.deep.equal(before);
    expect(await recoverLostTransactions(dirOf("no-such-deployment-xyz"), hre.network.provider)).to.deep.equal([]);
  });
});

describe("confirmMinedTransactions (a node that confirms after it answers: anvil, BSC, Besu)", () => {
  after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

  it("records a transaction mined while the run was killed, below a later confirmed one, and the run resumes", async () => {
    const id = "unconfirmed-below-confirmed";
    const { token } = await deploy(2, id);
    // The journal as a kill leaves it when the node confirmed pay2 before Ignition looked at pay1.
    const kept = journalOf(id).filter((l) => {
      const m = JSON.parse(l) as Line;
      return !(
        m.futureId === "LostTx#pay1" && ["TRANSACTION_CONFIRM", "CALL_EXECUTION_STATE_COMPLETE"].includes(m.type)
      );
    });
    fs.writeFileSync(path.join(dirOf(id), "journal.jsonl"), kept.map((l) => `\n${l}`).join(""));
    const [deployer, payee1, , payee3] = await hre.ethers.getSigners();
    const nonce = await hre.ethers.provider.getTransactionCount(deployer.address);
    // Resuming with a future still to send: what Ignition alone does with such a journal, for good.
    await expect(deploy(3, id)).to.be.rejectedWith(/IGN405/);
    fs.writeFileSync(path.join(dirOf(id), "journal.jsonl"), kept.map((l) => `\n${l}`).join("")); // as the kill left it

    expect(await confirmMinedTransactions(dirOf(id), hre.network.provider, 1)).to.deep.equal(["LostTx#pay1"]);
    await deploy(3, id);
    expect(await hre.ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce + 1);
    expect(await token.balanceOf(payee1.address)).to.equal(10n);
    expect(await token.balanceOf(payee3.address)).to.equal(30n);
    expect(await confirmMinedTransactions(dirOf(id), hre.network.provider, 1)).to.deep.equal([]);
  });

  it("waits for the required confirmations before recording, and leaves a journal without sends alone", async () => {
    const id = "too-fresh";
    await deploy(2, id);
    const kept = journalOf(id).filter((l) => {
      const m = JSON.parse(l) as Line;
      return !(
        m.futureId === "LostTx#pay1" && ["TRANSACTION_CONFIRM", "CALL_EXECUTION_STATE_COMPLETE"].includes(m.type)
      );
    });
    fs.writeFileSync(path.join(dirOf(id), "journal.jsonl"), kept.map((l) => `\n${l}`).join(""));
    expect(await confirmMinedTransactions(dirOf(id), hre.network.provider, 1_000)).to.deep.equal([]);
    expect(journalOf(id)).to.deep.equal(kept);
    expect(await confirmMinedTransactions(dirOf("no-such-deployment-xyz"), hre.network.provider, 1)).to.deep.equal([]);
  });
});

describe("recoverLostTransactions on a node that does not mine at once (BSC, Besu, behind a load balancer)", () => {
  const journal = (nonce: number): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lost-remote-"));
    const lines = [
      { type: "DEPLOYMENT_INITIALIZE" },
      {
        type: "CALL_EXECUTION_STATE_INITIALIZE",
        futureId: "M#pay",
        from: "0x00000000000000000000000000000000000000aa",
      },
      { type: "NETWORK_INTERACTION_REQUEST", futureId: "M#pay" },
      { type: "TRANSACTION_PREPARE_SEND", futureId: "M#pay", networkInteractionId: 1, nonce },
    ];
    fs.writeFileSync(path.join(dir, "journal.jsonl"), lines.map((l) => `\n${JSON.stringify(l)}`).join(""));
    return dir;
  };
  /** A node that mines nothing at once, whose [latest, pending] counts for the sender are read in turn. */
  const node = (counts: [number, number][]) => {
    let calls = 0;
    return {
      request: async ({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> => {
        if (method === "hardhat_getAutomine") throw new Error("the method hardhat_getAutomine does not exist");
        if (method === "eth_blockNumber") return "0x0";
        if (method === "eth_getBlockByNumber") return { transactions: [] };
        if (method !== "eth_getTransactionCount") throw new Error(`unexpected ${method}`);
        const [latest, pending] = counts[Math.min(Math.floor(calls++ / 2), counts.length - 1)];
        return `0x${(params?.[1] === "latest" ? latest : pending).toString(16)}`;
      },
    };
  };

  it("drops the nonce line only when three reads agree the nonce is unused", async () => {
    const dir = journal(7);
    expect(await recoverLostTransactions(dir, node([[7, 7]]), 5, { settleMs: 0 })).to.deep.equal([
      "M#pay (nonce 7 never sent: sending it again)",
    ]);
    expect(journalIn(dir).some((l) => l.includes("TRANSACTION_PREPARE_SEND"))).to.equal(false);
  });

  it("takes the nonce as sent when a later read shows it pending, and names the track-tx command when it is not found", async () => {
    const dir = journal(7);
    const racing = node([
      [7, 7],
      [7, 8],
    ]);
    await expect(recoverLostTransactions(dir, racing, 5, { settleMs: 0 })).to.be.rejectedWith(
      /M#pay chose nonce 7 of 0x0{38}aa.*npx hardhat ignition track-tx <hash> lost-remote-/,
    );
    expect(journalIn(dir).some((l) => l.includes("TRANSACTION_PREPARE_SEND"))).to.equal(true);
  });
});

function journalIn(dir: string): string[] {
  return fs
    .readFileSync(path.join(dir, "journal.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
}
