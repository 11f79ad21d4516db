// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title TierTable
 * @notice The ledger's configuration word: the limits of every KYC tier and the pause flag in one storage slot,
 * so a transfer reads all the rules it needs with a single SLOAD.
 * @dev Layout, least significant bit first:
 *
 * | bits          | field                                                                    |
 * |---------------|--------------------------------------------------------------------------|
 * | 32t..32t+15   | tier t's daily outflow limit, as a compact limit (t = 0..MAX_TIER)       |
 * | 32t+16..32t+31| tier t's holding limit, as a compact limit                               |
 * | 224           | PAUSED                                                                   |
 * | 232..238      | bit 232+t set when tier t has been defined by the central bank           |
 *
 * A compact limit is 16 bits: a 12-bit mantissa m (0..4095) and a 4-bit exponent e (0..14), meaning m x 10^e
 * tiyn, exact; e = 15 means "unlimited". Every limit a regulator publishes (500 000 tenge, 1.5 million tenge,
 * 7 000 000 000 tenge) is of that form; a limit that is not is rejected, never rounded.
 */
library TierTable {
    /// @dev Highest tier index; tiers are 0..MAX_TIER (seven tiers).
    uint8 internal constant MAX_TIER = 6;
    /// @dev The value a limit takes when it does not apply.
    uint256 internal constant UNLIMITED = type(uint256).max;
    /// @dev Largest compact mantissa (12 bits).
    uint256 internal constant MAX_MANTISSA = 4095;
    /// @dev Largest finite exponent; 15 encodes UNLIMITED.
    uint256 internal constant MAX_EXPONENT = 14;
    /// @dev Largest finite limit: 4095 x 10^14 tiyn.
    uint256 internal constant MAX_FINITE_LIMIT = MAX_MANTISSA * 10 ** MAX_EXPONENT;

    uint256 internal constant UNLIMITED_CODE = 0xf000;
    uint256 internal constant PAUSED = 1 << 224;
    uint256 private constant _DEFINED_SHIFT = 232;

    /// @dev A limit has no exact compact form (it needs more than 12 significant bits, or is too large).
    error TierLimitNotRepresentable(uint256 limit);

    /// @notice Compact form of `limit`; reverts with {TierLimitNotRepresentable} unless it is exact.
    function encode(uint256 limit) internal pure returns (uint256 code) {
        if (limit == UNLIMITED) return UNLIMITED_CODE;
        uint256 mantissa = limit;
        uint256 exponent;
        while (mantissa > MAX_MANTISSA) {
            if (mantissa % 10 != 0) revert TierLimitNotRepresentable(limit);
            mantissa /= 10;
            ++exponent;
        }
        if (exponent > MAX_EXPONENT) revert TierLimitNotRepresentable(limit);
        return (exponent << 12) | mantissa;
    }

    /// @notice The limit a compact code stands for (exact: m x 10^e, or UNLIMITED).
    function decode(uint256 code) internal pure returns (uint256) {
        uint256 exponent = (code >> 12) & 0xf;
        if (exponent == 15) return UNLIMITED;
        // Cannot overflow: mantissa <= 4095 and exponent <= 14, so the product is below 4.1e17.
        unchecked {
            return (code & 0xfff) * 10 ** exponent;
        }
    }

    /// @notice Tier `t`'s daily outflow limit in tiyn.
    function dailyLimit(uint256 config, uint256 t) internal pure returns (uint256) {
        return decode(config >> (t * 32));
    }

    /// @notice Tier `t`'s holding limit in tiyn.
    function holdingLimit(uint256 config, uint256 t) internal pure returns (uint256) {
        return decode(config >> (t * 32 + 16));
    }

    /// @notice Whether tier `t` was defined.
    function isDefined(uint256 config, uint256 t) internal pure returns (bool) {
        return t <= MAX_TIER && (config >> (_DEFINED_SHIFT + t)) & 1 == 1;
    }

    /// @notice `config` with tier `t` set to the given limits and marked defined. `t` must be <= MAX_TIER.
    function withTier(uint256 config, uint256 t, uint256 holding, uint256 daily) internal pure returns (uint256) {
        uint256 shift = t * 32;
        uint256 cleared = config & ~(uint256(0xffffffff) << shift);
        return cleared | (((encode(holding) << 16) | encode(daily)) << shift) | (1 << (_DEFINED_SHIFT + t));
    }

    function isPaused(uint256 config) internal pure returns (bool) {
        return config & PAUSED != 0;
    }

    function withPaused(uint256 config, bool paused) internal pure returns (uint256) {
        return paused ? config | PAUSED : config & ~PAUSED;
    }
}
