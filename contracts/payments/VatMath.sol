// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title VatMath
 * @notice The VAT arithmetic of the suite, in tiyn and basis points. Every split adds up exactly: no tiyn is
 * created or lost.
 * @dev Rounding (stated once, applied everywhere; docs/payments.md copies it):
 *
 *   vat = round_half_up(gross x rate / (10 000 + rate))      net = gross - vat
 *
 * computed in integers as floor((2 x gross x rate + d) / (2 x d)) with d = 10 000 + rate, so a remainder of
 * exactly one half rounds up. A proportional share (a refund's VAT part) uses the same half-up rule on the
 * cumulative amount, see {share}, so the parts of several partial refunds add up to the whole VAT exactly.
 * Arithmetic is checked: amounts are below 2^96 (the ledger's bound) and rates at most 10 000, far from
 * overflow, and anything larger reverts rather than wraps.
 */
library VatMath {
    /// @dev One hundred per cent, in basis points.
    uint256 internal constant BPS = 10_000;
    /// @dev Highest VAT rate the schedule accepts, in basis points (100%).
    uint256 internal constant MAX_RATE_BPS = 10_000;

    /**
     * @notice The VAT contained in a VAT-inclusive `gross` amount at `rateBps`.
     * @dev Rounds half up (see the library doc). Never above `gross`: rate / (10 000 + rate) <= 1/2.
     */
    function vatOf(uint256 gross, uint256 rateBps) internal pure returns (uint256) {
        uint256 d = BPS + rateBps;
        return (2 * gross * rateBps + d) / (2 * d);
    }

    /**
     * @notice Split a VAT-inclusive `gross` amount into its VAT and its net: vat + net == gross exactly.
     * @dev vat rounds half up, net takes the rest.
     */
    function split(uint256 gross, uint256 rateBps) internal pure returns (uint256 vat, uint256 net) {
        vat = vatOf(gross, rateBps);
        net = gross - vat;
    }

    /**
     * @notice round_half_up(total x part / whole): the share of `total` that `part` of `whole` carries.
     * @dev Used on cumulative amounts: the VAT part of a refund is share(vat, refundedAfter, gross) minus
     * share(vat, refundedBefore, gross), so the parts of all refunds of an invoice add up to its VAT when the
     * whole amount is refunded, and each part is at most the refund (total <= whole). Requires whole > 0.
     */
    function share(uint256 total, uint256 part, uint256 whole) internal pure returns (uint256) {
        return (2 * total * part + whole) / (2 * whole);
    }
}
