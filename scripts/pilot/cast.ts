/**
 * The pilot's cast. Institutions play from the node's accounts where it has them (hardhat, localhost: 64) and from
 * wallets derived from a fixed seed elsewhere; citizens are always derived wallets (a few hundred, more than any
 * node has), funded with gas by the funder. Names stay off-chain: the ledger sees opaque references only.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Wallet, id, keccak256, toUtf8Bytes, type Signer } from "ethers";
import { PILOT_BANKS, type BankSpec } from "../../src/actors";
import { LOCAL_ACCOUNTS } from "../../src/ops";
import { tenge } from "../../src/money";
import { Tier } from "../../src/tiers";
import { createSafe, deploySafeInfra } from "../../src/governance/safe";
import { safeHolder, type SafeHolder } from "./roles";

export interface Actor {
  name: string;
  signer: Signer;
  address: string;
}

export interface Bank extends Actor, BankSpec {
  /** SWIFT BIC (on-chain as bytes11 in the gateway only). */
  bic: string;
}

/** Card networks, as ICardGateway.CardNetwork. */
export const CardNetwork = { Onay: 0, Visa: 1, Mastercard: 2 } as const;
export type CardNetworkName = keyof typeof CardNetwork;

export interface Merchant extends Actor {
  /** Index into the banks: the acquiring bank of record. */
  bank: number;
  mcc: number;
  /** VAT category the merchant's invoices carry (src/payments/vat VatCategory name). */
  vat: "STANDARD" | "REDUCED_LOW" | "REDUCED_HIGH" | "EXEMPT";
  /** Converts its takings to non-cash tenge at once. */
  converts: boolean;
  /** Typical ticket, tiyn. */
  ticket: bigint;
}

export interface Citizen extends Actor {
  index: number;
  bank: number;
  tier: number;
  /** Opaque card token (what the issuer derives; never a PAN) and the card's network. */
  card: string;
  network: CardNetworkName;
  ref: string;
}

export interface PilotCast {
  deployer: Actor;
  /** The NBK board: governance's powers, held by a 2-of-3 Safe of board members. */
  governance: SafeHolder;
  /** The National Bank: the central bank's powers, held by a 2-of-3 Safe of its officers. */
  centralBank: SafeHolder;
  /** The National Payment Corporation: the operator's powers, held by a 2-of-3 Safe of its officers. */
  operator: SafeHolder;
  compliance: Actor;
  guardian: Actor;
  deskKey: Actor;
  banks: Bank[];
  kazpost: Actor;
  processors: Record<CardNetworkName, Actor>;
  shops: Merchant[];
  supplier: Merchant;
  canteens: Merchant[];
  taxAuthority: Actor;
  vatBudget: Actor;
  akimat: Actor;
  treasury: Actor;
  goldCustodian: Actor;
  goldPriceFeed: Actor;
  stableIssuer: Actor;
  stableCompliance: Actor;
  stableRescuer: Actor;
  bridgeAdmin: Actor;
  m2eSponsor: Actor;
  m2eOracle: Actor;
  foreignCentralBank: Actor;
  foreignOperator: Actor;
  foreignCompliance: Actor;
  foreignGovernance: Actor;
  cnBank: Actor;
  /** Pays citizens' (and derived institutions') gas. */
  funder: Actor;
  citizens: Citizen[];
  /** Accounts the funder must send gas to (derived wallets). */
  needGas: Actor[];
}

const BICS = ["EURIKZKA", "HSBKKZKX", "KCJBKZKX", "KSNVKZKA", "CASPKZKA"];

const SHOPS: Omit<Merchant, keyof Actor>[] = [
  { bank: 0, mcc: 5411, vat: "STANDARD", converts: false, ticket: tenge("4850.50") }, // grocery
  { bank: 1, mcc: 5912, vat: "REDUCED_LOW", converts: false, ticket: tenge(3_275) }, // pharmacy
  { bank: 2, mcc: 5812, vat: "STANDARD", converts: true, ticket: tenge(2_750) }, // café
  { bank: 3, mcc: 5942, vat: "REDUCED_HIGH", converts: false, ticket: tenge("4990.90") }, // bookshop
  { bank: 4, mcc: 5499, vat: "EXEMPT", converts: false, ticket: tenge(1_200) }, // bazaar stall
];
const SHOP_NAMES = ["Magnum grocery", "Pharmacy No. 7", "Café Dastarkhan", "Bookshop Meloman", "Zelenyi bazaar stall"];
const SCHOOLS = ["School No. 45", "Gymnasium No. 12", "Lyceum No. 134", "School No. 159", "School No. 61"];

/** How many citizens the default pilot plays: PILOT_CITIZENS overrides. */
export const DEFAULT_CITIZENS = 300;

/** The fixed seed citizens' and derived institutions' keys come from: PILOT_SEED overrides. */
export const DEFAULT_SEED = "digital-tenge-pilot-2023";

/** A wallet derived from the seed, connected to the network's provider. */
function derived(hre: HardhatRuntimeEnvironment, seed: string, label: string): Wallet {
  return new Wallet(id(`${seed}/${label}`), hre.ethers.provider);
}

/**
 * Give every role of the cast an account: the deployer and the suite's role holders where src/ops.ts
 * LOCAL_ACCOUNTS (and the test fixtures) put them, then the other institutions, then `citizens` citizens. The
 * central bank, the operator and the board are 2-of-3 Safes of three officers each, created here by the deployer.
 */
export async function castPilot(
  hre: HardhatRuntimeEnvironment,
  options: { citizens?: number; seed?: string } = {},
): Promise<PilotCast> {
  const seed = options.seed ?? DEFAULT_SEED;
  const signers = await hre.ethers.getSigners();
  const needGas: Actor[] = [];
  const used = new Set<number>(Object.values(LOCAL_ACCOUNTS));
  const funderIndex = signers.length - 1;
  used.add(funderIndex);
  let next = 0;
  const nextFree = (): number => {
    while (used.has(next)) next++;
    used.add(next);
    return next;
  };
  const party = (name: string, index?: number): Actor => {
    const i = index ?? nextFree();
    if (i < signers.length && signers.length > 1) return { name, signer: signers[i], address: signers[i].address };
    const wallet = derived(hre, seed, `party/${name}`);
    const actor = { name, signer: wallet, address: wallet.address };
    needGas.push(actor);
    return actor;
  };
  const local = (name: string, key: keyof typeof LOCAL_ACCOUNTS): Actor => party(name, LOCAL_ACCOUNTS[key]);

  const cast = {
    deployer: { name: "Deployer", signer: signers[0], address: signers[0].address },
    compliance: local("Financial monitoring", "compliance"),
    guardian: local("Guardian", "guardian"),
    deskKey: local("Issuance desk key", "issuance-desk"),
    banks: PILOT_BANKS.map((spec, i) => ({ ...spec, bic: BICS[i], ...party(spec.name) })),
    kazpost: party("Kazpost"),
    processors: { Onay: party("Onay"), Visa: party("Visa"), Mastercard: party("Mastercard") },
    shops: SHOPS.map((s, i) => ({ ...s, ...party(SHOP_NAMES[i]) })),
    supplier: {
      bank: 1,
      mcc: 5045,
      vat: "STANDARD" as const,
      converts: false,
      ticket: tenge(116_000),
      ...party("Wholesale supplier"),
    },
    canteens: SCHOOLS.map((name, i) => ({
      bank: i % PILOT_BANKS.length,
      mcc: 5814,
      vat: "EXEMPT" as const,
      converts: false,
      ticket: tenge(800),
      ...party(`${name} canteen`),
    })),
    taxAuthority: party("State Revenue Committee"),
    vatBudget: party("SRC VAT budget account"),
    akimat: party("Almaty education department (akimat)"),
    treasury: party("NBK gold treasury"),
    goldCustodian: party("Gold custodian (Tau-Ken Samruk vault)"),
    goldPriceFeed: party("NBK gold price feed"),
    stableIssuer: party("Stablecoin issuer (exchange)"),
    stableCompliance: party("Stablecoin compliance"),
    stableRescuer: party("Stablecoin rescuer"),
    bridgeAdmin: party("Bridge admin"),
    m2eSponsor: party("Move-to-earn sponsor"),
    m2eOracle: party("Move-to-earn step oracle"),
    foreignCentralBank: party("Foreign central bank (e-CNY)"),
    foreignOperator: party("Foreign operator"),
    foreignCompliance: party("Foreign compliance"),
    foreignGovernance: party("Foreign governance"),
    cnBank: party("Bank of China"),
    funder:
      signers.length > 1
        ? { name: "Gas funder", signer: signers[funderIndex], address: signers[funderIndex].address }
        : { name: "Gas funder", signer: signers[0], address: signers[0].address },
  };
  // The central bank, the operator and the board hold their powers through 2-of-3 Safes, as in production; the
  // first officer of each keeps the local account the single-key holder had (src/ops.ts LOCAL_ACCOUNTS).
  const infra = await deploySafeInfra(cast.deployer.signer);
  const safeOf = async (name: string, key: keyof typeof LOCAL_ACCOUNTS, titles: string[], salt: bigint) => {
    const officers = titles.map((title, i) => (i === 0 ? local(title, key) : party(title)));
    const owners = officers.map((o) => o.address);
    const safe = await createSafe(infra, cast.deployer.signer, owners, 2, salt);
    return safeHolder(name, safe, officers, officers.slice(0, 2));
  };
  const centralBank = await safeOf(
    "National Bank of Kazakhstan",
    "central-bank",
    ["NBK Governor", "NBK Deputy Governor", "NBK Head of Payments"],
    1n,
  );
  const operator = await safeOf(
    "National Payment Corporation",
    "operator",
    ["NPC Chair", "NPC Chief Operating Officer", "NPC Head of Security"],
    2n,
  );
  const governance = await safeOf(
    "NBK board (governance)",
    "governance",
    ["NBK board member 1", "NBK board member 2", "NBK board member 3"],
    3n,
  );
  const networks: CardNetworkName[] = ["Onay", "Onay", "Visa", "Onay", "Mastercard"];
  const citizens: Citizen[] = Array.from({ length: options.citizens ?? DEFAULT_CITIZENS }, (_, i) => {
    const wallet = derived(hre, seed, `citizen/${i}`);
    const bank = i % PILOT_BANKS.length;
    return {
      name: `Citizen ${i + 1}`,
      signer: wallet,
      address: wallet.address,
      index: i,
      bank,
      // Every tenth citizen holds an anonymous-lite wallet.
      tier: i % 10 === 9 ? Tier.ANONYMOUS_LITE : Tier.STANDARD,
      card: keccak256(toUtf8Bytes(`${seed}/${PILOT_BANKS[bank].code}/card/${i}`)),
      network: networks[i % networks.length],
      ref: keccak256(toUtf8Bytes(`${seed}/${PILOT_BANKS[bank].code}/customer/${i}`)),
    };
  });
  needGas.push(...citizens);
  return { ...cast, governance, centralBank, operator, citizens, needGas };
}

/** Every named institution of the cast (not the citizens), for labels. */
export function institutions(cast: PilotCast): Actor[] {
  return [
    cast.deployer,
    cast.governance,
    cast.centralBank,
    cast.operator,
    cast.compliance,
    cast.guardian,
    cast.deskKey,
    ...cast.banks,
    cast.kazpost,
    ...Object.values(cast.processors),
    ...cast.shops,
    cast.supplier,
    ...cast.canteens,
    cast.taxAuthority,
    cast.vatBudget,
    cast.akimat,
    cast.treasury,
    cast.goldCustodian,
    cast.goldPriceFeed,
    cast.stableIssuer,
    cast.stableCompliance,
    cast.stableRescuer,
    cast.bridgeAdmin,
    cast.m2eSponsor,
    cast.m2eOracle,
    cast.foreignCentralBank,
    cast.foreignOperator,
    cast.foreignCompliance,
    cast.foreignGovernance,
    cast.cnBank,
  ];
}
