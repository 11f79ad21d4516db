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
    ).to.be.rejectedWith(/^No suite deployed in this process: .*no-such-deployment/);
  });
});
