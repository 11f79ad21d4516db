/**
 * reports/pilot.html: one self-contained page (inline CSS and SVG charts drawn here, no script, no external file)
 * that a central banker can read at a glance: key figures, charts, the tables and the invariants.
 */
import { formatTenge } from "../../src/money";
import type { PilotReport } from "./types";

const PALETTE = ["#0b6e99", "#f2a541", "#3aa17e", "#d1495b", "#7b5ea7", "#5c6b73"];
const INK = "#1d2a33";
const MUTED = "#6b7a86";
const GRID = "#e3e8ec";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Tenge as a short label: 1.2 bn, 34.5 m, 12.3 k. */
function short(tiyn: bigint): string {
  const v = Number(tiyn) / 100;
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)} m`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(1)} k`;
  return v.toFixed(0);
}
const money = (tiyn: bigint): string => esc(formatTenge(tiyn));
const plain = (tiyn: bigint): string => esc(formatTenge(tiyn, false));

function text(x: number, y: number, s: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;
}

function svg(width: number, height: number, body: string, label: string): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(label)}" font-family="inherit" font-size="12" fill="${INK}">${body}</svg>`;
}

/** Horizontal bars per bank: issued (light), outstanding (solid) and redeemed (hatched tail). */
function supplyChart(r: PilotReport): string {
  const W = 560;
  const rowH = 34;
  const left = 140;
  const right = 70;
  const top = 28;
  const H = top + r.banks.length * rowH + 10;
  const max = Math.max(...r.banks.map((b) => Number(b.issued)), 1);
  const scale = (v: bigint) => ((W - left - right) * Number(v)) / max;
  let body = `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbe3c4"/><line x1="0" y1="0" x2="0" y2="6" stroke="${PALETTE[1]}" stroke-width="2"/></pattern></defs>`;
  const legend: [string, string][] = [
    [PALETTE[0], "with customers"],
    ["#9cc9de", "bank's own account"],
    ["url(#hatch)", "redeemed"],
  ];
  const at = [0, 120, 268];
  legend.forEach(([fill, label], k) => {
    body += `<rect x="${left + at[k]}" y="6" width="12" height="12" fill="${fill}" rx="2"/>`;
    body += text(left + at[k] + 16, 16, label, `fill="${MUTED}"`);
  });
  r.banks.forEach((b, i) => {
    const y = top + i * rowH;
    const circulating = scale(b.outstanding - b.held);
    const held = scale(b.held);
    const red = Math.max(scale(b.redeemed), b.redeemed > 0n ? 3 : 0);
    body += text(left - 10, y + 17, b.name, `text-anchor="end"`);
    body += `<rect x="${left}" y="${y + 4}" width="${circulating.toFixed(1)}" height="20" fill="${PALETTE[0]}"/>`;
    body += `<rect x="${(left + circulating).toFixed(1)}" y="${y + 4}" width="${held.toFixed(1)}" height="20" fill="#9cc9de"/>`;
    body += `<rect x="${(left + circulating + held).toFixed(1)}" y="${y + 4}" width="${red.toFixed(1)}" height="20" fill="url(#hatch)"/>`;
    body += text(left + circulating + held + red + 6, y + 18, `${short(b.outstanding)} ₸`, `fill="${MUTED}"`);
  });
  return svg(W, H, body, "DKZT supply per bank");
}

/** A donut of VAT to the budget by category, with its legend. */
function vatChart(r: PilotReport): string {
  const W = 560;
  const H = 220;
  const cx = 110;
  const cy = 110;
  const R = 90;
  const r0 = 54;
  const parts = [
    ...r.vat.byCategory.map((c) => ({ label: `${c.category} ${c.rateBps / 100}%`, value: c.vat, n: c.payments })),
    { label: "B2B marked VAT", value: r.vat.markedPaid, n: 1 },
  ];
  const total = parts.reduce((a, p) => a + Number(p.value), 0) || 1;
  let angle = -Math.PI / 2;
  let body = "";
  parts.forEach((p, i) => {
    const frac = Number(p.value) / total;
    if (frac <= 0) return;
    const a1 = angle + frac * 2 * Math.PI - (frac >= 1 ? 0.0001 : 0);
    const large = frac > 0.5 ? 1 : 0;
    const pt = (a: number, rad: number) =>
      `${(cx + rad * Math.cos(a)).toFixed(2)} ${(cy + rad * Math.sin(a)).toFixed(2)}`;
    body += `<path d="M ${pt(angle, R)} A ${R} ${R} 0 ${large} 1 ${pt(a1, R)} L ${pt(a1, r0)} A ${r0} ${r0} 0 ${large} 0 ${pt(angle, r0)} Z" fill="${PALETTE[i % PALETTE.length]}" stroke="#fff" stroke-width="2"/>`;
    angle = a1;
  });
  body += text(cx, cy - 2, short(r.vat.collected), `text-anchor="middle" font-size="18" font-weight="700"`);
  body += text(cx, cy + 16, "₸ collected", `text-anchor="middle" fill="${MUTED}"`);
  parts.forEach((p, i) => {
    const y = 36 + i * 34;
    body += `<rect x="240" y="${y - 11}" width="14" height="14" rx="3" fill="${PALETTE[i % PALETTE.length]}"/>`;
    body += text(262, y, p.label, `font-weight="600"`);
    body += text(
      262,
      y + 15,
      `${formatTenge(p.value)} · ${Math.round((100 * Number(p.value)) / total)}%`,
      `fill="${MUTED}"`,
    );
  });
  return svg(W, H, body, "VAT collected by category");
}

/** Stacked columns: meals per school per school day. */
function lunchChart(r: PilotReport): string {
  const { days, schools, meals } = r.lunches;
  const W = 560;
  const H = 240;
  const left = 44;
  const bottom = 40;
  const top = 14;
  const legendW = 150;
  const plotW = W - left - legendW - 10;
  const totals = days.map((_, d) => schools.reduce((a, _s, i) => a + (meals[i]?.[d] ?? 0), 0));
  const max = Math.max(...totals, 1);
  const rawStep = max / 4;
  const mag = 10 ** Math.floor(Math.log10(Math.max(rawStep, 1)));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((k) => k >= rawStep) ?? 10 * mag;
  const niceMax = Math.max(step * 4, 1);
  const y = (v: number) => top + (H - top - bottom) * (1 - v / niceMax);
  let body = "";
  for (let k = 0; k <= 4; k++) {
    const v = step * k;
    body += `<line x1="${left}" x2="${left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${GRID}"/>`;
    body += text(left - 6, y(v) + 4, String(Math.round(v)), `text-anchor="end" fill="${MUTED}" font-size="11"`);
  }
  const slot = plotW / Math.max(days.length, 1);
  const bw = Math.min(56, slot * 0.6);
  days.forEach((day, d) => {
    const x = left + d * slot + (slot - bw) / 2;
    let acc = 0;
    schools.forEach((_s, i) => {
      const v = meals[i]?.[d] ?? 0;
      body += `<rect x="${x.toFixed(1)}" y="${y(acc + v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(y(acc) - y(acc + v)).toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"/>`;
      acc += v;
    });
    body += text(x + bw / 2, y(acc) - 5, String(acc), `text-anchor="middle" font-weight="600" font-size="11"`);
    const label = new Date(`${day}T00:00:00Z`).toUTCString().slice(0, 3);
    body += text(x + bw / 2, H - bottom + 16, `Day ${d + 1}`, `text-anchor="middle"`);
    body += text(
      x + bw / 2,
      H - bottom + 30,
      `${label} ${day.slice(5)}`,
      `text-anchor="middle" fill="${MUTED}" font-size="10"`,
    );
  });
  schools.forEach((s, i) => {
    const ly = top + 8 + i * 22;
    body += `<rect x="${W - legendW}" y="${ly - 10}" width="12" height="12" rx="2" fill="${PALETTE[i % PALETTE.length]}"/>`;
    body += text(W - legendW + 18, ly, s, `font-size="11.5"`);
  });
  return svg(W, H, body, "School lunches per school per day");
}

/** Bullet bars: what each reserve holds against what it backs. */
function reserveChart(r: PilotReport): string {
  const { stable, gold } = r.reserves;
  const rows = [
    {
      label: `${r.reserves.stableSymbol} stablecoin`,
      need: Number(stable.obligations),
      have: Number(stable.reserve),
      needLabel: `${short(stable.obligations)} ₸ issued`,
      haveLabel: `${short(stable.reserve)} ₸ DKZT in reserve`,
    },
    {
      label: "Gold token",
      need: Number(gold.supplyUnits) / 1e6,
      have: Number(gold.backingFineMg) / 1e3,
      needLabel: `${(Number(gold.supplyUnits) / 1e6).toFixed(1)} g tokens`,
      haveLabel: `${(Number(gold.backingFineMg) / 1e3).toFixed(1)} g fine gold in ${gold.barsInVault} bars`,
    },
  ];
  const W = 560;
  const H = 190;
  const left = 20;
  const width = W - 40;
  let body = "";
  rows.forEach((row, i) => {
    const y = 18 + i * 86;
    const max = Math.max(row.need, row.have, 1);
    const cover = row.need === 0 ? 0 : (100 * row.have) / row.need;
    body += text(left, y + 10, row.label, `font-weight="700" font-size="13"`);
    body += text(
      W - 20,
      y + 10,
      row.need === 0 ? "nothing issued" : `${cover.toFixed(1)}% covered`,
      `text-anchor="end" font-weight="700" fill="${cover >= 100 ? PALETTE[2] : PALETTE[3]}"`,
    );
    body += `<rect x="${left}" y="${y + 20}" width="${((width * row.have) / max).toFixed(1)}" height="26" rx="4" fill="${i === 0 ? "#cfe6f1" : "#f7e2b4"}"/>`;
    body += `<rect x="${left}" y="${y + 27}" width="${((width * row.need) / max).toFixed(1)}" height="12" rx="3" fill="${i === 0 ? PALETTE[0] : "#b7862b"}"/>`;
    body += text(left, y + 62, `■ ${row.needLabel}`, `fill="${i === 0 ? PALETTE[0] : "#b7862b"}"`);
    body += text(left + 190, y + 62, `▭ ${row.haveLabel}`, `fill="${MUTED}"`);
  });
  return svg(W, H, body, "Reserve coverage");
}

/** Offline cheques: paid against rejected, and the money path funded → settled. */
function offlineChart(r: PilotReport): string {
  const o = r.offline;
  const W = 560;
  const H = 190;
  const width = W - 40;
  const total = Math.max(o.presented, 1);
  const paidW = (width * o.accepted) / total;
  let body = text(
    20,
    20,
    `${o.presented} cheques signed offline by ${o.purses} purses`,
    `font-weight="700" font-size="13"`,
  );
  body += `<rect x="20" y="32" width="${(paidW - 2).toFixed(1)}" height="30" rx="4" fill="${PALETTE[2]}"/>`;
  const redW = Math.max(width - paidW, o.rejected.length > 0 ? 10 : 0);
  body += `<rect x="${(20 + width - redW).toFixed(1)}" y="32" width="${redW.toFixed(1)}" height="30" rx="4" fill="${PALETTE[3]}"/>`;
  body += text(28, 52, `${o.accepted} paid`, `fill="#fff" font-weight="700"`);
  body += text(
    W - 20,
    80,
    `${o.rejected.length} rejected: ${o.rejected.map((x) => x.reason).join(", ") || "none"}`,
    `text-anchor="end" fill="${PALETTE[3]}" font-weight="600"`,
  );
  const flows = [
    { label: "funded into purses", v: o.funded, c: "#cfe6f1" },
    { label: "presented", v: o.presentedAmount, c: "#9cc9de" },
    { label: "settled to payees", v: o.settled, c: PALETTE[0] },
  ];
  const max = Math.max(...flows.map((f) => Number(f.v)), 1);
  flows.forEach((f, i) => {
    const y = 100 + i * 28;
    body += `<rect x="150" y="${y}" width="${(((width - 230) * Number(f.v)) / max).toFixed(1)}" height="20" rx="3" fill="${f.c}"/>`;
    body += text(140, y + 14, f.label, `text-anchor="end" fill="${MUTED}"`);
    body += text(150 + ((width - 230) * Number(f.v)) / max + 6, y + 14, formatTenge(f.v), `font-weight="600"`);
  });
  return svg(W, H, body, "Offline settlement");
}

function tableHtml(head: string[], rows: string[][], numericFrom = 1): string {
  const th = head.map((h, i) => `<th class="${i >= numericFrom ? "num" : ""}">${esc(h)}</th>`).join("");
  const tr = rows
    .map((r) => `<tr>${r.map((c, i) => `<td class="${i >= numericFrom ? "num" : ""}">${c}</td>`).join("")}</tr>`)
    .join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

function card(title: string, body: string, note = ""): string {
  return `<section class="card"><h2>${esc(title)}</h2>${body}${note ? `<p class="note">${note}</p>` : ""}</section>`;
}

/** About how tall the page renders at 1280 px wide (scripts/render-pilot.ts sizes its screenshot with it). */
export function pageHeight(r: PilotReport): number {
  const stepLines = r.steps.reduce((a, s) => a + s.lines.length + 1, 0);
  return Math.round(
    1.05 *
      (280 + // header and key figures
        3 * 370 + // three rows of charts
        120 +
        (r.banks.length + 2) * 36 + // supply table
        120 +
        Math.max(r.vat.byCategory.length + 3, r.lunches.schools.length + 1) * 40 + // VAT and lunches tables
        120 +
        (r.safes.length + 1) * 40 + // Safes table
        100 +
        Math.ceil(r.invariants.length / 2) * 64 + // invariants
        100 +
        (stepLines / 2) * 20 +
        r.steps.length * 8 + // steps
        80),
  );
}

/** The whole page. */
export function renderHtml(r: PilotReport): string {
  const allHold = r.invariants.every((i) => i.holds);
  const purchases = r.vat.byCategory.reduce((a, c) => a + c.payments, 0);
  const gross = r.vat.byCategory.reduce((a, c) => a + c.gross, 0n);
  const lunches = r.lunches.meals.flat().reduce((a, m) => a + m, 0);
  const kpis = [
    [
      "DKZT in circulation",
      `${short(r.supply.totalSupply)} ₸`,
      `${r.banks.length} banks · ${short(r.supply.totals.issued)} ₸ issued`,
    ],
    ["Citizens", String(r.citizens), "with Onay, Visa or Mastercard cards"],
    ["Card and QR purchases", String(purchases), `${short(gross)} ₸ gross`],
    ["VAT collected", `${short(r.vat.collected)} ₸`, "split at payment, exact to the tiyn"],
    ["School lunches", String(lunches), `${r.lunches.pupils} pupils · ${r.lunches.days.length} days`],
    [
      "Offline cheques settled",
      `${r.offline.accepted}/${r.offline.presented}`,
      `${r.offline.rejected.length} double spend caught`,
    ],
  ]
    .map(
      ([k, v, s]) =>
        `<div class="kpi"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div><div class="s">${esc(s)}</div></div>`,
    )
    .join("");

  const supplyTable = tableHtml(
    ["Bank", "Ceiling", "Issued", "Redeemed", "Outstanding", "Bank holds", "Bank + customers"],
    [
      ...r.banks.map((b) => [
        esc(b.name),
        plain(b.ceiling),
        plain(b.issued),
        plain(b.redeemed),
        plain(b.outstanding),
        plain(b.held),
        plain(b.customers),
      ]),
      [
        "<b>Total</b>",
        plain(r.supply.totals.ceiling),
        plain(r.supply.totals.issued),
        plain(r.supply.totals.redeemed),
        `<b>${plain(r.supply.totals.outstanding)}</b>`,
        plain(r.supply.totals.held),
        `supply <b>${plain(r.supply.totalSupply)}</b>`,
      ],
    ],
  );
  const vatTable = tableHtml(
    ["Category", "Rate", "Payments", "Gross ₸", "VAT ₸"],
    [
      ...r.vat.byCategory.map((c) => [
        esc(c.category),
        `${c.rateBps / 100}%`,
        String(c.payments),
        plain(c.gross),
        plain(c.vat),
      ]),
      ["B2B marked VAT paid by the supplier", "", "", "", plain(r.vat.markedPaid)],
      ["<b>Collected by the SRC budget</b>", "", "", "", `<b>${plain(r.vat.collected)}</b>`],
    ],
  );
  const lunchTable = tableHtml(
    ["School", ...r.lunches.days.map((_, i) => `Day ${i + 1}`), "Total"],
    r.lunches.schools.map((s, i) => [
      esc(s),
      ...r.lunches.meals[i].map(String),
      `<b>${r.lunches.meals[i].reduce((a, m) => a + m, 0)}</b>`,
    ]),
  );
  const cross = tableHtml(
    ["Payment", "Parties", "Amount", "Status"],
    [
      ...r.crossBorder.swift.map((s) => [
        `SWIFT ${s.direction}<br><span class="mono">${esc(s.uetr)}</span>`,
        esc(s.account),
        `${plain(s.amount)} ₸`,
        `<span class="badge ${s.status === "Rejected" ? "warn" : "ok"}">${esc(s.status)}</span>`,
      ]),
      [
        `PvP deal #${r.crossBorder.pvp.dealId}`,
        `${esc(r.crossBorder.pvp.seller)} → ${esc(r.crossBorder.pvp.buyer)}`,
        `${short(r.crossBorder.pvp.sold)} ₸ ⇄<br>${(Number(r.crossBorder.pvp.bought) / 100).toFixed(2)} e-CNY`,
        `<span class="badge ok">${esc(r.crossBorder.pvp.status)}</span>`,
      ],
    ],
    9,
  );
  const safes = tableHtml(
    ["Holder", "Safe", "Confirmations", "Signed by", "Safe transactions", "Delayed operations"],
    r.safes.map((x) => [
      esc(x.holder),
      `<span class="mono">${esc(x.safe)}</span>`,
      `${x.threshold} of ${x.officers.length}`,
      esc(x.signed.join(", ")),
      String(x.transactions),
      String(x.delayed),
    ]),
    4,
  );
  const invariants = r.invariants
    .map(
      (i) =>
        `<li class="${i.holds ? "ok" : "bad"}"><span class="mark">${i.holds ? "✓" : "✗"}</span><div><b>${esc(i.name)}</b><br><span class="fig">${Object.entries(
          i.figures,
        )
          .map(([k, v]) => `${esc(k)}: <b>${esc(v)}</b>`)
          .join(" · ")}</span></div></li>`,
    )
    .join("");
  const steps = r.steps
    .map(
      (s) =>
        `<li><span class="t">${(s.ms / 1000).toFixed(1)} s</span><b>${esc(s.title)}</b><br><span class="fig">${s.lines.map(esc).join("<br>")}</span></li>`,
    )
    .join("");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="pilot-height" content="${pageHeight(r)}"><title>Digital tenge pilot — ${esc(r.network)}</title>
<style>
*{box-sizing:border-box}body{margin:0;min-height:100vh;background:#f4f6f8;color:${INK};font:14px/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif}
header{background:linear-gradient(120deg,#0b4f6c,#0b6e99 60%,#1f8fb8);color:#fff;padding:28px 40px 24px}
header h1{margin:0 0 4px;font-size:28px}header p{margin:0;opacity:.85}
.status{float:right;margin-top:4px;padding:10px 18px;border-radius:24px;font-weight:700;font-size:15px;background:${allHold ? "#e5f6ee" : "#fde8ea"};color:${allHold ? "#1b7a50" : "#b3261e"}}
main{padding:24px 40px 40px}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:14px;margin-bottom:22px}
.kpi{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.kpi .k{color:${MUTED};font-size:12px;text-transform:uppercase;letter-spacing:.04em}.kpi .v{font-size:26px;font-weight:700;margin:4px 0}.kpi .s{color:${MUTED};font-size:12px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.card{background:#fff;border-radius:10px;padding:16px 20px;box-shadow:0 1px 3px rgba(0,0,0,.08);break-inside:avoid}
.card h2{font-size:16px;margin:0 0 10px}.wide{grid-column:1 / -1}
.note{color:${MUTED};font-size:12px;margin:8px 0 0}
table{border-collapse:collapse;width:100%;font-size:13px}th{text-align:left;color:${MUTED};font-weight:600;border-bottom:2px solid ${GRID};padding:6px 8px}
td{border-bottom:1px solid ${GRID};padding:6px 8px}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.mono{font-family:"DejaVu Sans Mono",monospace;font-size:11px;color:${MUTED}}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-size:12px;font-weight:700}.badge.ok{background:#e5f6ee;color:#1b7a50}.badge.warn{background:#fff1dc;color:#9a5b00}
ul.inv,ul.steps{list-style:none;margin:0;padding:0}ul.inv{columns:2;column-gap:28px}ul.inv li{display:flex;gap:12px;padding:8px 0;border-bottom:1px solid ${GRID};break-inside:avoid}
.mark{flex:0 0 26px;height:26px;border-radius:13px;text-align:center;line-height:26px;font-weight:700;color:#fff}
li.ok .mark{background:#3aa17e}li.bad .mark{background:#d1495b}.fig{color:${MUTED};font-size:12.5px}
ul.steps{columns:2;column-gap:28px}ul.steps li{break-inside:avoid;padding:6px 0;border-bottom:1px solid ${GRID}}ul.steps .t{float:right;color:${MUTED};font-size:12px}
footer{color:${MUTED};font-size:12px;padding:0 40px 30px}
</style></head><body>
<header><div class="status">${allHold ? `✓ All ${r.invariants.length} invariants hold` : `✗ ${r.invariants.filter((i) => !i.holds).length} invariant(s) broken`}</div>
<h1>Digital tenge pilot, replayed</h1>
<p>National Bank of Kazakhstan · network <b>${esc(r.network)}</b> (chain ${r.chainId}) · ${r.citizens} citizens · ${r.steps.length} steps in ${(r.durationMs / 1000).toFixed(0)} s · ${esc(r.startedAt.slice(0, 16).replace("T", " "))} UTC</p></header>
<main>
<div class="kpis">${kpis}</div>
<div class="grid">
${card("DKZT supply per bank", supplyChart(r), "Outstanding = issued − redeemed, per bank; redemptions include merchants' conversions to non-cash and ATM cash.")}
${card("VAT collected by category", vatChart(r), "Each B2C payment splits its VAT to the State Revenue Committee's budget account; B2B VAT is marked to the supplier, who pays it.")}
${card(
  "School lunches per school per day",
  lunchChart(r),
  `${r.lunches.taps} Onay card taps paid in Kazpost batches, ${money(r.lunches.paid)} from the akimat's program; ${
    Object.entries(r.lunches.rejected)
      .map(([k, v]) => (k === "TapDuplicate" ? `${v} re-sent taps paid once` : `${v} rejected: ${esc(k)}`))
      .join(", ") || "no tap rejected"
  }.`,
)}
${card("Reserve coverage", reserveChart(r), `Proof of reserves read from the contracts: ${r.reserves.goldBuyers} citizens bought ${(Number(r.reserves.goldBought) / 1e6).toFixed(1)} g of gold at ${money(r.reserves.goldMidPerGram)}/g.`)}
${card("Offline settlement", offlineChart(r), `A cloned device signed one serial twice: the second cheque was rejected, the purse frozen and the certifying bank covered the payee (${money(r.offline.lossClaimsCovered)}).`)}
${card("Cross-border", cross, `Move-to-earn: ${r.moveToEarn.claims} walkers claimed ${money(r.moveToEarn.paid)} for their steps.`)}
<section class="card wide"><h2>Supply per bank (₸)</h2>${supplyTable}</section>
${card("VAT collected", vatTable)}
${card("Lunches served", lunchTable)}
<section class="card wide"><h2>Role holders' Safes</h2>${safes}<p class="note">The central bank's, operator's and governance's powers are held by Safe multisigs: every transaction proposed, confirmed by the officers named and executed; delayed powers scheduled in the AccessManager and executed after the delay, during which the guardian could cancel them.</p></section>
<section class="card wide"><h2>Invariants</h2><ul class="inv">${invariants}</ul></section>
<section class="card wide"><h2>The pilot, step by step</h2><ul class="steps">${steps}</ul></section>
</div></main>
<footer>Generated by <code>npm run pilot</code> from the chain's own state. Every figure is read back from the contracts at block ${r.supply.blockNumber}.</footer>
</body></html>
`;
}
