/** Write the pilot's report files: reports/pilot.json and reports/pilot.html. */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderHtml } from "./html";
import { toJson, type PilotReport } from "./types";

export function writePilotReports(root: string, report: PilotReport, dir = "reports"): { json: string; html: string } {
  const folder = path.join(root, dir);
  fs.mkdirSync(folder, { recursive: true });
  const json = path.join(folder, "pilot.json");
  const html = path.join(folder, "pilot.html");
  fs.writeFileSync(json, toJson(report));
  fs.writeFileSync(html, renderHtml(report));
  return { json: path.relative(process.cwd(), json) || json, html: path.relative(process.cwd(), html) || html };
}
