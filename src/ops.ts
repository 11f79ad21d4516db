/**
 * The operations library: deploy and load the suite, resolve who signs, parse what operators type, and run
 * each ledger operation with its failure decoded into words. The `dkzt:*` tasks, the pilot and the tests
 * all go through here; a task only parses its parameters and prints what comes back.
 */
import { deploymentSafety, type SafetyDecision } from "./deploySafety";
import { isMandateModule } from "./mandates";
import * as fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  decodeBytes32String,
  encodeBytes32String,
  getAddress,
  isAddress,
  isHexString,
  keccak256,
  toUtf8Bytes,
  type ContractTransactionResponse,
  type Signer,
} from "ethers";
import { SuiteError, type ErrorContext } from "./errors";
import { formatTenge, tenge, UNLIMITED } from "./money";
import { CAPABILITY_PARTIES, GOVERNANCE_PARTIES, LEDGER_PARTIES, type LedgerParty, type Party } from "./roles";
import {
  configureTiers,
  connectSuite,
  deploySuite,
  deploymentIdFor,
  onboardBank,
  suiteAddresses,
  type SuiteHolders,
  type Suite,
} from "./suite";
import { AccountKind, DEFAULT_TIERS, type TierSpec } from "./tiers";
import { accountOf, remainingDailyOutflow } from "./accounts";
import {
  deployedInProcess,
  loadDeployment,
  recordPath,
  rememberDeployment,
  staleRecord,
  type SuiteAddresses,
} from "./deployment";

// ------------------------------------------------------------------------------------------- output

/** Where tasks print. Tests replace `output.line` to capture what an operator would see. */
export const output = {
  line: (text: string): void => {
    console.log(text);
  },
};

// ------------------------------------------------------------------------------------------- accounts

/** Networks whose accounts are the node's own test accounts, where role names stand for account indexes. */
export const LOCAL_NETWORKS: readonly string[] = ["hardhat", "localhost"];

/**
 * Who holds what on a local network (the same accounts the test fixtures name): 0 deploys, 1..4 hold the
 * governance, central bank, operator and compliance roles. `--from central-bank` means account 2 there.
 */
export const LOCAL_ACCOUNTS = {
  deployer: 0,
  governance: 1,
  "central-bank": 2,
  operator: 3,
  compliance: 4,
  guardian: 14,
  "issuance-desk": 15,
} as const;
export type LocalAccount = keyof typeof LOCAL_ACCOUNTS;

const HOLDER_ACCOUNT: Record<Party, LocalAccount> = {
  GOVERNANCE: "governance",
  CENTRAL_BANK: "central-bank",
  OPERATOR: "operator",
  COMPLIANCE: "compliance",
  GUARDIAN: "guardian",
  ISSUANCE_DESK: "issuance-desk",
};

/** Every party of the ledger and its governance. */
const PARTIES: readonly Party[] = [...LEDGER_PARTIES, ...GOVERNANCE_PARTIES];

/**
 * Local accounts of the whole suite's other parties (the capabilities', the treasury, the move-to-earn sponsor,
 * the foreign central bank's), taken from the top of the 64 local accounts so that the pilot's cast (banks and
 * customers after LOCAL_ACCOUNTS) never meets them.
 */
export const LOCAL_SUITE_ACCOUNTS: Record<Exclude<keyof SuiteHolders, Party | "foreign">, number> & {
  foreign: Record<LedgerParty, number>;
} = {
  TAX_AUTHORITY: 50,
  STABLE_ISSUER: 51,
  STABLE_COMPLIANCE: 52,
  STABLE_RESCUER: 53,
  BRIDGE_ADMIN: 54,
  GOLD_CUSTODIAN: 55,
  GOLD_PRICE_FEED: 56,
  TREASURY: 57,
  M2E_SPONSOR: 58,
  foreign: { CENTRAL_BANK: 59, OPERATOR: 60, COMPLIANCE: 61, GOVERNANCE: 62 },
};

export function isLocal(hre: HardhatRuntimeEnvironment): boolean {
  return LOCAL_NETWORKS.includes(hre.network.name);
}

async function localSigners(hre: HardhatRuntimeEnvironment): Promise<HardhatEthersSigner[]> {
  const signers = await hre.ethers.getSigners();
  if (signers.length === 0) {
    throw new SuiteError(
      `Network ${hre.network.name} has no account to sign with: set DEPLOYER_KEY in .env (see .env.example).`,
    );
  }
  return signers;
}

function indexOf(hre: HardhatRuntimeEnvironment, who: string): number | undefined {
  const text = who.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const alias = text.toLowerCase().replace(/_/g, "-") as LocalAccount;
  if (alias in LOCAL_ACCOUNTS) {
    if (!isLocal(hre)) {
      throw new SuiteError(
        `"${who}" names a local test account; on network ${hre.network.name} give an address or an account index.`,
      );
    }
    return LOCAL_ACCOUNTS[alias];
  }
  return undefined;
}

/**
 * The signer `who` names: an address this network can sign for, an index into its accounts, or on a local
 * network a role name (deployer, governance, central-bank, operator, compliance). Without `who`, the
 * role's local account, or account 0 on other networks.
 */
export async function resolveSigner(
  hre: HardhatRuntimeEnvironment,
  who: string | undefined,
  role?: LocalAccount,
): Promise<HardhatEthersSigner> {
  const signers = await localSigners(hre);
  if (who === undefined || who === "") {
    if (role && isLocal(hre)) return pick(signers, LOCAL_ACCOUNTS[role], hre);
    if (role === undefined) throw new SuiteError("--from is required: which account signs this operation?");
    return signers[0];
  }
  const index = indexOf(hre, who);
  if (index !== undefined) return pick(signers, index, hre);
  if (!isAddress(who)) throw new SuiteError(`--from: "${String(who)}" is neither an address nor an account index.`);
  const found = signers.find((s) => s.address.toLowerCase() === who.toLowerCase());
  if (!found) {
    throw new SuiteError(
      `--from: network ${hre.network.name} cannot sign for ${getAddress(who)} (it has ${signers.length} account(s); ` +
        "on a remote network the signer is DEPLOYER_KEY).",
    );
  }
  return found;
}

function pick(signers: HardhatEthersSigner[], index: number, hre: HardhatRuntimeEnvironment): HardhatEthersSigner {
  const signer = signers[index];
  if (!signer) {
    throw new SuiteError(
      `Account index ${index} does not exist: network ${hre.network.name} has ${signers.length} account(s).`,
    );
  }
  return signer;
}

/** The address `who` names: an address, an account index, or on a local network a role name. */
export async function resolveAccount(hre: HardhatRuntimeEnvironment, who: string, what = "account"): Promise<string> {
  const index = indexOf(hre, who);
  if (index !== undefined) return (await resolveSigner(hre, String(index))).address;
  if (!isAddress(who)) throw new SuiteError(`--${what}: "${String(who)}" is neither an address nor an account index.`);
  return getAddress(who);
}

// ------------------------------------------------------------------------------------------- parsing

/**
 * How a reference typed as text goes on-chain:
 * - "text": bytes32-encoded, readable in events (reserve operations, legal orders, bank registry codes);
 *   at most 31 bytes;
 * - "hash": keccak256 of the UTF-8 text (customer references: the chain sees an opaque handle only).
 * A 0x-prefixed 32-byte hex value is taken as it is in both modes.
 */
export type ReferenceMode = "text" | "hash";

export function reference(text: string, mode: ReferenceMode): string {
  const trimmed = text.trim();
  if (isHexString(trimmed, 32)) return trimmed.toLowerCase();
  if (trimmed === "") throw new SuiteError("a reference cannot be empty");
  if (mode === "hash") return keccak256(toUtf8Bytes(trimmed));
  if (toUtf8Bytes(trimmed).length > 31) {
    throw new SuiteError(`reference "${trimmed}" is longer than 31 bytes: shorten it or pass a 0x… 32-byte value`);
  }
  return encodeBytes32String(trimmed);
}

/** A bytes32 reference as an operator reads it: its text when it is bytes32-encoded text, else the hex. */
export function showReference(ref: string): string {
  try {
    const text = decodeBytes32String(ref);
    if (text !== "" && /^[\x20-\x7e\u00a0-\uffff]+$/.test(text)) return JSON.stringify(text);
  } catch {
    // Not text: a hash or an opaque value.
  }
  return ref;
}

/** An amount of tenge typed by an operator ("1500.25", "1 500 000") in tiyn. */
export function parseAmount(text: string, what = "amount"): bigint {
  try {
    return tenge(text);
  } catch {
    throw new SuiteError(`--${what}: "${text}" is not an amount of tenge (digits, up to 2 decimals, e.g. 1500.25)`);
  }
}

/** A tier limit: an amount of tenge, or "unlimited". */
export function parseLimit(text: string, what: string): bigint {
  return text.trim().toLowerCase() === "unlimited" ? UNLIMITED : parseAmount(text, what);
}

/** A tier by index (0..6) or by its name in the default table (anonymous-lite, standard, …). */
export function parseTier(text: string | number): number {
  const value = String(text).trim().toLowerCase();
  if (/^\d+$/.test(value)) return Number(value);
  const known = DEFAULT_TIERS.find((t) => t.name === value);
  if (!known) {
    const names = DEFAULT_TIERS.map((t) => `${t.id}=${t.name}`).join(", ");
    throw new SuiteError(`--tier: "${text}" is neither a tier index nor a tier name (${names})`);
  }
  return known.id;
}

const CUSTOMER_KINDS = ["Individual", "Merchant", "Government"] as const;

/** A customer kind by name (individual, merchant, government) or number. */
export function parseKind(text: string | number): number {
  const value = String(text).trim().toLowerCase();
  if (/^\d+$/.test(value)) return Number(value);
  const name = CUSTOMER_KINDS.find((k) => k.toLowerCase() === value);
  if (!name) throw new SuiteError(`--kind: "${text}" is not one of individual, merchant, government`);
  return AccountKind[name];
}

// ------------------------------------------------------------------------------------------- the suite

export { MANDATE_MODULES, isMandateModule, type MandateModule } from "./mandates";

/** The addresses of a deployed suite, by contract (src/suite.ts SUITE_FUTURES). */
export type { SuiteAddresses } from "./deployment";

/**
 * The whole suite deployed earlier in this process on this network (the newest with code), or undefined: what
 * src/deployment.ts loadDeployment looks at before Ignition's records.
 */
export async function suiteDeployedHere(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<Suite | undefined> {
  const here = await deployedInProcess(hre, await deploymentIdFor(hre, deploymentId));
  return here ? connectSuite(here, runner ?? (await localSigners(hre))[0]) : undefined;
}

async function hasCode(hre: HardhatRuntimeEnvironment, address: string): Promise<boolean> {
  return (await hre.ethers.provider.getCode(address)) !== "0x";
}

/** The Ignition record of a deployment on this network (undefined on the embedded network, which keeps none). */
async function recordFile(hre: HardhatRuntimeEnvironment, deploymentId?: string): Promise<string | undefined> {
  if (hre.network.name === "hardhat") return undefined;
  return recordPath(hre, await deploymentIdFor(hre, deploymentId));
}

/**
 * The whole suite deployed on this network, acting as `runner` (src/deployment.ts loadDeployment: first one
 * deployed by this process, then Ignition's records; a missing or stale record fails in words).
 */
export async function openSuite(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<Suite> {
  const signer = runner ?? (await localSigners(hre))[0];
  return loadDeployment(hre, "suite", { deploymentId, runner: signer }).catch((err: unknown) => {
    throw SuiteError.from(err, { network: hre.network.name });
  });
}

export interface DeployOptions {
  /** Role holders; on a local network each missing one defaults to its local account. */
  holders?: Partial<SuiteHolders>;
  /**
   * Execution delay of the delayed grants, seconds. Default: 0 on hardhat/localhost, DEFAULT_EXECUTION_DELAY on
   * every other network (src/deploySafety.ts).
   */
  executionDelay?: number;
  /**
   * Finish with the Handover: governance administers every role, the deployer renounces. Default: off on
   * hardhat/localhost, on for every other network.
   */
  handover?: boolean;
  /** Opt out of the production defaults (no delay, no handover) on a production network: warned loudly. */
  unsafe?: boolean;
  deploymentId?: string;
  /** Define the default tiers when the central bank is a local signer (default true). */
  defineTiers?: boolean;
}

export interface Deployment {
  suite: Suite;
  addresses: SuiteAddresses;
  holders: SuiteHolders;
  chainId: bigint;
  /** Where Ignition recorded the addresses (undefined on the embedded network). */
  record?: string;
  /** Whether the default tiers were defined (or already were). */
  tiersDefined: boolean;
  /** The delay and handover the deployment got, and what is unsafe about them (src/deploySafety.ts). */
  safety: SafetyDecision;
}

/**
 * Deploy the suite with Ignition (resuming a deployment recorded for this chain), remember it for this
 * process, and define the default tiers when the central bank's key is at hand.
 */
export async function deploy(hre: HardhatRuntimeEnvironment, options: DeployOptions = {}): Promise<Deployment> {
  const context: ErrorContext = { network: hre.network.name };
  try {
    const signers = await localSigners(hre);
    const missing = (): never => {
      throw new SuiteError(
        `On network ${hre.network.name} every role holder must be given: --central-bank, --operator, --compliance, ` +
          "--governance, --guardian, --issuance-desk and the capabilities' holders (src/suite.ts SuiteHolders).",
      );
    };
    const local = (index: number): string => (isLocal(hre) ? pick(signers, index, hre).address : missing());
    const given = options.holders ?? {};
    const holders = { foreign: {} } as SuiteHolders;
    for (const role of PARTIES) holders[role] = given[role] ?? local(LOCAL_ACCOUNTS[HOLDER_ACCOUNT[role]]);
    for (const role of [...CAPABILITY_PARTIES, "TREASURY", "M2E_SPONSOR"] as const) {
      holders[role] = given[role] ?? local(LOCAL_SUITE_ACCOUNTS[role]);
    }
    for (const role of LEDGER_PARTIES) {
      holders.foreign[role] = given.foreign?.[role] ?? local(LOCAL_SUITE_ACCOUNTS.foreign[role]);
    }

    const record = await recordFile(hre, options.deploymentId);
    if (record && fs.existsSync(record)) {
      const recorded = JSON.parse(fs.readFileSync(record, "utf8")) as Record<string, string>;
      const ledger = recorded["Ledger#DigitalTenge"];
      if (ledger && !(await hasCode(hre, ledger))) throw staleRecord(record, hre, ledger);
    }

    const safety = deploymentSafety(hre.network.name, options);
    const deployed = await deploySuite(hre, holders, {
      deploymentId: options.deploymentId,
      executionDelay: safety.executionDelay,
      handover: safety.handover,
    });
    const addresses = await suiteAddresses(deployed);
    rememberDeployment(hre, await deploymentIdFor(hre, options.deploymentId), addresses);

    let tiersDefined = false;
    const centralBank = signers.find((s) => s.address.toLowerCase() === holders.CENTRAL_BANK.toLowerCase());
    // With an execution delay the central bank's tier changes are scheduled operations: not defined here.
    if (options.defineTiers !== false && centralBank && !safety.executionDelay) {
      const missing: TierSpec[] = [];
      for (const tier of DEFAULT_TIERS) {
        const [holding, daily, defined] = await deployed.ledger.tierLimits(tier.id);
        if (!defined || holding !== tier.holdingLimit || daily !== tier.dailyLimit) missing.push(tier);
      }
      await configureTiers(deployed.ledger, centralBank, missing);
      tiersDefined = true;
    }
    const { chainId } = await hre.ethers.provider.getNetwork();
    return {
      suite: connectSuite(addresses, signers[0]),
      addresses,
      holders,
      chainId,
      record: record && fs.existsSync(record) ? record : undefined,
      tiersDefined,
      safety,
    };
  } catch (err) {
    throw SuiteError.from(err, context);
  }
}

// ------------------------------------------------------------------------------------------- pausing

/** The suite's pausable contracts, as `--target` names them. */
export type PauseTarget = "ledger" | "stablecoin" | "gold";

/** Each pausable contract: its name in the roles table and in words. */
export const PAUSE_TARGETS: Record<PauseTarget, { contract: string; label: string }> = {
  ledger: { contract: "DigitalTenge", label: "The DKZT ledger" },
  stablecoin: { contract: "ReserveStablecoin", label: "The reserve stablecoin" },
  gold: { contract: "GoldToken", label: "The gold token" },
};

/** What pausing needs of a contract (the ledger, the stablecoin and the gold token all have it). */
type PausableContract = Pick<Suite["gold"], "pause" | "unpause" | "paused">;

/** A `--target` as typed: ledger, stablecoin or gold (any case). */
export function parsePauseTarget(text: string | undefined): PauseTarget {
  const target = (text ?? "").trim().toLowerCase();
  if (target in PAUSE_TARGETS) return target as PauseTarget;
  throw new SuiteError(
    `--target: "${String(text)}" is not a pausable contract: ${Object.keys(PAUSE_TARGETS).join(", ")}`,
  );
}

// ------------------------------------------------------------------------------------------- operations

/**
 * The original failure behind a SuiteError decoded without knowing the contract and function (a Safe's dry run
 * decodes what it can; the operation knows which function it called, so it decodes again to name the role).
 * A pending Safe operation is not a failure and stays as it is.
 */
function undecoded(err: unknown): unknown {
  return err instanceof SuiteError && err.name === "SuiteError" && err.revert && err.cause ? err.cause : err;
}

/** A mined transaction. */
export interface TxOutcome {
  hash: string;
  block: number;
  gasUsed: bigint;
}

/** What an operation did: one sentence for the operator, and its transactions. */
export interface Outcome {
  summary: string;
  txs: TxOutcome[];
}

const KIND_NAMES: Record<number, string> = Object.fromEntries(Object.entries(AccountKind).map(([k, v]) => [v, k]));
const FREEZE_NAMES: Record<number, string> = { 0: "not frozen", 1: "fully frozen", 2: "receive-only" };

/** An account as an operator reads it. */
export interface AccountReport {
  address: string;
  label?: string;
  registered: boolean;
  closed: boolean;
  kind: string;
  tier: number;
  bankOfRecord: string;
  freeze: string;
  waterfall: boolean;
  balance: bigint;
  attached: bigint;
  spentToday: bigint;
  remainingToday: bigint;
  reference: string;
}

/**
 * The ledger operations, acting on one suite. Each takes the signer who acts and typed values (tiyn,
 * bytes32), waits for the transaction, and on failure throws a {@link SuiteError} whose message is the
 * decoded custom error in words.
 */
export class Operations {
  readonly labels: Map<string, string>;

  constructor(
    readonly suite: Suite,
    readonly network: string,
    labels: ReadonlyMap<string, string> = new Map(),
  ) {
    this.labels = new Map([...labels].map(([address, label]) => [address.toLowerCase(), label]));
  }

  /** Name an address in messages and summaries: `Operations.label(addr, "Halyk Bank")`. */
  label(address: string, name: string): void {
    this.labels.set(address.toLowerCase(), name);
  }

  /** "0xAb… (Halyk Bank)" or the bare address. */
  name(address: string): string {
    const label = this.labels.get(address.toLowerCase());
    return label ? `${getAddress(address)} (${label})` : getAddress(address);
  }

  /** Send the transactions of one operation in order; decode the first failure. */
  private async run(fn: string, ...steps: (() => Promise<ContractTransactionResponse>)[]): Promise<TxOutcome[]> {
    return this.runOn("DigitalTenge", fn, ...steps);
  }

  /** {@link run} on another contract of the suite, named as the roles table names it. */
  private async runOn(
    contract: string,
    fn: string,
    ...steps: (() => Promise<ContractTransactionResponse>)[]
  ): Promise<TxOutcome[]> {
    const outcomes: TxOutcome[] = [];
    try {
      for (const step of steps) {
        const tx = await step();
        const receipt = await tx.wait();
        if (!receipt) throw new SuiteError(`transaction ${tx.hash} was dropped`);
        outcomes.push({ hash: receipt.hash, block: receipt.blockNumber, gasUsed: receipt.gasUsed });
      }
      return outcomes;
    } catch (err) {
      throw SuiteError.from(undecoded(err), {
        contract,
        fn,
        labels: this.labels,
        network: this.network,
      });
    }
  }

  /** Decode a failed read or preflight the same way. */
  private async check<T>(fn: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      throw SuiteError.from(err, { contract: "DigitalTenge", fn, labels: this.labels, network: this.network });
    }
  }

  // ---------------------------------------------------------------- central bank

  async defineTier(centralBank: Signer, tier: number, holdingLimit: bigint, dailyLimit: bigint): Promise<Outcome> {
    const txs = await this.run("setTier", () =>
      this.suite.ledger.connect(centralBank).setTier(tier, holdingLimit, dailyLimit),
    );
    const limit = (v: bigint): string => (v === UNLIMITED ? "unlimited" : formatTenge(v));
    return { summary: `Tier ${tier}: holding limit ${limit(holdingLimit)}, daily limit ${limit(dailyLimit)}`, txs };
  }

  async setCeiling(centralBank: Signer, bank: string, ceiling: bigint): Promise<Outcome> {
    const txs = await this.run("setIssuanceCeiling", () =>
      this.suite.ledger.connect(centralBank).setIssuanceCeiling(bank, ceiling),
    );
    return { summary: `Issuance ceiling of ${this.name(bank)} set to ${formatTenge(ceiling)}`, txs };
  }

  async issue(centralBank: Signer, bank: string, amount: bigint, ref: string): Promise<Outcome> {
    const txs = await this.run("issue", () => this.suite.ledger.connect(centralBank).issue(bank, amount, ref));
    return {
      summary: `Issued ${formatTenge(amount)} to ${this.name(bank)} (reserve operation ${showReference(ref)})`,
      txs,
    };
  }

  // ---------------------------------------------------------------- operator

  /** Grant the bank role and open the bank's account; checked first, so a rejection leaves no role behind. */
  async onboardBank(operator: Signer, bank: string, tier: number, ref: string): Promise<Outcome> {
    const ledger = this.suite.ledger.connect(operator);
    await this.check("onboardBank", () => ledger.onboardBank.staticCall(bank, tier, ref));
    try {
      await onboardBank(this.suite, operator, bank, tier, ref);
    } catch (err) {
      throw SuiteError.from(err, {
        contract: "DigitalTenge",
        fn: "onboardBank",
        labels: this.labels,
        network: this.network,
      });
    }
    const { id } = await this.suite.ledger.bankOf(bank);
    return {
      summary: `Onboarded bank #${id} ${this.name(bank)} with tier ${tier} (registry ref ${showReference(ref)})`,
      txs: [],
    };
  }

  // ---------------------------------------------------------------- pausing (incident response)

  /** The pausable contract `target` names, connected to `signer` (or to the suite's reader). */
  private pausable(target: PauseTarget, signer?: Signer): PausableContract {
    const { ledger, stablecoin, gold } = this.suite;
    switch (target) {
      case "ledger":
        return signer ? ledger.connect(signer) : ledger;
      case "stablecoin":
        return signer ? stablecoin.connect(signer) : stablecoin;
      case "gold":
        return signer ? gold.connect(signer) : gold;
    }
  }

  /** Whether `target` is paused now. */
  async paused(target: PauseTarget): Promise<boolean> {
    return this.pausable(target).paused();
  }

  /**
   * Pause `target` at once (an immediate power: OPERATOR for the ledger and the gold token, STABLE_COMPLIANCE for
   * the stablecoin). The ledger's pause is idempotent (pausing it again succeeds and changes nothing); the
   * stablecoin and the gold token refuse a second pause (EnforcedPause, in words).
   */
  async pause(pauser: Signer, target: PauseTarget): Promise<Outcome> {
    const { contract, label } = PAUSE_TARGETS[target];
    const before = await this.paused(target);
    const token = this.pausable(target, pauser);
    const txs = await this.runOn(contract, "pause", () => token.pause());
    const by = this.name(await pauser.getAddress());
    return {
      summary: before
        ? `${label} was already paused and stays paused (pause confirmed by ${by})`
        : `${label} is paused by ${by}: no balance moves until its unpauser unpauses it, after the delay`,
      txs,
    };
  }

  /**
   * Unpause `target` (a delayed power: UNPAUSER for the ledger and the gold token, STABLE_UNPAUSER for the
   * stablecoin). Through a Safe signer the call is scheduled first and executed when run again after the delay
   * (the signer throws OperationPending meanwhile). The stablecoin and the gold token refuse to unpause when not
   * paused (ExpectedPause); the ledger's unpause is idempotent.
   */
  async unpause(unpauser: Signer, target: PauseTarget): Promise<Outcome> {
    const { contract, label } = PAUSE_TARGETS[target];
    const token = this.pausable(target, unpauser);
    const txs = await this.runOn(contract, "unpause", () => token.unpause());
    return { summary: `${label} is unpaused by ${this.name(await unpauser.getAddress())}: balances move again`, txs };
  }

  // ---------------------------------------------------------------- banks

  async onboardCustomer(bank: Signer, account: string, kind: number, tier: number, ref: string): Promise<Outcome> {
    const txs = await this.run("onboardCustomer", () =>
      this.suite.ledger.connect(bank).onboardCustomer(account, kind, tier, ref),
    );
    return {
      summary: `${this.name(await bank.getAddress())} onboarded ${KIND_NAMES[kind] ?? kind} ${this.name(account)} at tier ${tier}`,
      txs,
    };
  }

  async setCustomerTier(bank: Signer, account: string, tier: number): Promise<Outcome> {
    const txs = await this.run("setCustomerTier", () => this.suite.ledger.connect(bank).setCustomerTier(account, tier));
    return { summary: `${this.name(account)} is now at tier ${tier}`, txs };
  }

  /**
   * Grant (or revoke) `module`'s mandate to debit `account`: the holder's own (`signer` is `account`), or its bank
   * of record's for a customer. Without one the ledger refuses every module debit of `account` (ModuleNotMandated).
   */
  async setMandate(signer: Signer, account: string, moduleOrName: string, granted: boolean): Promise<Outcome> {
    const module = isMandateModule(moduleOrName) ? (await suiteAddresses(this.suite))[moduleOrName] : moduleOrName;
    const own = (await signer.getAddress()).toLowerCase() === account.toLowerCase();
    const ledger = this.suite.ledger.connect(signer);
    const txs = own
      ? await this.run("setModuleMandate", () => ledger.setModuleMandate(module, granted))
      : await this.run("setCustomerMandate", () => ledger.setCustomerMandate(account, module, granted));
    const verb = granted ? "may now debit" : "may no longer debit";
    return { summary: `Module ${this.name(module)} ${verb} ${this.name(account)}`, txs };
  }

  async recover(bank: Signer, lost: string, replacement: string): Promise<Outcome> {
    const balance = await this.suite.ledger.balanceOf(lost);
    const txs = await this.run("recoverAccount", () =>
      this.suite.ledger.connect(bank).recoverAccount(lost, replacement),
    );
    return {
      summary: `Recovered ${this.name(lost)} to ${this.name(replacement)} (${formatTenge(balance)} moved; the lost address is closed)`,
      txs,
    };
  }

  /** The calling bank returns DKZT to the central bank. */
  async redeem(bank: Signer, amount: bigint, ref: string): Promise<Outcome> {
    const txs = await this.run("redeem", () => this.suite.ledger.connect(bank).redeem(amount, ref));
    return {
      summary: `${this.name(await bank.getAddress())} redeemed ${formatTenge(amount)} to the central bank (reserve operation ${showReference(ref)})`,
      txs,
    };
  }

  // ---------------------------------------------------------------- compliance

  async setFreeze(compliance: Signer, account: string, state: number, legalRef: string): Promise<Outcome> {
    const txs = await this.run("setFreezeState", () =>
      this.suite.ledger.connect(compliance).setFreezeState(account, state, legalRef),
    );
    return {
      summary: `${this.name(account)} is now ${FREEZE_NAMES[state] ?? state} (legal ref ${showReference(legalRef)})`,
      txs,
    };
  }

  async attach(compliance: Signer, account: string, amount: bigint, legalRef: string): Promise<Outcome> {
    const txs = await this.run("attachFunds", () =>
      this.suite.ledger.connect(compliance).attachFunds(account, amount, legalRef),
    );
    const total = await this.suite.ledger.attachedOf(account);
    return {
      summary: `Attached ${formatTenge(amount)} of ${this.name(account)} (${formatTenge(total)} attached in all; legal ref ${showReference(legalRef)})`,
      txs,
    };
  }

  async release(compliance: Signer, account: string, amount: bigint, legalRef: string): Promise<Outcome> {
    const txs = await this.run("releaseFunds", () =>
      this.suite.ledger.connect(compliance).releaseFunds(account, amount, legalRef),
    );
    const total = await this.suite.ledger.attachedOf(account);
    return {
      summary: `Released ${formatTenge(amount)} of ${this.name(account)} (${formatTenge(total)} still attached; legal ref ${showReference(legalRef)})`,
      txs,
    };
  }

  async seize(compliance: Signer, account: string, to: string, amount: bigint, legalRef: string): Promise<Outcome> {
    const txs = await this.run("seize", () =>
      this.suite.ledger.connect(compliance).seize(account, to, amount, legalRef),
    );
    return {
      summary: `Seized ${formatTenge(amount)} from ${this.name(account)} to ${this.name(to)} (court order ${showReference(legalRef)})`,
      txs,
    };
  }

  // ---------------------------------------------------------------- holders

  async transfer(from: Signer, to: string, amount: bigint): Promise<Outcome> {
    const txs = await this.run("transfer", () => this.suite.ledger.connect(from).transfer(to, amount));
    return { summary: `${this.name(await from.getAddress())} paid ${formatTenge(amount)} to ${this.name(to)}`, txs };
  }

  /** A holder converts DKZT into non-cash tenge at its bank of record. */
  async toNonCash(holder: Signer, amount: bigint): Promise<Outcome> {
    const address = await holder.getAddress();
    const bank = (await accountOf(this.suite.ledger, address)).bankOfRecord;
    const txs = await this.run("redeemToNonCash", () => this.suite.ledger.connect(holder).redeemToNonCash(amount));
    return {
      summary: `${this.name(address)} converted ${formatTenge(amount)} into non-cash tenge at ${this.name(bank)}`,
      txs,
    };
  }

  // ---------------------------------------------------------------- views

  async account(address: string): Promise<AccountReport> {
    const view = await this.check("accountOf", () => accountOf(this.suite.ledger, address));
    const remainingToday = await remainingDailyOutflow(this.suite.ledger, address);
    return {
      address: getAddress(address),
      label: this.labels.get(address.toLowerCase()),
      registered: view.registered,
      closed: view.closed,
      kind: KIND_NAMES[Number(view.kind)] ?? String(view.kind),
      tier: Number(view.tier),
      bankOfRecord: view.bankOfRecord,
      freeze: FREEZE_NAMES[Number(view.freeze)] ?? String(view.freeze),
      waterfall: view.waterfall,
      balance: view.balance,
      attached: view.attached,
      spentToday: view.spentToday,
      remainingToday,
      reference: view.accountRef,
    };
  }
}

/** Render an account report as lines. */
export function describeAccount(a: AccountReport, name: (address: string) => string): string[] {
  if (!a.registered && !a.closed) return [`${name(a.address)} is not a DKZT account`];
  const limit = (v: bigint): string => (v === UNLIMITED ? "unlimited" : formatTenge(v));
  return [
    `${name(a.address)}${a.closed ? " — CLOSED" : ""}`,
    `  balance          ${formatTenge(a.balance)}`,
    `  kind / tier      ${a.kind} / tier ${a.tier}`,
    `  bank of record   ${a.bankOfRecord === "0x0000000000000000000000000000000000000000" ? "none" : name(a.bankOfRecord)}`,
    `  status           ${a.freeze}${a.waterfall ? ", waterfall on" : ""}`,
    `  attached         ${formatTenge(a.attached)}`,
    `  spent today      ${formatTenge(a.spentToday)} (may still send ${limit(a.remainingToday)} today)`,
    `  reference        ${a.reference}`,
  ];
}

// ------------------------------------------------------------------------------------------- Safe role holders

/** How a task acts as a Safe multisig role holder (`--safe`, `--signers`, `--wait-delay`). */
export interface SafeSpec {
  /** The Safe: an address, or an account index / local role name resolving to one. */
  safe: string;
  /** The officers who confirm: comma-separated addresses, account indexes or local role names. */
  signers?: string;
  /** On hardhat/localhost only: move the chain's clock past an execution delay and execute at once. */
  waitDelay?: boolean;
}

/**
 * A signer that acts as the Safe `spec.safe`: each transaction is proposed, confirmed by `spec.signers` with
 * EIP-712 Safe signatures, and executed; a delayed power is scheduled in the suite's AccessManager and executed
 * by running the same command again after the delay (the signer then throws OperationPending, whose message
 * says when), or at once with `waitDelay` on a local chain. Returns the officers too (the first sends).
 */
export async function resolveSafeSigner(
  hre: HardhatRuntimeEnvironment,
  suite: Pick<Suite, "manager">,
  spec: SafeSpec,
): Promise<{ signer: Signer; officers: HardhatEthersSigner[]; safe: string }> {
  const { Safe__factory } = await import("../typechain-types/safe");
  const { asSafe } = await import("./governance/actor");
  const safe = await resolveAccount(hre, spec.safe, "safe");
  if (!(await hasCode(hre, safe))) {
    throw new SuiteError(`--safe: no contract at ${safe} on network ${hre.network.name}: is it a Safe deployed here?`);
  }
  const names = (spec.signers ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) {
    throw new SuiteError(
      "--signers: which officers of the Safe confirm? (comma-separated addresses or account indexes)",
    );
  }
  const officers: HardhatEthersSigner[] = [];
  for (const name of names) officers.push(await resolveSigner(hre, name));
  if (spec.waitDelay && !isLocal(hre)) {
    throw new SuiteError(`--wait-delay moves the chain's clock: only on ${LOCAL_NETWORKS.join(" or ")}`);
  }
  const waitDelay = spec.waitDelay
    ? async (seconds: number) => {
        await hre.network.provider.send("evm_increaseTime", [seconds]);
        await hre.network.provider.send("evm_mine", []);
      }
    : undefined;
  const actor = asSafe(Safe__factory.connect(safe, officers[0]), officers, { manager: suite.manager, waitDelay });
  return { signer: actor.signer(), officers, safe };
}
