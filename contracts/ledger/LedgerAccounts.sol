// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDigitalTenge} from "./IDigitalTenge.sol";

/**
 * @title LedgerAccounts
 * @notice The one way a module asks the ledger about an account's lifecycle (ARCHITECTURE.md rule 5): where a
 * recovered wallet went, and whether a bank may still act. Modules never keep their own version of these facts:
 * every module that holds value or authority for an account resolves it through {current} when it pays out or
 * checks authority, and every bank power in a module starts with {requireActiveBank}.
 * @dev Library functions are internal: they compile into each module and read the ledger with view calls.
 */
library LedgerAccounts {
    /// @notice A recovery chain longer than {MAX_RECOVERY_HOPS}: a wallet recovered that many times in a row.
    error RecoveryChainTooLong(address account, uint256 maxHops);

    /// @dev Bound on the recovery chain followed (each hop is a bank's `recoverAccount` of the previous wallet,
    /// so the chain grows only by bank action; 16 recoveries of one customer in a row is far beyond any practice).
    uint256 internal constant MAX_RECOVERY_HOPS = 16;

    /**
     * @notice The live address of `account`: `account` itself, or the wallet its bank recovered it to, followed
     * transitively (a → b → c gives c). Value or authority a module holds for `account` belongs to this address.
     * @dev Reverts with {RecoveryChainTooLong} past {MAX_RECOVERY_HOPS} hops.
     */
    function current(IDigitalTenge ledger, address account) internal view returns (address) {
        // Up to MAX_RECOVERY_HOPS hops are followed: the last read finds the live wallet's empty recoveredTo.
        for (uint256 hops; hops <= MAX_RECOVERY_HOPS; ++hops) {
            address next = ledger.recoveredTo(account);
            if (next == address(0)) return account;
            account = next;
        }
        revert RecoveryChainTooLong(account, MAX_RECOVERY_HOPS);
    }

    /**
     * @notice Reverts unless `bank` is a registered, unsuspended intermediary bank: a suspended bank has no power
     * anywhere in the suite, not only in the ledger.
     * @dev Reverts with the ledger's own {IDigitalTenge-BankNotRegistered} or {IDigitalTenge-BankIsSuspended}.
     */
    function requireActiveBank(IDigitalTenge ledger, address bank) internal view {
        (bool registered, bool suspended) = ledger.bankStatus(bank);
        if (!registered) revert IDigitalTenge.BankNotRegistered(bank);
        if (suspended) revert IDigitalTenge.BankIsSuspended(bank);
    }
}
