// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IMoveToEarn
 * @notice The pilot's move-to-earn app. A sponsor funds a reward pool in DKZT; the app's oracle signs EIP-712
 * step attestations (account, day, steps, claim id, deadline); anybody (the app, the walker) submits one and the
 * walker is paid from a published schedule (steps -> tiyn), once per account per day, at most the daily cap.
 * @dev The pool is this contract's own DKZT balance on the ledger (a SystemContract account): no shadow balance.
 * The sponsor is the contract's owner (two-step transfer); it keeps the oracle keys (add, rotate, revoke), the
 * schedule (versioned, each version published in an event) and the cap. An attestation is rejected when replayed
 * (its claim id, or its account and day, already paid), expired (deadline passed), for a future day, signed for
 * another chain or contract (the EIP-712 domain binds both, so the signer recovered is not an oracle), forged, or
 * signed by a revoked key. A claim the pool cannot pay fails with {PoolInsufficient} and changes nothing.
 */
interface IMoveToEarn {
    /// @notice What the oracle signs.
    struct StepAttestation {
        address account; // the walker's DKZT account, paid
        uint32 day; // Almaty-local day index of the steps (as the ledger counts days)
        uint32 steps; // steps walked that day
        bytes32 claimId; // the app's unique id of this claim
        uint64 deadline; // unix time after which the attestation is void
    }

    /// @notice The zero address as an oracle key.
    error OracleZero();
    /// @notice `key` is already an active oracle key.
    error OracleAlreadyActive(address key);
    /// @notice `key` is not an active oracle key.
    error OracleNotActive(address key);
    /// @notice The attestation's deadline `deadline` has passed (now `time`).
    error AttestationExpired(bytes32 claimId, uint256 deadline, uint256 time);
    /// @notice The attestation is for day `day`, after today (`today`).
    error AttestationDayInFuture(uint256 day, uint256 today);
    /// @notice The attestation was signed by `signer`, not an active oracle key (forged, another chain or
    /// contract, or a revoked key).
    error AttestationSignerNotOracle(address signer);
    /// @notice Claim `claimId` was already paid.
    error ClaimAlreadyPaid(bytes32 claimId);
    /// @notice `account` was already paid for day `day`.
    error DayAlreadyClaimed(address account, uint256 day);
    /// @notice The claimant expected schedule version `expected`; version `current` is in force.
    error ScheduleVersionMismatch(uint256 expected, uint256 current);
    /// @notice The submitted table is not a schedule: `flaw` (StepSchedule.Flaw) at row `row`.
    error ScheduleInvalid(uint8 flaw, uint256 row);
    /// @notice `steps` is below the schedule's first threshold `minimum`: nothing to pay.
    error StepsBelowSchedule(uint256 steps, uint256 minimum);
    /// @notice The pool holds `pool`; the claim needs `reward`. Nothing was paid.
    error PoolInsufficient(uint256 pool, uint256 reward);
    /// @notice A zero amount where money must move.
    error AmountZero();
    /// @notice `cap` is above the largest (`max`).
    error CapTooLarge(uint256 cap, uint256 max);

    /// @notice The sponsor added oracle key `key`.
    event OracleAdded(address indexed key);
    /// @notice The sponsor revoked oracle key `key`: its attestations are no longer paid.
    event OracleRevoked(address indexed key);
    /// @notice The sponsor published schedule `version`: `thresholds[i]` steps earn `rewards[i]` tiyn.
    event ScheduleSet(uint32 indexed version, uint32[] thresholds, uint256[] rewards);
    /// @notice The sponsor changed the per-account daily cap, old -> new.
    event DailyCapSet(uint256 oldCap, uint256 newCap);
    /// @notice `from` added `amount` to the pool (now `pool`).
    event PoolFunded(address indexed from, uint256 amount, uint256 pool);
    /// @notice The sponsor took `amount` back from the pool (now `pool`).
    event PoolWithdrawn(address indexed to, uint256 amount, uint256 pool);
    /// @notice `account` was paid `paid` (scheduled `scheduled`, capped) for `steps` on `day`, claim `claimId`,
    /// under schedule `version`, attested by `oracle`.
    event RewardClaimed(
        address indexed account,
        uint32 indexed day,
        bytes32 indexed claimId,
        uint32 steps,
        uint256 scheduled,
        uint256 paid,
        uint32 version,
        address oracle
    );

    /**
     * @notice Pay the reward an oracle attested. Anybody may submit it; the attested account is paid.
     * @dev `expectedVersion` protects the claimant from a schedule change between signing and inclusion.
     *
     * Requirements: a valid EIP-712 signature of an active oracle key over `attestation` in this contract's
     * domain; deadline not passed; day not in the future; claim id and (account, day) not paid before; the
     * schedule in force is `expectedVersion` and the steps reach its first threshold; the pool holds the reward;
     * the ledger's rules for the payment to the account.
     *
     * Emits a {RewardClaimed} event.
     */
    function claim(
        StepAttestation calldata attestation,
        uint32 expectedVersion,
        bytes calldata signature
    ) external returns (uint256 paid);

    /**
     * @notice Add oracle key `key`.
     * @dev Requirements: caller is the sponsor; `key` non-zero and not active. Emits an {OracleAdded} event.
     */
    function addOracle(address key) external;

    /**
     * @notice Revoke oracle key `key`: its attestations, even signed before, are no longer paid.
     * @dev Requirements: caller is the sponsor; `key` active. Emits an {OracleRevoked} event.
     */
    function revokeOracle(address key) external;

    /**
     * @notice Replace oracle key `oldKey` by `newKey` in one step.
     * @dev Requirements: as {revokeOracle} for `oldKey` and {addOracle} for `newKey`.
     * Emits {OracleRevoked} and {OracleAdded} events.
     */
    function rotateOracle(address oldKey, address newKey) external;

    /**
     * @notice Publish a new schedule version: `thresholds` strictly increasing, `rewards[i]` tiyn for reaching
     * `thresholds[i]` steps.
     * @dev Requirements: caller is the sponsor; 1..16 rows; rewards non-zero and <= 2^96 - 1.
     * Emits a {ScheduleSet} event.
     */
    function setSchedule(uint32[] calldata thresholds, uint256[] calldata rewards) external returns (uint32 version);

    /**
     * @notice Set the most an account may be paid for one day.
     * @dev Requirements: caller is the sponsor; cap <= 2^96 - 1. Emits a {DailyCapSet} event.
     */
    function setDailyCap(uint256 cap) external;

    /**
     * @notice Move `amount` of the sponsor's DKZT into the pool.
     * @dev Requirements: caller is the sponsor; amount > 0; the ledger's rules. Emits a {PoolFunded} event.
     * (A plain DKZT transfer to this contract also adds to the pool, without the event.)
     */
    function fund(uint256 amount) external;

    /**
     * @notice Take `amount` back from the pool to the sponsor (the campaign ends).
     * @dev Requirements: caller is the sponsor; 0 < amount <= pool. Emits a {PoolWithdrawn} event.
     */
    function withdraw(uint256 amount) external;

    /// @notice The pool: this contract's DKZT balance.
    function pool() external view returns (uint256);

    /// @notice The schedule in force: its version, thresholds and rewards.
    function schedule() external view returns (uint32 version, uint32[] memory thresholds, uint256[] memory rewards);

    /// @notice What `steps` would be paid now (scheduled reward, capped).
    function rewardFor(uint256 steps) external view returns (uint256);

    /// @notice The per-account daily cap.
    function dailyCap() external view returns (uint256);

    /// @notice Whether `key` is an active oracle key.
    function isOracle(address key) external view returns (bool);

    /// @notice Whether claim `claimId` was paid.
    function isClaimPaid(bytes32 claimId) external view returns (bool);

    /// @notice Whether `account` was paid for `day`.
    function isDayClaimed(address account, uint32 day) external view returns (bool);

    /**
     * @notice The sponsor (owner): the live wallet of the account the campaign was given to. After the sponsor's
     * bank recovers its wallet ({IDigitalTenge-recoveredTo}, followed transitively), the replacement holds every
     * sponsor power and receives withdrawals; the lost key holds none.
     */
    function owner() external view returns (address);

    /// @notice The ledger the pool is held on.
    function ledger() external view returns (address);
}
