// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";

/**
 * @title LedgerModuleMock
 * @notice Test-only stand-in for a suite module (payments, programs...): it forwards module payments and
 * redemptions to the ledger so the tests can drive {IDigitalTenge-moduleTransfer} and
 * {IDigitalTenge-moduleRedeem} from a contract account.
 * @dev Never deploy outside tests: a real module verifies the payer's authority (the payer called it, signed
 * for it, or gave it a mandate) before it moves anyone's money; this one forwards whatever it is asked to.
 * The ledger's own checks (is the caller a registered, unfrozen SystemContract account; every transfer rule)
 * are what the tests exercise.
 */
contract LedgerModuleMock {
    /// @notice The ledger this module pays through.
    IDigitalTenge public immutable ledger;

    /// @param ledger_ The DKZT ledger.
    constructor(IDigitalTenge ledger_) {
        ledger = ledger_;
    }

    /**
     * @notice Move `amount` of `from`'s DKZT to `to` through the ledger, as a module payment.
     * @dev Requirements: those of {IDigitalTenge-moduleTransfer}. Emits the ledger's {IERC20-Transfer} event.
     */
    function pay(address from, address to, uint256 amount) external {
        ledger.moduleTransfer(from, to, amount);
    }

    /**
     * @notice Redeem `amount` of `account`'s DKZT into its deposit at its bank of record, as a module.
     * @dev Requirements: those of {IDigitalTenge-moduleRedeem}. Emits the ledger's {RedeemedToNonCash} and
     * {IERC20-Transfer} events.
     */
    function redeemFor(address account, uint256 amount) external {
        ledger.moduleRedeem(account, amount);
    }
}
