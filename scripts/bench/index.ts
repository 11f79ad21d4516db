import { ledgerBench } from "./ledger";
import { crossBorderBench } from "./crossborder";
import { offlineBench } from "./offline";
import { paymentsBench } from "./payments";
import { programsBench } from "./programs";
import { reservesBench } from "./reserves";
import type { BenchCase } from "./types";

/**
 * Every benchmark `npm run bench` runs, in order; each starts on the same clean chain (see {BenchCase}).
 * Capabilities add theirs here: `import { paymentsBench } from "./payments";` and append it.
 */
export const BENCH_CASES: BenchCase[] = [
  ledgerBench,
  paymentsBench,
  programsBench,
  reservesBench,
  crossBorderBench,
  offlineBench,
];
