import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { encodeBytes32String, type TransactionResponse } from "ethers";
import { AccessManager__factory, DigitalTenge__factory, IssuanceDesk__factory } from "../../typechain-types";
import { tenge } from "../../src/money";
import { Operations } from "../../src/ops";
import { DEFAULT_TIERS, Tier } from "../../src/tiers";
import {
  deploymentDir,
  deploymentId,
  forget,
  recordedAddresses,
  runHardhat,
  sharedNode,
  type CliOptions,
  type CliRun,
  type LocalNode,
} from "./node";

/** Kill the deployment once this many of its transactions are confirmed (of 49: 4 contracts, 45 wiring calls). */
const KILL_AFTER_CONFIRMED = 8;

interface JournalLine {
  type: string;
  futureId?: string;
  transaction?: { hash?: string };
}

function journal(id: string): JournalLine[] {
  const file = path.join(deploymentDir(id), "journal.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalLine];
      } catch {
        return []; // the line being written when the process was killed
      }
    });
}

const confirmed = (lines: JournalLine[]): JournalLine[] => lines.filter((l) => l.type === "TRANSACTION_CONFIRM");

/** Every transaction the node has mined after block `after`, in order. */
async function minedTransactions(node: LocalNode, after: number): Promise<TransactionResponse[]> {
  const latest = await node.provider.getBlockNumber();
  const txs: TransactionResponse[] = [];
  for (let n = after + 1; n <= latest; n++) {
    const block = await node.provider.getBlock(n, true);
    txs.push(...(block?.prefetchedTransactions ?? []));
  }
  return txs;
}

/**
 * A deployment killed half way (SIGKILL, no chance to clean up) and started again against the same node
 * finishes from Ignition's journal: every contract and every wiring call exists once, and the suite works.
 */
describe("integration: a deployment interrupted half way resumes without deploying anything twice", function () {
  this.timeout(300_000);

  let node: LocalNode;
  const id = deploymentId("resume");
  const deploy = (watch?: CliOptions["watch"]): Promise<CliRun> =>
    runHardhat(["dkzt:deploy", "--network", "localhost", "--deployment-id", id], {
      env: { LOCALHOST_URL: node.url },
      watch,
    });
  let killed: CliRun;
  let confirmedAtKill = 0;
  let nonceAtKill = 0;
  let resumed: CliRun;
  let startBlock = 0;
  let deployer = "";
  let nonceBefore = 0;

  before(async () => {
    node = await sharedNode();
    startBlock = await node.provider.getBlockNumber();
    deployer = await (await node.provider.getSigner(0)).getAddress();
    nonceBefore = await node.provider.getTransactionCount(deployer);
    killed = await deploy((child, kill) => {
      const timer = setInterval(() => {
        const count = confirmed(journal(id)).length;
        if (count >= KILL_AFTER_CONFIRMED) {
          clearInterval(timer);
          confirmedAtKill = count;
          kill();
        }
      }, 25);
      child.once("exit", () => clearInterval(timer));
    });
    nonceAtKill = (await node.provider.getTransactionCount(deployer)) - nonceBefore;
    resumed = await deploy();
  });

  after(async () => {
    forget(id);
  });

  it("kills the first run half way, before its journal records all 49 transactions", () => {
    expect(killed.signal, killed.stdout + killed.stderr).to.equal("SIGKILL");
    expect(confirmedAtKill).to.be.at.least(KILL_AFTER_CONFIRMED);
    expect(nonceAtKill).to.be.at.least(KILL_AFTER_CONFIRMED).and.below(49);
  });

  it("finishes on the second run and reports the suite", () => {
    expect(resumed.code, resumed.stdout + resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.contain("DKZT suite on localhost (chain 97)");
    expect(resumed.stdout).to.contain("default tiers defined");
  });

  it("sent every Ignition transaction once: 4 contract creations, 49 deployer transactions, one per future", async () => {
    const centralBank = await (await node.provider.getSigner(2)).getAddress();
    const txs = await minedTransactions(node, startBlock);
    const creations = txs.filter((tx) => tx.to === null);
    expect(creations).to.have.length(4);
    const fromDeployer = txs.filter((tx) => tx.from === deployer);
    expect(fromDeployer).to.have.length(49);
    expect((await node.provider.getTransactionCount(deployer)) - nonceBefore).to.equal(49);
    // The tiers are defined once, by the run that finished.
    expect(txs.filter((tx) => tx.from === centralBank)).to.have.length(DEFAULT_TIERS.length);
    expect(txs).to.have.length(49 + DEFAULT_TIERS.length);

    const lines = journal(id);
    const confirms = confirmed(lines);
    expect(confirms).to.have.length(49);
    expect(new Set(confirms.map((l) => l.futureId)).size).to.equal(49);
    const sent = lines.filter((l) => l.type === "TRANSACTION_SEND").map((l) => l.transaction?.hash);
    expect(new Set(sent).size).to.equal(sent.length);
    expect(new Set(fromDeployer.map((tx) => tx.hash))).to.deep.equal(new Set(sent));

    const recorded = recordedAddresses(id);
    const created = await Promise.all(
      creations.map(async (tx) => (await node.provider.getTransactionReceipt(tx.hash))?.contractAddress),
    );
    expect(created).to.include.members([
      recorded["Ledger#AccessManager"],
      recorded["Ledger#DigitalTengeProxy"],
      recorded["Ledger#DigitalTengeImplementation"],
      recorded["Governance#IssuanceDesk"],
    ]);
  });

  it("leaves a working suite: the central bank issues to a bank the operator onboards", async () => {
    const recorded = recordedAddresses(id);
    const deployer = await node.provider.getSigner(0);
    const suite = {
      manager: AccessManager__factory.connect(recorded["Ledger#AccessManager"], deployer),
      ledger: DigitalTenge__factory.connect(recorded["Ledger#DigitalTenge"], deployer),
      desk: IssuanceDesk__factory.connect(recorded["Governance#IssuanceDesk"], deployer),
    };
    const ops = new Operations(suite, "localhost");
    const [centralBank, operator, bank] = await Promise.all([2, 3, 5].map((i) => node.provider.getSigner(i)));
    await ops.onboardBank(operator, bank.address, Tier.UNLIMITED, encodeBytes32String("HALYK-001"));
    await ops.setCeiling(centralBank, bank.address, tenge(1_000_000));
    await ops.issue(centralBank, bank.address, tenge(250_000), encodeBytes32String("RSV-RESUME-1"));
    expect(await suite.ledger.balanceOf(bank.address)).to.equal(tenge(250_000));
    expect(await suite.ledger.totalSupply()).to.equal(tenge(250_000));
    expect((await suite.ledger.bankOf(bank.address)).outstanding).to.equal(tenge(250_000));
  });
});
