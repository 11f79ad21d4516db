/**
 * reports/load.json: exactly `{ payments, lost, duplicated, dkztPerSec, erc20PerSec, ratio }` first (the issue's
 * format), then a nested `details` object with what a reader needs to trust the figures.
 */
import type { LoadSettings } from "./settings";
import type { PhaseResult } from "./drive";
import type { Reconciliation, ReconcileInput } from "./reconcile";

export interface LoadReport {
  /** Payments per phase (the same plan runs on DKZT and on the ERC-20). */
  payments: number;
  /** Payments lost, both phases together (must be 0). */
  lost: number;
  /** Payments applied more than once, both phases together (must be 0). */
  duplicated: number;
  dkztPerSec: number;
  erc20PerSec: number;
  /** dkztPerSec / erc20PerSec. */
  ratio: number;
  details: Record<string, unknown>;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

function phaseDetails(phase: PhaseResult, check: Reconciliation): Record<string, unknown> {
  return {
    token: phase.token,
    seconds: round(phase.seconds, 3),
    paymentsPerSec: round(phase.paymentsPerSecond, 2),
    sendSeconds: round(phase.sendSeconds, 3),
    signSeconds: round(phase.signSeconds, 3),
    blocks: { first: phase.firstBlock, last: phase.lastBlock, withPayments: phase.blocksWithPayments },
    maxPaymentsPerBlock: phase.maxPaymentsPerBlock,
    meanGasPerPayment: phase.meanGasPerPayment,
    rejectedAtSend: phase.rejectedAtSend,
    rejectReasons: phase.rejectReasons,
    reconciliation: {
      ok: check.ok,
      applied: check.applied,
      lost: check.lost,
      duplicated: check.duplicated,
      reverted: check.reverted,
      unexpected: check.unexpected,
      balanceMismatches: check.mismatches.length,
      supplyDrift: check.supplyDrift.toString(),
      findings: check.findings,
    },
  };
}

export function buildReport(
  settings: LoadSettings,
  run: {
    dkzt: PhaseResult;
    erc20: PhaseResult;
    dkztCheck: Reconciliation;
    erc20Check: Reconciliation;
    setupSeconds: number;
    chainId: bigint;
  },
): LoadReport {
  const ratio = run.erc20.paymentsPerSecond > 0 ? run.dkzt.paymentsPerSecond / run.erc20.paymentsPerSecond : 0;
  return {
    payments: settings.payments,
    lost: run.dkztCheck.lost + run.erc20Check.lost,
    duplicated: run.dkztCheck.duplicated + run.erc20Check.duplicated,
    dkztPerSec: round(run.dkzt.paymentsPerSecond, 2),
    erc20PerSec: round(run.erc20.paymentsPerSecond, 2),
    ratio: round(ratio, 4),
    details: {
      target: settings.target,
      met: ratio >= settings.target,
      reconciled: run.dkztCheck.ok && run.erc20Check.ok,
      wallets: settings.wallets,
      warmUp: {
        payments: settings.warmUp,
        note: "a different plan over the same wallets, run on both tokens before the clock (reconciled, not timed)",
      },
      seed: settings.seed,
      node: {
        kind: "hardhat node (EDR), private, loopback",
        chainId: Number(run.chainId),
        mining: settings.mining === "interval" ? `interval, ${settings.blockMs} ms` : "automine (one block per tx)",
        blockGasLimit: settings.blockGasLimit.toString(),
      },
      concurrency: {
        batchSize: settings.batchSize,
        parallelBatches: settings.parallel,
        note: "every payment is pre-signed; all wallets' payments are in flight together, each wallet its own nonce sequence",
      },
      gasLimitPerPayment: settings.gasLimit.toString(),
      erc20:
        settings.baseline === "plain"
          ? "OpenZeppelin ERC20 (contracts/test/BaselineERC20.sol), no proxy"
          : "OpenZeppelin ERC20Upgradeable (contracts/test/BaselineERC20Upgradeable.sol) behind ERC1967Proxy",
      dkzt: "DigitalTenge behind its ERC1967 proxy, deployed by the Suite Ignition module; standard-tier individuals",
      order:
        `${settings.slices} slices by round, tokens alternating ` +
        (settings.erc20First ? "ERC-20 DKZT | DKZT ERC-20 | ..." : "DKZT ERC-20 | ERC-20 DKZT | ..."),
      setupSeconds: round(run.setupSeconds, 1),
      phases: {
        dkzt: phaseDetails(run.dkzt, run.dkztCheck),
        erc20: phaseDetails(run.erc20, run.erc20Check),
      },
    },
  };
}

/** What the reconciler read, as JSON (bigints as decimal strings), for tests and post-mortems. */
export interface SerializedObservation {
  wallets: string[];
  payments: { seq: number; from: string; to: string; amount: string; hash: string }[];
  initial: [string, string][];
  receipts: { hash: string; status: number; blockNumber: number; gasUsed: string }[];
  transfers: { txHash: string; from: string; to: string; value: string }[];
  final: [string, string][];
}

export function serializeObservation(o: ReconcileInput): SerializedObservation {
  return {
    wallets: [...o.wallets],
    payments: o.payments.map((p) => ({ ...p, amount: p.amount.toString() })),
    initial: [...o.initial].map(([a, v]) => [a, v.toString()]),
    receipts: o.receipts.map((r) => ({ ...r, gasUsed: r.gasUsed.toString() })),
    transfers: o.transfers.map((t) => ({ ...t, value: t.value.toString() })),
    final: [...o.final].map(([a, v]) => [a, v.toString()]),
  };
}

export function deserializeObservation(o: SerializedObservation): ReconcileInput {
  return {
    wallets: o.wallets,
    payments: o.payments.map((p) => ({ ...p, amount: BigInt(p.amount) })),
    initial: new Map(o.initial.map(([a, v]) => [a, BigInt(v)])),
    receipts: o.receipts.map((r) => ({ ...r, gasUsed: BigInt(r.gasUsed) })),
    transfers: o.transfers.map((t) => ({ ...t, value: BigInt(t.value) })),
    final: new Map(o.final.map(([a, v]) => [a, BigInt(v)])),
  };
}
