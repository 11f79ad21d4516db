// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";

/**
 * @title BenchModule
 * @notice Benchmark-only suite module: the smallest contract that pays and redeems through the ledger's module
 * path, so `npm run bench` can price {IDigitalTenge-moduleTransfer} and {IDigitalTenge-moduleRedeem} as a real
 * module would call them. Never deployed outside tests and benchmarks.
 * @dev The payer calls the module itself, so the payer's authority is the call: the module passes `msg.sender`
 * as the account to debit. The operator must onboard this contract as a SystemContract account first.
 */
contract BenchModule {
    /// @notice The ledger this module pays through.
    IDigitalTenge public immutable ledger;

    /// @param ledger_ The DKZT ledger (its proxy address).
    constructor(IDigitalTenge ledger_) {
        ledger = ledger_;
    }

    /**
     * @notice Pay `amount` tiyn of the caller's DKZT to `to` through {IDigitalTenge-moduleTransfer}.
     * @dev Requirements: this module is a registered, unfrozen SystemContract account; every rule of a ledger
     * payment (status, tier limits, daily limit, pause) for the caller and `to`.
     *
     * Emits an {IERC20-Transfer} event (from the ledger).
     */
    function pay(address to, uint256 amount) external {
        ledger.moduleTransfer(msg.sender, to, amount);
    }

    /**
     * @notice Redeem `amount` tiyn of the caller's DKZT into its deposit at its bank of record, through
     * {IDigitalTenge-moduleRedeem}.
     * @dev Requirements: as {pay}; the caller has a bank of record; the ledger's redemption rules.
     *
     * Emits {IDigitalTenge-RedeemedToNonCash} and {IERC20-Transfer} events (from the ledger).
     */
    function redeem(uint256 amount) external {
        ledger.moduleRedeem(msg.sender, amount);
    }
}
