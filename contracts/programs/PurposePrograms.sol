// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IPurposePrograms} from "./IPurposePrograms.sol";
import {IMerchantCategories} from "./IMerchantCategories.sol";
import {IGuardianRules} from "./IGuardianRules.sol";
import {ProgramBase} from "./ProgramBase.sol";
import {BeneficiaryWord} from "./BeneficiaryWord.sol";
import {AlmatyTime} from "../ledger/AlmatyTime.sol";

/**
 * @title PurposePrograms
 * @notice See {IPurposePrograms} and {IPrograms}. Not upgradeable: programs are bounded in time; a new version is
 * deployed beside this one and new programs are created there.
 * @dev Gas design of {submitTaps} (the pilot's hot path, bench row programs.lunch.batch200): a tap is one
 * calldata word; its id is a bit in a per-terminal bitmap word (256 consecutive sequence numbers share a word);
 * the beneficiary's day, daily and program counters share one word that enrolment made non-zero; canteen
 * eligibility is decided once per canteen per batch; each canteen gets one ledger transfer per batch.
 */
contract PurposePrograms is ProgramBase, IPurposePrograms {
    using BeneficiaryWord for uint256;
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;

    /// @dev Most canteens one batch may list (a tap names one by an 8-bit index).
    uint256 public constant MAX_CANTEENS = 255;

    struct Scheme {
        uint96 perDay;
        uint96 perProgram;
        uint32 beneficiaries;
    }

    /// @dev What every tap of a batch is checked against, kept in memory to keep the loop off the stack.
    struct Batch {
        uint256 programId;
        uint256 keyBase;
        uint256 day;
        uint256 perDay;
        uint256 perProgram;
        uint256 budget;
        uint256 accepted;
        uint256 rejected;
    }

    IGuardianRules private immutable _guardian;

    mapping(uint256 programId => Scheme) private _schemes;
    mapping(uint256 programId => bytes32 root) private _roots;
    mapping(uint256 programId => mapping(address agent => bool)) private _agents;
    mapping(uint256 programId => mapping(bytes32 id => uint32 index)) private _indexOf;
    /// @dev Beneficiary words and ids, keyed by programId << 32 | index (one hash per access).
    mapping(uint256 key => uint256 word) private _beneficiaries;
    mapping(uint256 key => bytes32 id) private _ids;
    /// @dev Settled tap ids: bit (tapId & 0xff) of word (tapId >> 8).
    mapping(uint256 programId => mapping(uint256 wordIndex => uint256 bits)) private _settledTaps;

    /// @param ledger_ The DKZT ledger (its proxy address).
    /// @param categories_ The merchant category registry.
    /// @param guardian_ The guardian rules honoured for account beneficiaries.
    constructor(
        IDigitalTenge ledger_,
        IMerchantCategories categories_,
        IGuardianRules guardian_
    ) ProgramBase(ledger_, categories_) {
        _guardian = guardian_;
    }

    // ================================================================ funder

    /// @inheritdoc IPurposePrograms
    function createProgram(
        ProgramTerms calldata terms,
        BeneficiaryLimits calldata limits,
        uint256 budget
    ) external returns (uint256 programId) {
        _checkLimits(limits);
        programId = _create(terms, budget);
        _setLimits(programId, limits);
    }

    /// @inheritdoc IPurposePrograms
    function setLimits(uint256 programId, BeneficiaryLimits calldata limits) external {
        _requireOpenFunder(programId);
        _checkLimits(limits);
        _setLimits(programId, limits);
    }

    /// @inheritdoc IPurposePrograms
    function setAgent(uint256 programId, address agent, bool allowed) external {
        _requireOpenFunder(programId);
        bool old = _agents[programId][agent];
        _agents[programId][agent] = allowed;
        emit AgentSet(programId, agent, old, allowed);
    }

    /// @inheritdoc IPurposePrograms
    function setBeneficiaryRoot(uint256 programId, bytes32 root) external {
        _requireOpenFunder(programId);
        bytes32 old = _roots[programId];
        _roots[programId] = root;
        emit BeneficiaryRootSet(programId, old, root);
    }

    /// @inheritdoc IPurposePrograms
    function registerBeneficiaries(uint256 programId, bytes32[] calldata ids) external {
        _requireOpenFunder(programId);
        for (uint256 i; i < ids.length; ++i) _enrol(programId, ids[i], false);
    }

    /// @inheritdoc IPurposePrograms
    function enrolByProof(uint256 programId, bytes32 id, bytes32[] calldata proof) external returns (uint32) {
        Program storage p = _requireProgram(programId);
        if (p.status == ProgramStatus.Closed) revert ProgramIsClosed(programId);
        bytes32 root = _roots[programId];
        if (root == bytes32(0)) revert BeneficiaryRootNotSet(programId);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(id))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert BeneficiaryProofInvalid(programId, id);
        return _enrol(programId, id, true);
    }

    /// @inheritdoc IPurposePrograms
    function revokeBeneficiary(uint256 programId, uint32 index) external {
        _requireFunder(programId);
        uint256 key = _key(programId, index);
        uint256 word = _beneficiaries[key];
        if (word == 0) revert BeneficiaryIndexUnknown(programId, index);
        if (word & BeneficiaryWord.REVOKED != 0) revert BeneficiaryIsRevoked(programId, index);
        _beneficiaries[key] = word | BeneficiaryWord.REVOKED;
        emit BeneficiaryRevoked(programId, _ids[key], index);
    }

    /// @inheritdoc IPurposePrograms
    function followRecovery(uint256 programId, address lost) external {
        address replacement = _ledger.current(lost);
        if (replacement == lost) revert BeneficiaryNotRecovered(lost);
        bytes32 id = accountId(lost);
        uint32 index = _indexOf[programId][id];
        if (index == 0) revert BeneficiaryUnknown(programId, id);
        bytes32 newId = accountId(replacement);
        if (_indexOf[programId][newId] != 0) revert BeneficiaryAlreadyEnrolled(programId, newId);
        delete _indexOf[programId][id];
        _indexOf[programId][newId] = index;
        _ids[_key(programId, index)] = newId;
        emit BeneficiaryRecovered(programId, index, lost, replacement);
    }

    // ================================================================ payments

    /// @inheritdoc IPurposePrograms
    function submitTaps(
        uint256 programId,
        address[] calldata canteens,
        uint256[] calldata taps
    ) external returns (uint256 accepted, uint256 amount) {
        Program storage p = _requireSpendable(programId);
        if (!_agents[programId][msg.sender]) revert ProgramNotAgent(programId, msg.sender);
        if (canteens.length > MAX_CANTEENS) revert TapCanteensTooMany(canteens.length, MAX_CANTEENS);

        Scheme memory scheme = _schemes[programId];
        Batch memory batch = Batch({
            programId: programId,
            keyBase: programId << 32,
            day: AlmatyTime.day(block.timestamp),
            perDay: scheme.perDay,
            perProgram: scheme.perProgram,
            budget: p.budget,
            accepted: 0,
            rejected: 0
        });
        (uint256[] memory meals, uint256[] memory totals) = _runBatch(batch, canteens, taps);

        // Effects: the batch's budget already carries the accepted taps' debits.
        amount = p.budget - batch.budget;
        if (amount != 0) _debitPaidOut(p, amount);
        accepted = batch.accepted;
        // Cannot truncate: the day index is < 2^32 for eleven million years.
        uint32 day = uint32(batch.day);
        emit TapBatchSettled(programId, msg.sender, day, accepted, batch.rejected, amount);
        // Interactions: one ledger payment per canteen paid.
        for (uint256 c; c < canteens.length; ++c) {
            if (totals[c] == 0) continue;
            emit CanteenPaid(programId, canteens[c], day, meals[c], totals[c]);
            IERC20(address(_ledger)).safeTransfer(canteens[c], totals[c]);
        }
    }

    /// @inheritdoc IPurposePrograms
    function pay(uint256 programId, address recipient, uint256 amount, bytes32 ref) external {
        Program storage p = _requireSpendable(programId);
        bytes32 id = accountId(msg.sender);
        uint32 index = _indexOf[programId][id];
        if (index == 0) revert BeneficiaryUnknown(programId, id);
        uint256 key = _key(programId, index);
        uint256 word = _beneficiaries[key];
        if (word & BeneficiaryWord.REVOKED != 0) revert BeneficiaryIsRevoked(programId, index);
        if (amount == 0) revert ProgramZeroAmount();
        if (recipient == msg.sender) revert BeneficiaryPaysItself(programId, msg.sender);
        if (!isEligibleRecipient(programId, recipient)) revert ProgramRecipientNotEligible(programId, recipient);
        _requirePayerCanSend(programId, msg.sender);

        Scheme memory scheme = _schemes[programId];
        (uint256 newWord, BeneficiaryWord.Refusal refusal, uint256 attempted) = word.spend(
            AlmatyTime.day(block.timestamp),
            amount,
            scheme.perDay,
            scheme.perProgram
        );
        if (refusal == BeneficiaryWord.Refusal.DailyLimit) {
            revert BeneficiaryDailyLimitExceeded(programId, index, scheme.perDay, attempted);
        }
        if (refusal == BeneficiaryWord.Refusal.ProgramLimit) {
            revert BeneficiaryProgramLimitExceeded(programId, index, scheme.perProgram, attempted);
        }
        if (amount > p.budget) revert ProgramBudgetExceeded(programId, p.budget, amount);

        _beneficiaries[key] = newWord;
        _debitPaidOut(p, amount);
        emit BeneficiaryPaid(programId, msg.sender, recipient, amount, ref);
        // The guardian's rules count the payment or revert with their reason (the whole payment reverts).
        _guardian.consume(msg.sender, recipient, amount);
        IERC20(address(_ledger)).safeTransfer(recipient, amount);
    }

    // ================================================================ views

    /// @inheritdoc IPurposePrograms
    function limitsOf(uint256 programId) external view returns (BeneficiaryLimits memory) {
        Scheme storage s = _schemes[programId];
        return BeneficiaryLimits({perDay: s.perDay, perProgram: s.perProgram});
    }

    /// @inheritdoc IPurposePrograms
    function isAgent(uint256 programId, address agent) external view returns (bool) {
        return _agents[programId][agent];
    }

    /// @inheritdoc IPurposePrograms
    function beneficiaryRootOf(uint256 programId) external view returns (bytes32) {
        return _roots[programId];
    }

    /// @inheritdoc IPurposePrograms
    function beneficiaryCount(uint256 programId) external view returns (uint32) {
        return _schemes[programId].beneficiaries;
    }

    /// @inheritdoc IPurposePrograms
    function indexOf(uint256 programId, bytes32 id) external view returns (uint32) {
        return _indexOf[programId][id];
    }

    /// @inheritdoc IPurposePrograms
    function beneficiaryOf(uint256 programId, uint32 index) external view returns (BeneficiaryView memory) {
        uint256 key = _key(programId, index);
        uint256 word = _beneficiaries[key];
        return
            BeneficiaryView({
                id: _ids[key],
                enrolled: word & BeneficiaryWord.ENROLLED != 0,
                revoked: word & BeneficiaryWord.REVOKED != 0,
                isAccount: word & BeneficiaryWord.ACCOUNT != 0,
                spentToday: word.spentOn(AlmatyTime.day(block.timestamp)),
                spentTotal: word.spentTotal()
            });
    }

    /// @inheritdoc IPurposePrograms
    function isTapSettled(uint256 programId, uint64 tapId) external view returns (bool) {
        return _settledTaps[programId][tapId >> 8] & (1 << (tapId & 0xff)) != 0;
    }

    /// @inheritdoc IPurposePrograms
    function accountId(address account) public pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    /// @inheritdoc IPurposePrograms
    function guardianRules() external view returns (address) {
        return address(_guardian);
    }

    // ================================================================ internals

    /// @dev Settle every tap of a batch in order; per canteen, count the meals and tiyn accepted.
    function _runBatch(
        Batch memory batch,
        address[] calldata canteens,
        uint256[] calldata taps
    ) private returns (uint256[] memory meals, uint256[] memory totals) {
        // Per canteen: eligibility decided once, then meals and tiyn accumulated over the batch.
        bool[] memory eligible = new bool[](canteens.length);
        for (uint256 c; c < canteens.length; ++c) eligible[c] = _canBePaid(batch.programId, canteens[c]);
        meals = new uint256[](canteens.length);
        totals = new uint256[](canteens.length);
        mapping(uint256 => uint256) storage settled = _settledTaps[batch.programId];
        for (uint256 i; i < taps.length; ++i) {
            uint256 tap = taps[i];
            TapRejection reason = _settleTap(batch, settled, canteens, eligible, tap);
            // Cannot overflow: counts are below the number of taps; amounts are bounded by the budget (< 2^96);
            // the canteen index was checked in _settleTap.
            unchecked {
                if (reason == TapRejection.None) {
                    uint256 c = (tap >> 128) & 0xff;
                    ++meals[c];
                    totals[c] += (tap >> 96) & 0xffffffff;
                    ++batch.accepted;
                } else {
                    ++batch.rejected;
                    emit TapRejected(batch.programId, uint64(tap), uint32(tap >> 64), reason);
                }
            }
        }
    }

    /**
     * @dev Check one tap against the batch and the state earlier taps left; if it is good, record it (tap id
     * bit, beneficiary counters, budget in `batch`) and return None; otherwise change nothing and say why.
     */
    function _settleTap(
        Batch memory batch,
        mapping(uint256 => uint256) storage settled,
        address[] calldata canteens,
        bool[] memory eligible,
        uint256 tap
    ) private returns (TapRejection reason) {
        uint256 wordIndex = uint64(tap) >> 8;
        uint256 bits = settled[wordIndex];
        if (bits & (1 << (tap & 0xff)) != 0) return TapRejection.TapDuplicate;
        uint256 c = (tap >> 128) & 0xff;
        if (c >= eligible.length) return TapRejection.CanteenIndexOutOfRange;
        if (!eligible[c]) return TapRejection.RecipientNotEligible;
        reason = _chargeBeneficiary(batch, tap, canteens[c]);
        if (reason == TapRejection.None) settled[wordIndex] = bits | (1 << (tap & 0xff));
    }

    /// @dev The beneficiary half of {_settleTap}: limits, budget, guardian rules; counts the tap when all pass.
    function _chargeBeneficiary(Batch memory batch, uint256 tap, address canteen) private returns (TapRejection) {
        uint256 amount = (tap >> 96) & 0xffffffff;
        if (amount == 0) return TapRejection.AmountZero;
        uint256 key = batch.keyBase | ((tap >> 64) & 0xffffffff);
        uint256 word = _beneficiaries[key];
        if (word == 0) return TapRejection.BeneficiaryUnknown;
        if (word & BeneficiaryWord.REVOKED != 0) return TapRejection.BeneficiaryRevoked;
        (uint256 newWord, BeneficiaryWord.Refusal refusal, ) = word.spend(
            batch.day,
            amount,
            batch.perDay,
            batch.perProgram
        );
        if (refusal == BeneficiaryWord.Refusal.DailyLimit) return TapRejection.DailyLimitExceeded;
        if (refusal == BeneficiaryWord.Refusal.ProgramLimit) return TapRejection.ProgramLimitExceeded;
        if (amount > batch.budget) return TapRejection.BudgetExhausted;
        if (word & BeneficiaryWord.ACCOUNT != 0) {
            address account = address(uint160(uint256(_ids[key])));
            (bool registered, IDigitalTenge.FreezeState freeze, , , ) = _ledger.statusOf(account);
            if (!registered || freeze != IDigitalTenge.FreezeState.None) return TapRejection.BeneficiaryBlocked;
            if (_guardian.tryConsume(account, canteen, amount) != IGuardianRules.Denial.None) {
                return TapRejection.GuardianDenied;
            }
        }
        _beneficiaries[key] = newWord;
        // Cannot underflow: amount <= budget was checked above.
        unchecked {
            batch.budget -= amount;
        }
        return TapRejection.None;
    }

    /// @dev Eligible for the program, and able to receive on the ledger (registered, not fully frozen).
    function _canBePaid(uint256 programId, address canteen) private view returns (bool) {
        if (!isEligibleRecipient(programId, canteen)) return false;
        (bool registered, IDigitalTenge.FreezeState freeze, , , ) = _ledger.statusOf(canteen);
        return registered && freeze != IDigitalTenge.FreezeState.Full;
    }

    function _enrol(uint256 programId, bytes32 id, bool byProof) private returns (uint32 index) {
        if (id == bytes32(0)) revert BeneficiaryIdZero();
        if (_indexOf[programId][id] != 0) revert BeneficiaryAlreadyEnrolled(programId, id);
        Scheme storage s = _schemes[programId];
        index = ++s.beneficiaries;
        _indexOf[programId][id] = index;
        uint256 key = _key(programId, index);
        _beneficiaries[key] = BeneficiaryWord.enrolled(uint256(id) >> 160 == 0);
        _ids[key] = id;
        emit BeneficiaryEnrolled(programId, id, index, byProof);
    }

    function _checkLimits(BeneficiaryLimits calldata limits) private pure {
        if (limits.perDay > BeneficiaryWord.MAX_LIMIT) revert LimitTooLarge(limits.perDay, BeneficiaryWord.MAX_LIMIT);
        if (limits.perProgram > BeneficiaryWord.MAX_LIMIT) {
            revert LimitTooLarge(limits.perProgram, BeneficiaryWord.MAX_LIMIT);
        }
    }

    function _setLimits(uint256 programId, BeneficiaryLimits calldata limits) private {
        Scheme storage s = _schemes[programId];
        emit LimitsSet(programId, s.perDay, s.perProgram, limits.perDay, limits.perProgram);
        // Cannot truncate: both limits <= MAX_LIMIT (2^96 - 1), checked by _checkLimits.
        (s.perDay, s.perProgram) = (uint96(limits.perDay), uint96(limits.perProgram));
    }

    function _key(uint256 programId, uint32 index) private pure returns (uint256) {
        return (programId << 32) | index;
    }
}
