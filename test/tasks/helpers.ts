import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { output, type Outcome } from "../../src/ops";

/** Run `dkzt:<name>` in-process, as `npx hardhat dkzt:<name> --<arg> …` would. */
export async function dkzt<T = Outcome>(name: string, args: Record<string, unknown> = {}): Promise<T> {
  return (await hre.run(`dkzt:${name}`, args)) as T;
}

/** The error a promise rejects with (fails the test when it fulfils). */
export async function rejectionOf(attempt: Promise<unknown>): Promise<Error> {
  try {
    await attempt;
  } catch (err) {
    return err as Error;
  }
  return expect.fail("expected the task to fail");
}

/** The execution delay of the delayed powers in the task tests' Safe deployments, in seconds (one day). */
export const DELAY = 24 * 60 * 60;

/** Officers as `--signers` takes them: their addresses, comma-separated. */
export const officers = (signers: HardhatEthersSigner[]): string => signers.map((s) => s.address).join(",");

/**
 * What the tasks print, captured instead of going to the console: hooks that empty the returned lines before each
 * test and restore the console after it. Called inside a describe, they serve that describe's tests; called at a
 * file's top level, every test of the run.
 */
export function capturedOutput(): string[] {
  const printed: string[] = [];
  const consoleLine = output.line;
  beforeEach(() => {
    printed.length = 0;
    output.line = (text) => {
      printed.push(text);
    };
  });
  afterEach(() => {
    output.line = consoleLine;
  });
  return printed;
}

/**
 * A `before` hook that loads `fixture` once, its printout silenced (a deployment's printout is not the tests'
 * subject), with a timeout that fits a whole-suite deployment on a loaded machine; the tests then load its snapshot.
 */
export function loadQuietlyFirst<T>(fixture: () => Promise<T>): void {
  before(async function () {
    const consoleLine = output.line;
    output.line = () => undefined;
    try {
      await loadFixture(fixture);
    } finally {
      output.line = consoleLine;
    }
  });
}
