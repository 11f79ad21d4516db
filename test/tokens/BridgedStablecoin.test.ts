import { ERC1271WalletMock__factory } from "../../typechain-types";
import { stablecoinBridged } from "../reserves/fixtures";
import { tenge } from "../../src/money";
import { shouldBehaveLikeSuiteToken, type SharedToken } from "./shared.behaviour";

/**
 * The stablecoin on another chain: alice bridged 10 000 there (burned at home, minted there), and pays bob, carol
 * spends; a smart account of alice's key holds 1 000 there.
 */
async function bridgedStablecoin(): Promise<SharedToken> {
  const f = await stablecoinBridged();
  const remote = f.remote.stablecoin;
  await f.bridge
    .connect(f.alice)
    .send(await f.stablecoin.getAddress(), await remote.getAddress(), f.alice, tenge(10_000));
  const wallet = await new ERC1271WalletMock__factory(f.deployer).deploy(f.alice.address);
  const address = await wallet.getAddress();
  await remote.connect(f.alice).transfer(address, tenge(1_000));
  return {
    contract: remote,
    holder: f.alice,
    receiver: f.bob,
    spender: f.carol,
    relayer: f.stranger,
    amount: tenge(100),
    pause: () => remote.connect(f.stableCompliance).pause(),
    pausedError: "EnforcedPause",
    smartAccount: { address, key: f.alice },
  };
}

shouldBehaveLikeSuiteToken("KZTE (BridgedStablecoin, another chain)", bridgedStablecoin, {
  refusesUnregisteredSpenders: false,
  signedAuthorizations: true,
});
