// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Iso20022
 * @notice Format checks for the ISO 20022 identifiers the cross-border contracts keep on-chain, as the
 * pacs.008 schema (pacs.008.001.08) and SWIFT's gpi rules define them. Pure functions; the TypeScript side
 * (src/crossborder/iso20022.ts) applies the same patterns and a property test checks that both agree.
 * @dev Encodings:
 * - UETR: the 16 bytes of a UUID. SWIFT requires version 4 (random): the high nibble of byte 6 is 4 and the
 *   two high bits of byte 8 are `10` (RFC 4122 variant). The all-zero value is therefore never valid.
 * - BIC (BICFIIdentifier, ISO 9362): ASCII in a bytes11, pattern `[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?`.
 *   An 8-character BIC leaves the last three bytes zero; "XXX" as a branch code is a distinct, valid value.
 * - Currency (ISO 4217 alphabetic code): three ASCII capital letters in a bytes3.
 * - KNP (Kazakhstan's payment-purpose code, "КНП", National Bank rules on payment documents): three ASCII
 *   digits in a bytes3, leading zeros kept.
 * - Status reason code (ExternalStatusReason1Code, e.g. "AC01", "AM04"): four ASCII capitals or digits.
 */
library Iso20022 {
    /// @notice Whether `uetr` is a UUID version 4 with the RFC 4122 variant.
    function isUetr(bytes16 uetr) internal pure returns (bool) {
        return uint8(uetr[6]) >> 4 == 4 && uint8(uetr[8]) >> 6 == 2;
    }

    /// @notice Whether `bic` is an 8- or 11-character BICFI identifier.
    function isBic(bytes11 bic) internal pure returns (bool) {
        for (uint256 i; i < 4; ++i) {
            if (!_isUpperAlnum(bic[i])) return false;
        }
        if (!_isUpper(bic[4]) || !_isUpper(bic[5])) return false;
        if (!_isUpperAlnum(bic[6]) || !_isUpperAlnum(bic[7])) return false;
        if (bic[8] == 0 && bic[9] == 0 && bic[10] == 0) return true;
        return _isUpperAlnum(bic[8]) && _isUpperAlnum(bic[9]) && _isUpperAlnum(bic[10]);
    }

    /// @notice Whether `currency` is three capital letters (the shape of an ISO 4217 alphabetic code).
    function isCurrency(bytes3 currency) internal pure returns (bool) {
        return _isUpper(currency[0]) && _isUpper(currency[1]) && _isUpper(currency[2]);
    }

    /// @notice Whether `knp` is three digits.
    function isKnp(bytes3 knp) internal pure returns (bool) {
        return _isDigit(knp[0]) && _isDigit(knp[1]) && _isDigit(knp[2]);
    }

    /// @notice Whether `code` is four capitals or digits (an ISO 20022 external status reason code).
    function isReasonCode(bytes4 code) internal pure returns (bool) {
        return _isUpperAlnum(code[0]) && _isUpperAlnum(code[1]) && _isUpperAlnum(code[2]) && _isUpperAlnum(code[3]);
    }

    function _isUpper(bytes1 c) private pure returns (bool) {
        return c >= "A" && c <= "Z";
    }

    function _isDigit(bytes1 c) private pure returns (bool) {
        return c >= "0" && c <= "9";
    }

    function _isUpperAlnum(bytes1 c) private pure returns (bool) {
        return _isUpper(c) || _isDigit(c);
    }
}
