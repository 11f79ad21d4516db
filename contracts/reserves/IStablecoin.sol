// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title IStablecoin
 * @notice What every instance of the DKZT-backed stablecoin (KZTE-style) offers, on its home chain and on every
 * other chain it is bridged to: an open ERC-20 with 2 decimals (1 token = 1 tenge), no KYC on transfer, and the
 * controls a regulated stablecoin has — blacklist, pause, ERC-2612 permit, ERC-3009 transfer authorisations (both
 * signed by a key or, ERC-1271, by a smart account: {ISignedAuthorizations}), rescue of tokens sent by mistake — plus an ERC-7802 mint/burn interface for authorised bridges with per-bridge
 * limits.
 * @dev What each control stops (tested in test/reserves):
 * - Blacklisted account: cannot send, receive, be minted to, be burned from by a bridge, redeem, approve, permit,
 *   or spend an allowance. Revoking an allowance (approve 0) and cancelling an ERC-3009 authorisation stay open.
 * - Paused: no balance changes at all (transfers, authorisations, mint, redeem, bridge moves) and no new
 *   approvals; revoking an approval and cancelling an authorisation stay open.
 *
 * Bridges (ERC-7802): a bridge is any address the bridge admin gave a limit. Two rules bound what a bridge, honest
 * or compromised, can do:
 * - Consent: `crosschainBurn(from, x)` burns only what `from` handed to the bridge: the bridge's own tokens
 *   (`from` is the bridge) or `x` of `from`'s allowance to the bridge. A bridge cannot burn a holder who did not
 *   approve it.
 * - Rate limits (the ERC-7281 / xERC20 model): each bridge has a mint buffer and a burn buffer of `limit` tiyn
 *   each, refilled linearly from empty to full in one day ({BridgeRateLimit}); every mint and every burn spends
 *   its buffer. Gross amounts, not a net position: minting back what was burned spends the mint buffer too. Over
 *   any span of `t` seconds a bridge mints at most `limit + limit x t / 1 day` (and burns as much).
 * Each bridge also has an `outstanding` amount on this chain, whose meaning depends on the chain:
 * - home chain (where the DKZT reserve is, {IReserveStablecoin}): `crosschainBurn` exports tokens (outstanding
 *   grows); `crosschainMint` brings them back, never more than that bridge took out. So no bridge can ever create
 *   home tokens: home supply + bridged out == reserve holds through every bridge move, and what a compromised
 *   bridge can take at home is at most what holders handed it (its outstanding), at most its buffer a day.
 * - other chains ({BridgedStablecoin}): `crosschainMint` imports tokens (outstanding grows); `crosschainBurn` sends
 *   them back, never more than that bridge brought in. So the supply there always equals the sum of the bridges'
 *   outstanding amounts, and a compromised bridge creates at most its mint buffer there a day.
 */
interface IStablecoin {
    /// @notice A bridge's position on this chain (see the interface notes for what `outstanding` means here).
    struct BridgePosition {
        uint256 limit; // each buffer's size: the most minted (and burned) at once; also the refill per day
        uint256 outstanding; // net amount exported (home) or imported (other chains) by this bridge
        uint256 mintAvailable; // what the bridge may mint now (its mint buffer, refilled to now)
        uint256 burnAvailable; // what the bridge may burn now (its burn buffer, refilled to now)
    }

    // ---------------------------------------------------------------- errors

    /// @notice `account` is blacklisted.
    error AccountBlacklisted(address account);
    /// @notice `account`'s blacklist state is already `blacklisted`.
    error BlacklistUnchanged(address account, bool blacklisted);
    /// @notice A zero amount where tokens must move.
    error ZeroAmount();
    /// @notice The zero address where an account is needed.
    error ZeroAddress();
    /// @notice Minting `attempted` would take the supply above the largest the token can count.
    error SupplyCapExceeded(uint256 attempted, uint256 cap);
    /// @notice `caller` is not a bridge of this token.
    error BridgeNotAuthorized(address caller);
    /// @notice `bridge` asked to mint `requested` but its mint buffer holds only `available` now.
    error BridgeMintLimitExceeded(address bridge, uint256 available, uint256 requested);
    /// @notice `bridge` asked to burn `requested` but its burn buffer holds only `available` now.
    error BridgeBurnLimitExceeded(address bridge, uint256 available, uint256 requested);
    /// @notice `bridge` asked to move `requested` back but has only `outstanding` on this chain.
    error BridgeOutstandingExceeded(address bridge, uint256 outstanding, uint256 requested);
    /// @notice `limit` is above the largest a bridge limit can be.
    error BridgeLimitTooLarge(uint256 limit, uint256 max);
    /// @notice Only `rescuable` of `token` may be rescued; `requested` was asked for.
    error RescueExceedsRescuable(address token, uint256 rescuable, uint256 requested);

    // ---------------------------------------------------------------- events

    /// @notice Compliance blacklisted (true) or cleared (false) `account` under reference `ref`.
    event BlacklistChanged(address indexed account, bool blacklisted, bytes32 indexed ref);
    /// @notice The bridge admin set `bridge`'s limit, old -> new.
    event BridgeLimitSet(address indexed bridge, uint256 oldLimit, uint256 newLimit);
    /// @notice `amount` of `token` sent here by mistake was returned to `to`.
    event TokensRescued(address indexed token, address indexed to, uint256 amount);

    // ---------------------------------------------------------------- compliance

    /**
     * @notice Blacklist `account` (true) or clear it (false).
     * @dev The flag lives in the account's balance word (as Circle's FiatToken v2.2 does), so checking it costs
     * no extra storage read on a transfer. The token contract itself is blacklisted from deployment, so tokens
     * cannot be sent to it by mistake.
     *
     * Requirements: caller has the stablecoin compliance role; `account` non-zero; the state changes.
     *
     * Emits a {BlacklistChanged} event.
     */
    function setBlacklisted(address account, bool blacklisted, bytes32 ref) external;

    /**
     * @notice Stop every balance change and new approval.
     * @dev Requirements: caller has the stablecoin compliance role (an immediate grant: an emergency stop needs
     * no wait); not paused. Emits {Pausable-Paused}.
     */
    function pause() external;

    /**
     * @notice Resume balance changes.
     * @dev Requirements: caller has the stablecoin unpauser role (a delayed grant: the call is scheduled in the
     * AccessManager and executed after the delay, during which the guardian may cancel it); paused.
     * Emits {Pausable-Unpaused}.
     */
    function unpause() external;

    /**
     * @notice Return `amount` of `token` that was sent to this contract by mistake, to `to`.
     * @dev On the home chain the DKZT reserve is never rescuable: only DKZT above what the reserve owes
     * (a surplus, added with `replenishReserve`) may leave this way.
     *
     * Requirements: caller has the rescuer role; `to` non-zero; `amount` within what is rescuable.
     *
     * Emits a {TokensRescued} event.
     */
    function rescueERC20(IERC20 token, address to, uint256 amount) external;

    // ---------------------------------------------------------------- bridges

    /**
     * @notice Make `bridge` an authorised ERC-7802 bridge whose mint and burn buffers each hold `limit` tiyn and
     * refill in one day: it may mint (and burn) at most `limit` at once and `limit` a day after that. 0 stops the
     * bridge in both directions (what it has outstanding stays counted and moves again once it has a limit).
     * @dev Both buffers are first refilled to now under the old limit; a raise then adds the difference to each
     * (a new bridge starts full), a cut takes it away (down to 0): what was spent stays spent.
     * Requirements: caller has the bridge admin role; `bridge` non-zero; `limit` <= type(uint128).max.
     *
     * Emits a {BridgeLimitSet} event.
     */
    function setBridgeLimit(address bridge, uint256 limit) external;

    // ---------------------------------------------------------------- views

    /// @notice Whether `account` is blacklisted.
    function isBlacklisted(address account) external view returns (bool);

    /// @notice `bridge`'s limit, outstanding amount and what its buffers allow now, on this chain.
    function bridgeOf(address bridge) external view returns (BridgePosition memory);

    /// @notice Sum of all bridges' outstanding amounts: bridged out (home chain) or bridged in (other chains).
    function bridgedTotal() external view returns (uint256);

    /// @notice Whether this instance holds the DKZT reserve (the home chain).
    function isHomeChain() external view returns (bool);
}
