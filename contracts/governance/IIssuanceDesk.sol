// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIssuanceDesk
 * @notice Maker-checker issuance. Routine issuance is done by the central bank's issuance desk (a single key)
 * within a rolling 24-hour budget per bank; anything above the budget, and every budget change, is the central
 * bank's multisig's. A stolen desk key can issue at most what is left of each bank's budget in the window.
 * @dev The desk is the only holder (besides the central bank's multisig) of the ledger's ISSUER role. The window
 * is counted in one-hour buckets (hour index = timestamp / 3 600) per bank, and an issue in hour `h` is refused
 * unless everything issued in hours `h - 24` to `h` (25 buckets: the current, partial hour and the 24 whole hours
 * before it) plus the new amount stays within the budget. So NO span of 24 hours ever holds more than the budget:
 * for the last issue of any such span, at time `t` in hour `h`, every other issue of the span is later than
 * `t - 24 h`, so in hour `h - 24` or after, and was counted when that last issue was checked. The price of the
 * guarantee: an amount is counted for at least 24 and at most 25 hours (it frees at the first hour boundary at
 * least 24 hours after it was issued). Every issuance still passes the ledger's own checks (ceiling, registered
 * unsuspended bank).
 */
interface IIssuanceDesk {
    /// @notice Issuing `requested` to `bank` would take the window's desk issuance (this hour and the 24 whole hours
    /// before it) above `budget` (`used` already issued in the window).
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

    /// @notice Desk issuance to `bank` counted in the window now: this hour and the 24 whole hours before it.
    function usedInWindow(address bank) external view returns (uint256);

    /// @notice What the desk may still issue to `bank` now.
    function remainingBudget(address bank) external view returns (uint256);
}
