// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IMerchantRegistry
 * @notice Merchants as their acquiring bank onboarded them: category (MCC), VAT registration and settlement
 * preference. The acquiring bank is the merchant's bank of record on the ledger; only it manages the record, and
 * only while it is an active bank: every function here first requires the caller to be a registered, unsuspended
 * bank of the ledger, else it reverts with the ledger's {IDigitalTenge-BankNotRegistered} or
 * {IDigitalTenge-BankIsSuspended}.
 */
interface IMerchantRegistry {
    /// @notice What happens to a merchant's net receipts.
    enum Settlement {
        KeepDigital, // keep DKZT
        ConvertToNonCash // each payment's net is redeemed at the merchant's bank in the same transaction
    }

    /// @notice A merchant's record (no personal data: the VAT registration is an opaque reference).
    // Five bytes, one storage slot: the rule's heuristic misreads the enum's size.
    // solhint-disable-next-line gas-struct-packing
    struct MerchantRecord {
        bool registered;
        bool vatPayer;
        Settlement settlement;
        uint16 mcc;
    }

    /// @notice `merchant` is not an onboarded merchant.
    error MerchantNotRegistered(address merchant);
    /// @notice `merchant` is already onboarded.
    error MerchantAlreadyRegistered(address merchant);
    /// @notice `bank` is not `merchant`'s bank of record, so it is not its acquiring bank.
    error NotAcquiringBank(address bank, address merchant);
    /// @notice `account` is not a registered Merchant account of the ledger.
    error MerchantAccountInvalid(address account);
    /// @notice `mcc` is not a four-digit ISO 18245 merchant category code.
    error MccInvalid(uint256 mcc);

    /// @notice `bank` onboarded `merchant` with MCC `mcc`, VAT registration `vatRegRef` (zero: not a VAT payer).
    event MerchantOnboarded(
        address indexed merchant,
        address indexed bank,
        uint16 mcc,
        bytes32 vatRegRef,
        Settlement settlement
    );
    /// @notice `merchant`'s VAT registration changed, old -> new (`vatRegRef` zero: deregistered).
    event MerchantVatRegistrationChanged(
        address indexed merchant,
        bool oldVatPayer,
        bool newVatPayer,
        bytes32 vatRegRef
    );
    /// @notice `merchant`'s settlement preference changed, old -> new.
    event MerchantSettlementChanged(address indexed merchant, Settlement oldSettlement, Settlement newSettlement);
    /// @notice `merchant`'s category code changed, old -> new.
    event MerchantMccChanged(address indexed merchant, uint16 oldMcc, uint16 newMcc);
    /// @notice `bank` offboarded `merchant`: it takes no more invoice payments.
    event MerchantOffboarded(address indexed merchant, address indexed bank);

    /**
     * @notice The acquiring bank onboards `merchant`.
     * @dev `vatRegRef` is an opaque reference to the VAT registration certificate (zero: not a VAT payer).
     *
     * Requirements: caller has the bank role, is an active bank and is `merchant`'s bank of record; `merchant` is
     * a registered Merchant account of the ledger, not onboarded here yet; mcc is 1..9999.
     *
     * Emits a {MerchantOnboarded} event.
     */
    function onboardMerchant(address merchant, uint16 mcc, bytes32 vatRegRef, Settlement settlement) external;

    /**
     * @notice The acquiring bank records `merchant`'s VAT registration (`vatRegRef` non-zero) or deregistration.
     * @dev Requirements: caller has the bank role, is an active bank and is the merchant's bank of record;
     * merchant onboarded.
     *
     * Emits a {MerchantVatRegistrationChanged} event.
     */
    function setMerchantVatRegistration(address merchant, bytes32 vatRegRef) external;

    /**
     * @notice The acquiring bank records `merchant`'s choice: keep DKZT or convert to non-cash.
     * @dev Requirements: caller has the bank role, is an active bank and is the merchant's bank of record;
     * merchant onboarded.
     *
     * Emits a {MerchantSettlementChanged} event.
     */
    function setMerchantSettlement(address merchant, Settlement settlement) external;

    /**
     * @notice The acquiring bank changes `merchant`'s category code.
     * @dev Requirements: as {setMerchantSettlement}; mcc is 1..9999. Emits a {MerchantMccChanged} event.
     */
    function setMerchantMcc(address merchant, uint16 mcc) external;

    /**
     * @notice The acquiring bank offboards `merchant`: its invoices can no longer be paid. Marked VAT it holds
     * stays its own and usable in the VAT circuit.
     * @dev Requirements: caller has the bank role, is an active bank and is the merchant's bank of record;
     * merchant onboarded.
     *
     * Emits a {MerchantOffboarded} event.
     */
    function offboardMerchant(address merchant) external;

    /// @notice `merchant`'s record (all zero when never onboarded).
    function merchantOf(address merchant) external view returns (MerchantRecord memory);
}
