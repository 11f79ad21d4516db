import { MaxUint256 } from "ethers";
import { FreezeState } from "../../src/tiers";

/** A rejection the ledger is expected to give: its custom error and the error's arguments. */
export interface Rejection {
  error: string;
  args: unknown[];
}

/** The fields of an account view (`accountOf` in src/accounts.ts) the rules read. */
export interface AccountRead {
  registered: boolean;
  closed: boolean;
  freeze: bigint;
  tier: bigint;
  balance: bigint;
  attached: bigint;
}

/**
 * What the simulation reads of the ledger, as its views answer (src/accounts.ts): `accountOf`, `tierLimits`
 * (holding, daily) and `remainingDailyOutflow`, or the same answers read earlier at the same block.
 */
export interface LedgerReads {
  accountOf(account: string): Promise<AccountRead>;
  tierLimits(tier: bigint): Promise<readonly [bigint, bigint, ...unknown[]]>;
  remainingDailyOutflow(account: string): Promise<bigint>;
}

/** How the ledger treats a movement: a payment (daily limit), a redemption (burn), a seizure (no status check). */
export type Rule = "payment" | "redeem" | "seizure";

interface SimAccount {
  registered: boolean;
  freeze: number;
  balance: bigint;
  attached: bigint;
  holdingLimit: bigint;
  dailyLimit: bigint;
  remainingToday: bigint;
}

/**
 * The ledger's settlement rules (DigitalTenge._settle, in its order of checks) replayed off-chain over the
 * accounts' current state, for a sequence of movements that one transaction makes: predicts the first rejection
 * (the error and its arguments) or that they all go through. The state is read from the chain on first use, so a
 * simulation is built for one command and thrown away. No account here uses waterfall, so a receipt above the
 * holding limit is rejected.
 */
export class LedgerSim {
  private readonly accounts = new Map<string, SimAccount>();

  constructor(private readonly ledger: LedgerReads) {}

  private async account(address: string): Promise<SimAccount> {
    const known = this.accounts.get(address);
    if (known) return known;
    const view = await this.ledger.accountOf(address);
    const [holdingLimit, dailyLimit] = await this.ledger.tierLimits(view.tier);
    const account: SimAccount = {
      registered: view.registered && !view.closed,
      freeze: Number(view.freeze),
      balance: view.balance,
      attached: view.attached,
      holdingLimit,
      dailyLimit,
      remainingToday: await this.ledger.remainingDailyOutflow(address),
    };
    this.accounts.set(address, account);
    return account;
  }

  /**
   * Apply `DigitalTenge.moduleSplit`: two legs of the one movement rule, `net` from `from` to `to`, then `vat` from
   * `from` to `vatTo` (the payer's balance, attachment and daily limit counted over both); if the second leg is
   * refused, the first is undone. The rejection (of the leg that failed), or null.
   */
  async split(from: string, to: string, net: bigint, vatTo: string, vat: bigint): Promise<Rejection | null> {
    const saved = new Map<string, SimAccount>();
    for (const address of [from, to, vatTo]) saved.set(address, { ...(await this.account(address)) });
    const first = await this.move(from, to, net, "payment");
    if (first) return first;
    const second = await this.move(from, vatTo, vat, "payment");
    if (second) {
      for (const [address, account] of saved) Object.assign(await this.account(address), account);
    }
    return second;
  }

  /** Apply one movement of `amount` from `from` to `to` (the zero address: a burn); the rejection, or null. */
  async move(from: string, to: string | null, amount: bigint, rule: Rule): Promise<Rejection | null> {
    const sender = await this.account(from);
    if (rule !== "seizure") {
      if (!sender.registered) return { error: "AccountNotRegistered", args: [from] };
      if (sender.freeze === FreezeState.Full) return { error: "AccountFrozen", args: [from] };
      if (sender.freeze === FreezeState.OutboundOnly) return { error: "AccountOutboundBlocked", args: [from] };
    }
    if (sender.balance < amount) return { error: "ERC20InsufficientBalance", args: [from, sender.balance, amount] };
    if (sender.attached > 0n && rule !== "seizure") {
      const free = sender.balance > sender.attached ? sender.balance - sender.attached : 0n;
      if (free < amount) return { error: "AttachedFundsLocked", args: [from, free, amount] };
    }
    const limited = rule === "payment" && sender.dailyLimit !== MaxUint256;
    if (limited && amount > sender.remainingToday) {
      const spent = sender.dailyLimit - sender.remainingToday;
      return { error: "DailyLimitExceeded", args: [from, sender.dailyLimit, spent + amount] };
    }
    let receiver: SimAccount | null = null;
    if (to !== null) {
      receiver = await this.account(to);
      if (!receiver.registered) return { error: "AccountNotRegistered", args: [to] };
      if (receiver.freeze === FreezeState.Full) return { error: "AccountFrozen", args: [to] };
      const after = receiver.balance + amount;
      if (receiver.holdingLimit !== MaxUint256 && after > receiver.holdingLimit) {
        return { error: "HoldingLimitExceeded", args: [to, receiver.holdingLimit, after] };
      }
    }
    sender.balance -= amount;
    if (limited) sender.remainingToday -= amount;
    if (receiver) receiver.balance += amount;
    return null;
  }
}
