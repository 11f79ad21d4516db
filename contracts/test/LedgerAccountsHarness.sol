// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";

/**
 * @title LedgerAccountsHarness
 * @notice Test-only: exposes {LedgerAccounts} (the modules' one view of an account's lifecycle) for its own tests.
 */
contract LedgerAccountsHarness {
    using LedgerAccounts for IDigitalTenge;

    /// @notice The ledger asked.
    IDigitalTenge public immutable ledger;

    /// @param ledger_ The DKZT ledger.
    constructor(IDigitalTenge ledger_) {
        ledger = ledger_;
    }

    /// @notice {LedgerAccounts-current} of `account`.
    function current(address account) external view returns (address) {
        return ledger.current(account);
    }

    /// @notice {LedgerAccounts-requireActiveBank} of `bank`.
    function requireActiveBank(address bank) external view {
        ledger.requireActiveBank(bank);
    }
}
