// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPrograms} from "./IPrograms.sol";

/**
 * @title IMarkedPrograms
 * @notice Marked ("coloured") budget money: the National Fund's money for the Dostyk-Moiynty railway, payable
 * only to organisations that met their obligations, down the supply chain; budget money for building a school,
 * spendable only on that construction.
 *
 * The rules, exactly:
 * 1. The funder registers the general contractors ({registerContractor}); each party offers a subcontract to its
 *    own subcontractors ({offerSubcontract}) and a subcontractor joins only by accepting it ({acceptSubcontract}):
 *    nobody becomes a party of a chain without its consent, so no contractor can capture an independent supplier
 *    (which every party may pay as a final supplier) or block a company the funder means to make a general
 *    contractor. Every party has exactly one parent: the chain is a tree rooted at the funder. Parties are
 *    organisations: registered merchant or government accounts on the ledger. The funder may remove a party that
 *    holds no marked money and has no subcontractors ({unregisterParty}).
 * 2. The program pays a contractor only against a milestone the funder accepted ({acceptMilestone}): the amount
 *    leaves the budget and becomes the contractor's *marked balance*.
 * 3. A marked balance is an entitlement inside the program, not money in the party's wallet: the DKZT stays in
 *    this contract's ledger account. A party can move it ({payMarked}) only
 *    - to one of its own registered subcontractors: it stays marked, one level down; or
 *    - to a final supplier: an eligible recipient of the program (listed by the funder, or of an allowed
 *      merchant category, e.g. 5211 building materials) that is not itself a party of the chain. Only here does
 *      marked money become free DKZT, paid into the supplier's account.
 * 4. The funder may release a party's marked balance to the party's own account ({releaseMarked}) when the
 *    party has met its obligations (its own work accepted; e.g. its margin and wages at completion). That is
 *    the only other way out.
 * Nobody in the chain can withdraw marked money, redeem it as cash, pay it to anybody else, or pay it back up.
 *
 * For every program: funded == budget + marked + paidOut + returned, and this contract's DKZT balance equals
 * the sum over its programs of budget + marked. At the end of the window the unspent budget returns to its
 * budget code ({closeExpired}); marked balances are earned money and stay payable down the chain and to
 * suppliers after the window (the funder's pause stops them while the program is open).
 *
 * Recovery: a party's place and marked balance follow its wallet when its bank recovers it ({followRecovery}:
 * anyone, once), and the replacement then pays its subcontractors and suppliers; {releaseMarked} pays a party's
 * live wallet. The lost key directs nothing (the ledger closed it).
 */
interface IMarkedPrograms is IPrograms {
    /// @notice A party of a program's chain as a view.
    struct PartyView {
        bool registered;
        address parent; // the funder for a general contractor
        uint8 depth; // 1: general contractor, 2: its subcontractor, ...
        uint32 subcontractors; // parties registered directly below it
        uint256 marked;
    }

    /// @notice `account` is not a party of program `programId`'s chain.
    error PartyNotRegistered(uint256 programId, address account);
    /// @notice `account` is already a party of program `programId`'s chain.
    error PartyAlreadyRegistered(uint256 programId, address account);
    /// @notice `account` is not a registered merchant or government account (an organisation).
    error PartyNotOrganisation(address account);
    /// @notice `contractor` is not a general contractor (depth 1) of program `programId`.
    error PartyNotContractor(uint256 programId, address contractor);
    /// @notice The chain would be deeper than `max` levels.
    error ChainTooDeep(uint256 programId, uint256 depth, uint256 max);
    /// @notice `to` is neither a subcontractor `payer` registered nor a final supplier of program `programId`.
    error MarkedRecipientNotAllowed(uint256 programId, address payer, address to);
    /// @notice `party` holds `balance` marked in program `programId`; `needed` was asked for.
    error MarkedBalanceInsufficient(uint256 programId, address party, uint256 balance, uint256 needed);
    /// @notice Milestone `milestoneId` of program `programId` was already accepted.
    error MilestoneAlreadyAccepted(uint256 programId, bytes32 milestoneId);
    /// @notice `parent` has no open offer of a subcontract `contractRef` to `subcontractor` in program `programId`.
    error SubcontractNotOffered(uint256 programId, address parent, address subcontractor, bytes32 contractRef);
    /// @notice `party` still holds `marked` marked in program `programId`: it cannot be removed from the chain.
    error PartyHoldsMarked(uint256 programId, address party, uint256 marked);
    /// @notice `party` has `count` subcontractors in program `programId`: it cannot be removed from the chain.
    error PartyHasSubcontractors(uint256 programId, address party, uint256 count);
    /// @notice `account` was never recovered to another wallet on the ledger.
    error PartyNotRecovered(address account);

    /// @notice The funder registered general contractor `contractor` under contract `contractRef` (a hash).
    event ContractorRegistered(uint256 indexed programId, address indexed contractor, bytes32 contractRef);
    /// @notice `parent` offered `subcontractor` a subcontract `contractRef` (it joins when it accepts).
    event SubcontractOffered(
        uint256 indexed programId,
        address indexed parent,
        address indexed subcontractor,
        bytes32 contractRef
    );
    /// @notice `subcontractor` accepted `parent`'s subcontract `contractRef` and joined the chain at `depth`.
    event SubcontractorRegistered(
        uint256 indexed programId,
        address indexed parent,
        address indexed subcontractor,
        uint8 depth,
        bytes32 contractRef
    );
    /// @notice The funder accepted `milestoneId`: `amount` of the budget became `contractor`'s marked balance.
    event MilestoneAccepted(
        uint256 indexed programId,
        address indexed contractor,
        bytes32 indexed milestoneId,
        uint256 amount,
        uint256 marked
    );
    /// @notice `from` paid `amount` marked to its subcontractor `to`: still marked.
    event MarkedPaid(uint256 indexed programId, address indexed from, address indexed to, uint256 amount, bytes32 ref);
    /// @notice `from` paid `amount` to final supplier `supplier`: it left the program as free DKZT.
    event MarkedSpent(
        uint256 indexed programId,
        address indexed from,
        address indexed supplier,
        uint256 amount,
        bytes32 ref
    );
    /// @notice The funder released `amount` of `party`'s marked balance to its account (obligations met).
    event MarkedReleased(uint256 indexed programId, address indexed party, uint256 amount, bytes32 ref);
    /// @notice `by` (the funder) removed `party` (registered below `parent`) from program `programId`'s chain.
    event PartyUnregistered(uint256 indexed programId, address indexed party, address indexed parent, address by);
    /// @notice Party `lost`'s place in the chain and its `marked` balance moved to its replacement wallet.
    event PartyRecovered(uint256 indexed programId, address indexed lost, address indexed replacement, uint256 marked);

    /**
     * @notice Create a marked program funded with `budget` of the caller's DKZT, on `terms`.
     * @dev Requirements: caller is a registered government account; the window is not empty and not over;
     * 0 < budget <= 2^96 - 1; this contract is onboarded as a SystemContract; the ledger's rules.
     *
     * Emits a {ProgramCreated} event.
     */
    function createProgram(ProgramTerms calldata terms, uint256 budget) external returns (uint256 programId);

    /**
     * @notice Register a general contractor of program `programId`.
     * @dev Requirements: caller is the funder; the program is not closed; `contractor` an organisation and not
     * yet a party. Emits a {ContractorRegistered} event.
     */
    function registerContractor(uint256 programId, address contractor, bytes32 contractRef) external;

    /**
     * @notice The calling party offers `subcontractor` a subcontract `contractRef`, one level below itself. Nothing
     * changes for `subcontractor` until it accepts ({acceptSubcontract}); an offer stays open until then.
     * @dev Requirements: the program is not closed; caller is a party less than {MAX_DEPTH} deep.
     *
     * Emits a {SubcontractOffered} event.
     */
    function offerSubcontract(uint256 programId, address subcontractor, bytes32 contractRef) external;

    /**
     * @notice The caller accepts `parent`'s subcontract `contractRef` and joins the chain one level below `parent`.
     * @dev Requirements: the program is not closed; `parent` offered exactly this subcontract to the caller and is
     * still a party less than {MAX_DEPTH} deep; the caller is an organisation, not yet a party.
     *
     * Emits a {SubcontractorRegistered} event.
     */
    function acceptSubcontract(uint256 programId, address parent, bytes32 contractRef) external;

    /**
     * @notice Remove `account` from program `programId`'s chain (a registration made in error, or a party to be
     * registered elsewhere: e.g. as a general contractor).
     * @dev Requirements: caller is the funder; the program is not closed; `account` is a party holding no marked
     * money and with no subcontractors.
     *
     * Emits a {PartyUnregistered} event.
     */
    function unregisterParty(uint256 programId, address account) external;

    /**
     * @notice Move party `lost`'s place in program `programId`'s chain and its marked balance to the wallet its
     * bank recovered it to (followed transitively). Anyone may call it, once: it applies what the ledger decided.
     * Its subcontractors stay below it (the replacement pays them).
     * @dev Requirements: `lost` was recovered; it is a party; the replacement is not a party yet.
     *
     * Emits a {PartyRecovered} event.
     */
    function followRecovery(uint256 programId, address lost) external;

    /**
     * @notice Accept milestone `milestoneId` of general contractor `contractor`: `amount` of the budget becomes
     * its marked balance.
     * @dev Requirements: caller is the funder; the program is active and open; the ledger is not paused;
     * `contractor` at depth 1;
     * milestone not accepted before; 0 < amount <= budget. Emits a {MilestoneAccepted} event.
     */
    function acceptMilestone(uint256 programId, address contractor, bytes32 milestoneId, uint256 amount) external;

    /**
     * @notice The calling party pays `amount` of its marked balance to `to`: marked to its own subcontractor, or
     * out of the program to a final supplier (see the rules above).
     * @dev Requirements: the program and the ledger are not paused; caller is a party holding `amount` marked and able to send
     * on the ledger (not frozen or receive-only); amount > 0;
     * `to` is the caller's subcontractor, or an eligible recipient that is not a party; for a supplier, the
     * ledger's rules of the payment.
     *
     * Emits a {MarkedPaid} or {MarkedSpent} event.
     */
    function payMarked(uint256 programId, address to, uint256 amount, bytes32 ref) external;

    /**
     * @notice Release `amount` of `party`'s marked balance to its own account (its live wallet, if its bank
     * recovered it): it met its obligations.
     * @dev Requirements: caller is the funder; the program is not paused; `party` holds `amount` marked;
     * amount > 0; the ledger's rules. Emits a {MarkedReleased} event.
     */
    function releaseMarked(uint256 programId, address party, uint256 amount, bytes32 ref) external;

    /// @notice `account`'s place and marked balance in program `programId`'s chain.
    function partyOf(uint256 programId, address account) external view returns (PartyView memory);

    /// @notice Whether `parent` offered `subcontractor` the subcontract `contractRef` and it is still open.
    function isSubcontractOffered(
        uint256 programId,
        address parent,
        address subcontractor,
        bytes32 contractRef
    ) external view returns (bool);

    /// @notice The sum of program `programId`'s marked balances.
    function markedTotal(uint256 programId) external view returns (uint256);

    /// @notice Whether milestone `milestoneId` of program `programId` was accepted.
    function isMilestoneAccepted(uint256 programId, bytes32 milestoneId) external view returns (bool);

    /// @notice Deepest level of a chain (general contractors are level 1).
    function MAX_DEPTH() external view returns (uint8);
}
