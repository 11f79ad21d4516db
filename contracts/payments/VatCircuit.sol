// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IVatCircuit} from "./IVatCircuit.sol";
import {VatSchedule} from "./VatSchedule.sol";
import {MerchantRegistry} from "./MerchantRegistry.sol";
import {VatTable} from "./VatTable.sol";
import {AlmatyCalendar} from "./AlmatyCalendar.sol";

/**
 * @title VatCircuit
 * @notice The rules of marked VAT, all in one place (see {IVatCircuit}).
 * @dev Marked DKZT sit in this module's own ledger account. Every function that changes a marked balance
 * keeps `_totalMarked` equal to the sum of the balances and to this account's ledger balance: money enters the
 * circuit only as the free part of a B2B VAT payment, and leaves it only to the budget (VAT paid) — refunds to
 * exporters are paid by the budget, not from the circuit. Nothing else can move this account's DKZT: only this
 * code calls the ledger for it.
 */
abstract contract VatCircuit is VatSchedule, MerchantRegistry, IVatCircuit {
    using VatTable for uint256;
    using LedgerAccounts for IDigitalTenge;

    struct InputVat {
        uint128 paid;
        uint128 claimed;
    }

    mapping(address business => uint256 amount) private _marked;
    uint256 private _totalMarked;
    mapping(address business => InputVat) private _inputVat;
    mapping(uint256 claimId => RefundClaim) private _claims;
    uint256 private _claimCount;

    /// @inheritdoc IVatCircuit
    function payVatFromMarked(uint256 amount, bytes32 periodRef) external {
        if (amount == 0) revert VatAmountZero();
        address budget = _vatWordToday().budget();
        if (budget == address(0)) revert VatBudgetNotSet();
        uint256 available = _marked[msg.sender];
        if (available < amount) revert MarkedVatInsufficient(msg.sender, available, amount);
        // Cannot underflow: amount <= available <= _totalMarked (a part of the sum).
        unchecked {
            _marked[msg.sender] = available - amount;
            _totalMarked -= amount;
        }
        _LEDGER.moduleTransfer(address(this), budget, amount);
        emit MarkedVatPaidToBudget(msg.sender, budget, amount, periodRef);
    }

    /// @inheritdoc IVatCircuit
    function claimVatRefund(uint256 amount, bytes32 claimRef) external returns (uint256 claimId) {
        _requireVatPayer(msg.sender);
        if (amount == 0) revert VatAmountZero();
        InputVat storage input = _inputVat[msg.sender];
        uint256 available = uint256(input.paid) - input.claimed;
        if (amount > available) revert VatRefundExceedsInputVat(msg.sender, available, amount);
        // Cannot truncate: amount <= available < 2^128, and paid >= claimed + amount.
        input.claimed += uint128(amount);
        claimId = ++_claimCount;
        uint256 today = AlmatyCalendar.today();
        // The amount is checked to fit (a claim is paid in one ledger payment, below 2^96); day < 2^16 until 2149.
        _claims[claimId] = RefundClaim(msg.sender, SafeCast.toUint96(amount), uint16(today), ClaimStatus.Pending);
        emit VatRefundClaimed(claimId, msg.sender, amount, claimRef, today);
    }

    /// @inheritdoc IVatCircuit
    function payVatRefund(uint256 claimId) external restricted {
        RefundClaim storage claim = _pendingClaim(claimId);
        address budget = _vatWordToday().budget();
        if (budget == address(0)) revert VatBudgetNotSet();
        claim.status = ClaimStatus.Paid;
        // The claimant's live address: a business whose wallet its bank recovered is paid at the replacement.
        address claimant = _LEDGER.current(claim.claimant);
        _LEDGER.moduleTransfer(budget, claimant, claim.amount);
        emit VatRefundPaid(claimId, claimant, budget, claim.amount, AlmatyCalendar.today() - claim.filedDay);
    }

    /// @inheritdoc IVatCircuit
    function rejectVatRefund(uint256 claimId, bytes32 reasonRef) external restricted {
        RefundClaim storage claim = _pendingClaim(claimId);
        claim.status = ClaimStatus.Rejected;
        _inputVat[claim.claimant].claimed -= claim.amount;
        emit VatRefundRejected(claimId, claim.claimant, claim.amount, reasonRef);
    }

    /// @inheritdoc IVatCircuit
    function markedVatOf(address business) external view returns (uint256) {
        return _marked[business];
    }

    /// @inheritdoc IVatCircuit
    function totalMarkedVat() external view returns (uint256) {
        return _totalMarked;
    }

    /// @inheritdoc IVatCircuit
    function inputVatOf(address business) external view returns (uint256 paid, uint256 claimed) {
        InputVat memory input = _inputVat[business];
        return (input.paid, input.claimed);
    }

    /// @inheritdoc IVatCircuit
    function vatRefundClaim(uint256 claimId) external view returns (RefundClaim memory) {
        return _claims[claimId];
    }

    /**
     * @dev Marks `vat` of invoice `invoiceId` to `supplier`: taken first from `buyer`'s marked balance, the rest
     * from its free balance into this module's account. Records the buyer's input VAT.
     */
    function _markVat(bytes32 invoiceId, address buyer, address supplier, uint256 vat) internal {
        uint256 buyerMarked = _marked[buyer];
        uint256 fromMarked = buyerMarked < vat ? buyerMarked : vat;
        uint256 fromFree = vat - fromMarked;
        // Cannot underflow: fromMarked <= buyerMarked.
        unchecked {
            _marked[buyer] = buyerMarked - fromMarked;
        }
        _marked[supplier] += vat;
        _totalMarked += fromFree;
        // Cannot truncate: vat is part of a ledger amount (< 2^96); the sum of such stays far below 2^128.
        _inputVat[buyer].paid += uint128(vat);
        if (fromFree != 0) _LEDGER.moduleTransfer(buyer, address(this), fromFree);
        emit VatMarked(invoiceId, supplier, buyer, vat, fromMarked);
    }

    /// @dev Reverses `vat` of B2B invoice `invoiceId` with a refund: from `supplier`'s marked balance back to
    /// `buyer`'s, and out of the buyer's claimable input VAT. No DKZT move (both sides are in the circuit).
    function _reverseMarkedVat(bytes32 invoiceId, address supplier, address buyer, uint256 vat) internal {
        if (vat == 0) return;
        uint256 available = _marked[supplier];
        if (available < vat) revert MarkedVatInsufficient(supplier, available, vat);
        InputVat storage input = _inputVat[buyer];
        uint256 claimable = uint256(input.paid) - input.claimed;
        if (claimable < vat) revert VatRefundExceedsInputVat(buyer, claimable, vat);
        // Cannot underflow: checked just above. Cannot truncate: vat <= claimable < 2^128.
        unchecked {
            _marked[supplier] = available - vat;
            input.paid -= uint128(vat);
        }
        _marked[buyer] += vat;
        emit MarkedVatReversed(invoiceId, supplier, buyer, vat);
    }

    /**
     * @dev Moves `lost`'s marked VAT and its claimable input VAT to `live` (its recovered wallet); returns both.
     * Input VAT held by `lost`'s pending claims stays with `lost`, where those claims are paid out of or, when
     * rejected, given back (a later call moves what a rejection gave back). The marked total and the module's
     * ledger balance are unchanged: the DKZT stay in this module's account.
     */
    function _moveVatAccount(address lost, address live) internal returns (uint256 marked, uint256 inputVat) {
        marked = _marked[lost];
        delete _marked[lost];
        _marked[live] += marked;
        InputVat storage input = _inputVat[lost];
        // Cannot underflow: claimed never exceeds paid. Cannot truncate: inputVat <= paid < 2^128.
        inputVat = uint256(input.paid) - input.claimed;
        input.paid = input.claimed;
        _inputVat[live].paid += uint128(inputVat);
    }

    /// @dev `account` must be an onboarded VAT-registered business.
    function _requireVatPayer(address account) internal view {
        MerchantRecord memory record = _merchants[account];
        if (!record.registered || !record.vatPayer) revert NotVatPayer(account);
    }

    function _pendingClaim(uint256 claimId) private view returns (RefundClaim storage claim) {
        claim = _claims[claimId];
        if (claim.status == ClaimStatus.None) revert VatRefundClaimUnknown(claimId);
        if (claim.status != ClaimStatus.Pending) revert VatRefundClaimNotPending(claimId, claim.status);
    }
}
