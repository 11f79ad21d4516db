// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IPvPSettlement} from "./IPvPSettlement.sol";
import {SupportedLedgers} from "./SupportedLedgers.sol";
import {FxMath} from "./FxMath.sol";
import {LivePayouts} from "./LivePayouts.sol";

/**
 * @title PvPSettlement
 * @notice Atomic payment-versus-payment between two CBDC ledgers on this chain. See {IPvPSettlement}.
 * @dev Not upgradeable: it holds both banks' escrow under the terms they agreed.
 */
contract PvPSettlement is SupportedLedgers, IPvPSettlement {
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;

    /// @notice Largest leg, in minor units: the ledgers' own maximum balance (2^96 - 1).
    uint256 public constant MAX_AMOUNT = type(uint96).max;
    /// @notice Largest rate, in 10^-9 quote minor units per base minor unit (FxMath.RATE_SCALE).
    uint256 public constant MAX_RATE = type(uint96).max;
    /// @notice Longest time, in seconds, a deal may stay open.
    uint256 public constant MAX_DEAL_DURATION = 7 days;

    /// @dev One deal in five slots. Amounts and rate fit 96 bits (checked against MAX_AMOUNT / MAX_RATE); the
    /// expiry fits 64 bits (it is at most now + 7 days).
    struct Deal {
        address partyA;
        uint96 amountA;
        address partyB;
        uint96 amountB;
        address ledgerA;
        uint64 expiry;
        bool fundedA;
        bool fundedB;
        bool settled;
        address ledgerB;
        uint96 rate;
        bytes32 quoteId;
    }

    uint256 private _dealCount;
    mapping(uint256 dealId => Deal) private _deals;

    /// @param authority_ The suite's AccessManager.
    constructor(address authority_) AccessManaged(authority_) {}

    /// @inheritdoc IPvPSettlement
    function proposeDeal(DealTerms calldata terms) external restricted returns (uint256 dealId) {
        if (terms.partyA != msg.sender || terms.partyB == address(0) || terms.partyB == msg.sender) {
            revert DealPartiesInvalid(msg.sender, terms.partyB);
        }
        _requireSupported(terms.ledgerA);
        _requireSupported(terms.ledgerB);
        if (terms.ledgerA == terms.ledgerB) revert DealLedgersIdentical(terms.ledgerA);
        if (terms.amountA == 0 || terms.amountA > MAX_AMOUNT) revert DealAmountInvalid(terms.amountA, MAX_AMOUNT);
        if (terms.amountB == 0 || terms.amountB > MAX_AMOUNT) revert DealAmountInvalid(terms.amountB, MAX_AMOUNT);
        if (terms.rate == 0 || terms.rate > MAX_RATE) revert DealRateInvalid(terms.rate, MAX_RATE);
        if (!FxMath.isConsistent(terms.amountA, terms.amountB, terms.rate)) {
            revert DealRateMismatch(terms.amountA, terms.amountB, terms.rate);
        }
        uint256 latest = block.timestamp + MAX_DEAL_DURATION;
        if (terms.expiry <= block.timestamp || terms.expiry > latest) {
            revert DealExpiryOutOfRange(terms.expiry, block.timestamp, latest);
        }

        dealId = ++_dealCount;
        // Cannot truncate: amounts and rate were checked against 2^96 - 1, expiry against now + 7 days.
        _deals[dealId] = Deal({
            partyA: terms.partyA,
            amountA: uint96(terms.amountA),
            partyB: terms.partyB,
            amountB: uint96(terms.amountB),
            ledgerA: terms.ledgerA,
            expiry: uint64(terms.expiry),
            fundedA: false,
            fundedB: false,
            settled: false,
            ledgerB: terms.ledgerB,
            rate: uint96(terms.rate),
            quoteId: terms.quoteId
        });
        emit DealProposed(dealId, terms.partyA, terms.partyB, terms);
    }

    /// @inheritdoc IPvPSettlement
    function fundLeg(uint256 dealId) external {
        Deal storage deal = _open(dealId);
        Leg leg = _partyOf(deal, dealId, msg.sender);
        (address ledger, uint256 amount) = (deal.ledgerA, deal.amountA);
        if (leg == Leg.A) {
            if (deal.fundedA) revert DealLegAlreadyFunded(dealId, Leg.A);
            deal.fundedA = true;
        } else {
            if (deal.fundedB) revert DealLegAlreadyFunded(dealId, Leg.B);
            deal.fundedB = true;
            (ledger, amount) = (deal.ledgerB, deal.amountB);
        }
        emit DealLegFunded(dealId, leg, msg.sender, ledger, amount);
        IDigitalTenge(ledger).moduleTransfer(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPvPSettlement
    function settle(uint256 dealId) external {
        Deal storage deal = _open(dealId);
        _partyOf(deal, dealId, msg.sender);
        if (!deal.fundedA) revert DealLegNotFunded(dealId, Leg.A);
        if (!deal.fundedB) revert DealLegNotFunded(dealId, Leg.B);
        (address partyA, address partyB) = (deal.partyA, deal.partyB);
        (uint256 amountA, uint256 amountB) = (deal.amountA, deal.amountB);
        (deal.settled, deal.fundedA, deal.fundedB) = (true, false, false);
        emit DealSettled(dealId, msg.sender, amountA, amountB);
        // Both deliveries or neither: either transfer reverting reverts the whole settlement. Each goes to the
        // receiving party's live address on the ledger it is paid on.
        LivePayouts.payLive(deal.ledgerA, partyB, amountA);
        LivePayouts.payLive(deal.ledgerB, partyA, amountB);
    }

    /// @inheritdoc IPvPSettlement
    function refundLeg(uint256 dealId, Leg leg) external {
        Deal storage deal = _deals[dealId];
        if (deal.partyA == address(0)) revert DealNotFound(dealId);
        if (deal.settled) revert DealAlreadySettled(dealId);
        if (block.timestamp < deal.expiry) revert DealNotExpired(dealId, deal.expiry);
        (address funder, address ledger, uint256 amount) = leg == Leg.A
            ? (deal.partyA, deal.ledgerA, uint256(deal.amountA))
            : (deal.partyB, deal.ledgerB, uint256(deal.amountB));
        if (leg == Leg.A) {
            if (!deal.fundedA) revert DealLegNotFunded(dealId, leg);
            deal.fundedA = false;
        } else {
            if (!deal.fundedB) revert DealLegNotFunded(dealId, leg);
            deal.fundedB = false;
        }
        funder = IDigitalTenge(ledger).current(funder);
        emit DealLegRefunded(dealId, leg, funder, ledger, amount);
        IERC20(ledger).safeTransfer(funder, amount);
    }

    /// @inheritdoc IPvPSettlement
    function dealOf(uint256 dealId) external view returns (DealView memory view_) {
        Deal storage deal = _deals[dealId];
        if (deal.partyA == address(0)) return view_;
        view_.terms = DealTerms({
            partyA: deal.partyA,
            ledgerA: deal.ledgerA,
            amountA: deal.amountA,
            partyB: deal.partyB,
            ledgerB: deal.ledgerB,
            amountB: deal.amountB,
            rate: deal.rate,
            quoteId: deal.quoteId,
            expiry: deal.expiry
        });
        view_.fundedA = deal.fundedA;
        view_.fundedB = deal.fundedB;
        if (deal.settled) view_.status = DealStatus.Settled;
        else if (block.timestamp >= deal.expiry) view_.status = DealStatus.Expired;
        else view_.status = DealStatus.Open;
    }

    /// @inheritdoc IPvPSettlement
    function dealCount() external view returns (uint256) {
        return _dealCount;
    }

    /// @dev The leg `caller` pays in deal `dealId`: the party itself, or the party's live address on the ledger it
    /// pays on (the wallet its bank recovered it to). The plain comparisons come first, so a party that was never
    /// recovered costs no ledger call.
    function _partyOf(Deal storage deal, uint256 dealId, address caller) private view returns (Leg) {
        if (caller == deal.partyA) return Leg.A;
        if (caller == deal.partyB) return Leg.B;
        if (caller == IDigitalTenge(deal.ledgerA).current(deal.partyA)) return Leg.A;
        if (caller == IDigitalTenge(deal.ledgerB).current(deal.partyB)) return Leg.B;
        revert NotDealParty(dealId, caller);
    }

    /// @dev Deal `dealId`, which must exist, be unsettled and before its expiry.
    function _open(uint256 dealId) private view returns (Deal storage deal) {
        deal = _deals[dealId];
        if (deal.partyA == address(0)) revert DealNotFound(dealId);
        if (deal.settled) revert DealAlreadySettled(dealId);
        if (block.timestamp >= deal.expiry) revert DealExpired(dealId, deal.expiry);
    }
}
