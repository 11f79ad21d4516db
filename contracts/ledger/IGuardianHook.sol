// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IGuardianHook
 * @notice What the ledger asks of the guardian rules contract it is pointed at (parental limits, see
 * IGuardianRules in contracts/programs): the one call it makes for a guarded account's payment or redemption.
 * Kept here so the ledger depends on no module's code.
 */
interface IGuardianHook {
    /**
     * @notice Count a payment of `amount` by `payer` to `receiver` (zero: a redemption), or revert with the
     * guardian's reason if it breaks `payer`'s rules.
     */
    function consume(address payer, address receiver, uint256 amount) external;
}
