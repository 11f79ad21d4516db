// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IMarkedPrograms} from "./IMarkedPrograms.sol";
import {IMerchantCategories} from "./IMerchantCategories.sol";
import {ProgramBase} from "./ProgramBase.sol";

/**
 * @title MarkedPrograms
 * @notice See {IMarkedPrograms} and {IPrograms}. Not upgradeable: programs are bounded in time; a new version
 * is deployed beside this one.
 */
contract MarkedPrograms is ProgramBase, IMarkedPrograms {
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;

    /// @inheritdoc IMarkedPrograms
    uint8 public constant MAX_DEPTH = 16;

    struct Party {
        uint96 marked;
        address parent; // non-zero for every party (the funder for a general contractor)
        uint8 depth; // 0: not a party
        uint32 subcontractors; // parties registered directly below this one
    }

    mapping(uint256 programId => mapping(address account => Party)) private _parties;
    /// @dev Open subcontract offers, keyed by keccak256(abi.encode(parent, subcontractor, contractRef)).
    mapping(uint256 programId => mapping(bytes32 offer => bool)) private _offers;
    mapping(uint256 programId => uint256 total) private _marked;
    mapping(uint256 programId => mapping(bytes32 milestoneId => bool)) private _milestones;

    /// @param ledger_ The DKZT ledger (its proxy address).
    /// @param categories_ The merchant category registry.
    constructor(IDigitalTenge ledger_, IMerchantCategories categories_) ProgramBase(ledger_, categories_) {}

    // ================================================================ funder

    /// @inheritdoc IMarkedPrograms
    function createProgram(ProgramTerms calldata terms, uint256 budget) external returns (uint256) {
        return _create(terms, budget);
    }

    /// @inheritdoc IMarkedPrograms
    function registerContractor(uint256 programId, address contractor, bytes32 contractRef) external {
        _requireOpenFunder(programId);
        _register(programId, contractor, msg.sender, 1);
        emit ContractorRegistered(programId, contractor, contractRef);
    }

    /// @inheritdoc IMarkedPrograms
    function acceptMilestone(uint256 programId, address contractor, bytes32 milestoneId, uint256 amount) external {
        Program storage p = _requireSpendable(programId);
        _requireFunderOf(programId, p);
        _requireLedgerLive();
        Party storage party = _parties[programId][contractor];
        if (party.depth != 1) revert PartyNotContractor(programId, contractor);
        if (_milestones[programId][milestoneId]) revert MilestoneAlreadyAccepted(programId, milestoneId);
        if (amount == 0) revert ProgramZeroAmount();
        uint256 budget = p.budget;
        if (amount > budget) revert ProgramBudgetExceeded(programId, budget, amount);

        _milestones[programId][milestoneId] = true;
        // Cannot underflow: amount <= budget. Cannot overflow: marked balances are parts of the funded total
        // (< 2^96), so each fits its 96-bit field.
        unchecked {
            p.budget = uint96(budget - amount);
            party.marked = uint96(party.marked + amount);
            _marked[programId] += amount;
        }
        emit MilestoneAccepted(programId, contractor, milestoneId, amount, party.marked);
    }

    /// @inheritdoc IMarkedPrograms
    function releaseMarked(uint256 programId, address party, uint256 amount, bytes32 ref) external {
        Program storage p = _requireFunder(programId);
        if (p.status == ProgramStatus.Paused) revert ProgramIsPaused(programId);
        _debitMarked(programId, party, amount);
        _paidOutOfMarked(p, amount);
        emit MarkedReleased(programId, party, amount, ref);
        // The party's live wallet: a party whose bank recovered its wallet is paid at the replacement.
        IERC20(address(_ledger)).safeTransfer(_ledger.current(party), amount);
    }

    /// @inheritdoc IMarkedPrograms
    function unregisterParty(uint256 programId, address account) external {
        _requireOpenFunder(programId);
        Party storage party = _parties[programId][account];
        uint8 depth = party.depth;
        if (depth == 0) revert PartyNotRegistered(programId, account);
        if (party.marked != 0) revert PartyHoldsMarked(programId, account, party.marked);
        if (party.subcontractors != 0) revert PartyHasSubcontractors(programId, account, party.subcontractors);
        address parent = party.parent;
        // Cannot underflow: the parent counted this party when it was registered below it.
        if (depth > 1) --_parentOf(programId, parent).subcontractors;
        delete _parties[programId][account];
        emit PartyUnregistered(programId, account, parent, msg.sender);
    }

    // ================================================================ the chain

    /// @inheritdoc IMarkedPrograms
    function offerSubcontract(uint256 programId, address subcontractor, bytes32 contractRef) external {
        _requireNotClosed(programId);
        _childDepth(programId, msg.sender);
        _offers[programId][_offerKey(msg.sender, subcontractor, contractRef)] = true;
        emit SubcontractOffered(programId, msg.sender, subcontractor, contractRef);
    }

    /// @inheritdoc IMarkedPrograms
    function acceptSubcontract(uint256 programId, address parent, bytes32 contractRef) external {
        _requireNotClosed(programId);
        bytes32 offer = _offerKey(parent, msg.sender, contractRef);
        if (!_offers[programId][offer]) revert SubcontractNotOffered(programId, parent, msg.sender, contractRef);
        uint8 depth = _childDepth(programId, parent);
        delete _offers[programId][offer];
        _register(programId, msg.sender, parent, depth);
        ++_parties[programId][parent].subcontractors;
        emit SubcontractorRegistered(programId, parent, msg.sender, depth, contractRef);
    }

    /// @inheritdoc IMarkedPrograms
    function followRecovery(uint256 programId, address lost) external {
        address replacement = _ledger.current(lost);
        if (replacement == lost) revert PartyNotRecovered(lost);
        Party memory party = _parties[programId][lost];
        if (party.depth == 0) revert PartyNotRegistered(programId, lost);
        if (_parties[programId][replacement].depth != 0) revert PartyAlreadyRegistered(programId, replacement);
        _parties[programId][replacement] = party;
        delete _parties[programId][lost];
        emit PartyRecovered(programId, lost, replacement, party.marked);
    }

    /// @inheritdoc IMarkedPrograms
    function payMarked(uint256 programId, address to, uint256 amount, bytes32 ref) external {
        Program storage p = _requireProgram(programId);
        if (p.status == ProgramStatus.Paused) revert ProgramIsPaused(programId);
        if (_parties[programId][msg.sender].depth == 0) revert PartyNotRegistered(programId, msg.sender);
        _requirePayerCanSend(programId, msg.sender);
        Party storage receiver = _parties[programId][to];
        if (receiver.depth != 0) {
            // Inside the chain: only one level down, to the payer's own subcontractor (registered below the payer,
            // or below the wallet the payer's bank recovered to it); stays marked.
            address parent = receiver.parent;
            if (parent != msg.sender && _ledger.current(parent) != msg.sender) {
                revert MarkedRecipientNotAllowed(programId, msg.sender, to);
            }
            _requireLedgerLive();
            _debitMarked(programId, msg.sender, amount);
            // Cannot overflow: marked balances are parts of the funded total (< 2^96).
            unchecked {
                receiver.marked = uint96(receiver.marked + amount);
                _marked[programId] += amount;
            }
            emit MarkedPaid(programId, msg.sender, to, amount, ref);
        } else {
            // Out of the chain: only to a final supplier, an eligible recipient of the program.
            if (!isEligibleRecipient(programId, to)) revert MarkedRecipientNotAllowed(programId, msg.sender, to);
            _debitMarked(programId, msg.sender, amount);
            _paidOutOfMarked(p, amount);
            emit MarkedSpent(programId, msg.sender, to, amount, ref);
            IERC20(address(_ledger)).safeTransfer(to, amount);
        }
    }

    // ================================================================ views

    /// @inheritdoc IMarkedPrograms
    function partyOf(uint256 programId, address account) external view returns (PartyView memory) {
        Party storage party = _parties[programId][account];
        return
            PartyView({
                registered: party.depth != 0,
                parent: party.parent,
                depth: party.depth,
                subcontractors: party.subcontractors,
                marked: party.marked
            });
    }

    /// @inheritdoc IMarkedPrograms
    function isSubcontractOffered(
        uint256 programId,
        address parent,
        address subcontractor,
        bytes32 contractRef
    ) external view returns (bool) {
        return _offers[programId][_offerKey(parent, subcontractor, contractRef)];
    }

    /// @inheritdoc IMarkedPrograms
    function markedTotal(uint256 programId) external view returns (uint256) {
        return _marked[programId];
    }

    /// @inheritdoc IMarkedPrograms
    function isMilestoneAccepted(uint256 programId, bytes32 milestoneId) external view returns (bool) {
        return _milestones[programId][milestoneId];
    }

    // ================================================================ internals

    function _requireNotClosed(uint256 programId) private view {
        if (_requireProgram(programId).status == ProgramStatus.Closed) revert ProgramIsClosed(programId);
    }

    /// @dev The depth of a party registered below `parent`, which must be a party less than MAX_DEPTH deep.
    function _childDepth(uint256 programId, address parent) private view returns (uint8) {
        uint8 depth = _parties[programId][parent].depth;
        if (depth == 0) revert PartyNotRegistered(programId, parent);
        if (depth >= MAX_DEPTH) revert ChainTooDeep(programId, uint256(depth) + 1, MAX_DEPTH);
        return depth + 1;
    }

    /// @dev The party record of `parent`: where it was registered, or, once its recovery was followed
    /// ({followRecovery}), at its live wallet. A live wallet that holds no record yet (a wallet recovered again
    /// before its own recovery was followed) must be followed first.
    function _parentOf(uint256 programId, address parent) private view returns (Party storage up) {
        up = _parties[programId][parent];
        if (up.depth != 0) return up;
        address live = _ledger.current(parent);
        up = _parties[programId][live];
        if (up.depth == 0) revert PartyNotRegistered(programId, live);
    }

    function _offerKey(address parent, address subcontractor, bytes32 contractRef) private pure returns (bytes32) {
        return keccak256(abi.encode(parent, subcontractor, contractRef));
    }

    function _register(uint256 programId, address account, address parent, uint8 depth) private {
        Party storage party = _parties[programId][account];
        if (party.depth != 0) revert PartyAlreadyRegistered(programId, account);
        (bool registered, , IDigitalTenge.AccountKind kind, , ) = _ledger.statusOf(account);
        bool organisation = kind == IDigitalTenge.AccountKind.Merchant || kind == IDigitalTenge.AccountKind.Government;
        if (!registered || !organisation) revert PartyNotOrganisation(account);
        (party.parent, party.depth) = (parent, depth);
    }

    /// @dev Take `amount` (> 0) from `account`'s marked balance, counting it out of the program's marked total.
    function _debitMarked(uint256 programId, address account, uint256 amount) private {
        Party storage party = _parties[programId][account];
        if (party.depth == 0) revert PartyNotRegistered(programId, account);
        if (amount == 0) revert ProgramZeroAmount();
        uint256 marked = party.marked;
        if (marked < amount) revert MarkedBalanceInsufficient(programId, account, marked, amount);
        // Cannot underflow: amount <= marked <= the program's marked total.
        unchecked {
            party.marked = uint96(marked - amount);
            _marked[programId] -= amount;
        }
    }

    /// @dev Count `amount` of marked money as paid out of program `p`.
    function _paidOutOfMarked(Program storage p, uint256 amount) private {
        // Cannot overflow: paidOut + marked + budget <= funded < 2^96.
        unchecked {
            p.paidOut = uint96(p.paidOut + amount);
        }
    }
}
