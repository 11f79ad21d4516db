// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IGoldBarRegistry
 * @notice The vault's register of physical gold bars as the custodian attests them, with the LBMA good-delivery
 * fields: serial, refiner, gross weight, fineness, fine weight and vault. Weights are in milligrams, fineness in
 * parts per ten thousand (999.9 is 9_999).
 * @dev A bar moves through these states:
 *
 *     None/Removed --addBar--> Attested --mintAgainstBar--> Backing --redeemBar--> Released (final)
 *                                  \--removeBar--> Removed
 *
 * Only an Attested bar (one no token was minted against) can be removed; a Backing bar leaves the vault only by a
 * holder's physical redemption, which burns its fine weight in tokens; a Released bar never backs tokens again.
 */
interface IGoldBarRegistry {
    enum BarStatus {
        None, // never attested
        Attested, // in the vault, not yet backing tokens
        Backing, // in the vault, tokens minted against it
        Released, // delivered to a redeeming holder: gone for good
        Removed // taken off the register by the custodian before backing anything
    }

    /// @notice One bar as attested.
    struct Bar {
        bytes32 serial; // the refiner's serial number
        bytes32 refiner; // LBMA refiner (name or code)
        bytes32 vault; // where the bar sits (vault code)
        uint64 grossWeightMg; // gross weight, mg
        uint64 fineWeightMg; // fine gold, mg
        uint16 fineness; // parts per 10 000
        BarStatus status;
    }

    /// @notice Gold in the vault against tokens.
    struct GoldReserve {
        uint256 barsInVault; // Attested + Backing bars
        uint256 attestedFineMg; // fine gold in all bars in the vault
        uint256 backingFineMg; // of which in bars backing tokens
        uint256 supplyUnits; // token supply, 1 unit = 1 microgram
        uint256 attestedUnits; // attestedFineMg in token units: supplyUnits <= attestedUnits always
    }

    // ---------------------------------------------------------------- errors

    /// @notice Serial, refiner and vault must all be given.
    error BarIdentityMissing(bytes32 serial, bytes32 refiner, bytes32 vault);
    /// @notice `fineness` (per 10 000) is outside good delivery's [min, max].
    error BarFinenessOutOfRange(uint256 fineness, uint256 min, uint256 max);
    /// @notice `grossWeightMg` is zero or above `max`.
    error BarWeightOutOfRange(uint256 grossWeightMg, uint256 max);
    /// @notice The attested fine weight is zero or above what the gross weight and fineness allow.
    error BarFineWeightInvalid(uint256 fineWeightMg, uint256 maxFineWeightMg);
    /// @notice Bar `barId` is already on the register with `status`.
    error BarAlreadyRegistered(bytes32 barId, BarStatus status);
    /// @notice Bar `barId` is `status`, but the action needs `required`.
    error BarStatusMismatch(bytes32 barId, BarStatus status, BarStatus required);

    // ---------------------------------------------------------------- events

    /// @notice The custodian attested bar `barId`.
    event BarAttested(
        bytes32 indexed barId,
        bytes32 indexed serial,
        bytes32 indexed refiner,
        bytes32 vault,
        uint256 grossWeightMg,
        uint256 fineness,
        uint256 fineWeightMg
    );
    /// @notice The custodian removed bar `barId` (not backing tokens) under reference `ref`.
    event BarRemoved(bytes32 indexed barId, bytes32 ref);

    // ---------------------------------------------------------------- custodian

    /**
     * @notice Attest a bar in the vault.
     * @dev Requirements: caller has the custodian role; serial, refiner and vault non-zero; fineness within good
     * delivery (995.0 to 1000.0); 0 < gross weight <= MAX_GROSS_WEIGHT_MG; 0 < fine weight <=
     * floor(gross x fineness / 10 000); the bar is new (or was removed before).
     *
     * Emits a {BarAttested} event.
     * @return barId keccak256(abi.encode(refiner, serial)): serials are unique per refiner.
     */
    function addBar(
        bytes32 serial,
        bytes32 refiner,
        bytes32 vault,
        uint256 grossWeightMg,
        uint256 fineness,
        uint256 fineWeightMg
    ) external returns (bytes32 barId);

    /**
     * @notice Take bar `barId` off the register: only while no token was minted against it.
     * @dev Requirements: caller has the custodian role; the bar is Attested. Emits a {BarRemoved} event.
     */
    function removeBar(bytes32 barId, bytes32 ref) external;

    // ---------------------------------------------------------------- views

    /// @notice Bar `barId` (status None when unknown).
    function barOf(bytes32 barId) external view returns (Bar memory);

    /// @notice The id of the bar `serial` from `refiner`.
    function barIdOf(bytes32 refiner, bytes32 serial) external pure returns (bytes32);

    /// @notice How many bars were ever attested (ids in attestation order, see {barIdAt}).
    function barCount() external view returns (uint256);

    /// @notice The id of the `index`-th bar ever attested.
    function barIdAt(uint256 index) external view returns (bytes32);

    /// @notice Gold in the vault against the token supply.
    function goldReserve() external view returns (GoldReserve memory);
}
