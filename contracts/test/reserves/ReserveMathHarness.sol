// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReserveMath} from "../../reserves/ReserveMath.sol";
import {GoldMath} from "../../reserves/GoldMath.sol";
import {BridgeRateLimit} from "../../reserves/BridgeRateLimit.sol";

/// @notice Test-only: exposes the reserve and gold libraries for property tests.
contract ReserveMathHarness {
    function redemptionPayout(uint256 amount, uint256 available, uint256 obligations) external pure returns (uint256) {
        return ReserveMath.redemptionPayout(amount, available, obligations);
    }

    function freeReserve(uint256 reserve, uint256 attached) external pure returns (uint256) {
        return ReserveMath.freeReserve(reserve, attached);
    }

    function ratioBps(uint256 available, uint256 obligations) external pure returns (uint256) {
        return ReserveMath.ratioBps(available, obligations);
    }

    function surplus(uint256 available, uint256 obligations) external pure returns (uint256) {
        return ReserveMath.surplus(available, obligations);
    }

    function maxFineWeightMg(uint256 grossWeightMg, uint256 fineness) external pure returns (uint256) {
        return GoldMath.maxFineWeightMg(grossWeightMg, fineness);
    }

    function unitsOfMg(uint256 mg) external pure returns (uint256) {
        return GoldMath.unitsOfMg(mg);
    }

    function buyCost(uint256 units, uint256 midPerGram, uint256 spreadBps) external pure returns (uint256) {
        return GoldMath.buyCost(units, midPerGram, spreadBps);
    }

    function sellProceeds(uint256 units, uint256 midPerGram, uint256 spreadBps) external pure returns (uint256) {
        return GoldMath.sellProceeds(units, midPerGram, spreadBps);
    }

    function askPerGram(uint256 midPerGram, uint256 spreadBps) external pure returns (uint256) {
        return GoldMath.askPerGram(midPerGram, spreadBps);
    }

    function bidPerGram(uint256 midPerGram, uint256 spreadBps) external pure returns (uint256) {
        return GoldMath.bidPerGram(midPerGram, spreadBps);
    }

    function bufferAvailable(
        uint256 buffer,
        uint256 updatedAt,
        uint256 limit,
        uint256 timestamp
    ) external pure returns (uint256) {
        return BridgeRateLimit.available(buffer, updatedAt, limit, timestamp);
    }

    function bufferResized(uint256 current, uint256 oldLimit, uint256 newLimit) external pure returns (uint256) {
        return BridgeRateLimit.resized(current, oldLimit, newLimit);
    }
}
