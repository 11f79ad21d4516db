// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {VatMath} from "../payments/VatMath.sol";

/// @notice Test-only: exposes {VatMath} for property tests.
contract VatMathHarness {
    function vatOf(uint256 gross, uint256 rateBps) external pure returns (uint256) {
        return VatMath.vatOf(gross, rateBps);
    }

    function split(uint256 gross, uint256 rateBps) external pure returns (uint256 vat, uint256 net) {
        return VatMath.split(gross, rateBps);
    }

    function share(uint256 total, uint256 part, uint256 whole) external pure returns (uint256) {
        return VatMath.share(total, part, whole);
    }
}
