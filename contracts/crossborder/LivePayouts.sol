// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";

/**
 * @title LivePayouts
 * @notice How a cross-border module pays out, on a hot path, money it holds for an account whose wallet may have
 * been recovered: to the account itself, or, if the ledger refuses it, to its live address
 * ({LedgerAccounts-current}).
 * @dev Why it is exact: the ledger closes a recovered wallet for good ({IDigitalTenge-recoverAccount}: closed,
 * never registered again), so a payment to it always reverts, and a payment to a wallet that was not recovered
 * is the same payment {LedgerAccounts-current} would make. The usual case (no recovery) costs one transfer and
 * no extra ledger read. When the ledger refuses for another reason (frozen, holding limit, paused), the second
 * attempt goes to the same address and reverts with the ledger's own error.
 */
library LivePayouts {
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;

    /**
     * @notice Pays `amount` of `ledger` to `account`, or to its live address when the ledger refuses `account`.
     * @return paid The address that received the money.
     */
    function payLive(address ledger, address account, uint256 amount) internal returns (address paid) {
        try IERC20(ledger).transfer(account, amount) returns (bool ok) {
            if (ok) return account;
        } catch {} // solhint-disable-line no-empty-blocks
        paid = IDigitalTenge(ledger).current(account);
        IERC20(ledger).safeTransfer(paid, amount);
    }
}
