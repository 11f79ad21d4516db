/**
 * Deploy the suite from environment variables alone, on any network hardhat.config.ts defines:
 *
 *     npx hardhat run scripts/deploy.ts --network bscTestnet      # BSC_TESTNET_RPC_URL, DEPLOYER_KEY
 *     npx hardhat run scripts/deploy.ts --network permissioned    # RPC_URL, CHAIN_ID, DEPLOYER_KEY
 *     npx hardhat run scripts/deploy.ts --network localhost       # a running `npx hardhat node`
 *
 * Role holders come from DKZT_CENTRAL_BANK, DKZT_OPERATOR, DKZT_COMPLIANCE, DKZT_GOVERNANCE, DKZT_GUARDIAN and
 * DKZT_ISSUANCE_DESK (addresses; on hardhat/localhost each defaults to its local test account), the Ignition
 * deployment id from DKZT_DEPLOYMENT_ID (default chain-<id>, localhost-chain-<id> on localhost). Running it
 * again resumes an interrupted deployment and deploys nothing twice. Same as `dkzt:deploy`, without flags: on
 * every network but hardhat/localhost that means production governance (two-day execution delay, the Handover);
 * DKZT_UNSAFE_IMMEDIATE=1 opts out, and the deployment then says so loudly.
 */
import hre from "hardhat";
import { getAddress, isAddress } from "ethers";
import { SuiteError } from "../src/errors";
import { deploy } from "../src/ops";
import { GOVERNANCE_PARTIES, LEDGER_PARTIES, type Party } from "../src/roles";
import type { RoleHolders } from "../src/suite";
import { runMain } from "../src/rpc";

/** The environment variable naming each party's address. */
export const HOLDER_VARIABLES: Record<Party, string> = {
  CENTRAL_BANK: "DKZT_CENTRAL_BANK",
  OPERATOR: "DKZT_OPERATOR",
  COMPLIANCE: "DKZT_COMPLIANCE",
  GOVERNANCE: "DKZT_GOVERNANCE",
  GUARDIAN: "DKZT_GUARDIAN",
  ISSUANCE_DESK: "DKZT_ISSUANCE_DESK",
};

function holdersFromEnvironment(): Partial<RoleHolders> {
  const holders: Partial<RoleHolders> = {};
  for (const party of [...LEDGER_PARTIES, ...GOVERNANCE_PARTIES]) {
    const variable = HOLDER_VARIABLES[party];
    const value = process.env[variable]?.trim();
    if (!value) continue;
    if (!isAddress(value)) throw new SuiteError(`${variable}: "${String(value)}" is not an address.`);
    holders[party] = getAddress(value);
  }
  return holders;
}

void runMain(async () => {
  const holders = holdersFromEnvironment();
  const missing = [...LEDGER_PARTIES, ...GOVERNANCE_PARTIES].filter((p) => !holders[p]);
  if (!["hardhat", "localhost"].includes(hre.network.name) && missing.length > 0) {
    throw new SuiteError(
      `On network ${hre.network.name} every role holder comes from the environment: set ` +
        `${missing.map((p) => HOLDER_VARIABLES[p]).join(", ")} (addresses; see .env.example).`,
    );
  }
  const d = await deploy(hre, {
    holders,
    deploymentId: process.env.DKZT_DEPLOYMENT_ID || undefined,
    unsafe: process.env.DKZT_UNSAFE_IMMEDIATE === "1",
  });
  for (const warning of d.safety.warnings) console.warn(warning);
  console.log(`DKZT suite on ${hre.network.name} (chain ${d.chainId})`);
  console.log(`  AccessManager   ${d.addresses.manager}`);
  console.log(`  DigitalTenge    ${d.addresses.ledger}`);
  console.log(`  IssuanceDesk    ${d.addresses.desk}`);
  for (const party of Object.keys(HOLDER_VARIABLES) as Party[]) {
    console.log(`  ${party.toLowerCase().replace("_", " ").padEnd(15)} ${d.holders[party]}`);
  }
  console.log(
    d.tiersDefined
      ? "  tiers           default tiers defined"
      : "  tiers           not defined: the central bank defines them with dkzt:define-tier",
  );
  console.log(
    `  governance      ${d.safety.executionDelay === 0 ? "no delay" : `delayed powers wait ${d.safety.executionDelay} s`}, ` +
      (d.safety.handover ? "handed over (the deployer holds nothing)" : "the deployer keeps ADMIN"),
  );
  if (d.record) console.log(`  recorded in     ${d.record}`);
  if (["bsc", "bscTestnet"].includes(hre.network.name)) {
    const id = process.env.DKZT_DEPLOYMENT_ID || `chain-${d.chainId}`;
    console.log(`  verify with     npx hardhat ignition verify ${id} --network ${hre.network.name}`);
  }
});
