/** The pilot's closing tables on the console (cli-table3). */
import Table from "cli-table3";
import { formatTenge } from "../../src/money";
import type { PilotReport } from "./types";

const plain = (tiyn: bigint): string => formatTenge(tiyn, false);

function table(head: string[], rows: string[][], aligns?: ("left" | "right")[]): string {
  const t = new Table({
    head,
    colAligns: aligns ?? head.map((_, i) => (i === 0 ? "left" : "right")),
    style: { head: [], border: [] },
  });
  for (const r of rows) t.push(r);
  return t.toString();
}

/** Every closing table, as text. */
export function renderTables(r: PilotReport): string {
  const out: string[] = [];
  out.push("Supply per bank (₸)");
  out.push(
    table(
      ["bank", "ceiling", "issued", "redeemed", "outstanding", "bank holds", "bank + customers hold"],
      [
        ...r.banks.map((b) => [
          b.name,
          plain(b.ceiling),
          plain(b.issued),
          plain(b.redeemed),
          plain(b.outstanding),
          plain(b.held),
          plain(b.customers),
        ]),
        [
          "total",
          plain(r.supply.totals.ceiling),
          plain(r.supply.totals.issued),
          plain(r.supply.totals.redeemed),
          plain(r.supply.totals.outstanding),
          plain(r.supply.totals.held),
          `supply ${plain(r.supply.totalSupply)}`,
        ],
      ],
    ),
  );
  out.push("\nVAT collected (₸)");
  out.push(
    table(
      ["category", "rate", "payments", "gross", "VAT to budget"],
      [
        ...r.vat.byCategory.map((c) => [
          c.category,
          `${c.rateBps / 100}%`,
          String(c.payments),
          plain(c.gross),
          plain(c.vat),
        ]),
        ["B2B marked, paid by supplier", "", "", "", plain(r.vat.markedPaid)],
        ["collected by the SRC budget", "", "", "", plain(r.vat.collected)],
      ],
    ),
  );
  out.push("\nSchool lunches served");
  out.push(
    table(
      ["school", ...r.lunches.days, "total"],
      r.lunches.schools.map((s, i) => [
        s,
        ...r.lunches.meals[i].map(String),
        String(r.lunches.meals[i].reduce((a, m) => a + m, 0)),
      ]),
    ),
  );
  const { stable, gold } = r.reserves;
  out.push("\nReserves and their proofs");
  out.push(
    table(
      ["asset", "obligations", "reserve", "coverage", "proof"],
      [
        [
          r.reserves.stableSymbol,
          `${plain(stable.obligations)} ₸`,
          `${plain(stable.reserve)} ₸ DKZT`,
          `${(Number(stable.ratioBps) / 100).toFixed(2)}%`,
          stable.fullyBacked ? "fully backed" : "SHORT",
        ],
        [
          "Gold token",
          `${(Number(gold.supplyUnits) / 1e6).toFixed(3)} g`,
          `${(Number(gold.backingFineMg) / 1e3).toFixed(3)} g in ${gold.barsInVault} bars`,
          `${gold.supplyUnits === 0n ? "—" : ((Number(gold.backingFineMg) * 1e3 * 100) / Number(gold.supplyUnits)).toFixed(2) + "%"}`,
          gold.supplyUnits <= gold.attestedUnits ? "bar register covers tokens" : "SHORT",
        ],
      ],
    ),
  );
  out.push("\nCross-border");
  out.push(
    table(
      ["payment", "account", "amount", "status"],
      [
        ...r.crossBorder.swift.map((s) => [
          `SWIFT ${s.direction} ${s.uetr.slice(0, 10)}…`,
          s.account,
          `${plain(s.amount)} ₸`,
          s.status,
        ]),
        [
          `PvP deal ${r.crossBorder.pvp.dealId}`,
          `${r.crossBorder.pvp.seller} → ${r.crossBorder.pvp.buyer}`,
          `${plain(r.crossBorder.pvp.sold)} ₸ / ${(Number(r.crossBorder.pvp.bought) / 100).toFixed(2)} e-CNY`,
          r.crossBorder.pvp.status,
        ],
      ],
      ["left", "left", "right", "left"],
    ),
  );
  const o = r.offline;
  out.push("\nOffline settlement");
  out.push(
    table(
      ["purses", "cheques presented", "paid", "rejected", "settled ₸", "loss claims covered ₸"],
      [
        [
          String(o.purses),
          `${o.presented} (${plain(o.presentedAmount)})`,
          `${o.accepted} (${plain(o.acceptedAmount)})`,
          o.rejected.map((x) => `${x.reason} ${plain(x.amount)}`).join(", ") || "none",
          plain(o.settled),
          plain(o.lossClaimsCovered),
        ],
      ],
    ),
  );
  out.push("\nRole holders' Safes");
  out.push(
    table(
      ["holder", "Safe", "confirmations", "signed by", "Safe transactions", "delayed operations"],
      r.safes.map((x) => [
        x.holder,
        x.safe,
        `${x.threshold} of ${x.officers.length}`,
        x.signed.join(", "),
        String(x.transactions),
        String(x.delayed),
      ]),
      ["left", "left", "right", "left", "right", "right"],
    ),
  );
  out.push("\nInvariants");
  for (const inv of r.invariants) {
    out.push(`${inv.holds ? "  ✓" : "  ✗ BROKEN"} ${inv.name}`);
    out.push(
      `      ${Object.entries(inv.figures)
        .map(([k, v]) => `${k}: ${v}`)
        .join(" · ")}`,
    );
  }
  return out.join("\n");
}
