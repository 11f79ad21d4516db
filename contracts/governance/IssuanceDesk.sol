// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {IIssuanceDesk} from "./IIssuanceDesk.sol";

/**
 * @title IssuanceDesk
 * @notice See {IIssuanceDesk}. Not upgradeable on purpose: it holds one power (issue within a budget) and is
 * replaced, not upgraded, by revoking its ISSUER role and granting it to a new desk.
 */
contract IssuanceDesk is AccessManaged, IIssuanceDesk {
    /// @dev Width of one bucket of the rolling window, in seconds.
    uint256 public constant BUCKET = 1 hours;
    /// @dev Buckets in the window: the current (partial) hour and the 24 whole hours before it, so the window
    /// always covers at least the last 24 hours and no 24-hour span can hold more than the budget (see
    /// {IIssuanceDesk}).
    uint256 public constant BUCKETS = 25;

    struct Bucket {
        uint64 hour; // hour index (timestamp / 1 hours) this bucket currently counts
        uint192 amount; // tiyn issued by the desk to the bank in that hour
    }

    IDigitalTenge private immutable _ledger;
    mapping(address bank => uint256 budget) private _budgets;
    mapping(address bank => Bucket[BUCKETS]) private _window;

    /// @param authority_ The suite's AccessManager.
    /// @param ledger_ The DKZT ledger.
    constructor(address authority_, IDigitalTenge ledger_) AccessManaged(authority_) {
        _ledger = ledger_;
    }

    /// @inheritdoc IIssuanceDesk
    function issue(address bank, uint256 amount, bytes32 ref) external restricted {
        if (amount == 0) revert ZeroAmount();
        uint256 budget = _budgets[bank];
        uint256 used = usedInWindow(bank);
        if (used + amount > budget) revert IssuanceBudgetExceeded(bank, budget, used, amount);

        uint64 hour = uint64(block.timestamp / BUCKET);
        Bucket storage bucket = _window[bank][hour % BUCKETS];
        // Cannot truncate: amount <= budget - used, and budgets are DKZT amounts (< 2^96).
        if (bucket.hour == hour) {
            bucket.amount += uint192(amount);
        } else {
            (bucket.hour, bucket.amount) = (hour, uint192(amount));
        }
        emit DeskIssued(bank, msg.sender, amount, used + amount, ref);
        _ledger.issue(bank, amount, ref);
    }

    /// @inheritdoc IIssuanceDesk
    function setBudget(address bank, uint256 budget) external restricted {
        uint256 old = _budgets[bank];
        _budgets[bank] = budget;
        emit DeskBudgetSet(bank, old, budget);
    }

    /// @inheritdoc IIssuanceDesk
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    /// @inheritdoc IIssuanceDesk
    function budgetOf(address bank) external view returns (uint256) {
        return _budgets[bank];
    }

    /// @inheritdoc IIssuanceDesk
    function usedInWindow(address bank) public view returns (uint256 used) {
        uint256 hour = block.timestamp / BUCKET;
        Bucket[BUCKETS] storage window = _window[bank];
        // Bounded: always exactly 25 buckets.
        for (uint256 i; i < BUCKETS; ++i) {
            Bucket storage bucket = window[i];
            // A bucket counts when its hour is this hour or one of the 24 before it.
            if (bucket.hour + BUCKETS > hour) used += bucket.amount;
        }
    }

    /// @inheritdoc IIssuanceDesk
    function remainingBudget(address bank) external view returns (uint256) {
        uint256 budget = _budgets[bank];
        uint256 used = usedInWindow(bank);
        return used >= budget ? 0 : budget - used;
    }
}
