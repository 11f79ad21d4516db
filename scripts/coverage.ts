/**
 * `npm run test:coverage`: the whole suite (every test but the `@gas` and `@node` ones, see .solcover.js) under
 * solidity-coverage, split over the machine's cores, then the coverage gate (scripts/coverage-gate.ts).
 *
 * solidity-coverage cannot run mocha in parallel (it counts hits in the one in-process EVM), so each shard is its
 * own `hardhat coverage --testfiles …` in its own copy of the project (`.coverage-shards/<k>/`, node_modules
 * linked): the instrumented artifacts, caches and reports of two runs never meet. Test files are dealt to the
 * shards by their measured weight (scripts/coverage-weights.json, seconds per file under instrumentation; a file
 * not listed weighs the median), heaviest first to the lightest shard. The shards' coverage.json files are then
 * merged (hit counts summed, per statement, branch and function) and istanbul writes the reports of the merged
 * map into coverage/, which the gate reads. A failing test in any shard fails the run, after every shard ends.
 *
 * Each shard's reporter (scripts/coverage-timings.ts) writes the seconds its files took; they are gathered into
 * coverage/timings.json, and with COVERAGE_UPDATE_WEIGHTS=1 into scripts/coverage-weights.json (measure on a quiet
 * machine: the weights only balance the shards, a stale one costs time, never a test).
 *
 * COVERAGE_SHARDS: how many shards (default: the number of CPUs, at most 4).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { TIMINGS_FILE } from "./coverage-timings";

const ROOT = path.resolve(__dirname, "..");
const SHARDS_DIR = path.join(ROOT, ".coverage-shards");
const WEIGHTS_FILE = path.join(__dirname, "coverage-weights.json");
/** Never copied into a shard: build output, reports, local deployments, the shards themselves. */
const NOT_COPIED = [
  /^node_modules\//,
  /^artifacts\//,
  /^cache\//,
  /^typechain-types\//,
  /^coverage\//,
  /^reports\//,
  /^\.coverage/,
  /^\.git\//,
];

/** istanbul's per-file coverage (the parts merged here). */
interface FileCoverage {
  path: string;
  s: Record<string, number>;
  b: Record<string, number[]>;
  f: Record<string, number>;
  l?: Record<string, number>;
  [key: string]: unknown;
}
type CoverageMap = Record<string, FileCoverage>;

/** The test files of the suite, relative to the root, sorted. */
export function testFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".test.ts")) found.push(rel.split(path.sep).join("/"));
    }
  };
  walk("test");
  // test/integration holds only @node tests (their own hardhat node), which never run instrumented.
  return found.filter((f) => !f.startsWith("test/integration/")).sort();
}

/**
 * Deal `files` into `count` shards of about equal weight: heaviest file first, each to the lightest shard so far
 * (ties to the lower shard). A file without a weight weighs the median of the known ones (1 if none is known).
 */
export function dealShards(
  files: readonly string[],
  weights: Readonly<Record<string, number>>,
  count: number,
): string[][] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`shard count must be a positive integer, got ${count}`);
  const known = Object.values(weights)
    .filter((w) => Number.isFinite(w) && w > 0)
    .sort((a, b) => a - b);
  const median = known.length === 0 ? 1 : known[Math.floor(known.length / 2)];
  const weightOf = (f: string): number => weights[f] ?? median;
  const ordered = [...files].sort((a, b) => weightOf(b) - weightOf(a) || a.localeCompare(b));
  const shards = Array.from({ length: Math.min(count, Math.max(files.length, 1)) }, () => ({
    files: [] as string[],
    weight: 0,
  }));
  for (const file of ordered) {
    let lightest = shards[0];
    for (const shard of shards) if (shard.weight < lightest.weight) lightest = shard;
    lightest.files.push(file);
    lightest.weight += weightOf(file);
  }
  return shards.map((s) => s.files.sort());
}

/**
 * Merge istanbul coverage maps of the same instrumented sources: hit counts summed per statement, function and
 * branch arm. Refuses maps whose shapes differ (different instrumentation: a shard built other sources).
 */
export function mergeCoverage(maps: readonly CoverageMap[]): CoverageMap {
  const merged: CoverageMap = {};
  for (const map of maps) {
    for (const [file, cov] of Object.entries(map)) {
      const into = merged[file];
      if (into === undefined) {
        merged[file] = JSON.parse(JSON.stringify(cov)) as FileCoverage;
        continue;
      }
      for (const key of ["s", "f"] as const) {
        const a = into[key];
        const b = cov[key];
        if (Object.keys(a).length !== Object.keys(b).length) throw new Error(`${file}: ${key} maps differ in size`);
        for (const id of Object.keys(b)) {
          if (a[id] === undefined) throw new Error(`${file}: ${key} ${id} missing in another shard`);
          a[id] += b[id];
        }
      }
      for (const id of Object.keys(cov.b)) {
        const a = into.b[id];
        const b = cov.b[id];
        if (a === undefined || a.length !== b.length) throw new Error(`${file}: branch ${id} differs between shards`);
        for (let i = 0; i < b.length; i++) a[i] += b[i];
      }
      if (into.l !== undefined && cov.l !== undefined) {
        for (const line of Object.keys(cov.l)) into.l[line] = (into.l[line] ?? 0) + cov.l[line];
      }
    }
  }
  return merged;
}

/** The files to copy into a shard: git's view of the tree (tracked and untracked, not ignored), or a walk. */
function projectFiles(): string[] {
  let files: string[];
  try {
    files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\0")
      .filter((f) => f.length > 0);
  } catch {
    files = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
        if (NOT_COPIED.some((re) => re.test(`${rel}${entry.isDirectory() ? "/" : ""}`))) continue;
        if (entry.isDirectory()) walk(rel);
        else files.push(rel);
      }
    };
    walk("");
  }
  return files.filter((f) => !NOT_COPIED.some((re) => re.test(f)) && fs.existsSync(path.join(ROOT, f)));
}

function prepareShard(dir: string, files: readonly string[]): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    const to = path.join(dir, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), to);
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
}

/** Run one shard's coverage; resolves with its exit code. Output is prefixed with the shard number. */
function runShard(index: number, dir: string, files: readonly string[]): Promise<number> {
  const glob = files.length === 1 ? files[0] : `{${files.join(",")}}`;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [require.resolve("hardhat/internal/cli/cli"), "coverage", "--testfiles", glob],
      {
        cwd: dir,
        env: { ...process.env, FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const prefix = (chunk: Buffer, to: NodeJS.WriteStream): void => {
      for (const line of chunk.toString().split("\n")) if (line.trim() !== "") to.write(`[${index}] ${line}\n`);
    };
    child.stdout.on("data", (c: Buffer) => prefix(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => prefix(c, process.stderr));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

interface IstanbulModule {
  Collector: new () => { add(map: CoverageMap): void };
  Reporter: new (
    cfg: unknown,
    dir: string,
  ) => {
    add(fmt: string): void;
    write(collector: unknown, sync: boolean, done: (err?: Error) => void): void;
  };
}

/** Write istanbul's reports of `map` into `dir` (the reporters .solcover.js names). */
function writeReports(map: CoverageMap, dir: string, reporters: readonly string[]): Promise<void> {
  // solidity-coverage's own istanbul (a dependency of it, pinned by the lockfile): the same report code it uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const istanbul = require(
    require.resolve("sc-istanbul", { paths: [require.resolve("solidity-coverage")] }),
  ) as IstanbulModule;
  const collector = new istanbul.Collector();
  collector.add(map);
  const reporter = new istanbul.Reporter(false, dir);
  for (const r of reporters) reporter.add(r);
  return new Promise((resolve, reject) => reporter.write(collector, true, (err) => (err ? reject(err) : resolve())));
}

/** Merge per-file seconds of several runs (a file measured twice keeps the larger figure). */
export function mergeTimings(runs: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const run of runs) for (const [file, s] of Object.entries(run)) out[file] = Math.max(out[file] ?? 0, s);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The shards' weights after a run: the old ones, overwritten by what the run measured; a file the run dealt but did
 * not time (all its tests are @gas/@plain/@node, so none ran here) weighs 0, not the median.
 */
export function updatedWeights(
  old: Readonly<Record<string, number>>,
  measured: Readonly<Record<string, number>>,
  dealt: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = { ...old, ...measured };
  for (const file of dealt) if (!(file in measured)) out[file] = 0;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Gather the shards' timings into coverage/timings.json, print the heaviest, and update the weights if asked. */
function reportTimings(
  files: readonly string[],
  dealt: readonly string[],
  old: Readonly<Record<string, number>>,
): void {
  const runs = files
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as Record<string, number>);
  if (runs.length === 0) return;
  const timings = mergeTimings(runs);
  fs.writeFileSync(path.join(ROOT, "coverage", "timings.json"), JSON.stringify(timings, null, 2) + "\n");
  const heaviest = Object.entries(timings)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 5)
    .map(([f, s]) => `${f} ${s} s`);
  console.log(`coverage: heaviest files ${heaviest.join(", ")} (all in coverage/timings.json)`);
  if (process.env.COVERAGE_UPDATE_WEIGHTS === "1") {
    fs.writeFileSync(WEIGHTS_FILE, JSON.stringify(updatedWeights(old, timings, dealt), null, 2) + "\n");
    console.log(`coverage: weights written to ${path.relative(ROOT, WEIGHTS_FILE)}`);
  }
}

async function main(): Promise<void> {
  const cpus = os.availableParallelism();
  const count = Number(process.env.COVERAGE_SHARDS ?? Math.min(cpus, 4));
  const weights = fs.existsSync(WEIGHTS_FILE)
    ? (JSON.parse(fs.readFileSync(WEIGHTS_FILE, "utf8")) as Record<string, number>)
    : {};
  const shards = dealShards(testFiles(ROOT), weights, count);
  const files = projectFiles();
  const started = Date.now();
  console.log(`coverage: ${shards.length} shard(s) over ${cpus} CPU(s)`);
  const dirs = shards.map((_, k) => path.join(SHARDS_DIR, String(k)));
  shards.forEach((shard, k) => {
    prepareShard(dirs[k], files);
    console.log(`  shard ${k}: ${shard.length} files`);
  });
  const codes = await Promise.all(shards.map((shard, k) => runShard(k, dirs[k], shard)));
  const failed = codes.map((c, k) => ({ c, k })).filter(({ c }) => c !== 0);
  if (failed.length > 0) {
    console.error(
      `coverage: shard(s) ${failed.map(({ k }) => k).join(", ")} failed (exit ${failed.map(({ c }) => c).join(", ")})`,
    );
    process.exit(1);
  }
  const maps = dirs.map((d) => JSON.parse(fs.readFileSync(path.join(d, "coverage.json"), "utf8")) as CoverageMap);
  const merged = mergeCoverage(maps);
  fs.writeFileSync(path.join(ROOT, "coverage.json"), JSON.stringify(merged));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solcover = require(path.join(ROOT, ".solcover.js")) as { istanbulReporter?: string[] };
  fs.rmSync(path.join(ROOT, "coverage"), { recursive: true, force: true });
  await writeReports(merged, path.join(ROOT, "coverage"), solcover.istanbulReporter ?? ["json-summary"]);
  console.log(`coverage: ${shards.length} shard(s) merged in ${Math.round((Date.now() - started) / 1000)} s`);
  reportTimings(
    dirs.map((d) => path.join(d, TIMINGS_FILE)),
    shards.flat(),
    weights,
  );
  if (process.env.COVERAGE_KEEP_SHARDS !== "1") fs.rmSync(SHARDS_DIR, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
