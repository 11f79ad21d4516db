// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";

/**
 * @title SplitModuleMock
 * @notice Test-only stand-in for a suite module that pays two recipients at once (an invoice's net and VAT): it
 * forwards {IDigitalTenge-moduleSplit}, {IDigitalTenge-moduleTransfer} and {IDigitalTenge-moduleRedeem} to the
 * ledger so the tests drive them from a contract account.
 * @dev Never deploy outside tests: a real module verifies the payer's authority first; this one forwards whatever
 * it is asked to. The ledger's own checks are what the tests exercise.
 */
contract SplitModuleMock {
    /// @notice The ledger this module pays through.
    IDigitalTenge public immutable ledger;

    /// @param ledger_ The DKZT ledger.
    constructor(IDigitalTenge ledger_) {
        ledger = ledger_;
    }

    /// @notice Forward {IDigitalTenge-moduleSplit}.
    function split(address from, address to, uint256 amount, address vatTo, uint256 vat) external {
        ledger.moduleSplit(from, to, amount, vatTo, vat);
    }

    /// @notice Forward {IDigitalTenge-moduleTransfer}.
    function pay(address from, address to, uint256 amount) external {
        ledger.moduleTransfer(from, to, amount);
    }

    /// @notice Forward {IDigitalTenge-moduleRedeem}.
    function redeemFor(address account, uint256 amount) external {
        ledger.moduleRedeem(account, amount);
    }
}
