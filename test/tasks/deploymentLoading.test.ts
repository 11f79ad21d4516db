import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { loadQuietlyFirst, rejectionOf } from "./helpers";
import { deploy } from "../../src/ops";
import { SUITE_FUTURES, type SuiteContract } from "../../src/suite";
import { loading } from "../../tasks/guard";

/*
 * Issue 18 §1: the capability tasks find the suite where dkzt:deploy records it (on localhost under
 * `localhost-chain-<id>`, not Ignition's `chain-<id>`), fail in one line naming the record they looked for and the
 * command that deploys it, and load their code before they send anything to the node.
 */

/** The whole suite, deployed as dkzt:deploy deploys it. */
async function wholeSuite() {
  return deploy(hre);
}

/** What dkzt:deploy's Ignition run records: each future's address, in deployed_addresses.json. */
function record(addresses: Record<SuiteContract, string>): string {
  const keys = Object.keys(SUITE_FUTURES) as SuiteContract[];
  return JSON.stringify(Object.fromEntries(keys.map((key) => [SUITE_FUTURES[key], addresses[key]])), null, 2);
}

/** Run `name` with console.log captured; returns what it printed. */
async function printed(name: string, args: Record<string, unknown> = {}): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void lines.push(parts.map(String).join(" "));
  try {
    await hre.run(name, args);
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

describe("the capability tasks find the suite dkzt:deploy recorded @plain", () => {
  loadQuietlyFirst(wholeSuite);

  describe("on localhost, from Ignition's record under localhost-chain-<chain id>", () => {
    const ignition = hre.config.paths.ignition;
    const network = hre.network.name;
    let dir: string;
    /** The id dkzt:deploy records under on localhost: localhost-chain-<the node's chain id>. */
    let localId: string;
    let chainId: bigint;

    before(async () => {
      chainId = (await hre.ethers.provider.getNetwork()).chainId;
      localId = `localhost-chain-${chainId}`;
    });

    beforeEach(() => {
      // The tasks run as on `--network localhost` (the same chain), with the project's Ignition folder
      // in a temporary directory: nothing this process deployed is found but through the record.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "dkzt-ignition-"));
      hre.config.paths.ignition = dir;
      (hre.network as { name: string }).name = "localhost";
    });
    afterEach(() => {
      (hre.network as { name: string }).name = network;
      hre.config.paths.ignition = ignition;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    function recordAt(id: string, addresses: Record<SuiteContract, string>): void {
      fs.mkdirSync(path.join(dir, "deployments", id), { recursive: true });
      fs.writeFileSync(path.join(dir, "deployments", id, "deployed_addresses.json"), record(addresses));
    }

    describe("when the suite is recorded there", () => {
      it("dkzt:proof-of-reserves prints the recorded stablecoin's proof and gold vault", async () => {
        const { addresses } = await loadFixture(wholeSuite);
        recordAt(localId, addresses);
        const text = await printed("dkzt:proof-of-reserves");
        expect(text).to.contain(`at ${addresses.stablecoin}`);
        expect(text).to.contain(`at ${addresses.gold}`);
      });

      it("dkzt:gold-bars lists the recorded gold token's register", async () => {
        const { addresses } = await loadFixture(wholeSuite);
        recordAt(localId, addresses);
        expect(await printed("dkzt:gold-bars")).to.contain(`0 bar(s) on the register of ${addresses.gold}`);
      });

      it("dkzt:offline:limits shows the recorded offline purses' limits", async () => {
        const { addresses } = await loadFixture(wholeSuite);
        recordAt(localId, addresses);
        const text = await printed("dkzt:offline:limits");
        expect(text).to.contain(`offline purses at ${addresses.offline}`);
        expect(text).to.match(/cap per purse:\s+\S/);
      });

      it("takes another record with --deployment-id, --deployment, or DKZT_DEPLOYMENT_ID", async () => {
        const { addresses } = await loadFixture(wholeSuite);
        recordAt("desk-test", addresses);
        expect(await printed("dkzt:gold-bars", { deploymentId: "desk-test" })).to.contain(addresses.gold);
        expect(await printed("dkzt:offline:limits", { deployment: "desk-test" })).to.contain(addresses.offline);
        process.env.DKZT_DEPLOYMENT_ID = "desk-test";
        try {
          expect(await printed("dkzt:proof-of-reserves")).to.contain(addresses.stablecoin);
        } finally {
          delete process.env.DKZT_DEPLOYMENT_ID;
        }
      });
    });

    describe("when nothing is recorded there", () => {
      for (const [name, args] of [
        ["dkzt:proof-of-reserves", {}],
        ["dkzt:gold-bars", {}],
        ["dkzt:offline:limits", {}],
      ] as const) {
        it(`${name} fails in one line naming the record it looked for and the command that deploys it`, async () => {
          const err = await rejectionOf(hre.run(name, args));
          expect(err).to.be.instanceOf(HardhatPluginError);
          const file = path.join(dir, "deployments", localId, "deployed_addresses.json");
          expect(err.message).to.equal(
            `No suite deployed on chain ${chainId} (looked for ${file}). ` +
              "Deploy it first: npx hardhat dkzt:deploy --network localhost",
          );
        });
      }

      it("names the deployment id asked for in the command that deploys it", async () => {
        const err = await rejectionOf(hre.run("dkzt:gold-bars", { deploymentId: "nowhere" }));
        expect(err.message).to.match(/looked for \S*nowhere\S*deployed_addresses\.json\)/);
        expect(err.message).to.match(
          /Deploy it first: npx hardhat dkzt:deploy --network localhost --deployment-id nowhere$/,
        );
      });
    });

    describe("when the record names a ledger this chain does not have", () => {
      it("says the record is stale, in one line", async () => {
        const { addresses } = await loadFixture(wholeSuite);
        recordAt(localId, { ...addresses, ledger: "0x000000000000000000000000000000000000dEaD" });
        const err = await rejectionOf(hre.run("dkzt:offline:limits"));
        expect(err.message).to.match(
          /^The deployment record \S+ names DigitalTenge at 0x0+dEaD, but network localhost/,
        );
      });
    });
  });

  describe("when loading the task's code is slow (a busy machine)", () => {
    /** Every request the tasks send to the node, and when their code finished loading, in order. */
    const events: string[] = [];
    const provider = hre.network.provider as unknown as Record<string, unknown>;
    const original = { request: provider.request, send: provider.send };

    beforeEach(() => {
      events.length = 0;
      loading.beforeLoad = async () => {
        events.push("loading");
        // Blocks Node as a heavy require on a loaded machine does: longer than a node's 5 s keep-alive would be
        // too slow for a test; the order of events is what is checked.
        const until = Date.now() + 1_500;
        while (Date.now() < until);
        await Promise.resolve();
      };
      loading.afterLoad = () => void events.push("loaded");
      const spy =
        (name: "request" | "send") =>
        (...args: unknown[]) => {
          const method = name === "request" ? (args[0] as { method: string }).method : (args[0] as string);
          events.push(`rpc ${method}`);
          return (original[name] as (...a: unknown[]) => unknown).apply(hre.network.provider, args);
        };
      provider.request = spy("request");
      provider.send = spy("send");
    });
    afterEach(() => {
      loading.beforeLoad = async () => undefined;
      loading.afterLoad = () => undefined;
      provider.request = original.request;
      provider.send = original.send;
    });

    for (const [name, args] of [
      ["dkzt:xb:status", { uetr: "a7e3c1d9-64b2-4f08-8e5a-1c9b7d3f2a60", signer: 0 }],
      ["dkzt:xb:deal", { id: 1, signer: 0 }],
      ["dkzt:offline:limits", {}],
      ["dkzt:gold-bars", {}],
    ] as const) {
      it(`${name} sends nothing to the node until its code is loaded, then succeeds`, async () => {
        await loadFixture(wholeSuite);
        events.length = 0;
        await printed(name, args);
        const first = events.findIndex((e) => e.startsWith("rpc "));
        expect(events.slice(0, 2), events.join(", ")).to.deep.equal(["loading", "loaded"]);
        expect(first, "the task talked to the node").to.be.greaterThan(1);
      });
    }
  });
});
