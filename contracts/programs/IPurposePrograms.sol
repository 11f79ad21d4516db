// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPrograms} from "./IPrograms.sol";

/**
 * @title IPurposePrograms
 * @notice Purpose-bound programs for beneficiaries: the school lunch program (pupils tap their Onay transit
 * card at the canteen; the payment agent, Kazpost, submits the taps; the canteen is paid for meals served),
 * and any voucher-like program whose beneficiaries spend at eligible merchants only.
 *
 * Beneficiaries are identified by a 32-byte id, never personal data:
 * - a card token: the hash the card issuer derives from the card (never a PAN), for card taps;
 * - an account: a DKZT account, as `bytes32(uint256(uint160(account)))` ({accountId}); it may also spend its
 *   entitlement itself with {pay}; the guardian rules of that account apply to everything paid for it.
 * The funder enrols them explicitly ({registerBeneficiaries}) or publishes the Merkle root of a large list
 * ({setBeneficiaryRoot}); a listed beneficiary is then enrolled by anybody holding its proof ({enrolByProof}),
 * usually the agent the first time the card is seen. Enrolment gives the beneficiary a per-program index
 * (1, 2, ...): taps name the index, so a tap is 32 bytes of calldata and one storage word of limits.
 *
 * Beneficiaries never hold the money: it stays in the program until an eligible recipient is paid, so it
 * cannot be withdrawn as cash or sent elsewhere.
 *
 * A tap is one uint256 (least significant bit first):
 * | bits     | field        | meaning                                                                   |
 * |----------|--------------|---------------------------------------------------------------------------|
 * | 0..63    | tapId        | terminal id (high 32 bits) and the terminal's sequence number (low 32)    |
 * | 64..95   | beneficiary  | the beneficiary's index in the program                                    |
 * | 96..127  | amount       | tiyn (a meal costs at most 42 949 672.95 tenge)                           |
 * | 128..135 | canteen      | index into the batch's `canteens`                                         |
 * | 136..255 | (zero)       |                                                                           |
 * A tap id is paid at most once per program, whatever batch it comes in; a rejected tap may be resubmitted.
 * The program's agents share its tap id space: they must use distinct terminal ids.
 */
interface IPurposePrograms is IPrograms {
    /// @notice Per-beneficiary limits, in tiyn. A limit of 2^96 - 1 does not bind.
    struct BeneficiaryLimits {
        uint256 perDay; // most paid for one beneficiary in one (Almaty) day
        uint256 perProgram; // most paid for one beneficiary over the whole program
    }

    /// @notice One enrolled beneficiary as a view.
    struct BeneficiaryView {
        bytes32 id;
        bool enrolled;
        bool revoked;
        bool isAccount;
        uint256 spentToday;
        uint256 spentTotal;
    }

    /// @notice Why a tap of a batch was not paid (reported in {TapRejected}; None is never reported).
    enum TapRejection {
        None,
        BeneficiaryUnknown, // no enrolled beneficiary with that index
        BeneficiaryRevoked, // the funder removed the beneficiary
        TapDuplicate, // the tap id was already paid
        CanteenIndexOutOfRange, // the tap names a canteen the batch does not list
        RecipientNotEligible, // the canteen is not eligible, or cannot receive on the ledger
        AmountZero, // nothing to pay
        DailyLimitExceeded, // over the beneficiary's per-day limit
        ProgramLimitExceeded, // over the beneficiary's per-program limit
        BudgetExhausted, // the program's budget cannot pay it
        GuardianDenied, // the beneficiary account's guardian rules refuse it
        BeneficiaryBlocked // the beneficiary account is frozen, receive-only or closed on the ledger
    }

    /// @notice `caller` is not a payment agent of program `programId`.
    error ProgramNotAgent(uint256 programId, address caller);
    /// @notice A limit is above the largest (`max`).
    error LimitTooLarge(uint256 limit, uint256 max);
    /// @notice A batch lists `count` canteens, more than `max`.
    error TapCanteensTooMany(uint256 count, uint256 max);
    /// @notice The zero id.
    error BeneficiaryIdZero();
    /// @notice `id` has no enrolment in program `programId`.
    error BeneficiaryUnknown(uint256 programId, bytes32 id);
    /// @notice Program `programId` has no beneficiary with index `index`.
    error BeneficiaryIndexUnknown(uint256 programId, uint32 index);
    /// @notice `id` is already enrolled in program `programId`.
    error BeneficiaryAlreadyEnrolled(uint256 programId, bytes32 id);
    /// @notice Beneficiary `index` of program `programId` was revoked.
    error BeneficiaryIsRevoked(uint256 programId, uint32 index);
    /// @notice Program `programId` has no published list (Merkle root).
    error BeneficiaryRootNotSet(uint256 programId);
    /// @notice The proof does not show `id` in program `programId`'s published list.
    error BeneficiaryProofInvalid(uint256 programId, bytes32 id);
    /// @notice Beneficiary account `beneficiary` named itself as the recipient: an entitlement pays for goods and
    /// services of others, never into the beneficiary's own wallet (not even a beneficiary that is an eligible
    /// merchant itself).
    error BeneficiaryPaysItself(uint256 programId, address beneficiary);
    /// @notice `account` was never recovered to another wallet on the ledger.
    error BeneficiaryNotRecovered(address account);
    /// @notice The payment would take beneficiary `index`'s spending today to `attempted`, above `limit`.
    error BeneficiaryDailyLimitExceeded(uint256 programId, uint32 index, uint256 limit, uint256 attempted);
    /// @notice The payment would take beneficiary `index`'s spending in the program to `attempted`, above `limit`.
    error BeneficiaryProgramLimitExceeded(uint256 programId, uint32 index, uint256 limit, uint256 attempted);

    /// @notice The funder set the per-beneficiary limits, old -> new.
    event LimitsSet(
        uint256 indexed programId,
        uint256 oldPerDay,
        uint256 oldPerProgram,
        uint256 newPerDay,
        uint256 newPerProgram
    );
    /// @notice The funder listed or delisted payment agent `agent`, old -> new.
    event AgentSet(uint256 indexed programId, address indexed agent, bool oldAllowed, bool newAllowed);
    /// @notice The funder published the Merkle root of the beneficiary list, old -> new.
    event BeneficiaryRootSet(uint256 indexed programId, bytes32 oldRoot, bytes32 newRoot);
    /// @notice `id` was enrolled with index `index` (by the funder, or `byProof` of the published list).
    event BeneficiaryEnrolled(uint256 indexed programId, bytes32 indexed id, uint32 index, bool byProof);
    /// @notice Account beneficiary `index`'s enrolment moved from `lost` to the wallet its bank recovered it to.
    event BeneficiaryRecovered(
        uint256 indexed programId,
        uint32 indexed index,
        address indexed lost,
        address replacement
    );
    /// @notice The funder revoked beneficiary `index` (`id`).
    event BeneficiaryRevoked(uint256 indexed programId, bytes32 indexed id, uint32 index);
    /// @notice A tap of a batch was not paid, for `reason`; the rest of the batch settled.
    event TapRejected(uint256 indexed programId, uint64 indexed tapId, uint32 beneficiary, TapRejection reason);
    /// @notice `canteen` was paid `amount` for `meals` meals served on `day` (one batch).
    event CanteenPaid(
        uint256 indexed programId,
        address indexed canteen,
        uint32 indexed day,
        uint256 meals,
        uint256 amount
    );
    /// @notice `agent`'s batch settled on `day`: `accepted` taps paid for `amount`, `rejected` reported.
    event TapBatchSettled(
        uint256 indexed programId,
        address indexed agent,
        uint32 indexed day,
        uint256 accepted,
        uint256 rejected,
        uint256 amount
    );
    /// @notice Beneficiary account `beneficiary` paid `recipient` `amount` from its entitlement.
    event BeneficiaryPaid(
        uint256 indexed programId,
        address indexed beneficiary,
        address indexed recipient,
        uint256 amount,
        bytes32 ref
    );

    /**
     * @notice Create a program funded with `budget` of the caller's DKZT, on `terms`, with per-beneficiary `limits`.
     * @dev The funder then lists agents, recipients (or categories) and beneficiaries.
     *
     * Requirements: caller is a registered government account; the window is not empty and not over;
     * 0 < budget <= 2^96 - 1; limits <= 2^96 - 1; this contract is onboarded as a SystemContract; the funder can
     * pay the budget (every ledger rule).
     *
     * Emits {ProgramCreated} and {LimitsSet} events.
     */
    function createProgram(
        ProgramTerms calldata terms,
        BeneficiaryLimits calldata limits,
        uint256 budget
    ) external returns (uint256 programId);

    /**
     * @notice Change the per-beneficiary limits (spending already counted stays counted).
     * @dev Requirements: caller is the funder; the program is not closed; limits <= 2^96 - 1.
     *
     * Emits a {LimitsSet} event.
     */
    function setLimits(uint256 programId, BeneficiaryLimits calldata limits) external;

    /**
     * @notice Allow or stop payment agent `agent` submitting taps for program `programId`.
     * @dev Requirements: caller is the funder; the program is not closed. Emits an {AgentSet} event.
     */
    function setAgent(uint256 programId, address agent, bool allowed) external;

    /**
     * @notice Publish the Merkle root of the program's beneficiary list (zero: none).
     * @dev Leaves are OpenZeppelin standard-tree leaves of one `bytes32` id:
     * `keccak256(bytes.concat(keccak256(abi.encode(id))))`, pairs hashed sorted (OpenZeppelin MerkleProof).
     * A new root does not remove beneficiaries already enrolled (revoke them).
     *
     * Requirements: caller is the funder; the program is not closed. Emits a {BeneficiaryRootSet} event.
     */
    function setBeneficiaryRoot(uint256 programId, bytes32 root) external;

    /**
     * @notice Enrol `ids` explicitly, giving each the next index.
     * @dev Requirements: caller is the funder; the program is not closed; no id zero or already enrolled.
     *
     * Emits a {BeneficiaryEnrolled} event per id.
     */
    function registerBeneficiaries(uint256 programId, bytes32[] calldata ids) external;

    /**
     * @notice Enrol `id` from the published list, proving it with `proof`. Anybody may submit it.
     * @dev Requirements: the program is not closed; a root is published; the proof is valid; `id` not enrolled.
     *
     * Emits a {BeneficiaryEnrolled} event.
     */
    function enrolByProof(uint256 programId, bytes32 id, bytes32[] calldata proof) external returns (uint32 index);

    /**
     * @notice Stop paying for beneficiary `index` (it left the school, lost its card...).
     * @dev Requirements: caller is the funder; the beneficiary is enrolled and not revoked already.
     *
     * Emits a {BeneficiaryRevoked} event.
     */
    function revokeBeneficiary(uint256 programId, uint32 index) external;

    /**
     * @notice Move account beneficiary `lost`'s enrolment (its index, its spending counted today and in the
     * program, its revocation if any) to the wallet its bank recovered it to (followed transitively), which then
     * pays as the beneficiary. Anyone may call it, once: it applies what the ledger decided.
     * @dev Requirements: `lost` was recovered; it is enrolled; the replacement is not enrolled yet.
     *
     * Emits a {BeneficiaryRecovered} event.
     */
    function followRecovery(uint256 programId, address lost) external;

    /**
     * @notice Settle a batch of card taps from the agent's terminals: every good tap is paid, every bad tap is
     * reported with its reason ({TapRejected}) and left unpaid; each canteen receives one ledger payment for
     * all its meals in the batch.
     * @dev Taps are checked in order against the state the earlier taps of the batch left (limits, budget,
     * duplicates). The day counted is today (Almaty time).
     *
     * Requirements: caller is an agent of the program; the program is active and open; at most 255 canteens.
     * The batch reverts as a whole only for those, or if the ledger refuses a canteen payment (paused ledger).
     *
     * Emits {TapRejected} per bad tap, {CanteenPaid} per canteen paid and one {TapBatchSettled}.
     */
    function submitTaps(
        uint256 programId,
        address[] calldata canteens,
        uint256[] calldata taps
    ) external returns (uint256 accepted, uint256 amount);

    /**
     * @notice An enrolled beneficiary account pays eligible `recipient` `amount` from its entitlement.
     * @dev Requirements: the program is active and open; the caller is an enrolled, unrevoked account
     * beneficiary able to send on the ledger (not frozen or receive-only); amount > 0; `recipient` eligible and not the
     * caller itself; within the caller's limits, the budget, and the caller's
     * guardian rules; the ledger's rules for the payment to `recipient`.
     *
     * Emits a {BeneficiaryPaid} event (and the guardian rules' {IGuardianRules-GuardedPaymentCounted}).
     */
    function pay(uint256 programId, address recipient, uint256 amount, bytes32 ref) external;

    /// @notice The per-beneficiary limits of program `programId`.
    function limitsOf(uint256 programId) external view returns (BeneficiaryLimits memory);

    /// @notice Whether `agent` may submit taps for program `programId`.
    function isAgent(uint256 programId, address agent) external view returns (bool);

    /// @notice The published Merkle root of program `programId`'s beneficiary list.
    function beneficiaryRootOf(uint256 programId) external view returns (bytes32);

    /// @notice Number of beneficiaries enrolled in program `programId` (indexes run 1..count).
    function beneficiaryCount(uint256 programId) external view returns (uint32);

    /// @notice The index of `id` in program `programId` (0: not enrolled).
    function indexOf(uint256 programId, bytes32 id) external view returns (uint32);

    /// @notice Beneficiary `index` of program `programId`, with today's and the program's spending.
    function beneficiaryOf(uint256 programId, uint32 index) external view returns (BeneficiaryView memory);

    /// @notice Whether tap `tapId` was paid in program `programId`.
    function isTapSettled(uint256 programId, uint64 tapId) external view returns (bool);

    /// @notice The beneficiary id of DKZT account `account`.
    function accountId(address account) external pure returns (bytes32);

    /// @notice The guardian rules this contract honours for account beneficiaries.
    function guardianRules() external view returns (address);
}
