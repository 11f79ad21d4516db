/**
 * Cross-border operations (`npx hardhat dkzt:xb:…`). Every action imports src/ lazily, so registering this file
 * in tasks/index.ts never pulls typechain or src into hardhat.config.ts at load time.
 *
 *   dkzt:xb:parse   --file msg.xml [--salt 0x…]            check a pacs.008 (schema-validated, any AppHdr envelope),
 *                   print its outcome in one line (ready / KNP to assign / needs repair), its fields and, when
 *                   ready, its on-chain record (no chain)
 *   dkzt:xb:status  --uetr <uuid>                           a UETR's status and record on the gateway
 *   dkzt:xb:send    --file msg.xml --salt 0x… [--hours 24]  the signer escrows DKZT for an outbound pacs.008
 *                   (mandating the gateway on the ledger first if it has not: the ledger's module mandate)
 *   dkzt:xb:settle  --uetr <uuid> [--confirmation text]     gateway bank: outbound sent, escrow to the nostro
 *   dkzt:xb:reject  --uetr <uuid> --reason AC01             gateway bank: outbound refused, escrow refunded
 *   dkzt:xb:credit  --file msg.xml --salt 0x… --creditor 0x… [--knp 119]  gateway bank: credit an inbound pacs.008
 *                   (schema-validated; --knp assigns the KNP of a message that has none and none mapped from its
 *                   purpose code; a message that needs repair is refused in words; the gateway bank mandating the
 *                   gateway first if it has not)
 *   dkzt:xb:deal    --id <n>                                a PvP deal
 * Options common to chain tasks: --deployment <id> (Ignition deployment id), --signer <index> (default 0). The
 * gateway bank's operations (settle, reject, credit) also take `--safe <address> --signers <officers>
 * [--wait-delay]` instead of --signer, to act as a Safe multisig holding GATEWAY_BANK (tasks/acting.ts).
 */
import * as fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import type { CrossBorder } from "../src/crossborder/suite";
import { safeSigner, withSafeParams, type SafeArgs } from "./acting";
import { DEPLOYMENT_HELP, inWords, loadFirst } from "./guard";

const STATUS = ["None", "Pending", "Settled", "Rejected", "Refunded", "Credited"];
const DEAL_STATUS = ["None", "Open", "Settled", "Expired"];

interface ChainArgs extends SafeArgs {
  deployment?: string;
  signer: number;
}

/**
 * Everything a chain task uses, loaded before its first request to the node (tasks/guard.ts says why): the
 * deployment loader, the cross-border and ISO 20022 libraries, the contract types, and what `--safe` needs.
 */
async function xbLibrary() {
  const [deployment, suite, iso, pacs, types, safeTypes, actor, ops] = await Promise.all([
    import("../src/deployment"),
    import("../src/crossborder/suite"),
    import("../src/crossborder/iso20022"),
    import("../src/crossborder/pacs008"),
    import("../typechain-types"),
    import("../typechain-types/safe"),
    import("../src/governance/actor"),
    import("../src/ops"),
  ]);
  void safeTypes;
  void actor;
  void ops;
  return {
    loadDeployment: deployment.loadDeployment,
    ensureMandate: suite.ensureMandate,
    iso,
    pacs,
    DigitalTenge__factory: types.DigitalTenge__factory,
  };
}
type XbLibrary = Awaited<ReturnType<typeof xbLibrary>>;

/**
 * A dkzt:xb task's action: its library loaded first, then the body; any failure in one line of words. With
 * `roleHolder` (the gateway bank's operations), a Safe's delayed call that was only scheduled prints when it may
 * run and the task returns its result ({ status: "scheduled" | "waiting", … }) instead of failing.
 */
function xbAction<A>(name: string, body: (args: A, hre: HardhatRuntimeEnvironment, lib: XbLibrary) => Promise<void>) {
  return inWords(name, (args: A, hre: HardhatRuntimeEnvironment) =>
    loadFirst(xbLibrary, (lib) => body(args, hre, lib)),
  );
}

/** The cross-border contracts, acting as `runner` (src/deployment.ts loadDeployment). */
async function load(
  hre: HardhatRuntimeEnvironment,
  lib: XbLibrary,
  args: ChainArgs,
  runner?: Signer,
): Promise<CrossBorder> {
  return lib.loadDeployment(hre, "crossBorder", { deploymentId: args.deployment, runner });
}

/** The contracts and who acts: the account `--signer`, or with `--safe` that Safe multisig (tasks/acting.ts). */
async function connect(
  hre: HardhatRuntimeEnvironment,
  lib: XbLibrary,
  args: ChainArgs,
): Promise<CrossBorder & { signer: Signer }> {
  let signer: Signer | undefined;
  if (args.safe) {
    const { gateway } = await load(hre, lib, args);
    signer = await safeSigner(hre, { ...args, safe: args.safe }, await gateway.getAddress());
  } else {
    signer = (await hre.ethers.getSigners())[args.signer];
    if (!signer) throw new Error(`no signer ${args.signer} on ${hre.network.name}`);
  }
  return { signer, ...(await load(hre, lib, args, signer)) };
}

/**
 * The gateway debits its payer's DKZT (the customer's escrow, the gateway bank's inbound credit) only under the
 * payer's module mandate on the ledger: `payer` gives it first if it has not, and the task says so.
 */
async function mandateGateway(lib: XbLibrary, gateway: CrossBorder["gateway"], payer: Signer): Promise<void> {
  const ledger = lib.DigitalTenge__factory.connect(await gateway.ledger(), payer);
  const address = await gateway.getAddress();
  if (await lib.ensureMandate(ledger, payer, address))
    console.log(`${await payer.getAddress()} mandated the gateway ${address}`);
}

function readXml(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  return fs.readFileSync(file, "utf8");
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);

function withChainArgs<T>(t: ReturnType<typeof task<T>>) {
  return t
    .addOptionalParam("deployment", DEPLOYMENT_HELP, undefined, types.string)
    .addOptionalParam("signer", "index of the signer among the network's accounts", 0, types.int);
}

task("dkzt:xb:parse", "Check a pacs.008 XML and print its outcome, fields and on-chain record")
  .addParam("file", "the pacs.008 <Document>, alone or with its AppHdr", undefined, types.inputFile)
  .addOptionalParam("salt", "32-byte salt of the creditor-account hash", `0x${"00".repeat(32)}`, types.string)
  .setAction(async (args: { file: string; salt: string }) => {
    const { describeInbound, readPacs008, toOnChainPayment } = await import("../src/crossborder/pacs008");
    const inbound = await readPacs008(readXml(args.file));
    const onChain = inbound.outcome === "ready" ? { onChain: toOnChainPayment(inbound.message, args.salt) } : {};
    console.log(describeInbound(inbound));
    console.log(json({ ...inbound, ...onChain }));
    return inbound;
  });

withChainArgs(task("dkzt:xb:status", "A UETR's status and record on the SWIFT gateway"))
  .addParam("uetr", "the UETR (lowercase UUIDv4)")
  .setAction(
    xbAction("dkzt:xb:status", async (args: ChainArgs & { uetr: string }, hre, lib) => {
      const uetr = lib.iso.uetrToBytes16(args.uetr);
      const { gateway } = await connect(hre, lib, args);
      const record = await gateway.paymentOf(uetr);
      const status = STATUS[Number(record.status)];
      if (status === "None") {
        console.log(`${args.uetr}: never seen`);
        return;
      }
      console.log(
        json({
          status,
          account: record.account,
          deadline: record.deadline,
          payment: lib.pacs.fromOnChainPayment(record.payment),
        }),
      );
    }),
  );

withChainArgs(task("dkzt:xb:send", "The signer (a customer) escrows DKZT for an outbound pacs.008"))
  .addParam("file", "the pacs.008 <Document>", undefined, types.inputFile)
  .addParam("salt", "32-byte salt of the creditor-account hash (the gateway bank's)")
  .addOptionalParam("hours", "hours until the customer may take a refund", 24, types.int)
  .setAction(
    xbAction("dkzt:xb:send", async (args: ChainArgs & { file: string; salt: string; hours: number }, hre, lib) => {
      const { parsePacs008, toOnChainPayment } = lib.pacs;
      if (!Number.isInteger(args.hours) || args.hours < 0)
        throw new Error(`--hours: must be 0 or more, got ${args.hours}`);
      const payment = toOnChainPayment(parsePacs008(readXml(args.file)), args.salt);
      const { gateway, signer } = await connect(hre, lib, args);
      const latest = await hre.ethers.provider.getBlock("latest");
      const deadline = BigInt((latest?.timestamp ?? Math.floor(Date.now() / 1000)) + args.hours * 3600);
      await mandateGateway(lib, gateway, signer);
      const receipt = await (await gateway.connect(signer).initiateOutbound(payment, deadline)).wait();
      console.log(
        `escrowed ${payment.amount} tiyn for UETR ${payment.uetr}, refundable from ${deadline} (tx ${receipt?.hash})`,
      );
    }),
  );

withSafeParams(
  withChainArgs(task("dkzt:xb:settle", "Gateway bank: an outbound pacs.008 was sent; the escrow goes to the nostro")),
  "--signer",
)
  .addParam("uetr", "the UETR")
  .addOptionalParam(
    "confirmation",
    "confirmation reference (e.g. the pacs.002 id), up to 31 characters",
    "",
    types.string,
  )
  .setAction(
    xbAction("dkzt:xb:settle", async (args: ChainArgs & { uetr: string; confirmation: string }, hre, lib) => {
      const uetr = lib.iso.uetrToBytes16(args.uetr);
      if (hre.ethers.toUtf8Bytes(args.confirmation).length > 31)
        throw new Error(`--confirmation: "${args.confirmation}" is longer than 31 bytes`);
      const confirmation = hre.ethers.encodeBytes32String(args.confirmation);
      const { gateway, signer } = await connect(hre, lib, args);
      const receipt = await (await gateway.connect(signer).settleOutbound(uetr, confirmation)).wait();
      console.log(`${args.uetr} settled (tx ${receipt?.hash})`);
    }),
  );

withSafeParams(
  withChainArgs(task("dkzt:xb:reject", "Gateway bank: an outbound pacs.008 was refused; the escrow goes back")),
  "--signer",
)
  .addParam("uetr", "the UETR")
  .addParam("reason", "ISO 20022 status reason code, e.g. AC01")
  .setAction(
    xbAction("dkzt:xb:reject", async (args: ChainArgs & { uetr: string; reason: string }, hre, lib) => {
      const { reasonToBytes4, uetrToBytes16 } = lib.iso;
      const uetr = uetrToBytes16(args.uetr);
      const reason = reasonToBytes4(args.reason);
      const { gateway, signer } = await connect(hre, lib, args);
      const receipt = await (await gateway.connect(signer).rejectOutbound(uetr, reason)).wait();
      console.log(`${args.uetr} rejected with ${args.reason} (tx ${receipt?.hash})`);
    }),
  );

withSafeParams(
  withChainArgs(task("dkzt:xb:credit", "Gateway bank: credit a registered account for an inbound pacs.008")),
  "--signer",
)
  .addParam("file", "the pacs.008 <Document>, alone or with its AppHdr", undefined, types.inputFile)
  .addParam("salt", "32-byte salt of the creditor-account hash (the gateway bank's)")
  .addParam("creditor", "the creditor's DKZT account")
  .addOptionalParam("knp", "the KNP the receiving bank assigns to a message that has none", undefined, types.string)
  .setAction(
    xbAction(
      "dkzt:xb:credit",
      async (args: ChainArgs & { file: string; salt: string; creditor: string; knp?: string }, hre, lib) => {
        const { assignKnp, describeInbound, readPacs008, toOnChainPayment } = lib.pacs;
        let inbound = await readPacs008(readXml(args.file));
        if (args.knp !== undefined) {
          if (inbound.outcome !== "knp-to-assign") {
            throw new Error(`--knp: only for a message whose KNP is to assign; ${describeInbound(inbound)}`);
          }
          inbound = assignKnp(inbound, args.knp);
        }
        if (inbound.outcome === "knp-to-assign") {
          throw new Error(`not credited: ${describeInbound(inbound)} (pass --knp)`);
        }
        if (inbound.outcome === "needs-repair") throw new Error(`not credited: ${describeInbound(inbound)}`);
        console.log(describeInbound(inbound));
        const payment = toOnChainPayment(inbound.message, args.salt);
        if (!hre.ethers.isAddress(args.creditor))
          throw new Error(`--creditor: "${String(args.creditor)}" is not an address`);
        const { gateway, signer } = await connect(hre, lib, args);
        await mandateGateway(lib, gateway, signer);
        const receipt = await (await gateway.connect(signer).creditInbound(payment, args.creditor)).wait();
        console.log(
          `credited ${payment.amount} tiyn to ${args.creditor} for UETR ${payment.uetr} (tx ${receipt?.hash})`,
        );
      },
    ),
  );

withChainArgs(task("dkzt:xb:deal", "A PvP deal"))
  .addParam("id", "the deal id", undefined, types.int)
  .setAction(
    xbAction("dkzt:xb:deal", async (args: ChainArgs & { id: number }, hre, lib) => {
      const { pvp } = await connect(hre, lib, args);
      const deal = await pvp.dealOf(args.id);
      if (deal.status === 0n) {
        console.log(`no deal ${args.id}`);
        return;
      }
      const t = deal.terms;
      console.log(
        json({
          status: DEAL_STATUS[Number(deal.status)],
          fundedA: deal.fundedA,
          fundedB: deal.fundedB,
          terms: {
            partyA: t.partyA,
            ledgerA: t.ledgerA,
            amountA: t.amountA,
            partyB: t.partyB,
            ledgerB: t.ledgerB,
            amountB: t.amountB,
            rate: t.rate,
            quoteId: t.quoteId,
            expiry: t.expiry,
          },
        }),
      );
    }),
  );
