// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";

/**
 * @title LedgerClient
 * @notice A payments module's handle on the one ledger. The module is onboarded by the operator as a
 * SystemContract account, which is what lets it call {IDigitalTenge-moduleTransfer} and
 * {IDigitalTenge-moduleRedeem} on the payer's verified authority.
 */
abstract contract LedgerClient {
    /// @notice `account` is the zero address.
    error ZeroAddressNotAllowed();

    /// @dev The DKZT ledger (immutable: a module payment reads no storage to find it).
    IDigitalTenge internal immutable _LEDGER;

    constructor(IDigitalTenge ledger_) {
        if (address(ledger_) == address(0)) revert ZeroAddressNotAllowed();
        _LEDGER = ledger_;
    }

    /// @notice The DKZT ledger this module moves money on.
    function ledger() external view returns (IDigitalTenge) {
        return _LEDGER;
    }
}
