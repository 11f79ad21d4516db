import { expect } from "chai";
import { deploymentSafety } from "../../src/deploySafety";
import { DEFAULT_EXECUTION_DELAY } from "../../src/roles";

describe("deploymentSafety: production governance by default", () => {
  for (const network of ["bsc", "bscTestnet", "permissioned"]) {
    it(`on ${network} a deployment without flags gets the two-day delay and the handover, with no warning`, () => {
      expect(deploymentSafety(network)).to.deep.equal({
        executionDelay: DEFAULT_EXECUTION_DELAY,
        handover: true,
        warnings: [],
      });
    });
  }

  it("on a production network the explicit opt-out gets no delay and no handover, and two UNSAFE warnings", () => {
    const decision = deploymentSafety("bsc", { unsafe: true });
    expect(decision.executionDelay).to.equal(0);
    expect(decision.handover).to.equal(false);
    expect(decision.warnings).to.have.length(2);
    expect(decision.warnings[0]).to.match(/^UNSAFE: no execution delay on bsc/);
    expect(decision.warnings[1]).to.match(/^UNSAFE: no handover on bsc: the deployer key keeps ADMIN/);
  });

  it("an explicit delay of 0 on a production network is warned about even without the opt-out", () => {
    const decision = deploymentSafety("permissioned", { executionDelay: 0 });
    expect(decision).to.include({ executionDelay: 0, handover: true });
    expect(decision.warnings).to.deep.equal([
      `UNSAFE: no execution delay on permissioned: every central-bank, operator and governance power acts at once ` +
        `and the guardian cannot cancel anything (production: --execution-delay ${DEFAULT_EXECUTION_DELAY}).`,
    ]);
  });

  for (const network of ["hardhat", "localhost"]) {
    it(`on ${network} (a sandbox) the default is no delay, no handover, no warning; flags still apply`, () => {
      expect(deploymentSafety(network)).to.deep.equal({ executionDelay: 0, handover: false, warnings: [] });
      expect(deploymentSafety(network, { executionDelay: 60, handover: true })).to.deep.equal({
        executionDelay: 60,
        handover: true,
        warnings: [],
      });
    });
  }
});
