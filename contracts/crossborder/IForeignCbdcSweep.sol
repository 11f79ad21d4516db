// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IForeignCbdcSweep
 * @notice A central bank's end-of-day rule for banks that hold its CBDC from abroad (mBridge participants):
 * in a configurable window of its local day, a keeper sweeps each mandated bank's balance above an overnight
 * allowance back home, either redeemed into the bank's account at its correspondent (its bank of record on
 * this ledger) or transferred to a destination account (e.g. the central bank's FX facility).
 *
 * mBridge's pilot swept every foreign-CBDC balance back at end of day, which left banks no inventory to quote
 * FX from and starved the platform of deals. Here the rule is data, not code: disabled by default, and the
 * central bank chooses the window, the allowance (zero: sweep everything; large: effectively no sweep) and
 * where the money goes.
 *
 * How much a foreign bank may hold at any time is the ledger's own rule: the central bank defines a tier for
 * foreign participant banks with the holding limit it wants, and the ledger enforces it on every path.
 * @dev This contract is a SystemContract account on the foreign CBDC's ledger. It moves a bank's money on the
 * bank's standing mandate ({acceptMandate}, called by the bank itself), which the bank gives when it is admitted
 * and cannot withdraw; only the central bank can release it. Batches are bounded by the caller (MAX_BATCH) and
 * one account that cannot be swept (frozen, attached) is skipped with an event, never blocking the batch.
 */
interface IForeignCbdcSweep {
    /// @notice Where swept money goes.
    enum SweepMode {
        RedeemToBankOfRecord, // burned into the bank's deposit at its correspondent on this ledger (non-cash)
        TransferToDestination // paid to `destination`
    }

    /// @notice The end-of-day rule. Times in seconds; `utcOffset` is the central bank's local time minus UTC,
    /// taken modulo one day (UTC+8: 28 800; UTC-5: 68 400). The window [windowStart, windowEnd) is in local
    /// seconds after midnight and may wrap past midnight (windowStart > windowEnd).
    struct SweepRule {
        address destination;
        uint96 overnightAllowance;
        bool enabled;
        uint32 utcOffset;
        uint32 windowStart;
        uint32 windowEnd;
        SweepMode mode;
    }

    // ---------------------------------------------------------------- errors

    /// @notice The rule is disabled: nothing is swept.
    error SweepRuleDisabled();
    /// @notice Local time `localTime` (seconds after midnight) is outside the window [start, end).
    error OutsideSweepWindow(uint256 localTime, uint256 start, uint256 end);
    /// @notice `size` accounts in one batch, above `max`.
    error SweepBatchTooLarge(uint256 size, uint256 max);
    /// @notice The offset or a window time is one day (86 400 s) or more, or the window is empty.
    error SweepWindowInvalid(uint256 utcOffset, uint256 windowStart, uint256 windowEnd);
    /// @notice TransferToDestination needs a destination.
    error SweepDestinationMissing();
    /// @notice `account` is not a registered account of this ledger.
    error MandateAccountNotRegistered(address account);
    /// @notice `account` has not mandated this sweep on the ledger ({IDigitalTenge-setModuleMandate}): without it
    /// the ledger refuses every debit the sweep makes, so the standing mandate would be empty.
    error MandateNotOnLedger(address account);
    /// @notice `account` has no mandate to release.
    error MandateNotGiven(address account);

    // ---------------------------------------------------------------- events

    /// @notice The central bank changed the rule, old -> new.
    event SweepRuleSet(SweepRule oldRule, SweepRule newRule);
    /// @notice `account` gave its standing sweep mandate.
    event MandateAccepted(address indexed account);
    /// @notice The central bank released `account`'s mandate.
    event MandateReleased(address indexed account);
    /// @notice `amount` of `account` was swept on local day `day` (to `destination`; zero: redeemed).
    event Swept(address indexed account, address indexed destination, uint256 amount, uint256 indexed day);
    /// @notice `account` was not swept: the ledger refused with `reason` (frozen, attached, paused...).
    event SweepSkipped(address indexed account, bytes reason);

    // ---------------------------------------------------------------- functions

    /**
     * @notice Set the end-of-day rule.
     * @dev Requirements: caller has the central bank's role (of this ledger); offset and window times below one
     * day and the window not empty; a destination for TransferToDestination.
     *
     * Emits a {SweepRuleSet} event.
     */
    function setSweepRule(SweepRule calldata rule) external;

    /**
     * @notice The caller (a bank holding this CBDC from abroad) gives its standing mandate to be swept under the
     * rule in force. Giving it twice changes nothing.
     * @dev The ledger lets the sweep debit only accounts that mandated it there: the bank first calls the ledger's
     * {IDigitalTenge-setModuleMandate}(sweep, true), then this. A bank that later revokes the ledger mandate is
     * skipped by every sweep with {SweepSkipped} and the ledger's {IDigitalTenge-ModuleNotMandated} as the
     * reason, for the central bank to see.
     *
     * Requirements: caller registered on the ledger; the caller mandated this sweep on the ledger.
     *
     * Emits a {MandateAccepted} event.
     */
    function acceptMandate() external;

    /**
     * @notice The central bank releases `account` from the sweep.
     * @dev Requirements: caller has the central bank's role; a mandate given. Emits a {MandateReleased} event.
     */
    function releaseMandate(address account) external;

    /**
     * @notice Sweep each mandated account of `accounts` down to the overnight allowance (its free balance above
     * it; attached funds never move). Accounts without a mandate or without excess are passed over silently.
     * @dev Requirements: caller has the sweep keeper's role; the rule enabled; local time in the window;
     * accounts.length <= MAX_BATCH.
     *
     * Emits a {Swept} event per account swept, a {SweepSkipped} per account the ledger refused, and the ledger's
     * events.
     * @return total The amount swept in all.
     */
    function sweep(address[] calldata accounts) external returns (uint256 total);

    /// @notice The rule in force.
    function sweepRule() external view returns (SweepRule memory);

    /// @notice Whether `account` gave a mandate.
    function hasMandate(address account) external view returns (bool);

    /// @notice Local seconds after midnight now, and whether that is inside the window.
    function localTime() external view returns (uint256 secondsAfterMidnight, bool inWindow);

    /// @notice The ledger whose balances are swept.
    function ledger() external view returns (address);
}
