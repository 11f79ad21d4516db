// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStablecoin} from "./IStablecoin.sol";

/**
 * @title IReserveStablecoin
 * @notice The home-chain stablecoin: every token is a claim on one tenge of DKZT held by this contract in its own
 * ledger account (kind SystemContract). A licensed issuer (an exchange) mints only by depositing DKZT 1:1;
 * any holder redeems by burning and receives DKZT to a registered DKZT account.
 * @dev The invariant, with `obligations = totalSupply() + bridgedTotal()` (tokens here plus tokens bridged out):
 *
 *     available reserve == obligations   after every mint, redemption, transfer and bridge move,
 *
 * where `available reserve` is the DKZT balance of this contract's ledger account less any amount attached on it
 * by a legal order. Two things outside this contract can move the reserve, and the rules for them are fixed in
 * code, with no switch any role can turn:
 * - DKZT added without minting ({replenishReserve}: the ledger refuses plain payments into a module account)
 *   adds a surplus (reserve > obligations). Only that surplus is
 *   rescuable ({IStablecoin-rescueERC20}); nothing else of the reserve ever leaves except to a redeeming holder.
 * - DKZT attached or seized from the reserve by a court order makes it fall short. Then minting halts
 *   ({MintingHalted}) and redemption stays open, pro rata: burning `x` pays `floor(x * available / obligations)`
 *   tiyn, rounding down, so no redemption can take more than its share and the ratio never falls. Anyone can
 *   restore full backing with {replenishReserve}.
 * When fully backed, a redemption pays exactly `x` (a surplus is not paid out).
 */
interface IReserveStablecoin is IStablecoin {
    /// @notice Whether a redemption can be paid now, and if not, what stops it (checked in this order).
    enum RedemptionStatus {
        Open, // redemptions are paid
        TokenPaused, // this token is paused: no balance changes
        LedgerPaused, // the DKZT ledger is paused: the reserve cannot pay
        ReserveNotRegistered, // the reserve's ledger account is not (or no longer) registered
        ReserveFrozen, // compliance fully froze the reserve's ledger account
        ReserveReceiveOnly // compliance made the reserve's ledger account receive-only: it cannot pay out
    }

    /// @notice The reserve against what it backs (all amounts in tiyn).
    struct ReserveProof {
        uint256 supply; // tokens on this chain
        uint256 bridgedOut; // tokens held on other chains through bridges
        uint256 obligations; // supply + bridgedOut
        uint256 reserve; // DKZT in the reserve's ledger account
        uint256 attached; // of which attached by a legal order (not available)
        uint256 available; // reserve - attached (0 when attached >= reserve)
        uint256 ratioBps; // floor(available * 10_000 / obligations); 10_000 when obligations == 0
        bool fullyBacked; // available >= obligations (an amount: says nothing on whether the reserve can pay now)
        bool redeemable; // status == Open: a redemption is paid now
        RedemptionStatus status; // what stops redemption, if anything
    }

    // ---------------------------------------------------------------- errors

    /// @notice The reserve is short: `available` DKZT back `obligations` tokens, so minting is halted.
    error MintingHalted(uint256 available, uint256 obligations);
    /// @notice Redeeming `amount` would pay nothing at the current pro-rata ratio.
    error RedemptionPaysNothing(uint256 amount);

    // ---------------------------------------------------------------- events

    /// @notice `issuer` deposited `amount` DKZT into the reserve and minted `amount` tokens to `to`.
    event Minted(address indexed issuer, address indexed to, uint256 amount);
    /// @notice `holder` burned `amount` tokens and `paid` DKZT went to ledger account `dkztAccount`.
    event Redeemed(address indexed holder, address indexed dkztAccount, uint256 amount, uint256 paid);
    /// @notice `from` added `amount` DKZT to the reserve without minting (restoring or adding backing).
    event ReserveReplenished(address indexed from, uint256 amount);

    // ---------------------------------------------------------------- issuer

    /**
     * @notice Deposit `amount` DKZT from the caller's ledger account into the reserve and mint `amount` tokens
     * to `to`.
     * @dev The DKZT move with the ledger's `moduleTransfer` from the caller (the payer), which the ledger allows
     * only if the issuer gave this contract its module mandate (`setModuleMandate`); every ledger rule applies to
     * the issuer's account (status, attachment, daily limit).
     *
     * Requirements: caller has the issuer role; not paused; `to` not blacklisted; `amount` > 0; the reserve
     * fully backs the current obligations; the caller mandated this contract on the ledger (else the ledger's
     * `ModuleNotMandated`); the ledger accepts the deposit.
     *
     * Emits {Minted}, {IERC20-Transfer} (from zero) and the ledger's {IERC20-Transfer} events.
     */
    function mint(address to, uint256 amount) external;

    // ---------------------------------------------------------------- holders

    /**
     * @notice Burn `amount` of the caller's tokens and receive DKZT to ledger account `dkztAccount`: `amount`
     * tiyn when fully backed, `floor(amount * available / obligations)` when short.
     * @dev Open to every holder, including while the reserve is short. `dkztAccount` must be a registered DKZT
     * account able to receive the payment (the ledger checks it and its holding limit).
     *
     * Requirements: not paused; caller not blacklisted; `amount` > 0 and within the caller's balance; the
     * payment is not zero.
     *
     * Emits {Redeemed}, {IERC20-Transfer} (to zero) and the ledger's {IERC20-Transfer} events.
     * @return paid The DKZT paid, in tiyn.
     */
    function redeem(uint256 amount, address dkztAccount) external returns (uint256 paid);

    /**
     * @notice Add `amount` DKZT from the caller's ledger account to the reserve without minting.
     * @dev How an issuer restores full backing after a seizure. Requirements: `amount` > 0; the caller mandated
     * this contract on the ledger (else the ledger's `ModuleNotMandated`); the ledger accepts the payment.
     * Emits {ReserveReplenished}.
     */
    function replenishReserve(uint256 amount) external;

    // ---------------------------------------------------------------- views

    /**
     * @notice The reserve against what it backs: supply, bridged out, reserve, attached, ratio, and whether the
     * reserve can pay a redemption now (`redeemable`, `status`).
     * @dev `fullyBacked` is about amounts only; a frozen, receive-only or paused reserve can be fully backed and
     * still pay nothing: read `redeemable`.
     */
    function proofOfReserves() external view returns (ReserveProof memory);

    /**
     * @notice What redeeming `amount` would pay now, in tiyn: 0 while redemption is stopped (see
     * {redemptionStatus} for why).
     */
    function quoteRedemption(uint256 amount) external view returns (uint256);

    /// @notice Whether a redemption is paid now ({RedemptionStatus.Open}) and, if not, what stops it.
    function redemptionStatus() external view returns (RedemptionStatus);

    /// @notice The DKZT ledger holding the reserve.
    function ledger() external view returns (address);
}
