import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { deploy as ignitionDeploy, DeploymentResultType } from "@nomicfoundation/ignition-core";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { ignitionConfig, recoverLostTransactions } from "../../src/ignition";

/** A deployment of three transactions: a token, then two payments from the deployer. */
function payments(count: 1 | 2) {
  return buildModule("LostTx", (m) => {
    const deployer = m.getAccount(0);
    const token = m.contract("BaselineERC20", [deployer, 1_000n]);
    m.call(token, "transfer", [m.getAccount(1), 10n], { id: "pay1" });
    if (count === 2) m.call(token, "transfer", [m.getAccount(2), 20n], { id: "pay2" });
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
async function deploy(count: 1 | 2, id: string) {
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
