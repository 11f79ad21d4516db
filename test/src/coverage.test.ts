import { expect } from "chai";
import * as path from "node:path";
import { dealShards, mergeCoverage, mergeTimings, testFiles, updatedWeights } from "../../scripts/coverage";
import { fileSeconds } from "../../scripts/coverage-timings";

type Map = Parameters<typeof mergeCoverage>[0][number];

/** A one-file coverage map with the given hit counts. */
function coverageOf(s: number[], f: number[], b: number[][]): Map {
  const record = <T>(values: T[]): Record<string, T> => Object.fromEntries(values.map((v, i) => [String(i + 1), v]));
  return { "contracts/A.sol": { path: "contracts/A.sol", s: record(s), f: record(f), b: record(b), l: { "3": s[0] } } };
}

describe("scripts/coverage (the sharded coverage run)", () => {
  describe("dealShards", () => {
    it("deals heaviest first to the lightest shard, every file exactly once", () => {
      const weights = { a: 10, b: 7, c: 5, d: 4, e: 1 };
      const shards = dealShards(Object.keys(weights), weights, 2);
      // a → 0 (10); b → 1 (7); c → 1 (12); d → 0 (14); e → 1 (13)
      expect(shards).to.deep.equal([
        ["a", "d"],
        ["b", "c", "e"],
      ]);
      expect(shards.flat().sort()).to.deep.equal(["a", "b", "c", "d", "e"]);
    });

    it("weighs a file it has no figure for as the median of the known ones", () => {
      // known 1, 5, 9: median 5. x → 0 (9); new, then y (5 each, by name) → 1 (5, 10); z → 0 (10)
      expect(dealShards(["x", "y", "z", "new"], { x: 9, y: 5, z: 1 }, 2)).to.deep.equal([
        ["x", "z"],
        ["new", "y"],
      ]);
    });

    it("never makes more shards than files, and refuses a shard count that is not a positive integer", () => {
      expect(dealShards(["only"], {}, 4)).to.deep.equal([["only"]]);
      expect(() => dealShards(["a"], {}, 0)).to.throw("shard count must be a positive integer, got 0");
      expect(() => dealShards(["a"], {}, 1.5)).to.throw("shard count must be a positive integer, got 1.5");
    });
  });

  describe("mergeCoverage", () => {
    it("sums statement, function, branch-arm and line hits of the same instrumented file", () => {
      const merged = mergeCoverage([coverageOf([1, 0], [0, 2], [[1, 0]]), coverageOf([0, 3], [1, 0], [[0, 4]])]);
      const file = merged["contracts/A.sol"];
      expect(file.s).to.deep.equal({ "1": 1, "2": 3 });
      expect(file.f).to.deep.equal({ "1": 1, "2": 2 });
      expect(file.b).to.deep.equal({ "1": [1, 4] });
      expect(file.l).to.deep.equal({ "3": 1 });
    });

    it("leaves its inputs as they were", () => {
      const first = coverageOf([1], [1], [[1, 1]]);
      mergeCoverage([first, coverageOf([5], [5], [[5, 5]])]);
      expect(first["contracts/A.sol"].s).to.deep.equal({ "1": 1 });
    });

    it("refuses maps of differently instrumented sources", () => {
      expect(() => mergeCoverage([coverageOf([1, 1], [1], []), coverageOf([1], [1], [])])).to.throw(
        "contracts/A.sol: s maps differ in size",
      );
      expect(() => mergeCoverage([coverageOf([1], [1], [[1, 1]]), coverageOf([1], [1], [[1, 1, 1]])])).to.throw(
        "contracts/A.sol: branch 1 differs between shards",
      );
    });
  });

  describe("testFiles", () => {
    it("lists the suite's test files and leaves out test/integration (their own node, never instrumented)", () => {
      const files = testFiles(path.resolve(__dirname, "../.."));
      expect(files).to.include("test/src/coverage.test.ts");
      expect(files.some((f) => f.startsWith("test/integration/"))).to.equal(false);
      expect(files.every((f) => f.endsWith(".test.ts"))).to.equal(true);
    });
  });

  describe("timings (the shards' weights, measured)", () => {
    it("gives each file's seconds relative to the root, to a tenth, sorted by file", () => {
      const root = path.resolve("/work/p");
      const spans = new Map([
        [path.join(root, "test", "b.test.ts"), 12_345],
        [path.join(root, "test", "a.test.ts"), 50],
      ]);
      expect(Object.entries(fileSeconds(spans, root))).to.deep.equal([
        ["test/a.test.ts", 0.1],
        ["test/b.test.ts", 12.3],
      ]);
    });

    it("merges shards' timings, keeping the larger figure of a file measured twice", () => {
      expect(mergeTimings([{ b: 2, a: 1 }, { a: 3 }, {}])).to.deep.equal({ a: 3, b: 2 });
      expect(Object.keys(mergeTimings([{ b: 2 }, { a: 1 }]))).to.deep.equal(["a", "b"]);
    });

    it("updates the weights: measured files take their figure, dealt but untimed ones 0, others keep theirs", () => {
      const old = { kept: 5, remeasured: 9, untimed: 14 };
      expect(updatedWeights(old, { remeasured: 3, added: 2 }, ["remeasured", "added", "untimed"])).to.deep.equal({
        added: 2,
        kept: 5,
        remeasured: 3,
        untimed: 0,
      });
    });
  });
});
