// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title ReserveMath
 * @notice The stablecoin's reserve arithmetic, in tiyn. Every function states its rounding; none can create a
 * tiyn: a redemption never pays more than its exact share of the reserve.
 */
library ReserveMath {
    /// @dev Basis points in one: ratios are reported in bps (10_000 = 100 %).
    uint256 internal constant BPS = 10_000;

    /**
     * @notice DKZT paid for burning `amount` tokens when `available` DKZT back `obligations` tokens.
     * @dev Fully backed (available >= obligations): exactly `amount` (a surplus is not paid out).
     * Short: floor(amount * available / obligations), rounded DOWN, so the holders who stay keep at least their
     * share: (available - paid) / (obligations - amount) >= available / obligations.
     * Requires amount <= obligations (a burn is part of the supply); returns 0 when obligations == 0.
     */
    function redemptionPayout(uint256 amount, uint256 available, uint256 obligations) internal pure returns (uint256) {
        if (available >= obligations) return amount;
        return Math.mulDiv(amount, available, obligations);
    }

    /// @notice `reserve - attached`, or 0 when the attachment covers the whole reserve. Exact.
    function freeReserve(uint256 reserve, uint256 attached) internal pure returns (uint256) {
        return reserve > attached ? reserve - attached : 0;
    }

    /// @notice floor(available * 10_000 / obligations), rounded DOWN; 10_000 when nothing is owed.
    function ratioBps(uint256 available, uint256 obligations) internal pure returns (uint256) {
        if (obligations == 0) return BPS;
        return Math.mulDiv(available, BPS, obligations);
    }

    /// @notice DKZT above what is owed (0 when short). Exact.
    function surplus(uint256 available, uint256 obligations) internal pure returns (uint256) {
        return available > obligations ? available - obligations : 0;
    }
}
