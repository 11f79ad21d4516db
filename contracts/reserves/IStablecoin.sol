// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title IStablecoin
 * @notice What every instance of the DKZT-backed stablecoin (KZTE-style) offers, on its home chain and on every
 * other chain it is bridged to: an open ERC-20 with 2 decimals (1 token = 1 tenge), no KYC on transfer, and the
 * controls a regulated stablecoin has — blacklist, pause, ERC-2612 permit, ERC-3009 transfer authorisations,
 * rescue of tokens sent by mistake — plus an ERC-7802 mint/burn interface for authorised bridges with per-bridge
 * limits.
 * @dev What each control stops (tested in test/reserves):
 * - Blacklisted account: cannot send, receive, be minted to, be burned from by a bridge, redeem, approve, permit,
 *   or spend an allowance. Revoking an allowance (approve 0) and cancelling an ERC-3009 authorisation stay open.
 * - Paused: no balance changes at all (transfers, authorisations, mint, redeem, bridge moves) and no new
 *   approvals; revoking an approval and cancelling an authorisation stay open.
 *
 * Bridges (ERC-7802): a bridge is any address the bridge admin gave a limit. Each bridge has an `outstanding`
 * amount on this chain, and the meaning of the two ERC-7802 calls depends on the chain:
 * - home chain (where the DKZT reserve is, {IReserveStablecoin}): `crosschainBurn` exports tokens (outstanding
 *   grows, at most to the bridge's limit); `crosschainMint` brings them back, never more than that bridge took
 *   out. So no bridge can ever create home tokens: home supply + bridged out == reserve holds through every
 *   bridge move.
 * - other chains ({BridgedStablecoin}): `crosschainMint` imports tokens (outstanding grows, at most to the
 *   bridge's limit: the most this chain trusts that bridge with); `crosschainBurn` sends them back, never more
 *   than that bridge brought in. So the supply there always equals the sum of the bridges' outstanding amounts.
 */
interface IStablecoin {
    /// @notice A bridge's position on this chain (see the interface notes for what `outstanding` means here).
    struct BridgePosition {
        uint256 limit;
        uint256 outstanding;
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
    /// @notice The move would take `bridge`'s outstanding amount to `attempted`, above its limit.
    error BridgeLimitExceeded(address bridge, uint256 limit, uint256 attempted);
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
     * (a surplus, e.g. a transfer made straight to the reserve account) may leave this way.
     *
     * Requirements: caller has the rescuer role; `to` non-zero; `amount` within what is rescuable.
     *
     * Emits a {TokensRescued} event.
     */
    function rescueERC20(IERC20 token, address to, uint256 amount) external;

    // ---------------------------------------------------------------- bridges

    /**
     * @notice Make `bridge` an authorised ERC-7802 bridge with limit `limit` (0 stops new exports on the home
     * chain and new imports elsewhere; what the bridge already has outstanding can still come back).
     * @dev Requirements: caller has the bridge admin role; `bridge` non-zero; `limit` <= type(uint128).max.
     *
     * Emits a {BridgeLimitSet} event.
     */
    function setBridgeLimit(address bridge, uint256 limit) external;

    // ---------------------------------------------------------------- views

    /// @notice Whether `account` is blacklisted.
    function isBlacklisted(address account) external view returns (bool);

    /// @notice `bridge`'s limit and outstanding amount on this chain.
    function bridgeOf(address bridge) external view returns (BridgePosition memory);

    /// @notice Sum of all bridges' outstanding amounts: bridged out (home chain) or bridged in (other chains).
    function bridgedTotal() external view returns (uint256);

    /// @notice Whether this instance holds the DKZT reserve (the home chain).
    function isHomeChain() external view returns (bool);
}
