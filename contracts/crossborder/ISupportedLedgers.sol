// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ISupportedLedgers
 * @notice Which CBDC ledgers (instances of DigitalTenge: DKZT, or a foreign central bank's CBDC on this chain)
 * a cross-border contract works with.
 */
interface ISupportedLedgers {
    /// @notice `ledger` is not one this contract works with.
    error LedgerNotSupported(address ledger);
    /// @notice The zero address was given as a ledger.
    error LedgerZeroAddress();

    /// @notice The operator added (true) or removed (false) `ledger`.
    event LedgerSupportSet(address indexed ledger, bool supported);

    /**
     * @notice Add or remove a CBDC ledger. Removing one stops new deals and locks on it; money already held
     * still settles or refunds.
     * @dev Requirements: caller has the operator's role; `ledger` non-zero.
     *
     * Emits a {LedgerSupportSet} event.
     */
    function setLedgerSupported(address ledger, bool supported) external;

    /// @notice Whether `ledger` is supported.
    function isLedgerSupported(address ledger) external view returns (bool);
}
