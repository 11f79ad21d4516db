// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {IGoldDesk} from "./IGoldDesk.sol";
import {GoldMath} from "./GoldMath.sol";

/**
 * @title GoldDesk
 * @notice Buys and sells gold tokens for DKZT at the central bank's published price. See {IGoldDesk}.
 * @dev Onboarded on the ledger as a SystemContract account (it takes buyers' payments with `moduleTransfer`,
 * spends the treasury's allowance, and holds the gold inventory, which only registered accounts may hold).
 * Not upgradeable: it holds no money, so a new version is simply a new desk the custodian mints to.
 */
contract GoldDesk is AccessManaged, IGoldDesk {
    using SafeERC20 for IERC20;

    /// @dev Largest spread on each side: 1 000 basis points (10 %).
    uint256 public constant MAX_SPREAD_BPS = 1_000;
    /// @dev Largest staleness bound: 7 days, in seconds (the central bank publishes every working day).
    uint256 public constant MAX_PRICE_AGE = 7 days;
    /// @dev Largest price accepted: 10^12 tiyn (10 billion tenge) per gram, a bound against fat fingers.
    uint256 public constant MAX_PRICE_PER_GRAM = 1e12;
    /// @dev Largest move the price feed alone may make from the anchor: 500 basis points (5 %) either way.
    uint256 public constant MAX_PRICE_MOVE_BPS = 500;
    /// @dev How long one band window lasts, in seconds: the anchor rolls to the price in force after a day.
    uint256 public constant ANCHOR_PERIOD = 1 days;
    /// @dev Basis points in one.
    uint256 private constant BPS = 10_000;

    address private immutable _ledger;
    IERC20 private immutable _gold;

    struct Config {
        uint64 midPerGram; // tiyn per gram; < MAX_PRICE_PER_GRAM < 2^64
        uint64 publishedAt; // seconds
        uint32 maxPriceAge; // seconds; <= MAX_PRICE_AGE < 2^32
        uint16 spreadBps; // <= MAX_SPREAD_BPS
    }

    /// @dev The feed's band: publications stay within MAX_PRICE_MOVE_BPS of `midPerGram`.
    struct Anchor {
        uint64 midPerGram; // tiyn per gram; <= MAX_PRICE_PER_GRAM < 2^64; 0 before the first price
        uint64 anchoredAt; // seconds
    }

    Config private _config;
    address private _treasury;
    Anchor private _anchor;

    /**
     * @param ledger_ The DKZT ledger.
     * @param gold_ The gold token.
     * @param treasury_ The treasury's DKZT account.
     * @param spreadBps_ Each side's spread, basis points.
     * @param maxPriceAge_ Staleness bound, seconds.
     * @param authority_ The suite's AccessManager.
     */
    constructor(
        address ledger_,
        address gold_,
        address treasury_,
        uint256 spreadBps_,
        uint256 maxPriceAge_,
        address authority_
    ) AccessManaged(authority_) {
        if (ledger_ == address(0) || gold_ == address(0) || treasury_ == address(0)) revert ZeroAddress();
        _ledger = ledger_;
        _gold = IERC20(gold_);
        _setTreasury(treasury_);
        _setSpread(spreadBps_);
        _setMaxPriceAge(maxPriceAge_);
    }

    // ================================================================ price feed

    /// @inheritdoc IGoldDesk
    function publishPrice(uint256 midPerGram, uint256 publishedAt) external restricted {
        Config memory config = _checkPublication(midPerGram, publishedAt);
        Anchor memory anchor = _anchor;
        if (block.timestamp >= anchor.anchoredAt + ANCHOR_PERIOD) {
            // The band window rolls: the price in force, or the first price itself, anchors the next one.
            anchor.midPerGram = config.midPerGram == 0 ? uint64(midPerGram) : config.midPerGram;
            _setAnchor(anchor.midPerGram);
        }
        uint256 anchorMid = anchor.midPerGram;
        uint256 move = midPerGram > anchorMid ? midPerGram - anchorMid : anchorMid - midPerGram;
        // Cannot overflow: move, anchorMid <= 10^12 and the factors <= 10^4.
        if (move * BPS > anchorMid * MAX_PRICE_MOVE_BPS) {
            revert PriceMoveTooLarge(anchorMid, midPerGram, MAX_PRICE_MOVE_BPS);
        }
        _setPrice(config.midPerGram, midPerGram, publishedAt);
    }

    // ================================================================ central bank

    /// @inheritdoc IGoldDesk
    function overridePrice(uint256 midPerGram, uint256 publishedAt) external restricted {
        Config memory config = _checkPublication(midPerGram, publishedAt);
        _setAnchor(midPerGram);
        _setPrice(config.midPerGram, midPerGram, publishedAt);
    }

    /// @inheritdoc IGoldDesk
    function setSpread(uint256 spreadBps) external restricted {
        _setSpread(spreadBps);
    }

    /// @inheritdoc IGoldDesk
    function setMaxPriceAge(uint256 maxAge) external restricted {
        _setMaxPriceAge(maxAge);
    }

    /// @inheritdoc IGoldDesk
    function setTreasury(address treasury_) external restricted {
        _setTreasury(treasury_);
    }

    // ================================================================ residents

    /// @inheritdoc IGoldDesk
    function buy(uint256 units, uint256 maxCost) external returns (uint256 cost) {
        if (units == 0) revert ZeroAmount();
        Config memory config = _freshConfig();
        cost = GoldMath.buyCost(units, config.midPerGram, config.spreadBps);
        if (cost > maxCost) revert CostAboveLimit(cost, maxCost);
        emit GoldBought(msg.sender, units, cost, config.midPerGram);
        // The buyer is the caller and mandated the desk (the ledger checks it). cost >= 1 since units, mid >= 1.
        IDigitalTenge(_ledger).moduleTransfer(msg.sender, _treasury, cost);
        _gold.safeTransfer(msg.sender, units);
    }

    /// @inheritdoc IGoldDesk
    function sell(uint256 units, uint256 minProceeds) external returns (uint256 proceeds) {
        if (units == 0) revert ZeroAmount();
        Config memory config = _freshConfig();
        proceeds = GoldMath.sellProceeds(units, config.midPerGram, config.spreadBps);
        // A sale that pays nothing is refused, whatever the seller's limit: gold is never taken for nothing.
        if (proceeds < minProceeds || proceeds == 0) revert ProceedsBelowLimit(proceeds, minProceeds);
        emit GoldSold(msg.sender, units, proceeds, config.midPerGram);
        _gold.safeTransferFrom(msg.sender, address(this), units);
        IERC20(_ledger).safeTransferFrom(_treasury, msg.sender, proceeds);
    }

    // ================================================================ views

    /// @inheritdoc IGoldDesk
    function quote() external view returns (Quote memory q) {
        Config memory config = _config;
        q.midPerGram = config.midPerGram;
        q.askPerGram = GoldMath.askPerGram(config.midPerGram, config.spreadBps);
        q.bidPerGram = GoldMath.bidPerGram(config.midPerGram, config.spreadBps);
        q.spreadBps = config.spreadBps;
        q.publishedAt = config.publishedAt;
        q.stale = _isStale(config);
    }

    /// @inheritdoc IGoldDesk
    function quoteBuy(uint256 units) external view returns (uint256) {
        Config memory config = _freshConfig();
        return GoldMath.buyCost(units, config.midPerGram, config.spreadBps);
    }

    /// @inheritdoc IGoldDesk
    function quoteSell(uint256 units) external view returns (uint256) {
        Config memory config = _freshConfig();
        return GoldMath.sellProceeds(units, config.midPerGram, config.spreadBps);
    }

    /// @inheritdoc IGoldDesk
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IGoldDesk
    function priceAnchor() external view returns (uint256 midPerGram, uint256 anchoredAt) {
        Anchor memory anchor = _anchor;
        return (anchor.midPerGram, anchor.anchoredAt);
    }

    /// @inheritdoc IGoldDesk
    function maxPriceAge() external view returns (uint256) {
        return _config.maxPriceAge;
    }

    /// @inheritdoc IGoldDesk
    function inventory() external view returns (uint256) {
        return _gold.balanceOf(address(this));
    }

    // ================================================================ internals

    function _freshConfig() private view returns (Config memory config) {
        config = _config;
        if (_isStale(config)) revert PriceStale(config.publishedAt, config.maxPriceAge, block.timestamp);
    }

    /// @dev Never published (publishedAt 0) counts as stale.
    function _isStale(Config memory config) private view returns (bool) {
        return config.publishedAt == 0 || block.timestamp - config.publishedAt > config.maxPriceAge;
    }

    /// @dev The checks every publication passes (range, newer, not from the future, not stale on arrival); returns
    /// the current config.
    function _checkPublication(uint256 midPerGram, uint256 publishedAt) private view returns (Config memory config) {
        if (midPerGram == 0 || midPerGram > MAX_PRICE_PER_GRAM) revert PriceOutOfRange(midPerGram, MAX_PRICE_PER_GRAM);
        config = _config;
        if (publishedAt <= config.publishedAt) revert PriceNotNewer(publishedAt, config.publishedAt);
        if (publishedAt > block.timestamp) revert PriceFromFuture(publishedAt, block.timestamp);
        if (block.timestamp - publishedAt > config.maxPriceAge) {
            revert PriceStale(publishedAt, config.maxPriceAge, block.timestamp);
        }
    }

    function _setPrice(uint256 old, uint256 midPerGram, uint256 publishedAt) private {
        // Cannot truncate: midPerGram <= 10^12 < 2^64; publishedAt <= block.timestamp < 2^64.
        _config.midPerGram = uint64(midPerGram);
        _config.publishedAt = uint64(publishedAt);
        emit PricePublished(old, midPerGram, publishedAt);
    }

    function _setAnchor(uint256 midPerGram) private {
        uint256 old = _anchor.midPerGram;
        // Cannot truncate: midPerGram <= 10^12 < 2^64; block.timestamp < 2^64.
        _anchor = Anchor({midPerGram: uint64(midPerGram), anchoredAt: uint64(block.timestamp)});
        emit PriceAnchorSet(old, midPerGram, block.timestamp);
    }

    function _setSpread(uint256 spreadBps) private {
        if (spreadBps > MAX_SPREAD_BPS) revert SpreadTooWide(spreadBps, MAX_SPREAD_BPS);
        uint256 old = _config.spreadBps;
        // Cannot truncate: spreadBps <= 1 000.
        _config.spreadBps = uint16(spreadBps);
        emit SpreadSet(old, spreadBps);
    }

    function _setMaxPriceAge(uint256 maxAge) private {
        if (maxAge == 0 || maxAge > MAX_PRICE_AGE) revert PriceAgeOutOfRange(maxAge, MAX_PRICE_AGE);
        uint256 old = _config.maxPriceAge;
        // Cannot truncate: maxAge <= 7 days < 2^32.
        _config.maxPriceAge = uint32(maxAge);
        emit MaxPriceAgeSet(old, maxAge);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert ZeroAddress();
        address old = _treasury;
        _treasury = treasury_;
        emit TreasurySet(old, treasury_);
    }
}
