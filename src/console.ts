/**
 * The deployed suite in one line, from a Hardhat console on a node where it was deployed:
 *
 *     $ npx hardhat console --network localhost
 *     > const s = await require("./src/console").suite()
 *     > await s.ledger.totalSupply()                     // typechain-typed: DigitalTenge
 *     > await s.ops.account(s.addresses.ledger)           // the operations library, with its words
 *     > await s.ops.issue(await s.as("central-bank"), "0x…", 100_000_00n, s.ref("RSV-1"))
 *
 * The suite comes from the one deployment loader (src/deployment.ts loadDeployment: the record dkzt:deploy wrote
 * on this network, a stale one refused in words); pass a deployment id to load another one.
 */
import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { formatTenge, tenge } from "./money";
import { Operations, reference, resolveSigner, type SuiteAddresses } from "./ops";
import { loadDeployment } from "./deployment";
import { SuiteError } from "./errors";
import { suiteAddresses, type Suite } from "./suite";

/** The suite as the console hands it out: typed contracts, their addresses, and helpers to act. */
export interface ConsoleSuite extends Suite {
  addresses: SuiteAddresses;
  chainId: bigint;
  /** The operations library on this suite (every failure decoded into words). */
  ops: Operations;
  /** A signer by address, account index, or on hardhat/localhost a role name ("central-bank", "operator", …). */
  as(who: string | number): Promise<HardhatEthersSigner>;
  /** A reserve or legal reference as the ledger takes it (bytes32 text), e.g. ref("RSV-2023-001"). */
  ref(text: string): string;
  /** Tenge to tiyn ("1500.25" → 150025n) and back, for reading and typing amounts. */
  tenge: typeof tenge;
  format: typeof formatTenge;
}

/** Load the suite deployed on the console's network (its Ignition record; `deploymentId` picks another). */
export async function suite(deploymentId?: string): Promise<ConsoleSuite> {
  const signer = await resolveSigner(hre, undefined, "deployer").catch((err: unknown) => {
    throw SuiteError.from(err, { network: hre.network.name });
  });
  const loaded = await loadDeployment(hre, "suite", { deploymentId, runner: signer }).catch((err: unknown) => {
    throw SuiteError.from(err, { network: hre.network.name });
  });
  const addresses: SuiteAddresses = await suiteAddresses(loaded);
  const { chainId } = await hre.ethers.provider.getNetwork();
  return {
    ...loaded,
    addresses,
    chainId,
    ops: new Operations(loaded, hre.network.name),
    as: (who) => resolveSigner(hre, String(who)),
    ref: (text) => reference(text, "text"),
    tenge,
    format: formatTenge,
  };
}
