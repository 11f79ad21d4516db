// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title VatTable
 * @notice The VAT rates in force and the State Revenue Committee's budget account in one storage word, so an
 * invoice payment reads everything it needs for the VAT split with a single SLOAD.
 * @dev Layout, least significant bit first:
 *
 * | bits          | field                                                                       |
 * |---------------|-----------------------------------------------------------------------------|
 * | 0..159        | budget: the account VAT is paid to (zero until the tax authority sets one)  |
 * | 160..175      | nextChangeDay: earliest day a scheduled change takes effect (NO_CHANGE: none)|
 * | 176..183      | defined: bit c set when category c has a rate in force                      |
 * | 184+14c..+13  | rate of category c in basis points (c = 0..MAX_CATEGORY), <= 10 000         |
 *
 * Days are Almaty-local day indexes (see AlmatyCalendar); 16 bits reach the year 2149.
 */
library VatTable {
    /// @dev Highest category id: 0 standard, 1 reduced (low), 2 reduced (high), 3 zero-rated, 4 exempt.
    uint8 internal constant MAX_CATEGORY = 4;
    /// @dev nextChangeDay when nothing is scheduled.
    uint256 internal constant NO_CHANGE = 0xffff;

    uint256 private constant _BUDGET_MASK = (1 << 160) - 1;
    uint256 private constant _DAY_SHIFT = 160;
    uint256 private constant _DEFINED_SHIFT = 176;
    uint256 private constant _RATES_SHIFT = 184;
    uint256 private constant _RATE_BITS = 14;
    uint256 private constant _RATE_MASK = (1 << 14) - 1;

    function budget(uint256 word) internal pure returns (address) {
        return address(uint160(word & _BUDGET_MASK));
    }

    function withBudget(uint256 word, address account) internal pure returns (uint256) {
        return (word & ~_BUDGET_MASK) | uint256(uint160(account));
    }

    function nextChangeDay(uint256 word) internal pure returns (uint256) {
        return (word >> _DAY_SHIFT) & 0xffff;
    }

    function withNextChangeDay(uint256 word, uint256 day) internal pure returns (uint256) {
        return (word & ~(uint256(0xffff) << _DAY_SHIFT)) | ((day & 0xffff) << _DAY_SHIFT);
    }

    function isDefined(uint256 word, uint256 category) internal pure returns (bool) {
        return (word >> (_DEFINED_SHIFT + category)) & 1 == 1;
    }

    /// @notice Rate of `category` in basis points. `category` must be <= MAX_CATEGORY.
    function rate(uint256 word, uint256 category) internal pure returns (uint256) {
        return (word >> (_RATES_SHIFT + category * _RATE_BITS)) & _RATE_MASK;
    }

    /// @notice `word` with `category` defined at `rateBps` (<= 10 000, so it fits its 14 bits).
    function withRate(uint256 word, uint256 category, uint256 rateBps) internal pure returns (uint256) {
        uint256 shift = _RATES_SHIFT + category * _RATE_BITS;
        return
            (word & ~(_RATE_MASK << shift)) |
            ((rateBps & _RATE_MASK) << shift) |
            (uint256(1) << (_DEFINED_SHIFT + category));
    }
}
