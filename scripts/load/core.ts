/**
 * The load run on a node the caller provides (`rpc` and `hre` talk to the same chain):
 *
 * 1. Deploys the suite through the production Suite Ignition module (as src/suite.ts deploySuite does), defines the
 *    tiers, onboards a bank with an issuance ceiling, and the central bank issues to it.
 * 2. The bank onboards the load wallets (standard-tier individuals: status, holding and daily limits all checked),
 *    each gets gas, and the bank pays each its starting DKZT. A plain OpenZeppelin ERC20 (contracts/test/
 *    BaselineERC20.sol) is deployed and the same wallets get the same starting balance in it.
 * 3. Switches the node to the chosen mining mode with a block gas limit that never binds, runs a warm-up plan on
 *    both tokens (reconciled, not timed), then the measured plan on DKZT and the same plan on the ERC-20, and
 *    reconciles both.
 *
 * Used by scripts/load/runner.ts (a private `hardhat node` over HTTP, `npm run load`) and by test/load (the test's
 * embedded Hardhat Network).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { encodeBytes32String, id, toBeHex, type Signer } from "ethers";
import {
  AccessManager__factory,
  BaselineERC20Upgradeable__factory,
  BaselineERC20__factory,
  DigitalTenge__factory,
  ERC1967Proxy__factory,
  IERC20__factory,
} from "../../typechain-types";
import GovernanceModule from "../../ignition/modules/Governance";
import { configureTiers, onboardBank, suiteParameters, type LedgerSuite, type RoleHolders } from "../../src/suite";
import { AccountKind, DEFAULT_TIERS, Tier } from "../../src/tiers";
import { formatTenge } from "../../src/money";
import { buildPlan, slicePlan, type LoadPlan } from "./plan";
import type { RpcClient } from "./rpc";
import { mergePhases, runPhase, type FeeSettings, type PhaseResult } from "./drive";
import { reconcile, type ReconcileInput, type Reconciliation } from "./reconcile";
import { buildReport, type LoadReport } from "./report";
import type { LoadSettings } from "./settings";

const ref = (text: string): string => encodeBytes32String(text);
/** An opaque customer reference (no personal data on-chain): a hash of the wallet's index in the run. */
const customerRef = (seed: string, i: number): string => id(`dkzt load ${seed} customer ${i}`);

/**
 * Send `calls` to `to` from the node's account `from` (the node signs), nonces in sequence: queued with automine
 * off and mined in blocks of 50, every receipt checked. (Under automine the node takes a batch request's
 * transactions in any order, so a later nonce could arrive first and be refused.)
 */
async function sendAs(rpc: RpcClient, from: string, to: string, calls: readonly string[]): Promise<void> {
  const first = Number(await rpc.call<string>("eth_getTransactionCount", [from, "pending"]));
  const hashes: string[] = [];
  await rpc.call("evm_setAutomine", [false]);
  for (let start = 0; start < calls.length; start += SETUP_BLOCK) {
    const answers = await rpc.batch(
      calls.slice(start, start + SETUP_BLOCK).map((data, i) => ({
        method: "eth_sendTransaction",
        params: [{ from, to, data, gas: toBeHex(500_000), nonce: toBeHex(first + start + i) }],
      })),
    );
    answers.forEach((a, i) => {
      if (!a.ok) throw new Error(`setup transaction ${start + i} from ${from}: ${a.error.message}`);
      hashes.push(a.result as string);
    });
    await rpc.call("evm_mine");
  }
  await rpc.call("evm_setAutomine", [true]);
  const receipts = await rpc.many(
    hashes.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })),
    200,
    1,
  );
  receipts.forEach((r, i) => {
    if (!r.ok || (r.result as { status: string } | null)?.status !== "0x1") {
      throw new Error(`setup transaction ${hashes[i]} from ${from} did not succeed`);
    }
  });
}

/** Setup transactions per block. */
const SETUP_BLOCK = 50;

/**
 * The ERC-20 to compare with, its whole supply to `holder`: OpenZeppelin's plain ERC20 (default), or its
 * ERC20Upgradeable behind an ERC1967Proxy (what DKZT is: a proxied token; the bench's usual baseline).
 */
async function deployBaseline(holder: Signer, supply: bigint, kind: LoadSettings["baseline"]): Promise<string> {
  const address = await holder.getAddress();
  if (kind === "plain") {
    const token = await new BaselineERC20__factory(holder).deploy(address, supply);
    await token.waitForDeployment();
    return token.getAddress();
  }
  const implementation = await new BaselineERC20Upgradeable__factory(holder).deploy();
  await implementation.waitForDeployment();
  const init = implementation.interface.encodeFunctionData("initialize", [address, supply]);
  const proxy = await new ERC1967Proxy__factory(holder).deploy(await implementation.getAddress(), init);
  await proxy.waitForDeployment();
  return proxy.getAddress();
}

export interface LoadRun {
  report: LoadReport;
  dkzt: ReconcileInput;
  erc20: ReconcileInput;
  checks: { dkzt: Reconciliation; erc20: Reconciliation; warmUp: Reconciliation[] };
}

export async function runLoad(
  hre: HardhatRuntimeEnvironment,
  rpc: RpcClient,
  settings: LoadSettings,
  log: (text: string) => void = console.log,
): Promise<LoadRun> {
  await rpc.call("hardhat_setLoggingEnabled", [false]);
  await rpc.call("evm_setAutomine", [true]);
  const { chainId } = await hre.ethers.provider.getNetwork();

  const plan = buildPlan(settings.seed, settings.wallets, settings.payments);
  const warmUp =
    settings.warmUp > 0
      ? buildPlan(settings.seed, settings.wallets, settings.warmUp, `${settings.seed}/warm-up`)
      : undefined;
  const maxOutflow = plan.maxOutflow + (warmUp?.maxOutflow ?? 0n);
  const maxHolding = plan.maxHolding + (warmUp?.maxHolding ?? 0n);
  const startBalance = plan.initialBalance + (warmUp?.initialBalance ?? 0n);
  const standard = DEFAULT_TIERS.find((t) => t.id === Tier.STANDARD);
  if (standard === undefined) throw new Error("no standard tier");
  if (maxOutflow > standard.dailyLimit || maxHolding > standard.holdingLimit) {
    throw new Error(
      `plan exceeds the standard tier: outflow ${maxOutflow} (daily limit ${standard.dailyLimit}), holding ` +
        `${maxHolding} (limit ${standard.holdingLimit}); use more wallets or fewer payments`,
    );
  }
  log(
    `Plan: ${plan.payments.length} payments from ${plan.wallets.length} wallets, each starting with ` +
      `${formatTenge(startBalance)} (seed "${settings.seed}")`,
  );

  // ---- 1. The suite, as the deployment makes it: the Suite Ignition module with src/suite.ts's parameters.
  const setupStarted = performance.now();
  const s = await hre.ethers.getSigners();
  const [deployer, governance, centralBank, operator, compliance, bank] = [s[0], s[1], s[2], s[3], s[4], s[5]];
  const holders: RoleHolders = {
    CENTRAL_BANK: centralBank.address,
    OPERATOR: operator.address,
    COMPLIANCE: compliance.address,
    GOVERNANCE: governance.address,
    GUARDIAN: s[14].address,
    ISSUANCE_DESK: s[15].address,
  };
  // As deploySuite does, but polling the private automined node every 50 ms instead of Ignition's default 1 s.
  const deployed = await hre.ignition.deploy(GovernanceModule, {
    parameters: suiteParameters(holders),
    deploymentId: settings.deploymentId,
    config: { blockPollingInterval: 50 },
    displayUi: false,
  });
  const suite: LedgerSuite = {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), deployer),
    ledger: DigitalTenge__factory.connect(await deployed.ledger.getAddress(), deployer),
  };
  const { ledger } = suite;
  const deploySeconds = (performance.now() - setupStarted) / 1000;
  await configureTiers(ledger, centralBank);
  await onboardBank(suite, operator, bank.address, Tier.UNLIMITED, ref("LOAD-BANK"));
  const total = startBalance * BigInt(plan.wallets.length);
  await (await ledger.connect(centralBank).setIssuanceCeiling(bank.address, total)).wait();
  await (await ledger.connect(centralBank).issue(bank.address, total, ref("LOAD-RSV-1"))).wait();

  // ---- 2. The wallets: gas from the node, onboarded by the bank, starting DKZT from the bank; the same starting
  // balance in a plain ERC-20. The node signs for its own accounts (eth_sendTransaction), sent in batches.
  await rpc.call("evm_setBlockGasLimit", [toBeHex(settings.blockGasLimit)]);
  const fund = toBeHex(10n ** 20n); // 100 ETH of gas money each: far more than 2 × payments × gasLimit × maxFee.
  await rpc.many(
    plan.wallets.map((w) => ({ method: "hardhat_setBalance", params: [w.address, fund] })),
    100,
    1,
  );
  const erc20 = IERC20__factory.connect(await deployBaseline(deployer, total, settings.baseline), deployer);
  const ledgerAddress = await ledger.getAddress();
  const erc20Address = await erc20.getAddress();
  const bankCalls = plan.wallets.flatMap((w, i) => [
    ledger.interface.encodeFunctionData("onboardCustomer", [
      w.address,
      AccountKind.Individual,
      Tier.STANDARD,
      customerRef(settings.seed, i),
    ]),
    ledger.interface.encodeFunctionData("transfer", [w.address, startBalance]),
  ]);
  const walletsStarted = performance.now();
  await sendAs(rpc, bank.address, ledgerAddress, bankCalls);
  const bankSeconds = (performance.now() - walletsStarted) / 1000;
  await sendAs(
    rpc,
    deployer.address,
    erc20Address,
    plan.wallets.map((w) => erc20.interface.encodeFunctionData("transfer", [w.address, startBalance])),
  );
  const dkztAddress = ledgerAddress;
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  log(
    `Setup: suite deployed in ${deploySeconds.toFixed(1)} s; ${plan.wallets.length} wallets onboarded and paid, ` +
      `${setupSeconds.toFixed(1)} s in all (bank's onboarding and payments ${bankSeconds.toFixed(1)} s)`,
  );

  // ---- 3. Same node, same mining, same wallets, same payments, same concurrency: DKZT, then the ERC-20.
  if (settings.mining === "interval") {
    await rpc.call("evm_setAutomine", [false]);
    await rpc.call("evm_setIntervalMining", [settings.blockMs]);
  }
  const fees: FeeSettings = {
    gasLimit: settings.gasLimit,
    maxFeePerGas: 100n * 10n ** 9n,
    maxPriorityFeePerGas: 10n ** 9n,
  };
  // Through the load's own client (retried on a closed keep-alive socket), not the Hardhat provider, from here on.
  const nonces = async (): Promise<number[]> =>
    (
      await rpc.many(
        plan.wallets.map((w) => ({ method: "eth_getTransactionCount", params: [w.address, "latest"] })),
        200,
        1,
      )
    ).map((answer, i) => {
      if (!answer.ok) throw new Error(`nonce of wallet ${i}: ${answer.error.message}`);
      return Number(answer.result);
    });

  const phase = async (label: string, token: string, which: LoadPlan = plan): Promise<PhaseResult> =>
    runPhase({
      label,
      rpc,
      chainId,
      token,
      plan: which,
      startNonces: await nonces(),
      fees,
      batchSize: settings.batchSize,
      parallel: settings.parallel,
      progress: settings.progress,
    });
  const warmUpChecks: Reconciliation[] = [];
  if (warmUp !== undefined) {
    for (const [label, token] of [
      ["warm-up DKZT", dkztAddress],
      ["warm-up ERC-20", erc20Address],
    ] as const) {
      const check = reconcile((await phase(label, token, warmUp)).observed);
      if (!check.ok) throw new Error(`${label} did not reconcile: ${check.findings.join("; ")}`);
      warmUpChecks.push(check);
    }
  }
  // The measured plan in slices by round, the two tokens alternating A B | B A | A B ...: whatever drifts during the
  // run (the chain growing, the machine's other load) falls on both tokens alike.
  const first = settings.erc20First ? "ERC-20" : "DKZT";
  const second = first === "DKZT" ? "ERC-20" : "DKZT";
  const slices = slicePlan(plan, settings.slices);
  const parts: Record<string, PhaseResult[]> = { DKZT: [], "ERC-20": [] };
  for (const [k, slice] of slices.entries()) {
    for (const label of k % 2 === 0 ? [first, second] : [second, first]) {
      const token = label === "DKZT" ? dkztAddress : erc20Address;
      parts[label].push(await phase(`${label} ${k + 1}/${slices.length}`, token, slice));
    }
  }
  const results: Record<string, PhaseResult> = {
    DKZT: mergePhases("DKZT", parts.DKZT),
    "ERC-20": mergePhases("ERC-20", parts["ERC-20"]),
  };
  const dkzt = results.DKZT;
  const plain = results["ERC-20"];
  const dkztCheck: Reconciliation = reconcile(dkzt.observed);
  const erc20Check: Reconciliation = reconcile(plain.observed);

  const report = buildReport(settings, { dkzt, erc20: plain, dkztCheck, erc20Check, setupSeconds, chainId });
  return {
    report,
    dkzt: dkzt.observed,
    erc20: plain.observed,
    checks: { dkzt: dkztCheck, erc20: erc20Check, warmUp: warmUpChecks },
  };
}
