import { expect } from "chai";
import hre from "hardhat";
import "../../tasks/programs";

describe("dkzt:programs:report", () => {
  it("is a task with the program id, deployment, first block, marked and json options", () => {
    const definition = hre.tasks["dkzt:programs:report"];
    expect(definition, "task registered").to.not.equal(undefined);
    expect(Object.keys(definition.paramDefinitions)).to.have.members([
      "program",
      "deployment",
      "from",
      "marked",
      "json",
    ]);
  });

  it("says clearly when there is no deployment to report on", async () => {
    await expect(
      hre.run("dkzt:programs:report", { program: "1", deployment: "no-such-deployment" }),
    ).to.be.rejectedWith(/No deployment on chain \d+ \(looked for .*no-such-deployment/);
  });
});

describe("dkzt:programs:mandate", () => {
  it("is a task with the funder, the contracts, revoke and deployment options", () => {
    const definition = hre.tasks["dkzt:programs:mandate"];
    expect(definition, "task registered").to.not.equal(undefined);
    expect(Object.keys(definition.paramDefinitions)).to.have.members(["from", "modules", "revoke", "deployment"]);
  });

  it("names the contracts it knows when given one it does not, before looking for a deployment", async () => {
    await expect(
      hre.run("dkzt:programs:mandate", { from: "1", modules: "purpose,lottery", deployment: "no-such-deployment" }),
    ).to.be.rejectedWith(/--modules: "lottery" is not one of purpose, marked, m2e/);
    await expect(
      hre.run("dkzt:programs:mandate", { from: "1", modules: " , ", deployment: "no-such-deployment" }),
    ).to.be.rejectedWith(/--modules: name at least one of purpose, marked, m2e/);
  });

  it("says clearly when there is no deployment", async () => {
    await expect(
      hre.run("dkzt:programs:mandate", { from: "1", modules: "m2e", deployment: "no-such-deployment" }),
    ).to.be.rejectedWith(/No deployment on chain \d+ \(looked for .*no-such-deployment/);
  });
});
