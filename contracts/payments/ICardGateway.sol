// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMerchantPayments} from "./IMerchantPayments.sol";

/**
 * @title ICardGateway
 * @notice Plastic cards (Onay, Visa, Mastercard) on the digital tenge. The issuing bank links a card to its
 * customer's account: on-chain there is only the card token (a hash the issuer derives from the card, never the
 * PAN). The cardholder grants a payment agent (the processor) a mandate with per-payment and daily limits; the
 * agent then charges the card to pay merchants' invoices, in person or online. The cardholder or the issuing
 * bank can block the card at once. The issuing bank's ATMs pay cash against the card: the DKZT are redeemed
 * (burned) at that bank, within the card's daily cash limit. Another bank's ATM pays cash too ("off-us"): the
 * holder's DKZT move to that bank's own account and are redeemed there in the same transaction, so the bank that
 * paid the banknotes is the one whose net position falls; the same daily cash limit counts both.
 * @dev The PIN, CVV and 3-D Secure checks happen off-chain at the processor and the bank; on-chain the agent's
 * mandate and limits bound what any processor can move, whatever it claims.
 *
 * Wallet recovery: a card follows its holder. When the holder's bank recovers the linked wallet to a replacement
 * ({IDigitalTenge-recoverAccount}), the card, its mandates and its cash limit stay as they are and now belong to
 * the replacement (the live address, {IDigitalTenge-recoveredTo} followed transitively): a charge or cash
 * withdrawal debits the replacement, and only the replacement (not the lost wallet's key) can block the card or
 * grant and revoke mandates. {cardOf} reports the live holder; the events keep the address the card was linked to.
 *
 * Bank suspension: every bank power here (link, unlink, unblock, the cash limit, cash at either bank's ATM, and
 * the issuer's block) first requires the caller to be a registered, unsuspended bank of the ledger, and reverts
 * with the ledger's {IDigitalTenge-BankNotRegistered} or {IDigitalTenge-BankIsSuspended} otherwise. The holder
 * can still block the card.
 */
interface ICardGateway {
    /// @notice Card scheme.
    enum CardNetwork {
        Onay,
        Visa,
        Mastercard
    }

    /// @notice Where a card purchase happened.
    enum Channel {
        InPerson,
        Online
    }

    /// @notice A linked card.
    struct Card {
        address holder;
        CardNetwork network;
        bool blocked;
        address issuer;
        uint64 atmDailyLimit;
        uint64 atmSpentToday;
        uint32 atmDay;
    }

    /// @notice A cardholder's mandate to a payment agent (amounts in tiyn).
    struct Mandate {
        bool active;
        uint64 perPaymentLimit;
        uint64 dailyLimit;
        uint64 spentToday;
        uint32 day;
    }

    /// @notice The zero card token.
    error CardTokenZero();
    /// @notice `cardToken` is already linked.
    error CardAlreadyLinked(bytes32 cardToken);
    /// @notice `cardToken` is not linked.
    error CardNotLinked(bytes32 cardToken);
    /// @notice `cardToken` is blocked.
    error CardIsBlocked(bytes32 cardToken);
    /// @notice `cardToken` is not blocked.
    error CardNotBlocked(bytes32 cardToken);
    /// @notice `bank` is not `account`'s bank of record, so it cannot issue a card on it.
    error NotIssuingBank(address bank, address account);
    /// @notice `caller` is neither the holder nor the issuer of `cardToken`.
    error NotCardholderOrIssuer(address caller, bytes32 cardToken);
    /// @notice `caller` is not the holder of `cardToken`.
    error NotCardholder(address caller, bytes32 cardToken);
    /// @notice `account` is not a registered individual, merchant or government account.
    error CardholderAccountInvalid(address account);
    /// @notice `agent` is not a registered PaymentAgent account of the ledger.
    error PaymentAgentInvalid(address agent);
    /// @notice `agent` is not a registered, unfrozen PaymentAgent account: compliance has stopped it.
    error PaymentAgentNotActive(address agent);
    /// @notice `agent` holds no mandate on `cardToken`.
    error MandateMissing(bytes32 cardToken, address agent);
    /// @notice A mandate's limits must be non-zero, the daily one at least the per-payment one.
    error MandateLimitsInvalid(uint256 perPaymentLimit, uint256 dailyLimit);
    /// @notice The charge of `amount` is above the mandate's per-payment `limit`.
    error MandatePerPaymentLimitExceeded(bytes32 cardToken, address agent, uint256 limit, uint256 amount);
    /// @notice The charge would take the mandate's spending today to `attempted`, above its daily `limit`.
    error MandateDailyLimitExceeded(bytes32 cardToken, address agent, uint256 limit, uint256 attempted);
    /// @notice The withdrawal would take the card's cash today to `attempted`, above its daily `limit`.
    error AtmDailyLimitExceeded(bytes32 cardToken, uint256 limit, uint256 attempted);
    /// @notice An amount above what the card limits can hold (2^64 - 1 tiyn).
    error LimitTooLarge(uint256 limit);
    /// @notice A zero withdrawal.
    error WithdrawalAmountZero();
    /// @notice `bank` issued `cardToken`: its ATMs pay cash through {withdrawCash}, not as another bank.
    error AtmBankIsIssuer(bytes32 cardToken, address bank);

    /// @notice `issuer` linked `cardToken` (network `network`) to `holder`, cash limit `atmDailyLimit` a day.
    event CardLinked(
        bytes32 indexed cardToken,
        address indexed holder,
        address indexed issuer,
        CardNetwork network,
        uint256 atmDailyLimit
    );
    /// @notice `issuer` unlinked `cardToken` from `holder`.
    event CardUnlinked(bytes32 indexed cardToken, address indexed holder, address indexed issuer);
    /// @notice `by` blocked `cardToken` (reason `reasonRef`).
    event CardBlocked(bytes32 indexed cardToken, address indexed by, bytes32 reasonRef);
    /// @notice The issuer unblocked `cardToken`.
    event CardUnblocked(bytes32 indexed cardToken, address indexed issuer);
    /// @notice The card's daily cash limit changed, old -> new.
    event AtmLimitChanged(bytes32 indexed cardToken, uint256 oldLimit, uint256 newLimit);
    /// @notice The holder of `cardToken` granted (or changed) `agent`'s mandate: old -> new limits.
    event MandateGranted(
        bytes32 indexed cardToken,
        address indexed agent,
        uint256 oldPerPaymentLimit,
        uint256 oldDailyLimit,
        uint256 newPerPaymentLimit,
        uint256 newDailyLimit
    );
    /// @notice The holder of `cardToken` revoked `agent`'s mandate.
    event MandateRevoked(bytes32 indexed cardToken, address indexed agent);
    /// @notice `agent` charged `cardToken` `amount` to pay invoice `invoiceId`, over `channel`.
    event CardCharged(
        bytes32 indexed cardToken,
        address indexed agent,
        bytes32 indexed invoiceId,
        uint256 amount,
        Channel channel
    );
    /// @notice `bank`'s ATM `atmRef` paid `amount` cash against `cardToken` (the DKZT redeemed at `bank`).
    event CashWithdrawn(bytes32 indexed cardToken, address indexed bank, uint256 amount, bytes32 atmRef);
    /// @notice `atmBank`'s ATM `atmRef` paid `amount` cash against `cardToken` issued by `issuer` (off-us): the
    /// DKZT moved from the holder to `atmBank` and were redeemed at `atmBank`.
    event CashWithdrawnAtOtherBank(
        bytes32 indexed cardToken,
        address indexed atmBank,
        address indexed issuer,
        uint256 amount,
        bytes32 atmRef
    );

    /**
     * @notice The issuing bank links card `cardToken` to its customer `holder`.
     * @dev `cardToken` is the issuer's hash of the card (e.g. keccak256 of the PAN with a secret salt kept by the
     * issuer); no PAN or name is ever on-chain.
     *
     * Requirements: caller has the bank role, is an active (registered, unsuspended) bank of the ledger and is
     * `holder`'s bank of record; `holder` a registered (so never a recovered, closed wallet) individual,
     * merchant or government account; token non-zero and never linked; limit < 2^64.
     *
     * Emits a {CardLinked} event.
     */
    function linkCard(bytes32 cardToken, address holder, CardNetwork network, uint256 atmDailyLimit) external;

    /**
     * @notice The issuing bank unlinks `cardToken` (card closed or replaced); its mandates go with it.
     * @dev Requirements: caller has the bank role, is an active bank and issued the card. Emits {CardUnlinked}.
     */
    function unlinkCard(bytes32 cardToken) external;

    /**
     * @notice The holder or the issuing bank blocks `cardToken` at once: no charge, no cash.
     * @dev Requirements: caller is the live holder, or the issuer while an active bank; card linked, not
     * blocked. Emits {CardBlocked}.
     */
    function blockCard(bytes32 cardToken, bytes32 reasonRef) external;

    /**
     * @notice The issuing bank unblocks `cardToken`.
     * @dev Requirements: caller has the bank role, is an active bank and issued the card; the card blocked.
     * Emits {CardUnblocked}.
     */
    function unblockCard(bytes32 cardToken) external;

    /**
     * @notice The issuing bank changes the card's daily cash limit.
     * @dev Requirements: caller has the bank role, is an active bank and issued the card; limit < 2^64.
     * Emits {AtmLimitChanged}.
     */
    function setAtmDailyLimit(bytes32 cardToken, uint256 atmDailyLimit) external;

    /**
     * @notice The cardholder grants payment agent `agent` a mandate to charge the card, or changes its limits.
     * @dev Requirements: caller is the card's live holder; `agent` a registered PaymentAgent account; 0 < perPaymentLimit
     * <= dailyLimit < 2^64. Today's spending under an existing mandate is kept.
     *
     * Emits a {MandateGranted} event.
     */
    function grantMandate(bytes32 cardToken, address agent, uint256 perPaymentLimit, uint256 dailyLimit) external;

    /**
     * @notice The cardholder revokes `agent`'s mandate.
     * @dev Requirements: caller is the card's live holder; a mandate exists. Emits a {MandateRevoked} event.
     */
    function revokeMandate(bytes32 cardToken, address agent) external;

    /**
     * @notice The payment agent (caller) charges `cardToken` to pay `invoice` for the cardholder.
     * @dev Requirements: caller has the payment agent role, is a registered PaymentAgent account of the ledger
     * that compliance has not frozen (a frozen agent moves nobody's money), and holds a mandate on the card; the card linked and
     * unblocked; the invoice amount within the mandate's per-payment and daily limits; then everything
     * {IMerchantPayments-payInvoice} requires, with the card's live holder as payer.
     *
     * Emits {CardCharged} and the payment's events.
     */
    function chargeCard(
        bytes32 cardToken,
        IMerchantPayments.Invoice calldata invoice,
        bytes calldata signature,
        Channel channel
    ) external returns (bytes32 invoiceId);

    /**
     * @notice The issuing bank's ATM `atmRef` pays `amount` cash against `cardToken`: the holder's DKZT are
     * redeemed (burned) at the bank, which hands out the banknotes.
     * @dev The live holder's DKZT are redeemed. Requirements: caller has the bank role, is an active bank and
     * issued the card; the card unblocked; amount > 0 within the
     * card's daily cash limit; the ledger's redemption rules (the holder's balance and status).
     *
     * Emits {CashWithdrawn} and the ledger's {RedeemedToNonCash} and {IERC20-Transfer} events.
     */
    function withdrawCash(bytes32 cardToken, uint256 amount, bytes32 atmRef) external;

    /**
     * @notice Another bank's ATM `atmRef` (the caller's) pays `amount` cash against `cardToken` ("off-us"): the
     * holder's DKZT move to the caller's own ledger account and are redeemed (burned) there, in one transaction.
     * @dev The money path is two ledger module calls: {IDigitalTenge-moduleTransfer} holder -> ATM bank (a
     * payment: every transfer rule applies, the holder's tier daily limit included, as for any payment to
     * another party), then {IDigitalTenge-moduleRedeem} of the ATM bank's own account, counted as redeemed
     * through the ATM bank. The issuer's position is unchanged and the ATM bank's net outstanding falls by
     * `amount` (it may go negative: DKZT issued through the issuer, redeemed through the ATM bank); the sum
     * over banks still equals the total supply. The interchange between the banks is settled off-chain from
     * {CashWithdrawnAtOtherBank}.
     *
     * The live holder's DKZT move. Requirements: caller has the bank role, is a registered, unsuspended bank of
     * the ledger ({IDigitalTenge-BankNotRegistered}, {IDigitalTenge-BankIsSuspended} otherwise) and not the
     * card's issuer; the card linked and unblocked; amount > 0 within the card's daily cash limit (shared with
     * the issuer's ATMs); the ledger's transfer rules (holder's balance, status and daily limit; the ATM bank
     * able to receive) and redemption rules.
     *
     * Emits {CashWithdrawnAtOtherBank} and the ledger's {IERC20-Transfer} (twice) and {RedeemedToNonCash} events.
     */
    function withdrawCashAtOtherBank(bytes32 cardToken, uint256 amount, bytes32 atmRef) external;

    /// @notice Card `cardToken`, with its live holder (zero: not linked).
    function cardOf(bytes32 cardToken) external view returns (Card memory);

    /// @notice `agent`'s mandate on `cardToken`.
    function mandateOf(bytes32 cardToken, address agent) external view returns (Mandate memory);

    /// @notice How much more `agent` may charge `cardToken` today.
    function remainingMandate(bytes32 cardToken, address agent) external view returns (uint256);

    /// @notice The merchant payments module the gateway pays invoices through.
    function payments() external view returns (IMerchantPayments);
}
