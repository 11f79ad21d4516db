// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title GoldMath
 * @notice Gold units and gold prices. The gold token has 6 decimals: one token is one gram of fine gold and one
 * unit is one microgram, so a bar's fine weight in milligrams maps exactly (x 1 000). Prices are in tiyn per
 * gram. Every function states its rounding, and none favours the buyer or seller: the desk is paid at least the
 * exact price and pays at most the exact price, so no rounding creates gold or tenge.
 */
library GoldMath {
    /// @dev Gold token units in one gram of fine gold (6 decimals: a unit is one microgram).
    uint256 internal constant UNITS_PER_GRAM = 1e6;
    /// @dev Gold token units in one milligram.
    uint256 internal constant UNITS_PER_MG = 1e3;
    /// @dev Fineness is in parts per ten thousand: LBMA's 999.9 is 9_999.
    uint256 internal constant FINENESS_SCALE = 10_000;
    /// @dev Basis points in one.
    uint256 internal constant BPS = 10_000;

    /// @notice Largest fine weight a bar of `grossWeightMg` at `fineness` (per 10 000) holds, in mg, rounded DOWN.
    function maxFineWeightMg(uint256 grossWeightMg, uint256 fineness) internal pure returns (uint256) {
        return (grossWeightMg * fineness) / FINENESS_SCALE;
    }

    /// @notice Token units for `mg` milligrams of fine gold. Exact.
    function unitsOfMg(uint256 mg) internal pure returns (uint256) {
        return mg * UNITS_PER_MG;
    }

    /**
     * @notice Tiyn a buyer pays for `units` at mid price `midPerGram` (tiyn per gram) plus `spreadBps`, rounded UP:
     * ceil(units * mid * (10 000 + spread) / (10^6 * 10 000)). One rounding, on the whole amount.
     */
    function buyCost(uint256 units, uint256 midPerGram, uint256 spreadBps) internal pure returns (uint256) {
        return Math.mulDiv(units, midPerGram * (BPS + spreadBps), UNITS_PER_GRAM * BPS, Math.Rounding.Ceil);
    }

    /**
     * @notice Tiyn a seller receives for `units` at mid price `midPerGram` less `spreadBps` (<= 10 000), rounded
     * DOWN: floor(units * mid * (10 000 - spread) / (10^6 * 10 000)).
     */
    function sellProceeds(uint256 units, uint256 midPerGram, uint256 spreadBps) internal pure returns (uint256) {
        return Math.mulDiv(units, midPerGram * (BPS - spreadBps), UNITS_PER_GRAM * BPS, Math.Rounding.Floor);
    }

    /// @notice The ask price per gram, for display: ceil(mid * (10 000 + spread) / 10 000), rounded UP.
    function askPerGram(uint256 midPerGram, uint256 spreadBps) internal pure returns (uint256) {
        return Math.mulDiv(midPerGram, BPS + spreadBps, BPS, Math.Rounding.Ceil);
    }

    /// @notice The bid price per gram, for display: floor(mid * (10 000 - spread) / 10 000), rounded DOWN.
    function bidPerGram(uint256 midPerGram, uint256 spreadBps) internal pure returns (uint256) {
        return Math.mulDiv(midPerGram, BPS - spreadBps, BPS, Math.Rounding.Floor);
    }
}
