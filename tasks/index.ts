/**
 * Operations on the DKZT suite: `npx hardhat dkzt:<operation> --network <net> [--from <signer>] …`.
 *
 * This file is loaded by hardhat.config.ts before anything is compiled, so it imports no contract types and
 * nothing from src/ at the top: each action compiles if needed, then loads src/ops.ts. The tasks are thin:
 * they parse what the operator typed, call the operations library and print its answer. A failure prints the
 * decoded reason in one line (Hardhat's plugin-error path: no stack trace, exit code 1).
 */
import { task, types } from "hardhat/config";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import type * as OpsModule from "../src/ops";
import type * as ReportModule from "../src/report";
import { withSafeParams, type SafeArgs } from "./acting";
import { DEPLOYMENT_HELP, inWords, loadFirst } from "./guard";
import "./provider";
import { MANDATE_MODULES } from "../src/mandates";
import "./reserves";
import "./offline";
import "./crossborder";
import "./programs";
import "./payments";

interface Common extends SafeArgs {
  from?: string;
  deploymentId?: string;
}

interface Library {
  ops: typeof OpsModule;
  report: typeof ReportModule;
}

let compiled = false;

/** Compile once per process (a no-op when artifacts are fresh), then load the library. */
async function library(hre: HardhatRuntimeEnvironment): Promise<Library> {
  if (!compiled) {
    await hre.run("compile", { quiet: true });
    compiled = true;
  }
  // Everything a task may need, before its first request to the node (tasks/guard.ts says why): the operations
  // library, and what acting as a Safe loads.
  return loadFirst(
    async () => {
      const [ops, report] = await Promise.all([
        import("../src/ops"),
        import("../src/report"),
        import("../typechain-types/safe"),
        import("../src/governance/actor"),
      ]);
      return { ops, report };
    },
    async (lib) => lib,
  );
}

type Body<A, R> = (args: A, hre: HardhatRuntimeEnvironment, lib: Library) => Promise<R>;

/**
 * Run a task body; any failure becomes one line in words. Run in-process (`hre.run`, tests, scripts) the task
 * throws a HardhatPluginError with that line as its message. Run as the command itself (`npx hardhat
 * dkzt:issue …`) it prints the line and sets exit code 1: Hardhat prints stack traces by default on any
 * Linux box without a display (it takes them for CI servers), and an operator needs the reason, not a stack.
 * `--show-stack-traces` keeps Hardhat's own report.
 */
function guarded<A extends Common, R>(
  name: string,
  body: Body<A, R>,
): (args: A, hre: HardhatRuntimeEnvironment) => Promise<R | undefined> {
  return inWords<A, R>(name, async (args, hre) => body(args, hre, await library(hre)));
}

/**
 * Open the suite and an operations desk acting as `--from` (or the role's local account), or with `--safe` as
 * that Safe multisig, confirmed by `--signers` (delayed powers: scheduled, then executed when run again).
 */
async function desk(
  hre: HardhatRuntimeEnvironment,
  lib: Library,
  args: Common,
  role?: OpsModule.LocalAccount,
): Promise<{ ops: OpsModule.Operations; signer: import("ethers").Signer }> {
  if (args.safe) {
    if (args.from) throw new Error("--from and --safe name two different signers: give one");
    const reader = await lib.ops.resolveSigner(hre, undefined, "deployer");
    const suite = await lib.ops.openSuite(hre, args.deploymentId, reader);
    const { signer } = await lib.ops.resolveSafeSigner(hre, suite, {
      safe: args.safe,
      signers: args.signers,
      waitDelay: args.waitDelay,
    });
    return { ops: new lib.ops.Operations(suite, hre.network.name), signer };
  }
  const signer = await lib.ops.resolveSigner(hre, args.from, role);
  const suite = await lib.ops.openSuite(hre, args.deploymentId, signer);
  return { ops: new lib.ops.Operations(suite, hre.network.name), signer };
}

function print(lib: Library, outcome: OpsModule.Outcome): OpsModule.Outcome {
  lib.ops.output.line(outcome.summary);
  for (const tx of outcome.txs) lib.ops.output.line(`  tx ${tx.hash} (block ${tx.block}, gas ${tx.gasUsed})`);
  return outcome;
}

const FROM_HELP = "Who signs: an address, an account index, or on hardhat/localhost a role name";
const TEXT_REF =
  "Reference, bytes32-encoded text readable in events (at most 31 bytes), or a 0x… 32-byte value taken as is";
const HASH_REF =
  "Customer reference, hashed on-chain with keccak256 (no personal data on-chain), or a 0x… 32-byte value taken as is";
const AMOUNT_HELP = 'Amount in tenge, up to 2 decimals ("1500.25")';
const ACCOUNT_HELP = "an address, an account index, or on hardhat/localhost a role name";

// IDigitalTenge.FreezeState (src/tiers.ts FreezeState; not imported here, see the header).
const FREEZE_NONE = 0;
const FREEZE_FULL = 1;
const FREEZE_OUTBOUND_ONLY = 2;

/**
 * Define `dkzt:<name>` with the common parameters --from (default: `from`'s local account; required when
 * there is none) and --deployment-id, the task's own parameters (`params`), and its guarded action.
 */
function dkzt<A extends Common>(
  spec: { name: string; description: string; from?: OpsModule.LocalAccount },
  params: (t: ConfigurableTaskDefinition) => ConfigurableTaskDefinition,
  body: Body<A, unknown>,
): void {
  const name = `dkzt:${spec.name}`;
  const definition = task(name, spec.description)
    .addOptionalParam(
      "from",
      spec.from ? `${FROM_HELP} (default: ${spec.from}; account 0 off hardhat/localhost)` : `${FROM_HELP} (required)`,
      undefined,
      types.string,
    )
    .addOptionalParam("deploymentId", DEPLOYMENT_HELP, undefined, types.string);
  params(withSafeParams(definition)).setAction(guarded(name, body));
}

// ------------------------------------------------------------------------------------------- deployment

interface DeployArgs extends Common {
  centralBank?: string;
  operator?: string;
  compliance?: string;
  governance?: string;
  guardian?: string;
  issuanceDesk?: string;
  skipTiers: boolean;
  executionDelay?: number;
  handover: boolean;
  unsafe: boolean;
}

dkzt<DeployArgs>(
  {
    name: "deploy",
    description:
      "Deploy the whole suite with Ignition (ledger, governance, payments, programs, reserves, offline, cross-border, wired from the roles table); define the default tiers when the central bank's key is local",
    from: "deployer",
  },
  (t) =>
    t
      .addOptionalParam(
        "centralBank",
        `Central bank role holder: ${ACCOUNT_HELP} (hardhat/localhost default: account 2)`,
        undefined,
        types.string,
      )
      .addOptionalParam(
        "operator",
        "Operator role holder (hardhat/localhost default: account 3)",
        undefined,
        types.string,
      )
      .addOptionalParam(
        "compliance",
        "Compliance role holder (hardhat/localhost default: account 4)",
        undefined,
        types.string,
      )
      .addOptionalParam(
        "governance",
        "Governance role holder (hardhat/localhost default: account 1)",
        undefined,
        types.string,
      )
      .addOptionalParam(
        "guardian",
        "Guardian: may cancel scheduled operations (hardhat/localhost default: account 14)",
        undefined,
        types.string,
      )
      .addOptionalParam(
        "issuanceDesk",
        "Issuance desk key: issues within budgets (hardhat/localhost default: account 15)",
        undefined,
        types.string,
      )
      .addFlag("skipTiers", "Do not define the default tiers")
      .addOptionalParam(
        "executionDelay",
        "Seconds the delayed powers wait (scheduled, guardian-cancellable); default 0 on hardhat/localhost, 172800 (two days) on every other network",
        undefined,
        types.int,
      )
      .addFlag(
        "handover",
        "Finish with the Handover: governance administers every role, the deployer keeps nothing (the default on every network but hardhat/localhost)",
      )
      .addFlag(
        "unsafe",
        "On a production network, deploy WITHOUT the execution delay and the handover (the deployer keeps ADMIN): warned loudly",
      ),
  async (args, hre, lib) => {
    const holder = async (who: string | undefined, what: string): Promise<string | undefined> =>
      who ? lib.ops.resolveAccount(hre, who, what) : undefined;
    const holders = {
      CENTRAL_BANK: await holder(args.centralBank, "central-bank"),
      OPERATOR: await holder(args.operator, "operator"),
      COMPLIANCE: await holder(args.compliance, "compliance"),
      GOVERNANCE: await holder(args.governance, "governance"),
      GUARDIAN: await holder(args.guardian, "guardian"),
      ISSUANCE_DESK: await holder(args.issuanceDesk, "issuance-desk"),
    };
    const given = Object.fromEntries(Object.entries(holders).filter(([, v]) => v !== undefined));
    const d = await lib.ops.deploy(hre, {
      holders: given,
      deploymentId: args.deploymentId,
      defineTiers: !args.skipTiers,
      executionDelay: args.executionDelay,
      handover: args.handover ? true : undefined,
      unsafe: args.unsafe,
    });
    const out = lib.ops.output.line;
    for (const warning of d.safety.warnings) out(warning);
    out(`DKZT suite on ${hre.network.name} (chain ${d.chainId})`);
    out(`  AccessManager   ${d.addresses.manager}`);
    out(`  DigitalTenge    ${d.addresses.ledger}`);
    out(`  IssuanceDesk    ${d.addresses.desk}`);
    for (const [name, key] of [
      ["MerchantPayments", "payments"],
      ["CardGateway", "cards"],
      ["PurposePrograms", "purposePrograms"],
      ["ReserveStablecoin", "stablecoin"],
      ["GoldDesk", "goldDesk"],
      ["OfflinePurses", "offline"],
      ["SwiftGateway", "gateway"],
      ["PvPSettlement", "pvp"],
      ["HashedTimelock", "htlc"],
    ] as const) {
      out(`  ${name.padEnd(16)}${d.addresses[key]}`);
    }
    out(`  central bank    ${d.holders.CENTRAL_BANK}`);
    out(`  operator        ${d.holders.OPERATOR}`);
    out(`  compliance      ${d.holders.COMPLIANCE}`);
    out(`  governance      ${d.holders.GOVERNANCE}`);
    out(`  guardian        ${d.holders.GUARDIAN}`);
    out(`  issuance desk   ${d.holders.ISSUANCE_DESK}`);
    out(
      `  governance      ${d.safety.executionDelay === 0 ? "no delay" : `delayed powers wait ${d.safety.executionDelay} s`}, ` +
        (d.safety.handover ? "handed over (the deployer holds nothing)" : "the deployer keeps ADMIN"),
    );
    out(
      d.tiersDefined
        ? "  tiers           default tiers defined (0 anonymous-lite, 1 standard, 2 enhanced, 3 business, 6 unlimited)"
        : "  tiers           not defined: the central bank defines them with dkzt:define-tier",
    );
    out(
      d.record
        ? `  recorded in     ${d.record}`
        : "  recorded in     nothing: the embedded hardhat network ends with this command (use --network localhost to keep a suite)",
    );
    return d;
  },
);

// ------------------------------------------------------------------------------------------- central bank

interface DefineTierArgs extends Common {
  tier: string;
  holding: string;
  daily: string;
}

dkzt<DefineTierArgs>(
  {
    name: "define-tier",
    description: "Central bank: define or change a KYC tier's holding and daily limits",
    from: "central-bank",
  },
  (t) =>
    t
      .addParam(
        "tier",
        "Tier index 0..6 or name (anonymous-lite, standard, enhanced, business, unlimited)",
        undefined,
        types.string,
      )
      .addParam(
        "holding",
        'Holding limit in tenge, or "unlimited" (limits are m × 10^e tiyn, m ≤ 4095)',
        undefined,
        types.string,
      )
      .addParam("daily", 'Daily outflow limit in tenge, or "unlimited"', undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "central-bank");
    const { parseTier, parseLimit } = lib.ops;
    const tier = parseTier(args.tier);
    return print(
      lib,
      await ops.defineTier(signer, tier, parseLimit(args.holding, "holding"), parseLimit(args.daily, "daily")),
    );
  },
);

interface BankAmountArgs extends Common {
  bank: string;
  amount: string;
}

dkzt<BankAmountArgs>(
  {
    name: "set-ceiling",
    description: "Central bank: set a bank's issuance ceiling (its reserves at the central bank)",
    from: "central-bank",
  },
  (t) =>
    t
      .addParam("bank", `The bank: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("amount", `Ceiling. ${AMOUNT_HELP}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "central-bank");
    const bank = await lib.ops.resolveAccount(hre, args.bank, "bank");
    return print(lib, await ops.setCeiling(signer, bank, lib.ops.parseAmount(args.amount)));
  },
);

interface IssueArgs extends BankAmountArgs {
  ref: string;
}

dkzt<IssueArgs>(
  {
    name: "issue",
    description: "Central bank: issue DKZT to an intermediary bank against a reserve operation",
    from: "central-bank",
  },
  (t) =>
    t
      .addParam("bank", `The bank: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("amount", AMOUNT_HELP, undefined, types.string)
      .addParam("ref", `Reserve operation. ${TEXT_REF}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "central-bank");
    const bank = await lib.ops.resolveAccount(hre, args.bank, "bank");
    return print(
      lib,
      await ops.issue(signer, bank, lib.ops.parseAmount(args.amount), lib.ops.reference(args.ref, "text")),
    );
  },
);

// ------------------------------------------------------------------------------------------- operator

interface OnboardBankArgs extends Common {
  bank: string;
  tier: string;
  ref: string;
}

dkzt<OnboardBankArgs>(
  {
    name: "onboard-bank",
    description: "Operator: grant the BANK role to an intermediary bank and open its DKZT account",
    from: "operator",
  },
  (t) =>
    t
      .addParam("bank", `The bank: ${ACCOUNT_HELP}`, undefined, types.string)
      .addOptionalParam("tier", "Tier of the bank's own account, index or name", "unlimited", types.string)
      .addParam("ref", `Bank registry code. ${TEXT_REF}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "operator");
    const bank = await lib.ops.resolveAccount(hre, args.bank, "bank");
    return print(
      lib,
      await ops.onboardBank(signer, bank, lib.ops.parseTier(args.tier), lib.ops.reference(args.ref, "text")),
    );
  },
);

// ------------------------------------------------------------------------------------------- banks

interface RedeemArgs extends Common {
  amount: string;
  ref: string;
}

dkzt<RedeemArgs>(
  { name: "redeem", description: "Bank (--from): return DKZT to the central bank (burned; frees issuance ceiling)" },
  (t) =>
    t
      .addParam("amount", AMOUNT_HELP, undefined, types.string)
      .addParam("ref", `Reserve operation. ${TEXT_REF}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args);
    return print(lib, await ops.redeem(signer, lib.ops.parseAmount(args.amount), lib.ops.reference(args.ref, "text")));
  },
);

interface OnboardCustomerArgs extends Common {
  account: string;
  kind: string;
  tier: string;
  ref: string;
}

dkzt<OnboardCustomerArgs>(
  {
    name: "onboard-customer",
    description: "Bank (--from): onboard a customer (individual, merchant or government body)",
  },
  (t) =>
    t
      .addParam("account", `The customer's wallet: ${ACCOUNT_HELP}`, undefined, types.string)
      .addOptionalParam("kind", "individual, merchant or government", "individual", types.string)
      .addOptionalParam("tier", "Tier index 0..6 or name", "standard", types.string)
      .addParam("ref", HASH_REF, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args);
    const account = await lib.ops.resolveAccount(hre, args.account);
    const { parseKind, parseTier, reference } = lib.ops;
    return print(
      lib,
      await ops.onboardCustomer(
        signer,
        account,
        parseKind(args.kind),
        parseTier(args.tier),
        reference(args.ref, "hash"),
      ),
    );
  },
);

interface SetTierArgs extends Common {
  account: string;
  tier: string;
}

dkzt<SetTierArgs>(
  { name: "set-tier", description: "Bank of record (--from): change a customer's KYC tier" },
  (t) =>
    t
      .addParam("account", `The customer: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("tier", "Tier index 0..6 or name", undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args);
    const account = await lib.ops.resolveAccount(hre, args.account);
    return print(lib, await ops.setCustomerTier(signer, account, lib.ops.parseTier(args.tier)));
  },
);

interface MandateArgs extends Common {
  account?: string;
  module: string;
  revoke: boolean;
}

dkzt<MandateArgs>(
  {
    name: "mandate",
    description:
      "Give (or with --revoke take back) a suite module's mandate to debit an account: the holder for itself (--from the holder), or its bank of record for a customer (--from the bank --account …)",
  },
  (t) =>
    t
      .addOptionalParam(
        "account",
        `The account debited (default: --from itself): ${ACCOUNT_HELP}`,
        undefined,
        types.string,
      )
      .addParam("module", `The module: ${MANDATE_MODULES.join(", ")}, or an address`, undefined, types.string)
      .addFlag("revoke", "Take the mandate back"),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args);
    const account = args.account ? await lib.ops.resolveAccount(hre, args.account) : await signer.getAddress();
    const module = lib.ops.isMandateModule(args.module)
      ? args.module
      : await lib.ops.resolveAccount(hre, args.module, "module");
    return print(lib, await ops.setMandate(signer, account, module, !args.revoke));
  },
);

interface RecoverArgs extends Common {
  lost: string;
  replacement: string;
}

dkzt<RecoverArgs>(
  {
    name: "recover",
    description: "Bank of record (--from): move a customer's lost wallet to a fresh address (the lost one is closed)",
  },
  (t) =>
    t
      .addParam("lost", `The lost wallet: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("replacement", `The fresh wallet: ${ACCOUNT_HELP}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args);
    const lost = await lib.ops.resolveAccount(hre, args.lost, "lost");
    const replacement = await lib.ops.resolveAccount(hre, args.replacement, "replacement");
    return print(lib, await ops.recover(signer, lost, replacement));
  },
);

// ------------------------------------------------------------------------------------------- compliance

interface FreezeArgs extends Common {
  account: string;
  ref: string;
  receiveOnly: boolean;
}

dkzt<FreezeArgs>(
  {
    name: "freeze",
    description: "Compliance: freeze an account fully, or with --receive-only block its outgoing payments",
    from: "compliance",
  },
  (t) =>
    t
      .addParam("account", `The account: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("ref", `Legal order. ${TEXT_REF}`, undefined, types.string)
      .addFlag("receiveOnly", "Block outgoing payments only: the account may still receive"),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "compliance");
    const account = await lib.ops.resolveAccount(hre, args.account);
    const state = args.receiveOnly ? FREEZE_OUTBOUND_ONLY : FREEZE_FULL;
    return print(lib, await ops.setFreeze(signer, account, state, lib.ops.reference(args.ref, "text")));
  },
);

interface AccountRefArgs extends Common {
  account: string;
  ref: string;
}

dkzt<AccountRefArgs>(
  { name: "unfreeze", description: "Compliance: lift a freeze (full or receive-only)", from: "compliance" },
  (t) =>
    t
      .addParam("account", `The account: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("ref", `Legal order. ${TEXT_REF}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "compliance");
    const account = await lib.ops.resolveAccount(hre, args.account);
    return print(lib, await ops.setFreeze(signer, account, FREEZE_NONE, lib.ops.reference(args.ref, "text")));
  },
);

// ------------------------------------------------------------------------------------------- pausing

interface PauseArgs extends Common {
  target: string;
}

const TARGET_HELP = "What to pause: ledger (DKZT), stablecoin (the reserve stablecoin) or gold (the gold token)";
const PAUSER_DEFAULT =
  "the operator (account 3) for the ledger and gold, the stablecoin compliance desk (account 52) for the stablecoin";

/**
 * The pausable contract `args.target` names, and the desk acting as its pauser or unpauser: `--from`, `--safe`, or
 * on hardhat/localhost the holder's local account (the operator's for the ledger and gold, the stablecoin
 * compliance desk's for the stablecoin).
 */
async function pauseDesk(hre: HardhatRuntimeEnvironment, lib: Library, args: PauseArgs) {
  const target = lib.ops.parsePauseTarget(args.target);
  const local = target === "stablecoin" && !args.from && !args.safe && lib.ops.isLocal(hre);
  const from = local ? String(lib.ops.LOCAL_SUITE_ACCOUNTS.STABLE_COMPLIANCE) : args.from;
  return { target, ...(await desk(hre, lib, { ...args, from }, "operator")) };
}

dkzt<PauseArgs>(
  {
    name: "pause",
    description:
      "Incident: pause the ledger, the reserve stablecoin or the gold token at once (no balance moves until unpaused after the delay)",
    from: "operator",
  },
  (t) => t.addParam("target", `${TARGET_HELP}. Default signer: ${PAUSER_DEFAULT}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer, target } = await pauseDesk(hre, lib, args);
    return print(lib, await ops.pause(signer, target));
  },
);

dkzt<PauseArgs>(
  {
    name: "unpause",
    description:
      "Unpause the ledger, the reserve stablecoin or the gold token: a delayed power, scheduled first and executed when run again after the delay",
    from: "operator",
  },
  (t) =>
    t.addParam(
      "target",
      `What to unpause: ledger, stablecoin or gold. Default signer: ${PAUSER_DEFAULT}`,
      undefined,
      types.string,
    ),
  async (args, hre, lib) => {
    const { ops, signer, target } = await pauseDesk(hre, lib, args);
    return print(lib, await ops.unpause(signer, target));
  },
);

interface AttachArgs extends AccountRefArgs {
  amount: string;
}

const attachParams = (t: ConfigurableTaskDefinition): ConfigurableTaskDefinition =>
  t
    .addParam("account", `The account: ${ACCOUNT_HELP}`, undefined, types.string)
    .addParam("amount", AMOUNT_HELP, undefined, types.string)
    .addParam("ref", `Legal order. ${TEXT_REF}`, undefined, types.string);

dkzt<AttachArgs>(
  {
    name: "attach",
    description: "Compliance: attach an amount of an account's funds under a legal order",
    from: "compliance",
  },
  attachParams,
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "compliance");
    const account = await lib.ops.resolveAccount(hre, args.account);
    return print(
      lib,
      await ops.attach(signer, account, lib.ops.parseAmount(args.amount), lib.ops.reference(args.ref, "text")),
    );
  },
);

dkzt<AttachArgs>(
  { name: "release", description: "Compliance: release an amount of an account's attachment", from: "compliance" },
  attachParams,
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "compliance");
    const account = await lib.ops.resolveAccount(hre, args.account);
    return print(
      lib,
      await ops.release(signer, account, lib.ops.parseAmount(args.amount), lib.ops.reference(args.ref, "text")),
    );
  },
);

interface SeizeArgs extends AttachArgs {
  to: string;
}

dkzt<SeizeArgs>(
  { name: "seize", description: "Compliance: seize attached funds to a court-designated account", from: "compliance" },
  (t) =>
    t
      .addParam("account", `The account seized from: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("to", `The receiving account: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("amount", AMOUNT_HELP, undefined, types.string)
      .addParam("ref", `Court order. ${TEXT_REF}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args, "compliance");
    const account = await lib.ops.resolveAccount(hre, args.account);
    const to = await lib.ops.resolveAccount(hre, args.to, "to");
    const { parseAmount, reference } = lib.ops;
    return print(lib, await ops.seize(signer, account, to, parseAmount(args.amount), reference(args.ref, "text")));
  },
);

// ------------------------------------------------------------------------------------------- holders

interface TransferArgs extends Common {
  to: string;
  amount: string;
}

dkzt<TransferArgs>(
  { name: "transfer", description: "Holder (--from): pay DKZT to another account" },
  (t) =>
    t
      .addParam("to", `The payee: ${ACCOUNT_HELP}`, undefined, types.string)
      .addParam("amount", AMOUNT_HELP, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args);
    const to = await lib.ops.resolveAccount(hre, args.to, "to");
    return print(lib, await ops.transfer(signer, to, lib.ops.parseAmount(args.amount)));
  },
);

interface AmountArgs extends Common {
  amount: string;
}

dkzt<AmountArgs>(
  { name: "to-non-cash", description: "Holder (--from): convert DKZT into non-cash tenge at its bank of record" },
  (t) => t.addParam("amount", AMOUNT_HELP, undefined, types.string),
  async (args, hre, lib) => {
    const { ops, signer } = await desk(hre, lib, args);
    return print(lib, await ops.toNonCash(signer, lib.ops.parseAmount(args.amount)));
  },
);

// ------------------------------------------------------------------------------------------- views

interface BalanceArgs extends Common {
  account: string;
}

dkzt<BalanceArgs>(
  {
    name: "balance",
    description: "Show an account: balance, kind, tier, bank of record, freeze, attachment, today's outflow",
    from: "deployer",
  },
  (t) => t.addParam("account", `The account: ${ACCOUNT_HELP}`, undefined, types.string),
  async (args, hre, lib) => {
    const { ops } = await desk(hre, lib, args, "deployer");
    const report = await ops.account(await lib.ops.resolveAccount(hre, args.account));
    for (const line of lib.ops.describeAccount(report, (a) => ops.name(a))) lib.ops.output.line(line);
    return report;
  },
);

interface SupplyArgs extends Common {
  json: boolean;
}

dkzt<SupplyArgs>(
  {
    name: "supply",
    description:
      "Supply report: per bank ceiling, issued, redeemed, outstanding, held; totals; whether total supply = Σ outstanding",
    from: "deployer",
  },
  (t) => t.addFlag("json", "Print JSON (amounts as strings of tiyn) instead of a table"),
  async (args, hre, lib) => {
    const { ops } = await desk(hre, lib, args, "deployer");
    const report = await lib.report.supplyReport(ops.suite.ledger);
    lib.ops.output.line(
      args.json ? JSON.stringify(lib.report.supplyReportJson(report), null, 2) : lib.report.renderSupplyReport(report),
    );
    return report;
  },
);
