/**
 * The load run on a node the caller provides (`rpc` and `hre` talk to the same chain):
 *
 * 1. Deploys the suite through the production Suite Ignition module (as src/suite.ts deploySuite does), defines the
 *    tiers, onboards a bank with an issuance ceiling, and the central bank issues to it.
 * 2. The bank onboards the load wallets (standard-tier individuals: status, holding and daily limits all checked),
 *    each gets gas, and the bank pays each its starting DKZT. Two OpenZeppelin ERC-20s are deployed, a plain ERC20
 *    (contracts/test/BaselineERC20.sol) and an ERC20Upgradeable behind an ERC1967Proxy (contracts/test/
 *    BaselineERC20Upgradeable.sol: a proxied token, as DKZT is), and the same wallets get the same starting
 *    balance in each.
 * 3. Switches the node to the chosen mining mode with a block gas limit that never binds, runs a warm-up plan on
 *    the three tokens (reconciled, not timed), then the measured plan on each, in slices with the order rotating,
 *    and reconciles each token's payments as a whole.
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
import { buildPlan, rotatingOrder, slicePlan, type LoadPlan } from "./plan";
import type { RpcClient } from "./rpc";
import { mergePhases, runPhase, type FeeSettings, type PhaseResult } from "./drive";
import { reconcile, type ReconcileInput, type Reconciliation } from "./reconcile";
import { buildReport, TOKEN_LABELS, TOKENS, type LoadReport, type TokenKey } from "./report";
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

/** OpenZeppelin's plain ERC20, its whole supply to `holder`. */
async function deployPlainErc20(holder: Signer, supply: bigint): Promise<string> {
  const token = await new BaselineERC20__factory(holder).deploy(await holder.getAddress(), supply);
  await token.waitForDeployment();
  return token.getAddress();
}

/** OpenZeppelin's ERC20Upgradeable behind an ERC1967Proxy (one proxy hop, as DKZT has), its whole supply to `holder`. */
async function deployProxiedErc20(holder: Signer, supply: bigint): Promise<string> {
  const implementation = await new BaselineERC20Upgradeable__factory(holder).deploy();
  await implementation.waitForDeployment();
  const init = implementation.interface.encodeFunctionData("initialize", [await holder.getAddress(), supply]);
  const proxy = await new ERC1967Proxy__factory(holder).deploy(await implementation.getAddress(), init);
  await proxy.waitForDeployment();
  return proxy.getAddress();
}

export interface LoadRun {
  report: LoadReport;
  /** What the reconciler read on each token (every slice of it as one observation). */
  dkzt: ReconcileInput;
  erc20: ReconcileInput;
  erc20Proxied: ReconcileInput;
  checks: Record<TokenKey, Reconciliation> & { warmUp: Reconciliation[] };
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
  // balance in the plain and in the proxied ERC-20. The node signs for its own accounts (eth_sendTransaction), sent in batches.
  await rpc.call("evm_setBlockGasLimit", [toBeHex(settings.blockGasLimit)]);
  const fund = toBeHex(10n ** 20n); // 100 ETH of gas money each: far more than 3 × payments × gasLimit × maxFee.
  await rpc.many(
    plan.wallets.map((w) => ({ method: "hardhat_setBalance", params: [w.address, fund] })),
    100,
    1,
  );
  const erc20Address = await deployPlainErc20(deployer, total);
  const erc20ProxiedAddress = await deployProxiedErc20(deployer, total);
  const erc20 = IERC20__factory.connect(erc20Address, deployer);
  const ledgerAddress = await ledger.getAddress();
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
  const startingBalances = plan.wallets.map((w) =>
    erc20.interface.encodeFunctionData("transfer", [w.address, startBalance]),
  );
  await sendAs(rpc, deployer.address, erc20Address, startingBalances);
  await sendAs(rpc, deployer.address, erc20ProxiedAddress, startingBalances);
  const addresses: Record<TokenKey, string> = {
    dkzt: ledgerAddress,
    erc20: erc20Address,
    erc20Proxied: erc20ProxiedAddress,
  };
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  log(
    `Setup: suite deployed in ${deploySeconds.toFixed(1)} s; ${plan.wallets.length} wallets onboarded and paid, ` +
      `${setupSeconds.toFixed(1)} s in all (bank's onboarding and payments ${bankSeconds.toFixed(1)} s)`,
  );

  // ---- 3. Same node, same mining, same wallets, same payments, same concurrency on the three tokens.
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
    for (const token of TOKENS) {
      const label = `warm-up ${TOKEN_LABELS[token]}`;
      const check = reconcile((await phase(label, addresses[token], warmUp)).observed);
      if (!check.ok) throw new Error(`${label} did not reconcile: ${check.findings.join("; ")}`);
      warmUpChecks.push(check);
    }
  }
  // The measured plan in slices by round, the order of the three tokens rotating per slice (A B C | B C A | C A B |
  // A C B | C B A | B A C, see rotatingOrder): whatever drifts during the run (the chain growing, the machine's
  // other load) falls on every token alike, no token always goes first, and none always follows the same one.
  // Each token gets the same payments in every slice.
  const first: readonly TokenKey[] = settings.erc20First ? ["erc20", "erc20Proxied", "dkzt"] : TOKENS;
  const slices = slicePlan(plan, settings.slices);
  const order = rotatingOrder(first, slices.length);
  const parts: Record<TokenKey, PhaseResult[]> = { dkzt: [], erc20: [], erc20Proxied: [] };
  for (const [k, slice] of slices.entries()) {
    for (const token of order[k]) {
      parts[token].push(await phase(`${TOKEN_LABELS[token]} ${k + 1}/${slices.length}`, addresses[token], slice));
    }
  }
  const phases: Record<TokenKey, PhaseResult> = {
    dkzt: mergePhases(TOKEN_LABELS.dkzt, parts.dkzt),
    erc20: mergePhases(TOKEN_LABELS.erc20, parts.erc20),
    erc20Proxied: mergePhases(TOKEN_LABELS.erc20Proxied, parts.erc20Proxied),
  };
  const checks: Record<TokenKey, Reconciliation> = {
    dkzt: reconcile(phases.dkzt.observed),
    erc20: reconcile(phases.erc20.observed),
    erc20Proxied: reconcile(phases.erc20Proxied.observed),
  };

  const report = buildReport(settings, { phases, slices: parts, checks, order, setupSeconds, chainId });
  return {
    report,
    dkzt: phases.dkzt.observed,
    erc20: phases.erc20.observed,
    erc20Proxied: phases.erc20Proxied.observed,
    checks: { ...checks, warmUp: warmUpChecks },
  };
}
