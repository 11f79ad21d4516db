// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {ICardGateway} from "./ICardGateway.sol";
import {IMerchantPayments} from "./IMerchantPayments.sol";
import {LedgerClient} from "./LedgerClient.sol";
import {AlmatyCalendar} from "./AlmatyCalendar.sol";

/**
 * @title CardGateway
 * @notice Cards, mandates and ATMs (see {ICardGateway}).
 * @dev A SystemContract module of the ledger (for ATM redemptions) holding no DKZT; card purchases go through
 * {IMerchantPayments-payInvoiceFor}, which only this gateway's role may call. A card token is used once: after
 * unlinking it can never be linked again, so mandates granted on it die with it. A card follows its holder's
 * wallet recovery: the holder is stored as linked and resolved through {LedgerAccounts-current} whenever the card
 * pays, takes cash or checks who holds it, so the replacement wallet holds the card. Every bank power starts with
 * {LedgerAccounts-requireActiveBank}: a suspended bank has none.
 */
contract CardGateway is AccessManaged, LedgerClient, ICardGateway {
    using LedgerAccounts for IDigitalTenge;

    /// @dev Largest limit a card or mandate can hold, in tiyn (the 64-bit fields).
    uint256 internal constant MAX_LIMIT = type(uint64).max;

    IMerchantPayments private immutable _PAYMENTS;

    mapping(bytes32 cardToken => Card) private _cards;
    mapping(bytes32 cardToken => bool) private _retired;
    mapping(bytes32 cardToken => mapping(address agent => Mandate)) private _mandates;

    /**
     * @param authority The suite's AccessManager.
     * @param ledger_ The DKZT ledger.
     * @param payments_ The merchant payments module.
     */
    constructor(
        address authority,
        IDigitalTenge ledger_,
        IMerchantPayments payments_
    ) AccessManaged(authority) LedgerClient(ledger_) {
        if (address(payments_) == address(0)) revert ZeroAddressNotAllowed();
        _PAYMENTS = payments_;
    }

    // ================================================================ issuing bank

    /// @inheritdoc ICardGateway
    function linkCard(
        bytes32 cardToken,
        address holder,
        CardNetwork network,
        uint256 atmDailyLimit
    ) external restricted {
        _LEDGER.requireActiveBank(msg.sender);
        if (cardToken == bytes32(0)) revert CardTokenZero();
        if (_cards[cardToken].holder != address(0) || _retired[cardToken]) revert CardAlreadyLinked(cardToken);
        if (atmDailyLimit > MAX_LIMIT) revert LimitTooLarge(atmDailyLimit);
        (bool registered, , IDigitalTenge.AccountKind kind, , address bankOfRecord) = _LEDGER.statusOf(holder);
        bool customer =
            kind == IDigitalTenge.AccountKind.Individual ||
                kind == IDigitalTenge.AccountKind.Merchant ||
                kind == IDigitalTenge.AccountKind.Government;
        if (!registered || !customer) revert CardholderAccountInvalid(holder);
        if (bankOfRecord != msg.sender) revert NotIssuingBank(msg.sender, holder);
        // Cannot truncate: atmDailyLimit <= 2^64 - 1 was checked above.
        _cards[cardToken] = Card({
            holder: holder,
            network: network,
            blocked: false,
            issuer: msg.sender,
            atmDailyLimit: uint64(atmDailyLimit),
            atmSpentToday: 0,
            atmDay: 0
        });
        emit CardLinked(cardToken, holder, msg.sender, network, atmDailyLimit);
    }

    /// @inheritdoc ICardGateway
    function unlinkCard(bytes32 cardToken) external restricted {
        _LEDGER.requireActiveBank(msg.sender);
        Card storage card = _issued(cardToken);
        address holder = card.holder;
        delete _cards[cardToken];
        _retired[cardToken] = true;
        emit CardUnlinked(cardToken, holder, msg.sender);
    }

    /// @inheritdoc ICardGateway
    function blockCard(bytes32 cardToken, bytes32 reasonRef) external {
        Card storage card = _linked(cardToken);
        if (msg.sender == card.issuer) {
            _LEDGER.requireActiveBank(msg.sender);
        } else if (msg.sender != _holder(card)) {
            revert NotCardholderOrIssuer(msg.sender, cardToken);
        }
        if (card.blocked) revert CardIsBlocked(cardToken);
        card.blocked = true;
        emit CardBlocked(cardToken, msg.sender, reasonRef);
    }

    /// @inheritdoc ICardGateway
    function unblockCard(bytes32 cardToken) external restricted {
        _LEDGER.requireActiveBank(msg.sender);
        Card storage card = _issued(cardToken);
        if (!card.blocked) revert CardNotBlocked(cardToken);
        card.blocked = false;
        emit CardUnblocked(cardToken, msg.sender);
    }

    /// @inheritdoc ICardGateway
    function setAtmDailyLimit(bytes32 cardToken, uint256 atmDailyLimit) external restricted {
        _LEDGER.requireActiveBank(msg.sender);
        if (atmDailyLimit > MAX_LIMIT) revert LimitTooLarge(atmDailyLimit);
        Card storage card = _issued(cardToken);
        uint256 old = card.atmDailyLimit;
        // Cannot truncate: checked against 2^64 - 1 above.
        card.atmDailyLimit = uint64(atmDailyLimit);
        emit AtmLimitChanged(cardToken, old, atmDailyLimit);
    }

    /// @inheritdoc ICardGateway
    function withdrawCash(bytes32 cardToken, uint256 amount, bytes32 atmRef) external restricted {
        _LEDGER.requireActiveBank(msg.sender);
        if (amount == 0) revert WithdrawalAmountZero();
        Card storage card = _issued(cardToken);
        _spendCash(card, cardToken, amount);
        _LEDGER.moduleRedeem(_holder(card), amount);
        emit CashWithdrawn(cardToken, msg.sender, amount, atmRef);
    }

    /// @inheritdoc ICardGateway
    function withdrawCashAtOtherBank(bytes32 cardToken, uint256 amount, bytes32 atmRef) external restricted {
        _LEDGER.requireActiveBank(msg.sender);
        if (amount == 0) revert WithdrawalAmountZero();
        Card storage card = _linked(cardToken);
        address issuer = card.issuer;
        if (msg.sender == issuer) revert AtmBankIsIssuer(cardToken, msg.sender);
        _spendCash(card, cardToken, amount);
        _LEDGER.moduleTransfer(_holder(card), msg.sender, amount);
        _LEDGER.moduleRedeem(msg.sender, amount);
        emit CashWithdrawnAtOtherBank(cardToken, msg.sender, issuer, amount, atmRef);
    }

    // ================================================================ cardholder

    /// @inheritdoc ICardGateway
    function grantMandate(bytes32 cardToken, address agent, uint256 perPaymentLimit, uint256 dailyLimit) external {
        Card storage card = _linked(cardToken);
        if (msg.sender != _holder(card)) revert NotCardholder(msg.sender, cardToken);
        if (perPaymentLimit == 0 || perPaymentLimit > dailyLimit)
            revert MandateLimitsInvalid(perPaymentLimit, dailyLimit);
        if (dailyLimit > MAX_LIMIT) revert LimitTooLarge(dailyLimit);
        (bool registered, , IDigitalTenge.AccountKind kind, , ) = _LEDGER.statusOf(agent);
        if (!registered || kind != IDigitalTenge.AccountKind.PaymentAgent) {
            revert PaymentAgentInvalid(agent);
        }
        Mandate storage mandate = _mandates[cardToken][agent];
        (uint256 oldPerPayment, uint256 oldDaily) = (mandate.perPaymentLimit, mandate.dailyLimit);
        mandate.active = true;
        // Cannot truncate: perPaymentLimit <= dailyLimit <= 2^64 - 1, checked above.
        mandate.perPaymentLimit = uint64(perPaymentLimit);
        mandate.dailyLimit = uint64(dailyLimit);
        emit MandateGranted(cardToken, agent, oldPerPayment, oldDaily, perPaymentLimit, dailyLimit);
    }

    /// @inheritdoc ICardGateway
    function revokeMandate(bytes32 cardToken, address agent) external {
        Card storage card = _linked(cardToken);
        if (msg.sender != _holder(card)) revert NotCardholder(msg.sender, cardToken);
        if (!_mandates[cardToken][agent].active) revert MandateMissing(cardToken, agent);
        delete _mandates[cardToken][agent];
        emit MandateRevoked(cardToken, agent);
    }

    // ================================================================ payment agent

    /// @inheritdoc ICardGateway
    function chargeCard(
        bytes32 cardToken,
        IMerchantPayments.Invoice calldata invoice,
        bytes calldata signature,
        Channel channel
    ) external restricted returns (bytes32 invoiceId) {
        Card storage card = _linked(cardToken);
        if (card.blocked) revert CardIsBlocked(cardToken);
        _requireActiveAgent(msg.sender);
        _spendMandate(cardToken, msg.sender, invoice.amount);
        invoiceId = _PAYMENTS.payInvoiceFor(_holder(card), invoice, signature);
        emit CardCharged(cardToken, msg.sender, invoiceId, invoice.amount, channel);
    }

    // ================================================================ views

    /// @inheritdoc ICardGateway
    function cardOf(bytes32 cardToken) external view returns (Card memory card) {
        card = _cards[cardToken];
        if (card.holder != address(0)) card.holder = _LEDGER.current(card.holder);
    }

    /// @inheritdoc ICardGateway
    function mandateOf(bytes32 cardToken, address agent) external view returns (Mandate memory) {
        return _mandates[cardToken][agent];
    }

    /// @inheritdoc ICardGateway
    function remainingMandate(bytes32 cardToken, address agent) external view returns (uint256) {
        Mandate memory mandate = _mandates[cardToken][agent];
        if (!mandate.active) return 0;
        uint256 spent = mandate.day == AlmatyCalendar.today() ? mandate.spentToday : 0;
        return spent >= mandate.dailyLimit ? 0 : mandate.dailyLimit - spent;
    }

    /// @inheritdoc ICardGateway
    function payments() external view returns (IMerchantPayments) {
        return _PAYMENTS;
    }

    // ================================================================ internals

    /// @dev Counts `amount` against `agent`'s mandate on `cardToken`, or reverts.
    function _spendMandate(bytes32 cardToken, address agent, uint256 amount) private {
        Mandate storage mandate = _mandates[cardToken][agent];
        if (!mandate.active) revert MandateMissing(cardToken, agent);
        if (amount > mandate.perPaymentLimit) {
            revert MandatePerPaymentLimitExceeded(cardToken, agent, mandate.perPaymentLimit, amount);
        }
        uint256 today = AlmatyCalendar.today();
        uint256 spent = (mandate.day == today ? mandate.spentToday : 0) + amount;
        if (spent > mandate.dailyLimit) revert MandateDailyLimitExceeded(cardToken, agent, mandate.dailyLimit, spent);
        // Cannot truncate: spent <= dailyLimit < 2^64; the day index fits 32 bits for millions of years.
        mandate.spentToday = uint64(spent);
        mandate.day = uint32(today);
    }

    /// @dev Counts `amount` of cash against `card`'s daily cash limit (any bank's ATM), or reverts.
    function _spendCash(Card storage card, bytes32 cardToken, uint256 amount) private {
        if (card.blocked) revert CardIsBlocked(cardToken);
        uint256 today = AlmatyCalendar.today();
        uint256 spent = (card.atmDay == today ? card.atmSpentToday : 0) + amount;
        if (spent > card.atmDailyLimit) revert AtmDailyLimitExceeded(cardToken, card.atmDailyLimit, spent);
        // Cannot truncate: spent <= atmDailyLimit < 2^64; the day index fits 32 bits for millions of years.
        card.atmSpentToday = uint64(spent);
        card.atmDay = uint32(today);
    }

    /// @dev `agent` must be a registered PaymentAgent account that is not frozen or receive-only. Reads the ledger's
    /// {IDigitalTenge-statusOf} (the account word and the bank), not the whole account view.
    function _requireActiveAgent(address agent) private view {
        (bool registered, IDigitalTenge.FreezeState freeze, IDigitalTenge.AccountKind kind, , ) = _LEDGER.statusOf(
            agent
        );
        if (!registered || kind != IDigitalTenge.AccountKind.PaymentAgent || freeze != IDigitalTenge.FreezeState.None)
            revert PaymentAgentNotActive(agent);
    }

    /// @dev The card's holder today: the linked wallet, or the wallet its bank recovered it to.
    function _holder(Card storage card) private view returns (address) {
        return _LEDGER.current(card.holder);
    }

    function _linked(bytes32 cardToken) private view returns (Card storage card) {
        card = _cards[cardToken];
        if (card.holder == address(0)) revert CardNotLinked(cardToken);
    }

    /// @dev The card, when the caller is its issuer.
    function _issued(bytes32 cardToken) private view returns (Card storage card) {
        card = _linked(cardToken);
        if (card.issuer != msg.sender) revert NotIssuingBank(msg.sender, card.holder);
    }
}
