import { ethers, network } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { fundedLedger } from "../helpers/fixtures";
import { tenge } from "../../src/money";
interface Log { op: string; gasCost: number; depth: number; pc: number }
async function prof(hash: string, label: string) {
  const t = (await network.provider.send("debug_traceTransaction", [hash, { disableMemory: true, disableStack: true, disableStorage: true }])) as { structLogs: Log[]; gas: number };
  const by: Record<string, number> = {};
  let d2 = 0, n2 = 0;
  for (const l of t.structLogs) { if (l.depth === 2) { d2 += l.gasCost; n2++; } const k = ["SLOAD","SSTORE","LOG3","DELEGATECALL"].includes(l.op) ? l.op : "other"; by[k] = (by[k] ?? 0) + l.gasCost; }
  const first = t.structLogs.findIndex((l) => l.depth === 2);
  let disp = 0; for (let i = first; i < t.structLogs.length && i < first + 400; i++) { const l = t.structLogs[i]; if (l.op === "JUMPDEST" && i > first + 5) { } }
  const h: Record<string, number> = {}; for (const l of t.structLogs) if (l.depth === 2) h[l.op] = (h[l.op] ?? 0) + 1; console.log(label, JSON.stringify(Object.entries(h).sort((a, b) => b[1] - a[1]).slice(0, 25)));
  console.log(label, "total", t.gas, "depth2 gas", d2, "ops", n2, JSON.stringify(by));
}
describe("probe", () => {
  it("gas", async () => {
    const { ledger, alice, bob } = await loadFixture(fundedLedger);
    await ledger.connect(alice).transfer(bob.address, tenge(1));
    const r = await (await ledger.connect(alice).transfer(bob.address, tenge(1))).wait();
    const [s0, s1] = await ethers.getSigners();
    const impl = await (await ethers.getContractFactory("BaselineERC20Upgradeable")).deploy();
    const init = impl.interface.encodeFunctionData("initialize", [s0.address, 10n ** 20n]);
    const proxy = await (await ethers.getContractFactory("ERC1967Proxy")).deploy(await impl.getAddress(), init);
    const tok = await ethers.getContractAt("BaselineERC20Upgradeable", await proxy.getAddress());
    await tok.transfer(s1.address, 1000n);
    const b = await (await tok.transfer(s1.address, 1000n)).wait();
    await prof(r!.hash, "dkzt"); await prof(b!.hash, "base");
  });
});
