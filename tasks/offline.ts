/**
 * Offline purses tasks (`npx hardhat dkzt:offline:...`). Everything is imported lazily inside the actions (the
 * Hardhat config loads this file before typechain types exist), before they touch the chain; a failure is one
 * line of words (tasks/guard.ts).
 */
import * as fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { DEPLOYMENT_HELP as DEPLOYMENT, inWords, loadFirst } from "./guard";

/** What the offline tasks use: the offline library and tenge formatting. */
async function offlineLibrary() {
  const [offline, money] = await Promise.all([import("../src/offline"), import("../src/money")]);
  return { ...offline, formatTenge: money.formatTenge };
}
type OfflineLibrary = Awaited<ReturnType<typeof offlineLibrary>>;

/** A dkzt:offline task's action: its library loaded first, any failure in one line. */
function offlineAction<A>(
  name: string,
  body: (args: A, hre: HardhatRuntimeEnvironment, lib: OfflineLibrary) => Promise<void>,
) {
  return inWords(name, (args: A, hre: HardhatRuntimeEnvironment) =>
    loadFirst(offlineLibrary, (lib) => body(args, hre, lib)),
  );
}

task("dkzt:offline:limits", "Show the offline limits in force")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(
    offlineAction("dkzt:offline:limits", async (args: { deployment?: string }, hre, { loadOffline, formatTenge }) => {
      const offline = await loadOffline(hre, args.deployment);
      const limits = await offline.limits();
      console.log(`offline purses at ${await offline.getAddress()}`);
      console.log(`  cap per purse:       ${formatTenge(limits.maxAmount)}`);
      console.log(`  payments per purse:  ${limits.maxPayments}`);
      console.log(`  certificate validity ${Number(limits.maxValidity) / 86400} days at most`);
      console.log(`  grace period:        ${Number(limits.gracePeriod) / 86400} days`);
      console.log(`  held for all purses: ${formatTenge(await offline.totalHeld())}`);
    }),
  );

task("dkzt:offline:purse", "Show an offline purse")
  .addParam("purse", "The purse's device key address")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(
    offlineAction(
      "dkzt:offline:purse",
      async (args: { purse: string; deployment?: string }, hre, { loadOffline, PurseStatus, formatTenge }) => {
        if (!hre.ethers.isAddress(args.purse))
          throw new Error(`--purse: "${String(args.purse)}" is not an address (the purse's device key)`);
        const offline = await loadOffline(hre, args.deployment);
        const p = await offline.purseOf(args.purse);
        const status = Object.entries(PurseStatus).find(([, v]) => BigInt(v) === p.status)?.[0] ?? String(p.status);
        console.log(`purse ${args.purse}: ${status}`);
        if (p.status === 0n) return;
        console.log(`  owner ${p.owner}, certified by ${p.bank}`);
        console.log(`  balance ${formatTenge(p.balance)} of cap ${formatTenge(p.capAmount)}`);
        console.log(`  payments ${p.settledPayments} of ${p.maxPayments}`);
        console.log(`  certificate expiry ${new Date(Number(p.expiry) * 1000).toISOString()}`);
        console.log(`  settles until      ${new Date(Number(p.settleBy) * 1000).toISOString()}`);
      },
    ),
  );

task("dkzt:offline:redeem", "Redeem the pending cheques of a payee terminal's store (SeenStore JSON)")
  .addParam("store", "Path to the terminal's store (written back with the redeemed cheques marked)")
  .addOptionalParam("batch", "Cheques per transaction", 100, types.int)
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(
    offlineAction(
      "dkzt:offline:redeem",
      async (
        args: { store: string; batch: number; deployment?: string },
        hre,
        { loadOffline, redeemCheques, SeenStore, formatTenge },
      ) => {
        if (!Number.isInteger(args.batch) || args.batch < 1)
          throw new Error(`--batch: must be a whole number >= 1, got ${args.batch}`);
        if (!fs.existsSync(args.store)) throw new Error(`--store: no such file: ${args.store}`);
        const store = SeenStore.fromJSON(fs.readFileSync(args.store, "utf8"));
        const offline = await loadOffline(hre, args.deployment);
        const pending = store.pending();
        if (pending.length === 0) {
          console.log("nothing to redeem");
          return;
        }
        const { outcomes, gasUsed } = await redeemCheques(offline, pending, args.batch);
        for (const o of outcomes) {
          const what = o.paid ? "paid" : `rejected: ${o.reason?.name}(${o.reason?.args.map(String).join(", ")})`;
          console.log(`  ${o.purse} #${o.serial} ${formatTenge(o.amount)} to ${o.payee}: ${what}`);
        }
        store.markRedeemed(outcomes.filter((o) => o.paid).map((o) => o.digest));
        fs.writeFileSync(args.store, store.toJSON());
        const paid = outcomes.filter((o) => o.paid);
        console.log(
          `${paid.length} of ${outcomes.length} cheques paid (${formatTenge(paid.reduce((s, o) => s + o.amount, 0n))}) ` +
            `in ${gasUsed.length} transaction(s), gas ${gasUsed.join(" + ")}`,
        );
      },
    ),
  );

task("dkzt:offline:claims", "List the loss claims recorded for double-spent cheques")
  .addOptionalParam("deployment", DEPLOYMENT)
  .setAction(
    offlineAction("dkzt:offline:claims", async (args: { deployment?: string }, hre, { loadOffline, formatTenge }) => {
      const offline = await loadOffline(hre, args.deployment);
      const count = await offline.lossClaimCount();
      for (let id = 1n; id <= count; id++) {
        const c = await offline.lossClaim(id);
        console.log(
          `claim ${id}: ${formatTenge(c.amount)} owed by bank ${c.bank} to ${c.payee} ` +
            `(purse ${c.purse} #${c.serial}) ${c.covered ? "covered" : "open"}`,
        );
      }
      if (count === 0n) console.log("no loss claims");
    }),
  );
