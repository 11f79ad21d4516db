import { ZeroAddress } from "ethers";
import { crossBorderFixture, yuan } from "../../test/crossborder/fixtures";
import { inboundMessage, outboundMessage, uetrNo } from "../../test/crossborder/helpers";
import { toOnChainPayment } from "../../src/crossborder/pacs008";
import { signOutboundAuthorization } from "../../src/crossborder/authorization";
import { hashlockOf, toPaymentLink } from "../../src/crossborder/htlc";
import { convertDown, rateFromDecimal } from "../../src/crossborder/fx";
import { tenge } from "../../src/money";
import { startBenchDay } from "./ledger";
import { expectEffect, gasOf, rowAgainstUpgradeable, type BenchCase, type BenchRow } from "./types";

const HOUR = 3_600;
const SECRET = "0x5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";

/**
 * Cross-border: the SWIFT gateway (outbound escrow by the customer and by its bank, settlement, inbound credit),
 * PvP settlement of a DKZT / e-CNY deal, and a hashed time lock. Every measured call follows a warm-up of the same
 * kind, so the figures are steady-state: the contract's and the payers' accounts already hold money and today's
 * outflow counters are set (as in the ledger's bench). No target: the issue asks for the figures.
 */
export const crossBorderBench: BenchCase = async (hre, baselines) => {
  const f = await crossBorderFixture();
  const rows: BenchRow[] = [];
  // Every deadline is counted from one fixed instant (the next Almaty noon, set after the deployment), not from
  // the latest block, so each run sends the same calldata and the figures are the same to the gas.
  await startBenchDay(hre);
  const base = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  const now = async (): Promise<bigint> => base;
  const gatewayAddress = await f.gateway.getAddress();

  // SWIFT outbound, initiated by the customer (the call is its authority).
  const outbound = (n: number) => toOnChainPayment(outboundMessage({ uetr: uetrNo(n), amount: tenge(1_000) }), f.salt);
  await gasOf(f.gateway.connect(f.alice).initiateOutbound(outbound(1), (await now()) + BigInt(24 * HOUR)));
  const escrowBefore = await f.ledger.balanceOf(gatewayAddress);
  const outboundGas = await gasOf(
    f.gateway.connect(f.alice).initiateOutbound(outbound(2), (await now()) + BigInt(24 * HOUR)),
  );
  expectEffect("gateway escrow after outbound", await f.ledger.balanceOf(gatewayAddress), escrowBefore + tenge(1_000));
  rows.push(
    rowAgainstUpgradeable("crossborder.swift.outbound", outboundGas, baselines, {
      note: "customer escrows DKZT for a pacs.008 (3 record slots, UETR/BIC/KNP checks, module payment)",
    }),
  );

  // SWIFT outbound, initiated by the customer's bank with the customer's EIP-3009 authorisation.
  const byBank = outbound(3);
  const deadline = (await now()) + BigInt(24 * HOUR);
  const auth = await signOutboundAuthorization(f.ledger, f.alice, gatewayAddress, byBank, deadline, {
    validAfter: 0n,
    validBefore: 2n ** 32n - 1n,
  });
  const byBankGas = await gasOf(
    f.gateway.connect(f.bankA).initiateOutboundFor(f.alice.address, byBank, deadline, auth),
  );
  expectEffect("status after bank-initiated outbound", await f.gateway.statusOf(byBank.uetr), 1n);
  rows.push(
    rowAgainstUpgradeable("crossborder.swift.outbound.byBank", byBankGas, baselines, {
      note: "bank escrows its customer's DKZT with an EIP-3009 ReceiveWithAuthorization bound to the payment",
    }),
  );

  // Settlement: the escrow goes to the nostro.
  await gasOf(f.gateway.connect(f.bankA).settleOutbound(outbound(1).uetr, ZeroAddress.padEnd(66, "0")));
  const settleGas = await gasOf(
    f.gateway.connect(f.bankA).settleOutbound(outbound(2).uetr, ZeroAddress.padEnd(66, "0")),
  );
  expectEffect("status after settlement", await f.gateway.statusOf(outbound(2).uetr), 2n);
  rows.push(
    rowAgainstUpgradeable("crossborder.swift.settle", settleGas, baselines, {
      note: "gateway bank marks an outbound pacs.008 settled; escrow to the nostro",
    }),
  );

  // Inbound: the gateway bank credits bob from its own DKZT.
  const inbound = (n: number) => toOnChainPayment(inboundMessage({ uetr: uetrNo(n), amount: tenge(500) }), f.salt);
  await gasOf(f.gateway.connect(f.bankA).creditInbound(inbound(1001), f.bob.address));
  const bobBefore = await f.ledger.balanceOf(f.bob);
  const inboundGas = await gasOf(f.gateway.connect(f.bankA).creditInbound(inbound(1002), f.bob.address));
  expectEffect("bob after inbound credit", await f.ledger.balanceOf(f.bob), bobBefore + tenge(500));
  rows.push(
    rowAgainstUpgradeable("crossborder.swift.inbound", inboundGas, baselines, {
      note: "gateway bank credits an incoming pacs.008 (UETR recorded once)",
    }),
  );

  // PvP: bank A sells DKZT to cnBank for e-CNY.
  const rate = rateFromDecimal("0.014200511");
  const terms = async (quote: string) => ({
    partyA: f.bankA.address,
    ledgerA: await f.ledger.getAddress(),
    amountA: tenge(70_420),
    partyB: f.cnBank.address,
    ledgerB: await f.foreignLedger.getAddress(),
    amountB: convertDown(tenge(70_420), rate),
    rate,
    quoteId: quote.padEnd(66, "0"),
    expiry: (await now()) + BigInt(2 * HOUR),
  });
  for (const quote of ["0x01", "0x02"]) await gasOf(f.pvp.connect(f.bankA).proposeDeal(await terms(quote)));
  await gasOf(f.pvp.connect(f.bankA).fundLeg(1n));
  await gasOf(f.pvp.connect(f.cnBank).fundLeg(1n));
  await gasOf(f.pvp.connect(f.bankA).settle(1n));
  const fundGas = await gasOf(f.pvp.connect(f.bankA).fundLeg(2n));
  await gasOf(f.pvp.connect(f.cnBank).fundLeg(2n));
  const eCnyBefore = await f.foreignLedger.balanceOf(f.bankA);
  const pvpGas = await gasOf(f.pvp.connect(f.bankA).settle(2n));
  expectEffect(
    "bank A's e-CNY after PvP",
    await f.foreignLedger.balanceOf(f.bankA),
    eCnyBefore + convertDown(tenge(70_420), rate),
  );
  rows.push(
    rowAgainstUpgradeable("crossborder.pvp.fund", fundGas, baselines, {
      note: "one leg escrowed (module payment into the PvP contract)",
    }),
  );
  rows.push(
    rowAgainstUpgradeable("crossborder.pvp.settle", pvpGas, baselines, {
      note: "both legs delivered in one transaction: two ledgers, two transfers",
    }),
  );

  // HTLC: lock and claim on the foreign CBDC (warm-up lock first).
  const link = toPaymentLink({
    uetr: uetrNo(9),
    debtorAgent: "EURIKZKA",
    creditorAgent: "BKCHCNBJ",
    quoteId: "0x03".padEnd(66, "0"),
    quoteExpiry: (await now()) + BigInt(3 * HOUR),
  });
  const lockTerms = async (amount: bigint) => ({
    ledger: await f.foreignLedger.getAddress(),
    recipient: f.bankA.address,
    amount,
    hashlock: hashlockOf(SECRET),
    deadline: (await now()) + BigInt(12 * HOUR),
    counterpartDeadline: (await now()) + BigInt(24 * HOUR),
    payment: link,
  });
  const first = await lockTerms(yuan(500));
  await gasOf(f.htlc.connect(f.cnBank).lock(first));
  await gasOf(f.htlc.connect(f.bankA).claim(await f.htlc.lockIdOf(f.cnBank.address, first), SECRET));
  const second = await lockTerms(yuan(600));
  const lockGas = await gasOf(f.htlc.connect(f.cnBank).lock(second));
  const claimGas = await gasOf(f.htlc.connect(f.bankA).claim(await f.htlc.lockIdOf(f.cnBank.address, second), SECRET));
  expectEffect(
    "lock status after claim",
    (await f.htlc.lockOf(await f.htlc.lockIdOf(f.cnBank.address, second))).status,
    2n,
  );
  rows.push(
    rowAgainstUpgradeable("crossborder.htlc.lock", lockGas, baselines, {
      note: "second leg locked (sha256 hashlock, payment commitment, deadline-gap check)",
    }),
  );
  rows.push(
    rowAgainstUpgradeable("crossborder.htlc.claim", claimGas, baselines, {
      note: "claim with the preimage (sha256 precompile)",
    }),
  );
  return rows;
};
