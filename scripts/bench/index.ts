import { ledgerBench } from "./ledger";
import type { BenchCase } from "./types";

/**
 * Every benchmark `npm run bench` runs, in order; each starts on the same clean chain (see {BenchCase}).
 * Capabilities add theirs here: `import { paymentsBench } from "./payments";` and append it.
 */
export const BENCH_CASES: BenchCase[] = [ledgerBench];
