// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IPrograms} from "./IPrograms.sol";
import {IMerchantCategories} from "./IMerchantCategories.sol";

/**
 * @title ProgramBase
 * @notice The purpose-bound program mechanism every use shares (see {IPrograms}): creation from a government
 * funder's DKZT, budget code, validity window, eligible recipients by listing or merchant category, top-up,
 * pause, and the return of the unspent budget to its budget code after the window.
 * @dev Uses add their own rules (who is paid, against what) and spend through {_requireSpendable} and
 * {_debitBudget}. The DKZT sits in this contract's own ledger account (a SystemContract, onboarded by the
 * operator); this contract never counts tenge it does not hold.
 */
abstract contract ProgramBase is IPrograms {
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;

    /// @dev Largest amount a program counts (budgets, totals), in tiyn: the ledger's largest balance.
    uint256 internal constant MAX_AMOUNT = type(uint96).max;
    /// @dev Largest merchant category code.
    uint16 internal constant MAX_MCC = 9999;

    struct Program {
        // slot 0: read by every payment
        address funder;
        uint40 start;
        uint40 end;
        ProgramStatus status;
        // slot 1: the money a payment debits
        uint96 budget;
        uint96 funded;
        uint64 kbk;
        // slot 2: totals
        uint96 paidOut;
        uint96 returned;
        // slot 3
        bytes32 ref;
    }

    IDigitalTenge internal immutable _ledger;
    IMerchantCategories internal immutable _categories;

    uint256 private _programCount;
    mapping(uint256 programId => Program) internal _programs;
    mapping(uint256 programId => mapping(address recipient => bool)) private _listed;
    mapping(uint256 programId => mapping(uint16 mcc => bool)) private _allowedMcc;

    /// @param ledger_ The DKZT ledger (its proxy address).
    /// @param categories_ The merchant category registry.
    constructor(IDigitalTenge ledger_, IMerchantCategories categories_) {
        _ledger = ledger_;
        _categories = categories_;
    }

    // ================================================================ funder

    /// @inheritdoc IPrograms
    function topUp(uint256 programId, uint256 amount) external {
        Program storage p = _requireFunder(programId);
        if (p.status == ProgramStatus.Closed) revert ProgramIsClosed(programId);
        if (amount == 0) revert ProgramZeroAmount();
        uint256 budget = p.budget + amount;
        uint256 funded = p.funded + amount;
        if (funded > MAX_AMOUNT) revert ProgramAmountTooLarge(funded, MAX_AMOUNT);
        // Cannot truncate: budget <= funded <= MAX_AMOUNT (2^96 - 1), checked above.
        (p.budget, p.funded) = (uint96(budget), uint96(funded));
        emit ProgramToppedUp(programId, msg.sender, amount, budget);
        _ledger.moduleTransfer(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPrograms
    function pause(uint256 programId) external {
        Program storage p = _requireFunder(programId);
        if (p.status == ProgramStatus.Closed) revert ProgramIsClosed(programId);
        if (p.status == ProgramStatus.Paused) revert ProgramIsPaused(programId);
        p.status = ProgramStatus.Paused;
        emit ProgramPaused(programId, msg.sender);
    }

    /// @inheritdoc IPrograms
    function unpause(uint256 programId) external {
        Program storage p = _requireFunder(programId);
        if (p.status != ProgramStatus.Paused) revert ProgramNotPaused(programId);
        p.status = ProgramStatus.Active;
        emit ProgramUnpaused(programId, msg.sender);
    }

    /// @inheritdoc IPrograms
    function closeExpired(uint256 programId) external {
        Program storage p = _requireProgram(programId);
        if (p.status == ProgramStatus.Closed) revert ProgramIsClosed(programId);
        if (block.timestamp < p.end) revert ProgramNotExpired(programId, p.end, block.timestamp);
        uint256 amount = p.budget;
        p.status = ProgramStatus.Closed;
        p.budget = 0;
        // Cannot truncate: amount was a uint96 budget.
        p.returned = uint96(amount);
        // The funder's live wallet: a funder whose bank recovered its wallet is refunded at the replacement.
        address funder = _ledger.current(p.funder);
        emit BudgetReturned(programId, p.kbk, funder, amount);
        emit ProgramClosed(programId, msg.sender, p.funded, p.paidOut, amount);
        if (amount != 0) IERC20(address(_ledger)).safeTransfer(funder, amount);
    }

    /// @inheritdoc IPrograms
    function setRecipient(uint256 programId, address recipient, bool eligible) external {
        _requireOpenFunder(programId);
        bool old = _listed[programId][recipient];
        _listed[programId][recipient] = eligible;
        emit RecipientSet(programId, recipient, old, eligible);
    }

    /// @inheritdoc IPrograms
    function setRecipientCategory(uint256 programId, uint16 mcc, bool allowed) external {
        _requireOpenFunder(programId);
        if (mcc > MAX_MCC) revert ProgramCategoryOutOfRange(mcc);
        bool old = _allowedMcc[programId][mcc];
        _allowedMcc[programId][mcc] = allowed;
        emit RecipientCategorySet(programId, mcc, old, allowed);
    }

    // ================================================================ views

    /// @inheritdoc IPrograms
    function programOf(uint256 programId) external view returns (ProgramView memory) {
        Program storage p = _programs[programId];
        return
            ProgramView({
                funder: p.funder,
                status: p.status,
                kbk: p.kbk,
                start: p.start,
                end: p.end,
                ref: p.ref,
                budget: p.budget,
                funded: p.funded,
                paidOut: p.paidOut,
                returned: p.returned
            });
    }

    /// @inheritdoc IPrograms
    function programCount() external view returns (uint256) {
        return _programCount;
    }

    /// @inheritdoc IPrograms
    function isEligibleRecipient(uint256 programId, address recipient) public view returns (bool) {
        if (_listed[programId][recipient]) return true;
        (bool registered, uint16 mcc) = _categories.categoryOf(recipient);
        return registered && _allowedMcc[programId][mcc];
    }

    /// @inheritdoc IPrograms
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    /// @inheritdoc IPrograms
    function merchantCategories() external view returns (address) {
        return address(_categories);
    }

    // ================================================================ for the uses

    /**
     * @dev Create a program for the caller (a government account) and move `budget` of its DKZT into this
     * contract. Emits {ProgramCreated}.
     */
    function _create(ProgramTerms calldata terms, uint256 budget) internal returns (uint256 programId) {
        (bool registered, , IDigitalTenge.AccountKind kind, , ) = _ledger.statusOf(msg.sender);
        if (!registered || kind != IDigitalTenge.AccountKind.Government) {
            revert ProgramFunderNotGovernment(msg.sender);
        }
        if (terms.end <= terms.start || terms.end <= block.timestamp)
            revert ProgramWindowInvalid(terms.start, terms.end);
        if (budget == 0) revert ProgramZeroAmount();
        if (budget > MAX_AMOUNT) revert ProgramAmountTooLarge(budget, MAX_AMOUNT);
        programId = ++_programCount;
        // Cannot truncate: budget <= MAX_AMOUNT (2^96 - 1), checked above.
        _programs[programId] = Program({
            funder: msg.sender,
            start: terms.start,
            end: terms.end,
            status: ProgramStatus.Active,
            budget: uint96(budget),
            funded: uint96(budget),
            kbk: terms.kbk,
            paidOut: 0,
            returned: 0,
            ref: terms.ref
        });
        emit ProgramCreated(programId, msg.sender, terms.kbk, budget, terms.start, terms.end, terms.ref);
        _ledger.moduleTransfer(msg.sender, address(this), budget);
    }

    /// @dev The program, which must be active and inside its window.
    function _requireSpendable(uint256 programId) internal view returns (Program storage p) {
        p = _programs[programId];
        ProgramStatus status = p.status;
        if (status != ProgramStatus.Active) _revertNotActive(programId, status);
        if (block.timestamp < p.start || block.timestamp >= p.end) {
            revert ProgramNotOpen(programId, p.start, p.end, block.timestamp);
        }
    }

    /// @dev Debit `amount` (at most the budget, checked by the caller) from the budget as paid out.
    function _debitPaidOut(Program storage p, uint256 amount) internal {
        // Cannot underflow: amount <= budget is checked by every caller. Cannot overflow: paidOut + budget <=
        // funded <= MAX_AMOUNT, so the new paidOut fits 96 bits.
        unchecked {
            p.budget = uint96(p.budget - amount);
            p.paidOut = uint96(p.paidOut + amount);
        }
    }

    /// @dev `account` directs program money (a beneficiary's payment, a party's marked payment): it must be able to
    /// send on the ledger (registered, not frozen, not receive-only), as a spender of an allowance must.
    function _requirePayerCanSend(uint256 programId, address account) internal view {
        (bool registered, IDigitalTenge.FreezeState freeze, , , ) = _ledger.statusOf(account);
        if (!registered || freeze != IDigitalTenge.FreezeState.None) revert ProgramPayerBlocked(programId, account);
    }

    /// @dev Bookkeeping that moves no DKZT (milestones, marked payments down the chain) stops with the ledger's
    /// pause too; paths that pay DKZT meet the pause in the ledger itself.
    function _requireLedgerLive() internal view {
        if (_ledger.paused()) revert ProgramLedgerPaused();
    }

    function _requireProgram(uint256 programId) internal view returns (Program storage p) {
        p = _programs[programId];
        if (p.status == ProgramStatus.None) revert ProgramUnknown(programId);
    }

    function _requireFunder(uint256 programId) internal view returns (Program storage p) {
        p = _requireProgram(programId);
        _requireFunderOf(programId, p);
    }

    /// @dev The caller must be program `p`'s funder's live wallet: the funder itself, or the wallet its bank
    /// recovered it to (followed transitively); a recovered funder's lost key has no power left.
    function _requireFunderOf(uint256 programId, Program storage p) internal view {
        if (_ledger.current(p.funder) != msg.sender) revert ProgramNotFunder(programId, msg.sender);
    }

    /// @dev The caller must be the funder, and the program not closed.
    function _requireOpenFunder(uint256 programId) internal view returns (Program storage p) {
        p = _requireFunder(programId);
        if (p.status == ProgramStatus.Closed) revert ProgramIsClosed(programId);
    }

    function _revertNotActive(uint256 programId, ProgramStatus status) internal pure {
        if (status == ProgramStatus.None) revert ProgramUnknown(programId);
        if (status == ProgramStatus.Paused) revert ProgramIsPaused(programId);
        revert ProgramIsClosed(programId);
    }
}
