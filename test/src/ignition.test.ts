import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repairInterruptedJournal } from "../../src/ignition";

function journalIn(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-"));
  fs.writeFileSync(path.join(dir, "journal.jsonl"), lines.map((l) => `${l}\n`).join(""));
  return dir;
}

const line = (type: string, futureId?: string): string => JSON.stringify({ type, futureId });

describe("repairInterruptedJournal (a deployment killed at any instant resumes)", () => {
  const whole = [
    line("DEPLOYMENT_INITIALIZE"),
    line("DEPLOYMENT_EXECUTION_STATE_INITIALIZE", "Ledger#AccessManager"),
    line("NETWORK_INTERACTION_REQUEST", "Ledger#AccessManager"),
    line("TRANSACTION_CONFIRM", "Ledger#AccessManager"),
    line("CONTRACT_AT_EXECUTION_STATE_INITIALIZE", "Ledger#DigitalTenge"),
  ];

  it("leaves a whole journal untouched and reports nothing", () => {
    const dir = journalIn(whole);
    expect(repairInterruptedJournal(dir)).to.deep.equal([]);
    expect(fs.readFileSync(path.join(dir, "journal.jsonl"), "utf8")).to.equal(whole.map((l) => `${l}\n`).join(""));
  });

  it("drops a future started but killed before its first network interaction, and a line cut short", () => {
    const dir = journalIn([
      ...whole,
      line("CALL_EXECUTION_STATE_INITIALIZE", "Suite#genesis_grant_OPERATOR"),
      '{"type":"SEND_DATA_EXEC',
    ]);
    expect(repairInterruptedJournal(dir)).to.deep.equal(["Suite#genesis_grant_OPERATOR", "(unreadable line 7)"]);
    // Rewritten as Ignition writes it ("\n" + JSON per line), whole: no temporary file left behind.
    expect(fs.readFileSync(path.join(dir, "journal.jsonl"), "utf8")).to.equal(whole.map((l) => `\n${l}`).join(""));
    expect(fs.readdirSync(dir)).to.deep.equal(["journal.jsonl"]);
  });

  it("keeps a started future that has interacted with the network (Ignition resumes it itself)", () => {
    const lines = [
      ...whole,
      line("CALL_EXECUTION_STATE_INITIALIZE", "Suite#genesis_grant_OPERATOR"),
      line("NETWORK_INTERACTION_REQUEST", "Suite#genesis_grant_OPERATOR"),
    ];
    const dir = journalIn(lines);
    expect(repairInterruptedJournal(dir)).to.deep.equal([]);
    expect(fs.readFileSync(path.join(dir, "journal.jsonl"), "utf8").trim().split("\n")).to.have.length(lines.length);
  });

  it("does nothing where there is no journal yet", () => {
    expect(repairInterruptedJournal(path.join(os.tmpdir(), "no-such-deployment-xyz"))).to.deep.equal([]);
  });
});
