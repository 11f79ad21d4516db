/**
 * The whole view of a DKZT account, assembled off-chain from the ledger's small views. The ledger itself answers
 * only what its rules and modules need (`statusOf`, `balanceOf`, `attachedOf`, `accountDetails`, `tierLimits`),
 * which keeps its bytecode under the EIP-170 limit; everything here is derived from those answers, read at one
 * block so the parts agree.
 */
import type { AddressLike, BlockTag } from "ethers";
import type { DigitalTenge } from "../typechain-types";
import { UNLIMITED } from "./money";
import { FreezeState } from "./tiers";

/** What `accountOf` reads: the ledger's views (a DigitalTenge contract, or anything answering the same calls). */
export type LedgerAccountReader = Pick<
  DigitalTenge,
  "statusOf" | "balanceOf" | "attachedOf" | "accountDetails" | "tierLimits" | "runner"
>;

/** An account as the ledger sees it: status, balance and today's outflow (amounts in tiyn). */
export interface AccountView {
  registered: boolean;
  /** Closed for good by its bank (never registered again). */
  closed: boolean;
  /** IDigitalTenge.AccountKind (see AccountKind in src/tiers.ts). */
  kind: bigint;
  tier: bigint;
  /** The bank of record (zero address: none). */
  bankOfRecord: string;
  /** IDigitalTenge.FreezeState (see FreezeState in src/tiers.ts). */
  freeze: bigint;
  waterfall: boolean;
  /** Flagged by the guardian rules: its payments and redemptions are judged by them. */
  guarded: boolean;
  balance: bigint;
  attached: bigint;
  /** Sent today (Almaty day), counted while the tier has a daily limit. */
  spentToday: bigint;
  accountRef: string;
}

/** `blockTag`, or the latest block number when the reader has a provider (so several reads agree). */
async function pinned(ledger: LedgerAccountReader, blockTag?: BlockTag): Promise<BlockTag | undefined> {
  if (blockTag !== undefined) return blockTag;
  return ledger.runner?.provider?.getBlockNumber();
}

/** `account`'s whole view, read at `blockTag` (default: the latest block). */
export async function accountOf(
  ledger: LedgerAccountReader,
  account: AddressLike,
  blockTag?: BlockTag,
): Promise<AccountView> {
  const at = { blockTag: await pinned(ledger, blockTag) };
  const [status, balance, attached, details] = await Promise.all([
    ledger.statusOf(account, at),
    ledger.balanceOf(account, at),
    ledger.attachedOf(account, at),
    ledger.accountDetails(account, at),
  ]);
  return {
    registered: status.registered,
    closed: details.closed,
    kind: status.kind,
    tier: status.tier,
    bankOfRecord: status.bankOfRecord,
    freeze: status.freeze,
    waterfall: details.waterfall,
    guarded: details.guarded,
    balance,
    attached,
    spentToday: details.spentToday,
    accountRef: details.accountRef,
  };
}

/**
 * How much more `account` may send today under its tier's daily limit: UNLIMITED for a tier without one, 0 for an
 * account that cannot send (unregistered, closed, frozen or receive-only). The ledger's own rule, read at
 * `blockTag` (default: the latest block).
 */
export async function remainingDailyOutflow(
  ledger: LedgerAccountReader,
  account: AddressLike,
  blockTag?: BlockTag,
): Promise<bigint> {
  const at = { blockTag: await pinned(ledger, blockTag) };
  const [status, details] = await Promise.all([ledger.statusOf(account, at), ledger.accountDetails(account, at)]);
  if (!status.registered || status.freeze !== BigInt(FreezeState.None)) return 0n;
  const { dailyLimit } = await ledger.tierLimits(status.tier, at);
  if (dailyLimit === UNLIMITED) return UNLIMITED;
  return details.spentToday >= dailyLimit ? 0n : dailyLimit - details.spentToday;
}
