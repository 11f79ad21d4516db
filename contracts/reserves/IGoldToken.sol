// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGoldBarRegistry} from "./IGoldBarRegistry.sol";

/**
 * @title IGoldToken
 * @notice Tokenized gold: one token is one gram of fine gold in the vault (6 decimals: one unit is one
 * microgram), held only by DKZT-registered accounts (the central bank sells gold to its residents).
 * @dev Invariant, after every transaction: totalSupply() == backingFineMg x 1 000 <= attestedFineMg x 1 000, i.e.
 * the supply never exceeds the fine gold in attested bars. Tokens are minted only by the custodian against a
 * newly attested bar (exactly its fine weight) and burned only by a holder's physical redemption of a bar
 * (exactly its fine weight).
 *
 * Holders: every sender, receiver and spender must be a registered, open DKZT account; a fully frozen account can
 * neither send nor receive, a receive-only account can receive but not send or spend an allowance. A new approval
 * names a registered spender ({HolderNotRegistered} otherwise: it could never spend it); revoking (approve 0) is
 * always open. While paused no balance changes (transfers, mint, redemption); approvals are not paused. No permit
 * or ERC-3009: gold moves only by its holders' own transactions.
 */
interface IGoldToken is IGoldBarRegistry {
    // ---------------------------------------------------------------- errors

    /// @notice `account` is not a registered DKZT account.
    error HolderNotRegistered(address account);
    /// @notice `account`'s DKZT account is fully frozen.
    error HolderFrozen(address account);
    /// @notice `account`'s DKZT account is receive-only.
    error HolderOutboundBlocked(address account);
    /// @notice `lost` was never recovered on the ledger: its gold has nowhere to follow.
    error HolderNotRecovered(address lost);
    /// @notice `lost` was recovered but holds no gold to move.
    error RecoveredBalanceEmpty(address lost);

    // ---------------------------------------------------------------- events

    /// @notice The custodian minted `units` against bar `barId` to `to`.
    event BarMinted(bytes32 indexed barId, address indexed to, uint256 units);
    /// @notice The `units` of gold of recovered wallet `lost` moved to its live address `replacement`.
    event RecoveryFollowed(address indexed lost, address indexed replacement, uint256 units);
    /// @notice `holder` burned `units` and bar `barId` is released to it, delivery reference `deliveryRef`.
    event BarReleased(bytes32 indexed barId, address indexed holder, uint256 units, bytes32 deliveryRef);

    // ---------------------------------------------------------------- custodian

    /**
     * @notice Mint bar `barId`'s fine weight (mg x 1 000 units) to `to`; the bar now backs tokens.
     * @dev Requirements: caller has the custodian role; not paused; the bar is Attested; `to` may hold gold.
     *
     * Emits {BarMinted} and {IERC20-Transfer} events.
     */
    function mintAgainstBar(bytes32 barId, address to) external;

    // ---------------------------------------------------------------- holders

    /**
     * @notice Physical redemption: burn bar `barId`'s fine weight from the caller and release the bar to it.
     * @dev `deliveryRef` is an opaque reference to the delivery arrangements (no personal data).
     * Requirements: not paused; the bar is Backing; the caller may send gold and holds at least the bar's fine
     * weight.
     *
     * Emits {BarReleased} and {IERC20-Transfer} (to zero) events.
     */
    function redeemBar(bytes32 barId, bytes32 deliveryRef) external;

    /**
     * @notice Move the whole gold balance of a wallet its bank recovered on the ledger (`recoverAccount`) to the
     * wallet's live address, `LedgerAccounts.current(lost)` (recoveries followed transitively). Anyone may call it.
     * @dev A closed (recovered) address can never send gold itself ({HolderNotRegistered}), so this is the only way
     * its gold moves, and it can only go where the ledger's recovery went. Like the ledger's recovery it is a
     * re-keying, not a payment: the holder checks are not applied (the replacement carries the lost wallet's status,
     * which applies to everything it does next). Allowances `lost` gave are not carried over.
     *
     * Requirements: not paused; `lost` was recovered; `lost` holds gold.
     *
     * Emits {RecoveryFollowed} and {IERC20-Transfer} events.
     * @return units The gold units moved.
     */
    function followRecovery(address lost) external returns (uint256 units);

    // ---------------------------------------------------------------- operator

    /**
     * @notice Stop every balance change of the gold token.
     * @dev Requirements: caller has the operator role (the suite's emergency desk; an immediate grant); not
     * paused. Emits {Pausable-Paused}.
     */
    function pause() external;

    /**
     * @notice Resume balance changes.
     * @dev Requirements: caller has the unpauser role (a delayed grant: the call is scheduled in the
     * AccessManager and executed after the delay, during which the guardian may cancel it); paused.
     * Emits {Pausable-Unpaused}.
     */
    function unpause() external;

    /// @notice The DKZT ledger whose registered accounts may hold gold.
    function ledger() external view returns (address);
}
