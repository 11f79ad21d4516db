// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IVatSchedule
 * @notice The State Revenue Committee's VAT schedule: five categories of the Tax Code, each with a rate in basis
 * points effective by turnover date, and the budget account VAT is paid to.
 * @dev Categories (fixed by law; ids are stable):
 *   0 STANDARD       16% from 1 January 2026 (12% before)
 *   1 REDUCED_LOW     5%
 *   2 REDUCED_HIGH   10%
 *   3 ZERO_RATED      0%, always (exports): VAT-able, so input VAT stays refundable
 *   4 EXEMPT          no VAT, always
 * A change is scheduled for a future Almaty-local day and applies to turnover (payments) on or after that day;
 * it is never retroactive: a category already in force can only change from tomorrow on. A category never
 * defined may be defined from today (no turnover can have happened in it: payments in it are rejected).
 * At most one change per category is pending; scheduling another replaces it; it can be cancelled before it
 * takes effect. Days are Almaty-local day indexes: floor((unix time + 5 h) / 1 day).
 */
interface IVatSchedule {
    /// @notice `category` is not one of the five categories.
    error VatCategoryUnknown(uint8 category);
    /// @notice `category`'s rate is zero by law (zero-rated, exempt) and cannot be scheduled.
    error VatRateFixed(uint8 category);
    /// @notice `rateBps` is above the highest accepted rate.
    error VatRateTooHigh(uint256 rateBps, uint256 maxRateBps);
    /// @notice A change effective `effectiveDay` would reach back over turnover already taxed (today is `today`).
    error VatChangeRetroactive(uint8 category, uint256 effectiveDay, uint256 today);
    /// @notice `day` is beyond the last day the schedule can date (16-bit day index).
    error VatDayOutOfRange(uint256 day);
    /// @notice Nothing is scheduled for `category`.
    error VatChangeNotScheduled(uint8 category);
    /// @notice `category` has no rate in force yet: nothing can be sold in it.
    error VatCategoryUndefined(uint8 category);
    /// @notice No budget account is set: VAT cannot be paid.
    error VatBudgetNotSet();
    /// @notice `caller` is not the budget account the tax authority designated (`pending`).
    error VatBudgetNotDesignated(address caller, address pending);
    /// @notice `account` is not a registered Government account of the ledger.
    error VatBudgetNotGovernment(address account);

    /// @notice A change of `category` from `oldRateBps` (the rate then in force) to `newRateBps` on `effectiveDay`.
    event VatRateScheduled(uint8 indexed category, uint256 oldRateBps, uint256 newRateBps, uint256 effectiveDay);
    /// @notice The pending change of `category` (to `rateBps` on `effectiveDay`) was cancelled.
    event VatRateChangeCancelled(uint8 indexed category, uint256 rateBps, uint256 effectiveDay);
    /// @notice The tax authority designated `budget` as VAT budget account; it takes effect when `budget` accepts.
    event VatBudgetDesignated(address indexed oldPending, address indexed newPending);
    /// @notice The VAT budget account changed, old -> new.
    event VatBudgetChanged(address indexed oldBudget, address indexed newBudget);

    /**
     * @notice Schedule `category`'s rate to become `rateBps` from Almaty-local day `effectiveDay`.
     * @dev Requirements: caller has the tax authority's role; category 0..2 (3 and 4 are fixed at zero);
     * rate <= 10 000; effectiveDay > today (or >= today when the category was never defined); effectiveDay
     * below 65 535. Replaces a change already pending for the category.
     *
     * Emits a {VatRateScheduled} event (and {VatRateChangeCancelled} for a replaced pending change).
     */
    function scheduleVatRate(uint8 category, uint256 rateBps, uint256 effectiveDay) external;

    /**
     * @notice Cancel the change pending for `category` before it takes effect.
     * @dev Requirements: caller has the tax authority's role; a change is pending and not yet in effect.
     *
     * Emits a {VatRateChangeCancelled} event.
     */
    function cancelVatRateChange(uint8 category) external;

    /**
     * @notice Designate `budget` as the account VAT is paid to (and refunds paid from). It takes effect once
     * that account accepts, which is also its standing authority for the VAT refunds this module pays from it.
     * @dev Requirements: caller has the tax authority's role. Emits a {VatBudgetDesignated} event.
     */
    function designateVatBudget(address budget) external;

    /**
     * @notice The designated budget account accepts: VAT goes to it from now on, and it authorises this module
     * to pay the VAT refunds the tax authority approves from it.
     * @dev Requirements: caller is the designated account; a registered Government account of the ledger.
     *
     * Emits a {VatBudgetChanged} event.
     */
    function acceptVatBudget() external;

    /// @notice The rate of `category` in force on Almaty-local day `day` (any day, past or scheduled).
    function vatRateOn(uint8 category, uint256 day) external view returns (uint256 rateBps, bool defined);

    /// @notice The rate of `category` in force today.
    function vatRate(uint8 category) external view returns (uint256 rateBps, bool defined);

    /// @notice The change pending for `category`, if any.
    function pendingVatRate(
        uint8 category
    ) external view returns (bool scheduled, uint256 rateBps, uint256 effectiveDay);

    /// @notice The VAT budget account (zero until one accepted) and the account designated but not yet accepted.
    function vatBudget() external view returns (address budget, address pending);

    /// @notice Today's Almaty-local day index (the turnover date of a payment made now).
    function turnoverDay() external view returns (uint256);
}
