// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISupportedLedgers} from "./ISupportedLedgers.sol";

/**
 * @title IHashedTimelock
 * @notice Hashed time-locked payments in CBDC, for a cross-border payment whose other leg lives on another chain:
 * the same secret unlocks both sides, and each side refunds after its own deadline.
 *
 * The protocol (sha256, the cross-chain norm shared with Bitcoin-family and most other HTLC implementations):
 * 1. the initiator draws a 32-byte secret and locks leg 1 with hashlock = sha256(secret) and deadline T1;
 * 2. the responder, having seen leg 1, locks leg 2 on its chain with the same hashlock and a deadline T2 that
 *    is at least `safetyMargin` before T1 (it states T1 as `counterpartDeadline`; the contract checks the gap);
 * 3. the initiator claims leg 2 with the secret, which becomes public in {Claimed};
 * 4. the responder claims leg 1 with the same secret before T1. Because T2 <= T1 - margin, the responder always
 *    has at least the margin to do so; if the initiator never claims, both refund after their deadlines.
 *
 * Each lock commits to the payment it belongs to: `paymentRef = keccak256(abi.encode(uetr, debtorAgent,
 * creditorAgent, quoteId, quoteExpiry))`, so the on-chain leg is provably the same payment as the pacs.008
 * (UETR and agents) and the FX quote it executes.
 * @dev The contract is a SystemContract account on every supported ledger; escrow is its own balance there.
 */
interface IHashedTimelock is ISupportedLedgers {
    /// @notice Where a lock stands.
    enum LockStatus {
        None,
        Locked,
        Claimed,
        Refunded
    }

    /// @notice The payment a lock belongs to (pacs.008 fields and the FX quote).
    struct PaymentLink {
        bytes16 uetr;
        bytes11 debtorAgent;
        bytes11 creditorAgent;
        bytes32 quoteId;
        uint256 quoteExpiry;
    }

    /// @notice What a sender locks.
    struct LockTerms {
        address ledger; // the CBDC locked
        address recipient; // who may receive it with the secret
        uint256 amount; // minor units
        bytes32 hashlock; // sha256(secret), secret a 32-byte value
        uint256 deadline; // from this time on, no claim; refund to the sender
        uint256 counterpartDeadline; // 0 for the first leg; the first leg's deadline for the second leg
        PaymentLink payment;
    }

    /// @notice A lock as a reader sees it.
    struct LockView {
        LockStatus status;
        address sender;
        address recipient;
        address ledger;
        uint256 amount;
        bytes32 hashlock;
        uint256 deadline;
        uint256 counterpartDeadline;
        bytes32 paymentRef;
    }

    // ---------------------------------------------------------------- errors

    /// @notice `amount` is zero or above `max`.
    error LockAmountInvalid(uint256 amount, uint256 max);
    /// @notice The recipient is zero or the sender itself.
    error LockRecipientInvalid(address recipient);
    /// @notice The zero hashlock.
    error LockHashlockZero();
    /// @notice `deadline` is outside (`earliest`, `latest`].
    error LockDeadlineOutOfRange(uint256 deadline, uint256 earliest, uint256 latest);
    /// @notice Second leg: `deadline` + `margin` is after the first leg's `counterpartDeadline`.
    error SecondLegDeadlineUnsafe(uint256 deadline, uint256 counterpartDeadline, uint256 margin);
    /// @notice The FX quote `quoteId` expired at `quoteExpiry`.
    error QuoteExpired(bytes32 quoteId, uint256 quoteExpiry);
    /// @notice The payment link's UETR `uetr` is not a UUIDv4.
    error LockUetrInvalid(bytes16 uetr);
    /// @notice The payment link's agent `bic` is not a BIC.
    error LockBicInvalid(bytes11 bic);
    /// @notice A lock with id `lockId` exists already.
    error LockAlreadyExists(bytes32 lockId);
    /// @notice No lock has id `lockId`.
    error LockNotFound(bytes32 lockId);
    /// @notice Lock `lockId` is at `status`, not Locked.
    error LockNotActive(bytes32 lockId, LockStatus status);
    /// @notice The secret given hashes to `given`, not lock `lockId`'s hashlock `expected`.
    error LockPreimageMismatch(bytes32 lockId, bytes32 expected, bytes32 given);
    /// @notice Lock `lockId` reached its deadline `deadline`: only the refund remains.
    error LockExpired(bytes32 lockId, uint256 deadline);
    /// @notice Lock `lockId`'s deadline `deadline` has not come.
    error LockNotExpired(bytes32 lockId, uint256 deadline);
    /// @notice `margin` is outside [`min`, `max`].
    error SafetyMarginOutOfRange(uint256 margin, uint256 min, uint256 max);

    // ---------------------------------------------------------------- events

    /// @notice `sender` locked `amount` of `ledger` for `recipient` (see {LockView}); `payment` is the linked
    /// pacs.008 and quote, `paymentRef` its commitment.
    event Locked(
        bytes32 indexed lockId,
        address indexed sender,
        address indexed recipient,
        address ledger,
        uint256 amount,
        bytes32 hashlock,
        uint256 deadline,
        uint256 counterpartDeadline,
        bytes32 paymentRef,
        PaymentLink payment
    );
    /// @notice Lock `lockId` paid its recipient `recipient` against `preimage` (now public: the other leg can be
    /// claimed). If the recipient's bank recovered its wallet, the ledger's {IERC20-Transfer} names the replacement.
    event Claimed(bytes32 indexed lockId, address indexed recipient, bytes32 preimage);
    /// @notice Lock `lockId` went back to `sender` after its deadline; `sender` is the live address of the lock's
    /// sender (the wallet its bank recovered it to, if it was).
    event Refunded(bytes32 indexed lockId, address indexed sender, uint256 amount);
    /// @notice The second-leg safety margin changed, old -> new (seconds).
    event SafetyMarginSet(uint256 oldMargin, uint256 newMargin);

    // ---------------------------------------------------------------- functions

    /**
     * @notice Lock `terms.amount` of the caller's CBDC on `terms.ledger` for `terms.recipient`.
     * @dev The caller's call is its authority for the ledger's module payment. The lock id is
     * {lockIdOf}(caller, terms): the same terms cannot be locked twice.
     *
     * Requirements: ledger supported; 0 < amount <= 2^96 - 1; recipient non-zero and not the caller; hashlock
     * non-zero; now < deadline <= now + MAX_LOCK_DURATION; the quote not expired (now < quoteExpiry); UETR
     * and agents well formed; for a second leg (counterpartDeadline != 0), deadline + safetyMargin <=
     * counterpartDeadline; the caller mandated this contract on `terms.ledger` ({IDigitalTenge-setModuleMandate});
     * the ledger's payment rules.
     *
     * Emits {Locked} and the ledger's {IERC20-Transfer} events.
     */
    function lock(LockTerms calldata terms) external returns (bytes32 lockId);

    /**
     * @notice Pay lock `lockId` to its recipient against the secret whose sha256 is the hashlock. Anyone may
     * submit the secret; the money only goes to the recipient, at its live address on the lock's ledger (the
     * wallet its bank recovered it to, if it was: {LivePayouts-payLive}).
     * @dev Requirements: the lock is Locked; now < deadline; sha256(abi.encodePacked(preimage)) == hashlock.
     *
     * Emits {Claimed} and the ledger's {IERC20-Transfer} events.
     */
    function claim(bytes32 lockId, bytes32 preimage) external;

    /**
     * @notice From its deadline on, return lock `lockId` to its sender, at its live address on the lock's ledger
     * (the wallet its bank recovered it to, if it was). Anyone may call it.
     * @dev Requirements: the lock is Locked; now >= deadline.
     *
     * Emits {Refunded} and the ledger's {IERC20-Transfer} events.
     */
    function refund(bytes32 lockId) external;

    /**
     * @notice Set the least gap, in seconds, between a second leg's deadline and the first leg's.
     * @dev Requirements: caller has the operator's role; MIN_SAFETY_MARGIN <= margin <= MAX_SAFETY_MARGIN.
     *
     * Emits a {SafetyMarginSet} event.
     */
    function setSafetyMargin(uint256 margin) external;

    /// @notice Lock `lockId` (status None: no such lock).
    function lockOf(bytes32 lockId) external view returns (LockView memory);

    /// @notice The id a lock by `sender` with `terms` gets.
    function lockIdOf(address sender, LockTerms calldata terms) external view returns (bytes32);

    /// @notice The commitment to a payment: keccak256(abi.encode(uetr, debtorAgent, creditorAgent, quoteId,
    /// quoteExpiry)).
    function paymentRefOf(PaymentLink calldata payment) external pure returns (bytes32);

    /// @notice The least gap, in seconds, between a second leg's deadline and the first leg's.
    function safetyMargin() external view returns (uint256);
}
