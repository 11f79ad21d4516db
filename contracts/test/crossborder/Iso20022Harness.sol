// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Iso20022} from "../../crossborder/Iso20022.sol";
import {FxMath} from "../../crossborder/FxMath.sol";

/// @dev Exposes the cross-border pure libraries to the property tests (test only).
contract Iso20022Harness {
    function isUetr(bytes16 uetr) external pure returns (bool) {
        return Iso20022.isUetr(uetr);
    }

    function isBic(bytes11 bic) external pure returns (bool) {
        return Iso20022.isBic(bic);
    }

    function isCurrency(bytes3 currency) external pure returns (bool) {
        return Iso20022.isCurrency(currency);
    }

    function isKnp(bytes3 knp) external pure returns (bool) {
        return Iso20022.isKnp(knp);
    }

    function isReasonCode(bytes4 code) external pure returns (bool) {
        return Iso20022.isReasonCode(code);
    }

    function convertDown(uint256 amount, uint256 rate) external pure returns (uint256) {
        return FxMath.convertDown(amount, rate);
    }

    function convertUp(uint256 amount, uint256 rate) external pure returns (uint256) {
        return FxMath.convertUp(amount, rate);
    }

    function isConsistent(uint256 amountA, uint256 amountB, uint256 rate) external pure returns (bool) {
        return FxMath.isConsistent(amountA, amountB, rate);
    }
}
