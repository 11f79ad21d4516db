// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {IVatSchedule} from "./IVatSchedule.sol";
import {LedgerClient} from "./LedgerClient.sol";
import {VatTable} from "./VatTable.sol";
import {VatMath} from "./VatMath.sol";
import {AlmatyCalendar} from "./AlmatyCalendar.sol";

/**
 * @title VatSchedule
 * @notice The tax authority's VAT schedule and budget account (see {IVatSchedule}).
 * @dev The rates in force and the budget share one word ({VatTable}); pending changes and the history sit
 * beside it. A payment on or after the earliest pending day promotes the due changes first (bounded: five
 * categories), so a change takes effect at local midnight without anyone having to act.
 */
abstract contract VatSchedule is AccessManaged, LedgerClient, IVatSchedule {
    using VatTable for uint256;

    struct PendingRate {
        bool scheduled;
        uint16 rateBps;
        uint16 effectiveDay;
    }

    struct RateChange {
        uint16 fromDay;
        uint16 rateBps;
    }

    /// @dev Category ids (see {IVatSchedule}).
    uint8 internal constant _ZERO_RATED = 3;
    uint8 internal constant _EXEMPT = 4;

    uint256 internal _vatWord;
    address private _pendingBudget;
    mapping(uint8 category => PendingRate) private _pending;
    mapping(uint8 category => RateChange[]) private _history;

    constructor() {
        // Zero-rated and exempt are in force at 0% from the start, by law.
        uint256 word = uint256(0).withRate(_ZERO_RATED, 0).withRate(_EXEMPT, 0);
        _vatWord = word.withNextChangeDay(VatTable.NO_CHANGE);
        _history[_ZERO_RATED].push(RateChange(0, 0));
        _history[_EXEMPT].push(RateChange(0, 0));
    }

    /// @inheritdoc IVatSchedule
    function scheduleVatRate(uint8 category, uint256 rateBps, uint256 effectiveDay) external restricted {
        if (category > VatTable.MAX_CATEGORY) revert VatCategoryUnknown(category);
        if (category >= _ZERO_RATED) revert VatRateFixed(category);
        if (rateBps > VatMath.MAX_RATE_BPS) revert VatRateTooHigh(rateBps, VatMath.MAX_RATE_BPS);
        if (effectiveDay >= VatTable.NO_CHANGE) revert VatDayOutOfRange(effectiveDay);
        uint256 today = AlmatyCalendar.today();
        uint256 word = _promoteDue(_vatWord, today);
        bool defined = word.isDefined(category);
        if (effectiveDay < today || (defined && effectiveDay == today)) {
            revert VatChangeRetroactive(category, effectiveDay, today);
        }
        _dropPending(category);
        uint256 oldRate = word.rate(category);
        // Cannot truncate: rateBps <= 10 000 and effectiveDay < 65 535 were checked above.
        _history[category].push(RateChange(uint16(effectiveDay), uint16(rateBps)));
        if (effectiveDay == today) {
            word = word.withRate(category, rateBps);
        } else {
            _pending[category] = PendingRate(true, uint16(rateBps), uint16(effectiveDay));
        }
        _vatWord = word.withNextChangeDay(_earliestPending());
        emit VatRateScheduled(category, oldRate, rateBps, effectiveDay);
    }

    /// @inheritdoc IVatSchedule
    function cancelVatRateChange(uint8 category) external restricted {
        if (category > VatTable.MAX_CATEGORY) revert VatCategoryUnknown(category);
        uint256 word = _promoteDue(_vatWord, AlmatyCalendar.today());
        if (!_pending[category].scheduled) revert VatChangeNotScheduled(category);
        _dropPending(category);
        _vatWord = word.withNextChangeDay(_earliestPending());
    }

    /// @inheritdoc IVatSchedule
    function designateVatBudget(address budget) external restricted {
        if (budget == address(0)) revert ZeroAddressNotAllowed();
        address old = _pendingBudget;
        _pendingBudget = budget;
        emit VatBudgetDesignated(old, budget);
    }

    /// @inheritdoc IVatSchedule
    function acceptVatBudget() external {
        address pending = _pendingBudget;
        // Also refuses when none is designated (pending is zero): a transaction's sender is never the zero address.
        if (msg.sender != pending) revert VatBudgetNotDesignated(msg.sender, pending);
        (bool registered, , IDigitalTenge.AccountKind kind, , ) = _LEDGER.statusOf(pending);
        if (!registered || kind != IDigitalTenge.AccountKind.Government) {
            revert VatBudgetNotGovernment(pending);
        }
        uint256 word = _vatWord;
        address old = word.budget();
        _vatWord = word.withBudget(pending);
        delete _pendingBudget;
        emit VatBudgetChanged(old, pending);
    }

    /// @inheritdoc IVatSchedule
    function vatRateOn(uint8 category, uint256 day) public view returns (uint256 rateBps, bool defined) {
        if (category > VatTable.MAX_CATEGORY) revert VatCategoryUnknown(category);
        RateChange[] storage changes = _history[category];
        // Bounded by the number of rate changes the tax authority ever made in this category (a handful).
        for (uint256 i = changes.length; i > 0; --i) {
            RateChange memory change = changes[i - 1];
            if (change.fromDay <= day) return (change.rateBps, true);
        }
        return (0, false);
    }

    /// @inheritdoc IVatSchedule
    function vatRate(uint8 category) external view returns (uint256 rateBps, bool defined) {
        return vatRateOn(category, AlmatyCalendar.today());
    }

    /// @inheritdoc IVatSchedule
    function pendingVatRate(
        uint8 category
    ) external view returns (bool scheduled, uint256 rateBps, uint256 effectiveDay) {
        PendingRate memory p = _pending[category];
        return (p.scheduled, p.rateBps, p.effectiveDay);
    }

    /// @inheritdoc IVatSchedule
    function vatBudget() external view returns (address budget, address pending) {
        return (_vatWord.budget(), _pendingBudget);
    }

    /// @inheritdoc IVatSchedule
    function turnoverDay() external view returns (uint256) {
        return AlmatyCalendar.today();
    }

    /**
     * @dev The VAT word in force today: promotes changes that became due (and stores the result) when today
     * has reached the earliest pending day. The common path is one SLOAD and a comparison.
     */
    function _vatWordToday() internal returns (uint256 word) {
        word = _vatWord;
        uint256 today = AlmatyCalendar.today();
        if (today >= word.nextChangeDay()) {
            word = _promoteDue(word, today);
            _vatWord = word;
        }
    }

    /// @dev `word` with every pending change due by `today` applied (not stored).
    function _promoteDue(uint256 word, uint256 today) private returns (uint256) {
        if (today < word.nextChangeDay()) return word;
        // Bounded: the three categories whose rate can change.
        for (uint8 c = 0; c < _ZERO_RATED; ++c) {
            PendingRate memory p = _pending[c];
            if (p.scheduled && p.effectiveDay <= today) {
                word = word.withRate(c, p.rateBps);
                delete _pending[c];
            }
        }
        return word.withNextChangeDay(_earliestPending());
    }

    /// @dev Removes `category`'s pending change (and its history entry), emitting the cancellation.
    function _dropPending(uint8 category) private {
        PendingRate memory p = _pending[category];
        if (!p.scheduled) return;
        delete _pending[category];
        _history[category].pop();
        emit VatRateChangeCancelled(category, p.rateBps, p.effectiveDay);
    }

    function _earliestPending() private view returns (uint256 earliest) {
        earliest = VatTable.NO_CHANGE;
        for (uint8 c = 0; c < _ZERO_RATED; ++c) {
            PendingRate memory p = _pending[c];
            if (p.scheduled && p.effectiveDay < earliest) earliest = p.effectiveDay;
        }
    }
}
