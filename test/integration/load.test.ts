import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchLoad, type LaunchResult } from "../../scripts/load/launch";
import type { SerializedObservation } from "../../scripts/load/report";
import { LOAD_REPORT_KEYS } from "../load/reportKeys";

/**
 * `npm run load`'s own path, small: the launcher starts a private `hardhat node`, the runner (a separate `hardhat
 * run` process) drives the three tokens over HTTP and writes the report and the observations to files, and the
 * node is stopped. The in-process run (test/load/load.test.ts, @plain) covers the figures; this covers the processes and files.
 */
describe("load test through the launcher (private hardhat node, 120 payments per token) @node", function () {
  let dir: string;
  let result: LaunchResult;
  let written: Record<string, unknown>;
  let observations: Record<string, SerializedObservation>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dkzt-load-"));
    result = await launchLoad(
      {
        LOAD_PAYMENTS: "120",
        LOAD_WALLETS: "20",
        LOAD_WARMUP: "20",
        LOAD_BLOCK_MS: "100",
        LOAD_PROGRESS: "false",
        LOAD_QUIET: "true",
        LOAD_OUT: path.join(dir, "load.json"),
        LOAD_OBSERVATIONS: path.join(dir, "observations.json"),
      },
      "pipe",
    );
    // A failed run leaves no files to read: fail here with the node's log rather than with a missing file.
    if (result.code !== 0) throw new Error(`the load run exited ${result.code}:\n${result.nodeLog ?? ""}`);
    written = JSON.parse(fs.readFileSync(path.join(dir, "load.json"), "utf8")) as Record<string, unknown>;
    observations = JSON.parse(fs.readFileSync(path.join(dir, "observations.json"), "utf8")) as Record<
      string,
      SerializedObservation
    >;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("exits 0 with every payment reconciled on the three tokens", () => {
    expect(result.code, result.nodeLog).to.equal(0);
    expect(written).to.include({ payments: 120, lost: 0, duplicated: 0 });
    expect((written.details as { reconciled: boolean }).reconciled).to.equal(true);
  });

  it("writes the issue's keys first, then the proxied figures, and returns the same report", () => {
    expect(Object.keys(written)).to.deep.equal(LOAD_REPORT_KEYS);
    expect(result.report).to.deep.equal(written);
  });

  it("writes each token's observation: 120 payments and 120 Transfer events on three different contracts", () => {
    expect(Object.keys(observations)).to.deep.equal(["dkzt", "erc20", "erc20Proxied"]);
    for (const o of Object.values(observations)) {
      expect(o.payments).to.have.length(120);
      expect(o.transfers).to.have.length(120);
    }
    const phases = (written.details as { phases: Record<string, { token: string }> }).phases;
    expect(new Set(Object.values(phases).map((p) => p.token.toLowerCase())).size).to.equal(3);
  });
});
