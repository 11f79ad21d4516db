import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { goldStocked, stablecoinIssued } from "./fixtures";
import { PERMISSIONS, Role, permissionRows, type ManagedContract } from "../../src/roles";
import { proofOfReservesReport, listBars } from "../../src/reserves";

describe("Reserves wiring and operations", () => {
  const contracts: [ManagedContract, "stablecoin" | "gold" | "desk"][] = [
    ["ReserveStablecoin", "stablecoin"],
    ["GoldToken", "gold"],
    ["GoldDesk", "desk"],
  ];
  for (const [contract, key] of contracts) {
    it(`wires every ${contract} row of the roles table into the AccessManager`, async () => {
      const f = await loadFixture(goldStocked);
      const target = await f[key].getAddress();
      for (const row of permissionRows(contract)) {
        for (const selector of row.selectors) {
          expect(await f.manager.getTargetFunctionRole(target, selector)).to.equal(
            Role[row.role],
            `${contract} ${row.functions.join(",")}`,
          );
        }
      }
      expect(Object.keys(PERMISSIONS[contract]).length).to.be.greaterThan(0);
    });
  }

  it("grants each reserves role to its holder only", async () => {
    const f = await loadFixture(goldStocked);
    const holders = {
      STABLE_ISSUER: f.exchange,
      STABLE_COMPLIANCE: f.stableCompliance,
      STABLE_UNPAUSER: f.stableCompliance,
      STABLE_RESCUER: f.rescuer,
      BRIDGE_ADMIN: f.bridgeAdmin,
      GOLD_CUSTODIAN: f.custodian,
      GOLD_PRICE_FEED: f.priceFeed,
    } as const;
    for (const [role, holder] of Object.entries(holders)) {
      const [isMember] = await f.manager.hasRole(Role[role as keyof typeof holders], holder.address);
      expect(isMember).to.equal(true, role);
      const [strangerIsMember] = await f.manager.hasRole(Role[role as keyof typeof holders], f.stranger.address);
      expect(strangerIsMember).to.equal(false, role);
    }
  });

  it("prints the proof of reserves and the bar register (dkzt:proof-of-reserves, dkzt:gold-bars)", async () => {
    const f = await loadFixture(goldStocked);
    await (await f.stablecoin.connect(f.exchange).mint(f.alice.address, 123_456n)).wait();
    const report = await proofOfReservesReport(hre, {
      stablecoin: await f.stablecoin.getAddress(),
      gold: await f.gold.getAddress(),
    });
    expect(report).to.match(/KZTE on this chain\s+1 234\.56 KZTE/);
    expect(report).to.match(/DKZT in reserve\s+1 234\.56 ₸/);
    expect(report).to.match(/ratio\s+100\.00 %/);
    expect(report).to.match(/fine gold in vault\s+2 099\.790000 g/);
    expect(report).to.match(/tokens issued\s+1 099\.890000 g/);
    const bars = await listBars(hre, { gold: await f.gold.getAddress() });
    expect(bars).to.contain(
      "KB-0001 TAU-KEN SAMRUK @ NBK-ALMATY-1: gross 1000000 mg, fineness 999.9, fine 999900 mg, Backing",
    );
  });

  it("reports a shortfall in the printed proof", async () => {
    const f = await loadFixture(stablecoinIssued);
    const reserve = await f.stablecoin.getAddress();
    await f.ledger.connect(f.compliance).attachFunds(reserve, 10_000n, "0x" + "00".repeat(32));
    const report = await proofOfReservesReport(hre, { stablecoin: reserve, gold: await f.gold.getAddress() });
    expect(report).to.match(/ratio\s+99\.99 %/);
    expect(report).to.contain("SHORT: minting halted, redemption pro rata");
  });
});
