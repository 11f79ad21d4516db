// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Bridgeable} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC20Bridgeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IStablecoin} from "./IStablecoin.sol";
import {BridgeRateLimit} from "./BridgeRateLimit.sol";
import {SignedAuthorizations} from "../tokens/SignedAuthorizations.sol";

/**
 * @title StablecoinBase
 * @notice What the home-chain and bridged stablecoins share: an open 2-decimal ERC-20 with blacklist, pause,
 * ERC-2612 permit, ERC-3009 authorisations (both signed by an EOA or, through ERC-1271, a smart account), rescue
 * and ERC-7802 bridge limits. See {IStablecoin} and {ISignedAuthorizations}.
 * @dev Built from OpenZeppelin's ERC20, ERC20Permit, ERC20Bridgeable, AccessManaged and Pausable, and the suite's
 * {SignedAuthorizations} (permit's `bytes` form, ERC-3009 with unordered nonces, one verification path). One thing is written by hand for the gas target: each account is one storage word holding the
 * balance and the blacklist flag (Circle FiatToken v2.2's layout), so {balanceOf}, {totalSupply} and {_update}
 * are overridden and OpenZeppelin's own balance mapping stays empty.
 *
 * Account word, least significant bit first:
 * | bits     | field       | meaning                                                                      |
 * |----------|-------------|------------------------------------------------------------------------------|
 * | 0..127   | balance     | tokens (tiyn); every balance is part of the supply, capped at MAX_SUPPLY      |
 * | 128..254 | (reserved)  | zero                                                                         |
 * | 255      | BLACKLISTED | the account can neither send nor receive                                     |
 *
 * Every balance change (transfer, transferFrom, ERC-3009, mint, redeem, bridge) passes {_update}: pause, then
 * both accounts' blacklist flags, read with their balances.
 *
 * Not upgradeable, on purpose: the reserve rules are the promise, and an upgrade key is a role that could switch
 * them off. A new version is a new contract that holders move to by redeeming (see docs/reserves.md).
 */
abstract contract StablecoinBase is
    ERC20,
    ERC20Permit,
    SignedAuthorizations,
    ERC20Bridgeable,
    AccessManaged,
    Pausable,
    IStablecoin
{
    using SafeERC20 for IERC20;

    /// @dev Largest supply (and so balance, and bridge limit) the token counts, in tiyn: 128-bit balance field.
    uint256 internal constant MAX_SUPPLY = type(uint128).max;
    /// @dev The blacklist flag in an account word.
    uint256 internal constant BLACKLISTED = 1 << 255;
    /// @dev The balance field of an account word.
    uint256 internal constant BALANCE_MASK = type(uint128).max;

    /// @dev A rate-limit buffer: tiyn the bridge may still move, as of `updatedAt` (see {BridgeRateLimit}).
    struct Buffer {
        uint128 available; // <= the bridge's limit < 2^128
        uint64 updatedAt; // seconds
    }

    struct Bridge {
        uint128 limit; // each direction's buffer size, refilled in BridgeRateLimit.PERIOD
        uint128 outstanding; // net position on this chain (see {IStablecoin})
        Buffer mint;
        Buffer burn;
    }

    mapping(address account => uint256 word) private _accounts;
    uint256 private _supply;
    mapping(address bridge => Bridge) private _bridges;
    uint256 private _bridgedTotal;

    /**
     * @param name_ Token name (also the EIP-712 domain name, version "1").
     * @param symbol_ Token symbol.
     * @param authority_ The suite's AccessManager on this chain.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        address authority_
    ) ERC20(name_, symbol_) ERC20Permit(name_) AccessManaged(authority_) {
        // Tokens sent to the token contract itself would be stuck: it cannot receive.
        _accounts[address(this)] = BLACKLISTED;
        emit BlacklistChanged(address(this), true, bytes32(0));
    }

    // ================================================================ ERC-20 views

    /// @notice 2 decimals, as DKZT: one token is one tenge, amounts in tiyn.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ERC20
    function totalSupply() public view override returns (uint256) {
        return _supply;
    }

    /// @inheritdoc ERC20
    function balanceOf(address account) public view override returns (uint256) {
        return _accounts[account] & BALANCE_MASK;
    }

    // ================================================================ compliance

    /// @inheritdoc IStablecoin
    function setBlacklisted(address account, bool blacklisted, bytes32 ref) external restricted {
        if (account == address(0)) revert ZeroAddress();
        uint256 word = _accounts[account];
        if ((word & BLACKLISTED != 0) == blacklisted) revert BlacklistUnchanged(account, blacklisted);
        _accounts[account] = blacklisted ? word | BLACKLISTED : word & ~BLACKLISTED;
        emit BlacklistChanged(account, blacklisted, ref);
    }

    /// @inheritdoc IStablecoin
    function pause() external restricted {
        _pause();
    }

    /// @inheritdoc IStablecoin
    function unpause() external restricted {
        _unpause();
    }

    /// @inheritdoc IStablecoin
    function rescueERC20(IERC20 token, address to, uint256 amount) external restricted {
        if (to == address(0)) revert ZeroAddress();
        uint256 rescuable = _rescuable(token);
        if (amount > rescuable) revert RescueExceedsRescuable(address(token), rescuable, amount);
        emit TokensRescued(address(token), to, amount);
        token.safeTransfer(to, amount);
    }

    // ================================================================ bridges (ERC-7802)

    /// @inheritdoc IStablecoin
    function setBridgeLimit(address bridge, uint256 limit) external restricted {
        if (bridge == address(0)) revert ZeroAddress();
        if (limit > MAX_SUPPLY) revert BridgeLimitTooLarge(limit, MAX_SUPPLY);
        Bridge storage record = _bridges[bridge];
        uint256 old = record.limit;
        _resizeBuffer(record.mint, old, limit);
        _resizeBuffer(record.burn, old, limit);
        // Cannot truncate: limit <= MAX_SUPPLY = type(uint128).max, checked above.
        record.limit = uint128(limit);
        emit BridgeLimitSet(bridge, old, limit);
    }

    /**
     * @notice Mint `value` tokens to `to` for a crosschain transfer arriving through the calling bridge.
     * @dev Spends `value` of the bridge's mint buffer. Home chain: tokens coming back, at most what this bridge
     * took out. Other chains: tokens arriving. Requirements: caller is a bridge; `value` > 0 and within the
     * bridge's mint buffer (and, at home, its outstanding amount); not paused; `to` not blacklisted.
     *
     * Emits {IERC7802-CrosschainMint} and {IERC20-Transfer} events.
     */
    function crosschainMint(address to, uint256 value) public override onlyTokenBridge {
        if (value == 0) revert ZeroAmount();
        _spendBuffer(msg.sender, true, value);
        if (isHomeChain()) _shrinkBridge(msg.sender, value);
        else _growBridge(msg.sender, value);
        _mint(to, value);
        emit CrosschainMint(to, value, msg.sender);
    }

    /**
     * @notice Burn `value` of `from`'s tokens for a crosschain transfer leaving through the calling bridge: only
     * what `from` handed to the bridge.
     * @dev Spends `value` of the bridge's burn buffer, and, unless the bridge burns its own tokens (`from` is the
     * caller), `value` of `from`'s allowance to the bridge (an infinite allowance is not spent). Home chain:
     * tokens leaving. Other chains: tokens going back, at most what this bridge brought in.
     * Requirements: caller is a bridge; `value` > 0 and within the bridge's burn buffer (and, elsewhere, its
     * outstanding amount); `from` is the caller or allowed it `value`; not paused; `from` not blacklisted and
     * holds `value`.
     *
     * Emits {IERC7802-CrosschainBurn} and {IERC20-Transfer} events.
     */
    function crosschainBurn(address from, uint256 value) public override onlyTokenBridge {
        if (value == 0) revert ZeroAmount();
        _spendBuffer(msg.sender, false, value);
        if (isHomeChain()) _growBridge(msg.sender, value);
        else _shrinkBridge(msg.sender, value);
        if (from != msg.sender) _spendAllowance(from, msg.sender, value);
        _burn(from, value);
        emit CrosschainBurn(from, value, msg.sender);
    }

    // ================================================================ views

    /// @inheritdoc IStablecoin
    function isBlacklisted(address account) public view returns (bool) {
        return _accounts[account] & BLACKLISTED != 0;
    }

    /// @inheritdoc IStablecoin
    function bridgeOf(address bridge) external view returns (BridgePosition memory) {
        Bridge storage record = _bridges[bridge];
        uint256 limit = record.limit;
        return
            BridgePosition({
                limit: limit,
                outstanding: record.outstanding,
                mintAvailable: _available(record.mint, limit),
                burnAvailable: _available(record.burn, limit)
            });
    }

    /// @inheritdoc IStablecoin
    function bridgedTotal() public view returns (uint256) {
        return _bridgedTotal;
    }

    /// @inheritdoc IStablecoin
    function isHomeChain() public view virtual returns (bool);

    // ================================================================ the one enforcement point

    /// @dev Every balance change: pause, then the sender's and receiver's blacklist flags and the balance.
    function _update(address from, address to, uint256 value) internal override {
        _requireNotPaused();
        if (from == address(0)) {
            uint256 supply = _supply + value;
            if (supply > MAX_SUPPLY) revert SupplyCapExceeded(supply, MAX_SUPPLY);
            _supply = supply;
        } else {
            uint256 word = _accounts[from];
            if (word & BLACKLISTED != 0) revert AccountBlacklisted(from);
            // Not blacklisted and the reserved bits are zero, so the word is the balance.
            if (word < value) revert ERC20InsufficientBalance(from, word, value);
            // Cannot underflow: word >= value was checked above.
            unchecked {
                _accounts[from] = word - value;
            }
        }
        if (to == address(0)) {
            // Cannot underflow: value <= the sender's balance, which is part of the supply.
            unchecked {
                _supply -= value;
            }
        } else {
            uint256 word = _accounts[to];
            if (word & BLACKLISTED != 0) revert AccountBlacklisted(to);
            // Cannot reach bit 128: the new balance is part of the supply, which is at most MAX_SUPPLY.
            unchecked {
                _accounts[to] = word + value;
            }
        }
        emit Transfer(from, to, value);
    }

    /// @dev New approvals and permits need an unpaused token and neither party blacklisted; revoking (value 0)
    /// stays open. Allowance spending (emitEvent false) is checked in {_spendAllowance}.
    function _approve(address owner, address spender, uint256 value, bool emitEvent) internal override {
        if (emitEvent && value != 0) {
            _requireNotPaused();
            if (isBlacklisted(owner)) revert AccountBlacklisted(owner);
            if (isBlacklisted(spender)) revert AccountBlacklisted(spender);
        }
        super._approve(owner, spender, value, emitEvent);
    }

    /// @dev A blacklisted spender moves nobody's tokens.
    function _spendAllowance(address owner, address spender, uint256 value) internal override {
        if (isBlacklisted(spender)) revert AccountBlacklisted(spender);
        super._spendAllowance(owner, spender, value);
    }

    // ================================================================ signed approvals and payments

    /**
     * @notice Set `spender`'s allowance over `owner`'s tokens to `value` on `owner`'s ERC-2612 signature (v, r, s).
     * @dev The (v, r, s) form of the `bytes` {permit}: the same path with `abi.encodePacked(r, s, v)`, so a smart
     * account owner is asked through ERC-1271.
     */
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) public override {
        permit(owner, spender, value, deadline, abi.encodePacked(r, s, v));
    }

    /// @dev The token's EIP-712 domain (its name, version "1", this chain, this contract).
    function _signedDigest(bytes32 structHash) internal view override returns (bytes32) {
        return _hashTypedDataV4(structHash);
    }

    /// @dev ERC-2612's sequential nonces (OpenZeppelin's Nonces).
    function _useSignatureNonce(address owner) internal override returns (uint256) {
        return _useNonce(owner);
    }

    /// @dev A permit is an approval: {_approve}'s rules.
    function _approveSigned(address owner, address spender, uint256 value) internal override {
        _approve(owner, spender, value);
    }

    /// @dev An authorisation is a transfer: {_update}, pause and both blacklist flags.
    function _transferSigned(address from, address to, uint256 value) internal override {
        _transfer(from, to, value);
    }

    /// @dev Only registered bridges (a limit or an outstanding amount) may call the ERC-7802 functions.
    function _checkTokenBridge(address caller) internal view override {
        Bridge storage record = _bridges[caller];
        if (record.limit == 0 && record.outstanding == 0) revert BridgeNotAuthorized(caller);
    }

    /// @dev How much of `token` may be rescued; a chain that holds a reserve narrows this.
    function _rescuable(IERC20 token) internal view virtual returns (uint256) {
        return token.balanceOf(address(this));
    }

    /// @dev `bridge`'s outstanding amount grows by `value` (the buffers bound how fast; nothing else does).
    function _growBridge(address bridge, uint256 value) private {
        Bridge storage record = _bridges[bridge];
        // Cannot exceed 2^128: every outstanding tiyn is part of the supply of some chain (home: burned from the
        // supply here; elsewhere: minted into it), and a supply is at most MAX_SUPPLY (checked in {_update},
        // which reverts the whole call otherwise). The total is a sum of such amounts, far below 2^256.
        record.outstanding = uint128(record.outstanding + value);
        _bridgedTotal += value;
    }

    /// @dev Spend `value` of `bridge`'s mint (`mint` true) or burn buffer, refilled to now.
    function _spendBuffer(address bridge, bool mint, uint256 value) private {
        Bridge storage record = _bridges[bridge];
        Buffer storage buffer = mint ? record.mint : record.burn;
        uint256 available = _available(buffer, record.limit);
        if (value > available) {
            if (mint) revert BridgeMintLimitExceeded(bridge, available, value);
            revert BridgeBurnLimitExceeded(bridge, available, value);
        }
        // Cannot truncate: available <= limit < 2^128; block.timestamp < 2^64.
        buffer.available = uint128(available - value);
        buffer.updatedAt = uint64(block.timestamp);
    }

    /// @dev Refill `buffer` to now under the old limit, then resize it to the new one.
    function _resizeBuffer(Buffer storage buffer, uint256 oldLimit, uint256 newLimit) private {
        uint256 current = _available(buffer, oldLimit);
        // Cannot truncate: current <= oldLimit, so the result is at most newLimit <= MAX_SUPPLY.
        buffer.available = uint128(BridgeRateLimit.resized(current, oldLimit, newLimit));
        buffer.updatedAt = uint64(block.timestamp);
    }

    /// @dev `buffer` refilled to now, for a bridge of limit `limit`.
    function _available(Buffer storage buffer, uint256 limit) private view returns (uint256) {
        return BridgeRateLimit.available(buffer.available, buffer.updatedAt, limit, block.timestamp);
    }

    /// @dev `bridge`'s outstanding amount shrinks by `value`, never below zero.
    function _shrinkBridge(address bridge, uint256 value) private {
        Bridge storage record = _bridges[bridge];
        uint256 outstanding = record.outstanding;
        if (value > outstanding) revert BridgeOutstandingExceeded(bridge, outstanding, value);
        // Cannot underflow: value <= outstanding, and outstanding is part of the total.
        unchecked {
            record.outstanding = uint128(outstanding - value);
            _bridgedTotal -= value;
        }
    }
}
