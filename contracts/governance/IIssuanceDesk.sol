// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIssuanceDesk
 * @notice Maker-checker issuance. Routine issuance is done by the central bank's issuance desk (a single key)
 * within a rolling 24-hour budget per bank; anything above the budget, and every budget change, is the central
 * bank's multisig's. A stolen desk key can issue at most what is left of each bank's budget in the window.
 * @dev The desk is the only holder (besides the central bank's multisig) of the ledger's ISSUER role. The window
 * is 24 one-hour buckets per bank: the amount issued in the current hour and the 23 before it may not exceed the
 * bank's budget. Every issuance still passes the ledger's own checks (ceiling, registered unsuspended bank).
 */
interface IIssuanceDesk {
    /// @notice Issuing `requested` to `bank` would take the last 24 hours' desk issuance above `budget`
    /// (`used` already issued in the window).
    error IssuanceBudgetExceeded(address bank, uint256 budget, uint256 used, uint256 requested);
    /// @notice A zero amount.
    error ZeroAmount();

    /// @notice The central bank set `bank`'s rolling 24-hour desk budget, old -> new.
    event DeskBudgetSet(address indexed bank, uint256 oldBudget, uint256 newBudget);
    /// @notice The desk issued `amount` to `bank` (reserve operation `ref`); `usedInWindow` now counted.
    event DeskIssued(address indexed bank, address indexed operator, uint256 amount, uint256 usedInWindow, bytes32 ref);

    /**
     * @notice Issue `amount` DKZT to `bank` within its rolling 24-hour budget.
     * @dev Requirements: caller has the issuance desk role; amount > 0; window use + amount <= budget; and
     * everything the ledger's `issue` requires.
     *
     * Emits {DeskIssued} (and the ledger's {Issued} and {Transfer}).
     */
    function issue(address bank, uint256 amount, bytes32 ref) external;

    /**
     * @notice Set `bank`'s rolling 24-hour desk budget (0 stops desk issuance to it).
     * @dev Requirements: caller has the central bank's role. Emits {DeskBudgetSet}.
     */
    function setBudget(address bank, uint256 budget) external;

    /// @notice The ledger the desk issues on.
    function ledger() external view returns (address);

    /// @notice `bank`'s rolling 24-hour budget.
    function budgetOf(address bank) external view returns (uint256);

    /// @notice Desk issuance to `bank` in the current 24-hour window.
    function usedInWindow(address bank) external view returns (uint256);

    /// @notice What the desk may still issue to `bank` now.
    function remainingBudget(address bank) external view returns (uint256);
}
