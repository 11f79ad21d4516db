// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IOfflinePurses
 * @notice Offline DKZT payments: a customer moves DKZT into an offline purse bound to a device key (its secure
 * element) that its bank certified; offline, the device signs cheques that the payee's device verifies without
 * any network; online again, anyone redeems them, one by one or in batches, and each cheque pays once.
 * @dev The rules, in one place (docs/offline.md tells the story):
 *
 * - Purse = device key. A purse is identified by its device key's address: the key that signs its cheques. One
 *   key, one purse, for life: a closed purse is never reopened (its serials are spent), a new purse needs a new key.
 * - Certificate. The owner's bank of record certifies the purse with an EIP-712 {PurseCertificate} signed by the
 *   bank's key. The same signed statement is verified offline by payees' devices and on-chain by {registerPurse},
 *   which anyone may submit (the owner, the bank, or a payee holding cheques of an unregistered purse).
 * - Caps. A purse holds at most its certificate's `capAmount` and settles at most `maxPayments` cheques (serials
 *   0 .. maxPayments-1); the central bank bounds both ({OfflineLimits}, e.g. e-CNY's RMB 500 and 10 payments).
 * - Deadlines. The device signs until the certificate's `expiry`; cheques settle until the purse's `settleBy`
 *   (expiry + grace period, shortened to now + grace when the owner closes the purse or the bank revokes the
 *   device). After `settleBy` the owner reclaims what is left ({reclaim}).
 * - Settlement is first-come on-chain. A cheque pays if its signature is the purse's, the purse still settles,
 *   the cheque has not expired, its serial is in range and unspent, and the purse's balance covers it.
 * - Double spending is a device fault: an honest secure element never signs two cheques with one serial nor more
 *   than the purse holds. A second, different cheque for a spent serial, or a fresh-serial cheque above the
 *   remaining balance, is rejected in full, the purse is frozen, the evidence is emitted and a loss claim for
 *   the cheque's full amount is recorded against the bank that certified the device. That bank covers it from its
 *   own DKZT ({coverLossClaim}) and takes what is left in the frozen purse after `settleBy` ({sweepFrozenPurse}).
 *   No money is created: the payee is paid by the bank, and the purse pays only what it held.
 * - Replays are not fraud: each spent serial keeps a 16-bit fingerprint of the cheque that spent it, so presenting
 *   the same cheque again is rejected as {ChequeAlreadyRedeemed} and freezes nothing. A device key holder who grinds
 *   a different cheque to the same fingerprint gains nothing (the cheque is still rejected); its payee proves the
 *   double spend with both signed cheques ({reportDoubleSpend}).
 * - One claim or one payment. A loss claim is for a cheque that did not pay. If the claimed cheque pays after all
 *   (the cheque that had spent its serial was given back in its batch, or the purse's balance came back), the
 *   claim is void: its bank cannot cover it ({LossClaimChequeRedeemed}). If the bank covered it first, the cheque
 *   no longer pays ({ChequeLossCovered}): its payee was paid once, by the bank, which takes what the frozen purse
 *   still holds ({sweepFrozenPurse}).
 * - One ledger. Every purse's DKZT sits in this contract's own SystemContract account in the ledger; the sum of
 *   purse balances is {totalHeld}, which equals that ledger balance. Claims hold no money. A cheque payable to
 *   this contract itself is refused ({ChequePayeeIsModule}): paying it would leave money in that account that
 *   belongs to no purse.
 * - Wallet recovery. Owners and payees are kept as given and resolved, when they act or are paid, to their live
 *   address: the wallet their bank recovered them to ({IDigitalTenge-recoveredTo}, followed transitively). The
 *   replacement funds, closes and reclaims the purse; cheques and covered claims pay the replacement.
 * - Bank suspension. Every bank power here ({revokeDevice}, {sweepFrozenPurse}, {coverLossClaim}) and every
 *   certificate ({registerPurse}) requires a registered, unsuspended bank: the ledger's
 *   {IDigitalTenge-BankNotRegistered} or {IDigitalTenge-BankIsSuspended} otherwise.
 */
interface IOfflinePurses {
    // ---------------------------------------------------------------- types

    /// @notice A cheque, signed offline by the purse's device key (EIP-712 typed data, this contract's domain).
    struct Cheque {
        address purse; // the device key that signs, which is also the purse's id
        address payee; // the DKZT account paid on redemption
        uint48 amount; // tiyn
        uint8 serial; // 0 .. the purse's maxPayments - 1; each pays once
        uint40 expiry; // unix seconds: redeem no later than this
    }

    /// @notice A cheque with its device signature in ERC-2098 compact form (r, yParity and s in `vs`).
    struct SignedCheque {
        Cheque cheque;
        bytes32 r;
        bytes32 vs;
    }

    /// @notice A purse certificate: the owner's bank of record attests the device key (its secure element).
    struct PurseCertificate {
        address purse; // the device key
        address owner; // the DKZT account that funds and reclaims the purse
        address bank; // the owner's bank of record, which signs this certificate
        uint48 capAmount; // tiyn: most the purse may hold
        uint8 maxPayments; // most cheques the purse settles
        uint40 expiry; // unix seconds: the device signs cheques until then
    }

    /// @notice The central bank's bounds on offline purses.
    struct OfflineLimits {
        uint48 maxAmount; // tiyn: the largest capAmount a certificate may give
        uint8 maxPayments; // the largest maxPayments a certificate may give (at most MAX_PAYMENTS)
        uint32 maxValidity; // seconds: the longest a certificate may run from its registration
        uint32 gracePeriod; // seconds: how long cheques keep settling after expiry, closing or revocation
    }

    /// @notice Which bound of {OfflineLimits} a value broke.
    enum LimitField {
        MaxAmount,
        MaxPayments,
        MaxValidity,
        GracePeriod
    }

    /// @notice A purse's state, the most serious first: Closed, Frozen, Revoked, Closing, Active.
    enum PurseStatus {
        None, // never registered
        Active, // funded and spent normally
        Closing, // the owner asked to close: settles until settleBy, then the owner reclaims
        Revoked, // the bank revoked the device key (lost device): settles until settleBy, then the owner reclaims
        Frozen, // a double spend was detected: settles until settleBy, then the bank sweeps what is left
        Closed // reclaimed or swept: nothing left, for good
    }

    /// @notice A purse as the contract sees it.
    struct PurseView {
        PurseStatus status;
        address owner;
        address bank;
        uint256 balance;
        uint256 capAmount;
        uint8 maxPayments;
        uint8 settledPayments;
        uint40 expiry;
        uint40 settleBy;
        bool frozen;
        bool revoked;
        bool closing;
        bool closed;
    }

    /// @notice A payee's loss from a double-spent cheque, owed by the bank that certified the device.
    struct LossClaim {
        address purse;
        uint48 amount;
        uint8 serial;
        bool covered;
        address payee;
        address bank;
        bytes32 chequeDigest;
    }

    // ---------------------------------------------------------------- errors: configuration and purses

    /// @notice `value` for `field` is outside [`min`, `max`].
    error LimitOutOfRange(LimitField field, uint256 value, uint256 min, uint256 max);
    /// @notice The zero address where a purse key, owner or payee is needed.
    error ZeroAddress();
    /// @notice A zero amount where money must move.
    error ZeroAmount();
    /// @notice The certificate for `purse` is not signed by `bank` (the key that signed it is `signer`; zero when
    /// the signature is malformed).
    error CertificateSignatureInvalid(address purse, address signer, address bank);
    /// @notice `owner` is not a registered, open ledger account.
    error OwnerNotRegistered(address owner);
    /// @notice `bank` is not `account`'s bank of record, so it may not certify its purse.
    error NotBankOfRecord(address bank, address account);
    /// @notice The certificate gives `purse` a cap of `capAmount`, above the limit `maxAmount` (or zero).
    error CertificateCapOutOfRange(address purse, uint256 capAmount, uint256 maxAmount);
    /// @notice The certificate gives `purse` `maxPayments` payments, outside 1 .. `limit`.
    error CertificatePaymentsOutOfRange(address purse, uint256 maxPayments, uint256 limit);
    /// @notice The certificate's `expiry` is not in (now, `latest`].
    error CertificateExpiryOutOfRange(address purse, uint256 expiry, uint256 latest);
    /// @notice `purse` (its device key) was registered before: one key, one purse, for life.
    error PurseAlreadyRegistered(address purse);
    /// @notice No purse is registered for device key `purse`.
    error PurseUnknown(address purse);
    /// @notice `caller` is not `purse`'s owner.
    error NotPurseOwner(address purse, address caller);
    /// @notice `caller` is not the bank that certified `purse`.
    error NotPurseBank(address purse, address caller);
    /// @notice `purse` is `status`, which does not allow this.
    error PurseNotActive(address purse, PurseStatus status);
    /// @notice `purse`'s certificate expired at `expiry`: it takes no more funds.
    error PurseExpired(address purse, uint256 expiry);
    /// @notice Funding would take `purse` to `attempted`, above its cap `cap`.
    error PurseCapExceeded(address purse, uint256 cap, uint256 attempted);
    /// @notice `purse` still settles cheques until `settleBy`.
    error PurseStillSettling(address purse, uint256 settleBy);
    /// @notice `purse`'s device key is already revoked.
    error DeviceAlreadyRevoked(address purse);
    /// @notice `purse` is not frozen, so its bank may not sweep it.
    error PurseNotFrozen(address purse);

    // ---------------------------------------------------------------- errors: cheques
    // A single {redeem} reverts with these; a batch reports them in {ChequeRejected} as the ABI-encoded error.

    /// @notice The cheque is not signed by `purse`'s device key (`signer` recovered; zero when malformed).
    error ChequeSignatureInvalid(address purse, address signer);
    /// @notice `purse` settled its last cheque at `settleBy`.
    error PurseSettlementClosed(address purse, uint256 settleBy);
    /// @notice The cheque `serial` of `purse` expired at `expiry`.
    error ChequeExpired(address purse, uint8 serial, uint256 expiry);
    /// @notice `serial` is not below `purse`'s `maxPayments`.
    error ChequeSerialOutOfRange(address purse, uint8 serial, uint256 maxPayments);
    /// @notice The cheque `serial` of `purse` is for zero tiyn.
    error ChequeAmountZero(address purse, uint8 serial);
    /// @notice The cheque `serial` of `purse` pays the zero address.
    error ChequePayeeZero(address purse, uint8 serial);
    /// @notice The cheque `serial` of `purse` pays this contract itself: that money would belong to no purse.
    error ChequePayeeIsModule(address purse, uint8 serial);
    /// @notice The loss claim `claimId` on this cheque (`serial` of `purse`) was covered by its bank: the payee was
    /// paid once, so the cheque pays no more.
    error ChequeLossCovered(address purse, uint8 serial, uint256 claimId);
    /// @notice This very cheque (`serial` of `purse`) was redeemed before: it pays once.
    error ChequeAlreadyRedeemed(address purse, uint8 serial);
    /// @notice This cheque was already rejected as a double spend and recorded as loss claim `claimId`.
    error ChequeAlreadyClaimed(address purse, uint8 serial, uint256 claimId);
    /// @notice Rejection reason: a different cheque already spent `serial` of `purse`; loss claim `claimId`.
    error ChequeDoubleSpent(address purse, uint8 serial, uint256 claimId);
    /// @notice Rejection reason: `purse` held only `available` for the cheque `serial`; loss claim `claimId`.
    error ChequeOverspent(address purse, uint8 serial, uint256 available, uint256 claimId);
    /// @notice The two cheques given to {reportDoubleSpend} do not prove a double spend of `serial` of `purse`.
    error DoubleSpendNotProven(address purse, uint8 serial);

    // ---------------------------------------------------------------- errors: batches and claims

    /// @notice The batch holds no cheque.
    error BatchEmpty();
    /// @notice The batch's cheque bytes (`length`) are not a whole number of records.
    error BatchMalformed(uint256 length);
    /// @notice Cheque number `cheque` of the batch names purse `index` of a table holding `length` purses.
    error BatchPurseIndexOutOfRange(uint256 cheque, uint256 index, uint256 length);
    /// @notice Cheque number `cheque` of the batch names payee `index` of a table holding `length` payees.
    error BatchPayeeIndexOutOfRange(uint256 cheque, uint256 index, uint256 length);
    /// @notice The batch's purse table is not strictly increasing at entry `index` (each purse appears once).
    error BatchPursesUnordered(uint256 index);
    /// @notice No loss claim `claimId`.
    error LossClaimUnknown(uint256 claimId);
    /// @notice `caller` is not the bank loss claim `claimId` is against.
    error NotClaimBank(uint256 claimId, address caller);
    /// @notice Loss claim `claimId` was already covered.
    error LossClaimAlreadyCovered(uint256 claimId);
    /// @notice The cheque of loss claim `claimId` has paid since (its serial holds its fingerprint): the claim is void.
    error LossClaimChequeRedeemed(uint256 claimId);

    // ---------------------------------------------------------------- events

    /// @notice The central bank changed the offline limits, old -> new.
    event LimitsSet(OfflineLimits oldLimits, OfflineLimits newLimits);
    /// @notice `bank` certified purse `purse` of `owner`; it settles cheques until `settleBy`.
    event PurseRegistered(
        address indexed purse,
        address indexed owner,
        address indexed bank,
        uint256 capAmount,
        uint8 maxPayments,
        uint40 expiry,
        uint40 settleBy
    );
    /// @notice `owner` moved `amount` into `purse`, which now holds `balance`.
    event PurseFunded(address indexed purse, address indexed owner, uint256 amount, uint256 balance);
    /// @notice `owner` asked to close `purse`: it settles until `newSettleBy` (was `oldSettleBy`).
    event PurseCloseRequested(address indexed purse, address indexed owner, uint40 oldSettleBy, uint40 newSettleBy);
    /// @notice `bank` revoked `purse`'s device key: it settles until `newSettleBy` (was `oldSettleBy`).
    event DeviceRevoked(address indexed purse, address indexed bank, uint40 oldSettleBy, uint40 newSettleBy);
    /// @notice `owner` took back the `amount` left in `purse`, now closed.
    event PurseReclaimed(address indexed purse, address indexed owner, uint256 amount);
    /// @notice `bank` took the `amount` left in frozen `purse`, now closed, as recourse for its loss claims.
    event FrozenPurseSwept(address indexed purse, address indexed bank, uint256 amount);
    /// @notice Cheque `serial` of `purse` (EIP-712 digest `digest`) paid `amount` to `payee` (the cheque's payee,
    /// or the wallet its bank recovered it to).
    event ChequeRedeemed(address indexed purse, address indexed payee, uint8 serial, uint256 amount, bytes32 digest);
    /// @notice Cheque `serial` of `purse` was not paid; `reason` is the ABI-encoded custom error (this contract's,
    /// or the ledger's when the payee's account could not receive).
    event ChequeRejected(
        address indexed purse,
        address indexed payee,
        uint8 serial,
        uint256 amount,
        bytes32 digest,
        bytes reason
    );
    /// @notice Evidence: signed cheque `rejected` spends `serial` of `purse`, already spent by the cheque whose
    /// fingerprint is `settledFingerprint` (its full text is in its {ChequeRedeemed} log, found by purse and
    /// serial, and in its redemption's calldata). Loss claim `claimId`.
    event DuplicateSerialDetected(
        address indexed purse,
        uint256 indexed claimId,
        uint8 indexed serial,
        SignedCheque rejected,
        uint16 settledFingerprint
    );
    /// @notice Evidence: signed cheque `rejected` asks more than the `available` left in `purse` after the cheques
    /// settled before it. Loss claim `claimId`.
    event OverspendDetected(address indexed purse, uint256 indexed claimId, SignedCheque rejected, uint256 available);
    /// @notice Evidence: two different signed cheques of `purse` for one serial, `settled` (which spent it) and
    /// `unpaid`. Loss claim `claimId` is for `unpaid`.
    event DoubleSpendProven(address indexed purse, uint256 indexed claimId, SignedCheque settled, SignedCheque unpaid);
    /// @notice `purse` was frozen on its first double spend (loss claim `claimId`); it settles until `settleBy`.
    event PurseFrozen(address indexed purse, uint256 indexed claimId, uint40 settleBy);
    /// @notice Loss claim `claimId`: `bank` owes `payee` `amount` for the double-spent cheque `chequeDigest`.
    event LossClaimRecorded(
        uint256 indexed claimId,
        address indexed bank,
        address indexed payee,
        address purse,
        uint256 amount,
        bytes32 chequeDigest
    );
    /// @notice `bank` paid `payee` (the claim's payee, at its live address) `amount` from its own DKZT, covering
    /// loss claim `claimId`.
    event LossClaimCovered(uint256 indexed claimId, address indexed bank, address indexed payee, uint256 amount);

    // ---------------------------------------------------------------- central bank

    /**
     * @notice Set the offline limits for purses registered from now on (and the grace period used by closings and
     * revocations from now on); existing purses keep their certificates.
     * @dev Requirements: caller has the central bank's role; 0 < maxAmount <= MAX_PURSE_AMOUNT;
     * 1 <= maxPayments <= MAX_PAYMENTS; MIN_VALIDITY <= maxValidity <= MAX_VALIDITY;
     * MIN_GRACE <= gracePeriod <= MAX_GRACE.
     *
     * Emits a {LimitsSet} event.
     */
    function setLimits(OfflineLimits calldata limits) external;

    // ---------------------------------------------------------------- purses

    /**
     * @notice Register the purse that `certificate` describes: the bank's signed attestation of the device key.
     * @dev Anyone may submit it (the owner, the bank, or a payee holding cheques of a purse nobody registered):
     * the authority is the bank's signature, (`r`, `vs`) in ERC-2098 compact form, over the EIP-712
     * {PurseCertificate}. The purse settles until expiry + the grace period.
     *
     * Requirements: purse and owner non-zero; the purse key never registered; the signature is `bank`'s; `bank` is
     * the owner's bank of record in the ledger, registered and not suspended (the ledger's errors); 0 < capAmount <= limits.maxAmount;
     * 1 <= maxPayments <= limits.maxPayments; now < expiry <= now + limits.maxValidity.
     *
     * Emits a {PurseRegistered} event.
     */
    function registerPurse(PurseCertificate calldata certificate, bytes32 r, bytes32 vs) external;

    /**
     * @notice Move `amount` of the caller's DKZT into its purse `purse` (an online top-up; the device learns its
     * new balance when it syncs).
     * @dev The ledger moves the DKZT from the owner to this contract's account (`moduleTransfer` on the owner's
     * authority: the owner is the caller), so every ledger rule applies: pause, frozen or blocked owner, the
     * owner's daily limit.
     *
     * Requirements: caller is the purse's owner (its live address after wallet recovery); the purse is Active and
     * its certificate not expired;
     * amount > 0; balance + amount <= capAmount; the ledger transfer rules.
     *
     * Emits {PurseFunded} and the ledger's {IERC20-Transfer} events.
     */
    function fund(address purse, uint256 amount) external;

    /**
     * @notice Start closing the caller's purse: it settles outstanding cheques for one grace period more, then
     * the owner reclaims what is left.
     * @dev The owner should also tell its device to stop signing; cheques it signs meanwhile still settle until
     * the new `settleBy`, not after.
     *
     * Requirements: caller is the purse's owner (its live address after wallet recovery); the purse is Active.
     *
     * Emits a {PurseCloseRequested} event.
     */
    function closePurse(address purse) external;

    /**
     * @notice Take back what is left in the caller's purse once it no longer settles, and close it for good.
     * @dev Works for a purse that is closing, revoked, or simply past its certificate's expiry, once `settleBy`
     * has passed; a frozen purse goes to its bank instead ({sweepFrozenPurse}).
     *
     * Requirements: caller is the purse's owner (its live address after wallet recovery), which is paid; the purse
     * is not frozen or closed; now > settleBy; the ledger transfer rules (the owner's account can receive).
     *
     * Emits {PurseReclaimed} and (when something is left) the ledger's {IERC20-Transfer} events.
     */
    function reclaim(address purse) external;

    // ---------------------------------------------------------------- banks

    /**
     * @notice Revoke `purse`'s device key (a lost or stolen device): cheques keep settling for one grace period,
     * then the owner reclaims what is left.
     * @dev Payees learn of revocations when they sync; a cheque signed before the revocation and presented
     * within the grace period still pays (nothing on-chain can tell when an offline cheque was signed).
     *
     * Requirements: caller has the bank role, is an active (registered, unsuspended) bank and is the bank that
     * certified the purse; the purse is not closed and not already revoked.
     *
     * Emits a {DeviceRevoked} event.
     */
    function revokeDevice(address purse) external;

    /**
     * @notice The certifying bank takes what is left in frozen purse `purse` once it no longer settles, as
     * recourse for the loss claims it covers; the purse closes for good.
     * @dev Requirements: caller has the bank role, is an active bank and is the bank that certified the purse; the
     * purse is frozen and not closed; now > settleBy.
     *
     * Emits {FrozenPurseSwept} and (when something is left) the ledger's {IERC20-Transfer} events.
     */
    function sweepFrozenPurse(address purse) external;

    /**
     * @notice The bank pays loss claim `claimId` from its own DKZT to the payee of the double-spent cheque.
     * @dev The bank should first match the claim with the purse's {ChequeRedeemed} logs (for a claim proven by
     * {reportDoubleSpend} with two cheques of one fingerprint, which of them settled is only in those logs).
     *
     * The payee is paid at its live address (after wallet recovery).
     *
     * Requirements: caller has the bank role, is an active bank and is the bank the claim is against; the claim is
     * not covered yet; its cheque has not paid since ({LossClaimChequeRedeemed}); the ledger transfer rules (the
     * bank can pay, the payee can receive).
     *
     * Emits {LossClaimCovered} and the ledger's {IERC20-Transfer} events.
     */
    function coverLossClaim(uint256 claimId) external;

    // ---------------------------------------------------------------- redemption

    /**
     * @notice Redeem one cheque, signed by its purse's device key.
     * @dev Anyone may redeem on the payee's behalf: the money only goes to `cheque.payee` (or, when its bank
     * recovered that wallet, to the replacement). Returns true when the
     * cheque paid. A double-spent cheque does not revert: it is rejected (returns false), the purse is frozen, the
     * evidence and a loss claim are recorded, and a {ChequeRejected} event gives the reason.
     *
     * Requirements (else the call reverts with the error named): not paused ({IDigitalTenge-LedgerPaused}); a
     * valid signature ({ChequeSignatureInvalid}); a registered purse ({PurseUnknown}) that still settles
     * ({PurseSettlementClosed}); now <= expiry ({ChequeExpired}); serial < maxPayments ({ChequeSerialOutOfRange});
     * amount > 0 ({ChequeAmountZero}); a payee ({ChequePayeeZero}) that is not this contract
     * ({ChequePayeeIsModule}); not this very cheque again ({ChequeAlreadyRedeemed}); not a double spend recorded
     * before ({ChequeAlreadyClaimed}); not a cheque whose loss claim its bank covered ({ChequeLossCovered}); the
     * payee can receive (the ledger's errors).
     *
     * Emits {ChequeRedeemed} and the ledger's {IERC20-Transfer}; or, on a double spend, {ChequeRejected},
     * {DuplicateSerialDetected} or {OverspendDetected}, {LossClaimRecorded} and (first time) {PurseFrozen}.
     */
    function redeem(SignedCheque calldata signed) external returns (bool paid);

    /**
     * @notice Redeem a batch of cheques that may mix payees and purses. Good cheques pay; each bad one is reported
     * by a {ChequeRejected} event with its reason, and changes nothing (double spends excepted: they freeze the
     * purse and record a loss claim, as in {redeem}).
     * @dev Tight encoding, built by src/offline (encodeBatch): `purses` and `payees` are tables of the addresses
     * used, and `cheques` holds CHEQUE_RECORD_BYTES = 78 bytes per cheque, big-endian:
     * purse index (1) | payee index (1) | amount (6) | serial (1) | expiry (5) | r (32) | vs (32).
     * Cheques are judged in order, so of two cheques with one serial the first in the batch wins. Each payee is
     * credited once with the sum of its good cheques. A payee whose wallet its bank recovered is credited at the
     * replacement (and named so in {ChequeRedeemed}). When the ledger refuses a payee's account (not registered,
     * frozen), that payee's cheques are rejected with the ledger's error; above its holding limit, its cheques are
     * credited one by one and only those that do not fit are rejected. A cheque rejected so is given back to its
     * purse (serial unspent, balance restored) and stays redeemable later.
     * Returns how many cheques paid and the tiyn they paid.
     *
     * Requirements: not paused; at least one cheque; whole records; the purse table strictly increasing (each
     * purse once); indices within the tables; any ledger error
     * that is not about a payee (a frozen offline module, for instance) reverts the whole batch.
     *
     * Emits per cheque {ChequeRedeemed} or {ChequeRejected}, the evidence events of {redeem} for double spends,
     * and one ledger {IERC20-Transfer} per paid payee.
     */
    function redeemBatch(
        address[] calldata purses,
        address[] calldata payees,
        bytes calldata cheques
    ) external returns (uint256 paidCount, uint256 paidAmount);

    /**
     * @notice Prove a double spend with two different cheques, both signed by the purse, for one serial: `settled`
     * (the cheque that spent the serial) and `unpaid`. Freezes the purse and records a loss claim for `unpaid`.
     * @dev The fallback for a payee whose cheque was rejected as {ChequeAlreadyRedeemed} although it differs from
     * the settled one (a device key holder can grind a cheque to a settled one's 16-bit fingerprint); the settled
     * cheque's text is in its redemption's calldata. Anyone may report; the claim is for `unpaid.payee`.
     *
     * Requirements: both signatures are the purse's; same purse and serial, different cheques; the purse still
     * settles; `settled` matches the serial's fingerprint on record ({DoubleSpendNotProven} otherwise); `unpaid`
     * not expired, for a non-zero amount and a payee that is not this contract, and not claimed before.
     *
     * Emits {DoubleSpendProven}, {LossClaimRecorded} and (first time) {PurseFrozen}.
     */
    function reportDoubleSpend(
        SignedCheque calldata settled,
        SignedCheque calldata unpaid
    ) external returns (uint256 claimId);

    // ---------------------------------------------------------------- views

    /// @notice The ledger this contract holds its DKZT in.
    function ledger() external view returns (address);

    /// @notice The offline limits in force.
    function limits() external view returns (OfflineLimits memory);

    /// @notice Purse `purse` (status None when not registered).
    function purseOf(address purse) external view returns (PurseView memory);

    /// @notice The fingerprint of the cheque that spent `serial` of `purse` (0: unspent).
    function serialFingerprint(address purse, uint8 serial) external view returns (uint16);

    /// @notice The sum of all purse balances: this contract's balance in the ledger.
    function totalHeld() external view returns (uint256);

    /// @notice Loss claim `claimId` (purse zero when there is none).
    function lossClaim(uint256 claimId) external view returns (LossClaim memory);

    /// @notice The loss claim recorded for the cheque with EIP-712 digest `digest` (0: none).
    function lossClaimOfCheque(bytes32 digest) external view returns (uint256);

    /// @notice Number of loss claims recorded (ids run 1..lossClaimCount).
    function lossClaimCount() external view returns (uint256);

    /// @notice The EIP-712 digest a device signs for `cheque`.
    function hashCheque(Cheque calldata cheque) external view returns (bytes32);

    /// @notice The EIP-712 digest a bank signs for `certificate`.
    function hashCertificate(PurseCertificate calldata certificate) external view returns (bytes32);
}
