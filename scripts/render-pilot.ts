/**
 * Render reports/pilot.html to reports/pilot.png with Debian's headless Chromium, to check the report by eye:
 * `npx ts-node scripts/render-pilot.ts [html] [png]` (after `npm run pilot`). CHROMIUM overrides the binary.
 * Exits non-zero if Chromium is missing (install it: `apt-get install chromium`) or the PNG is not written.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(__dirname, "..");
const html = path.resolve(process.argv[2] ?? path.join(root, "reports", "pilot.html"));
const png = path.resolve(process.argv[3] ?? path.join(root, "reports", "pilot.png"));
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const width = 1280;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!fs.existsSync(chromium)) {
  fail(
    `Chromium not found at ${chromium}. Install Debian's package: sudo apt-get install chromium (or set CHROMIUM=/path/to/chromium)`,
  );
}
if (!fs.existsSync(html)) fail(`${html} does not exist: run \`npm run pilot\` first`);

// The page says how tall it renders (meta pilot-height); PILOT_PNG_HEIGHT overrides.
const hinted = /<meta name="pilot-height" content="(\d+)">/.exec(fs.readFileSync(html, "utf8"))?.[1];
const height = Number(process.env.PILOT_PNG_HEIGHT ?? hinted ?? 3600);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "pilot-chromium-"));
try {
  fs.rmSync(png, { force: true });
  const result = spawnSync(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      `--screenshot=${png}`,
      `--window-size=${width},${height}`,
      `file://${html}`,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  if (result.error) fail(`Chromium did not run: ${result.error.message}`);
  if (!fs.existsSync(png) || fs.statSync(png).size === 0) {
    fail(`Chromium wrote no screenshot (exit ${result.status}):\n${result.stderr}`);
  }
  console.log(
    `Rendered ${path.relative(process.cwd(), html)} → ${path.relative(process.cwd(), png)} (${width}×${height})`,
  );
} finally {
  fs.rmSync(profile, { recursive: true, force: true });
}
