// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title FxMath
 * @notice Currency conversion at a quoted rate, in minor units (tiyn, fen...). A rate is the number of minor
 * units of the quote currency (leg B) paid for one minor unit of the base currency (leg A), as a fixed-point
 * number with RATE_DECIMALS decimals: 1 KZT = 0.0142 CNY is 14_200_000.
 * @dev A conversion never moves money by itself: a deal pays two exact amounts, each in its own currency, so no
 * tiyn is created or destroyed. These functions only say which pairs of amounts are consistent with a rate.
 */
library FxMath {
    /// @notice Decimals of a rate: RATE_SCALE (1e9) means one quote minor unit per base minor unit.
    uint8 internal constant RATE_DECIMALS = 9;
    /// @notice 10^RATE_DECIMALS.
    uint256 internal constant RATE_SCALE = 1e9;

    /// @notice `amount` base minor units at `rate`, rounded down (toward zero): what the base payer can surely
    /// ask for.
    function convertDown(uint256 amount, uint256 rate) internal pure returns (uint256) {
        return Math.mulDiv(amount, rate, RATE_SCALE, Math.Rounding.Floor);
    }

    /// @notice `amount` base minor units at `rate`, rounded up (away from zero).
    function convertUp(uint256 amount, uint256 rate) internal pure returns (uint256) {
        return Math.mulDiv(amount, rate, RATE_SCALE, Math.Rounding.Ceil);
    }

    /**
     * @notice Whether paying `amountB` for `amountA` honours `rate`: amountB is amountA x rate rounded down or
     * rounded up, so the two sides may only disagree on the last minor unit, never by more.
     */
    function isConsistent(uint256 amountA, uint256 amountB, uint256 rate) internal pure returns (bool) {
        return amountB >= convertDown(amountA, rate) && amountB <= convertUp(amountA, rate);
    }
}
