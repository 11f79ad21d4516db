// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IGoldDesk
 * @notice The central bank's gold desk: residents buy and sell gold tokens for DKZT at the central bank's
 * published price, with a spread; the DKZT go to, and come from, the treasury's ledger account.
 * @dev Money:
 * - buy `units`: the buyer pays ceil(units x mid x (1 + spread) / 10^6) tiyn (rounded UP) straight to the
 *   treasury (ledger `moduleTransfer` from the buyer, the caller, which the ledger allows only if the buyer gave
 *   the desk its module mandate), and receives the
 *   units from the desk's gold inventory;
 * - sell `units`: the seller's units go to the desk's inventory (the seller approved the desk on the gold token),
 *   and the treasury pays floor(units x mid x (1 - spread) / 10^6) tiyn (rounded DOWN) with the ledger allowance
 *   the treasury gave the desk: that allowance is the treasury's buy-back budget, and the desk holds no DKZT.
 * The price feed's key alone moves the price only within a band: a publication may differ from the anchor (the
 * price in force when the current band window opened, at most {GoldDesk-ANCHOR_PERIOD} ago) by at most
 * {GoldDesk-MAX_PRICE_MOVE_BPS}; a larger move is the central bank's ({overridePrice}, a delayed role). The first
 * price sets the anchor. A publication that is already stale when it arrives is refused.
 * The price is stale, and buying and selling halt, once it is older than `maxPriceAge`. Both calls take a limit
 * (most the buyer pays, least the seller accepts) against a price moving under a pending transaction.
 * The desk's inventory comes from the custodian minting new bars to the desk.
 */
interface IGoldDesk {
    /// @notice The published price and what it means at the desk now.
    struct Quote {
        uint256 midPerGram; // tiyn per gram, as published
        uint256 askPerGram; // what a buyer pays per gram (rounded up)
        uint256 bidPerGram; // what a seller gets per gram (rounded down)
        uint256 spreadBps; // each side's spread, basis points
        uint256 publishedAt; // the central bank's timestamp of the price
        bool stale; // older than maxPriceAge (or never published): no trading
    }

    // ---------------------------------------------------------------- errors

    /// @notice A zero amount where gold must move.
    error ZeroAmount();
    /// @notice The zero address where an account is needed.
    error ZeroAddress();
    /// @notice `price` (tiyn per gram) is zero or above `max`.
    error PriceOutOfRange(uint256 price, uint256 max);
    /// @notice A price published at `publishedAt` is not newer than the current one (`current`).
    error PriceNotNewer(uint256 publishedAt, uint256 current);
    /// @notice A price cannot be published for `publishedAt`, after the current block time `now`.
    error PriceFromFuture(uint256 publishedAt, uint256 now);
    /// @notice The price published at `publishedAt` is older than `maxAge` seconds at `now`: trading halted.
    error PriceStale(uint256 publishedAt, uint256 maxAge, uint256 now);
    /// @notice The feed's price `price` is more than `maxMoveBps` basis points away from the anchor price `anchor`.
    error PriceMoveTooLarge(uint256 anchor, uint256 price, uint256 maxMoveBps);
    /// @notice `spreadBps` is above `max`.
    error SpreadTooWide(uint256 spreadBps, uint256 max);
    /// @notice `maxAge` seconds is zero or above `max`.
    error PriceAgeOutOfRange(uint256 maxAge, uint256 max);
    /// @notice The purchase would cost `cost` tiyn, above the buyer's limit `maxCost`.
    error CostAboveLimit(uint256 cost, uint256 maxCost);
    /// @notice The sale would pay `proceeds` tiyn, below the seller's limit `minProceeds`.
    error ProceedsBelowLimit(uint256 proceeds, uint256 minProceeds);

    // ---------------------------------------------------------------- events

    /// @notice The price feed published `newMid` tiyn per gram, as of `publishedAt` (old -> new).
    event PricePublished(uint256 oldMid, uint256 newMid, uint256 publishedAt);
    /// @notice The band's anchor moved, old -> new (tiyn per gram), as of `anchoredAt`: the feed may publish within
    /// MAX_PRICE_MOVE_BPS of `newAnchor` until the next band window.
    event PriceAnchorSet(uint256 oldAnchor, uint256 newAnchor, uint256 anchoredAt);
    /// @notice The spread changed, old -> new (basis points).
    event SpreadSet(uint256 oldSpreadBps, uint256 newSpreadBps);
    /// @notice The staleness bound changed, old -> new (seconds).
    event MaxPriceAgeSet(uint256 oldMaxAge, uint256 newMaxAge);
    /// @notice The treasury account changed, old -> new.
    event TreasurySet(address indexed oldTreasury, address indexed newTreasury);
    /// @notice `buyer` bought `units` for `cost` tiyn at mid price `midPerGram`.
    event GoldBought(address indexed buyer, uint256 units, uint256 cost, uint256 midPerGram);
    /// @notice `seller` sold `units` for `proceeds` tiyn at mid price `midPerGram`.
    event GoldSold(address indexed seller, uint256 units, uint256 proceeds, uint256 midPerGram);

    // ---------------------------------------------------------------- price feed

    /**
     * @notice Publish the central bank's gold price: `midPerGram` tiyn per gram of fine gold as of `publishedAt`.
     * @dev When the anchor is ANCHOR_PERIOD old or more (or there is none), the band window rolls first: the anchor
     * becomes the price in force (the first price anchors itself). Requirements: caller has the price-feed role;
     * 0 < price <= MAX_PRICE_PER_GRAM; publishedAt newer than the current price's, not in the future and not
     * older than maxPriceAge; the price within MAX_PRICE_MOVE_BPS of the anchor.
     *
     * Emits a {PricePublished} event, and a {PriceAnchorSet} event when the band window rolls.
     */
    function publishPrice(uint256 midPerGram, uint256 publishedAt) external;

    /**
     * @notice The central bank sets the gold price beyond the feed's band (a market move larger than
     * MAX_PRICE_MOVE_BPS, or a correction after a bad publication), and anchors the band there from now.
     * @dev The central bank's role is delayed (scheduled, cancellable by the guardian during the delay): the second
     * key, and the delay, that a move beyond the band needs. Requirements: caller has the central bank's role;
     * 0 < price <= MAX_PRICE_PER_GRAM; publishedAt newer than the current price's, not in the future and not older
     * than maxPriceAge.
     *
     * Emits {PricePublished} and {PriceAnchorSet} events.
     */
    function overridePrice(uint256 midPerGram, uint256 publishedAt) external;

    // ---------------------------------------------------------------- central bank

    /**
     * @notice Set each side's spread, in basis points.
     * @dev Requirements: caller has the central bank's role; spreadBps <= MAX_SPREAD_BPS. Emits {SpreadSet}.
     */
    function setSpread(uint256 spreadBps) external;

    /**
     * @notice Set how old, in seconds, a price may be before trading halts.
     * @dev Requirements: caller has the central bank's role; 0 < maxAge <= MAX_PRICE_AGE. Emits {MaxPriceAgeSet}.
     */
    function setMaxPriceAge(uint256 maxAge) external;

    /**
     * @notice Set the treasury's DKZT account, which receives what buyers pay and pays sellers.
     * @dev The new treasury must approve the desk on the ledger before sells work. Requirements: caller has the
     * central bank's role; `treasury` non-zero. Emits {TreasurySet}.
     */
    function setTreasury(address treasury) external;

    // ---------------------------------------------------------------- residents

    /**
     * @notice Buy `units` of gold (1 unit = 1 microgram) paying at most `maxCost` tiyn.
     * @dev Requirements: price fresh; `units` > 0; cost <= maxCost; the desk holds the units; the buyer mandated the
     * desk on the ledger (else the ledger's `ModuleNotMandated`); the ledger accepts the payment (buyer registered,
     * unfrozen, within limits) and the gold token accepts the buyer as a holder.
     *
     * Emits {GoldBought} and the ledger's and gold token's {IERC20-Transfer} events.
     * @return cost The tiyn paid.
     */
    function buy(uint256 units, uint256 maxCost) external returns (uint256 cost);

    /**
     * @notice Sell `units` of gold to the desk for at least `minProceeds` tiyn.
     * @dev Requirements: price fresh; `units` > 0; proceeds >= minProceeds and > 0; the seller approved the desk
     * on the gold token; the treasury's allowance to the desk covers the proceeds; the ledger accepts the payment.
     *
     * Emits {GoldSold} and the ledger's and gold token's {IERC20-Transfer} events.
     * @return proceeds The tiyn received.
     */
    function sell(uint256 units, uint256 minProceeds) external returns (uint256 proceeds);

    // ---------------------------------------------------------------- views

    /// @notice The price, the ask and bid derived from it, and whether it is stale.
    function quote() external view returns (Quote memory);

    /// @notice What buying `units` costs now, in tiyn (reverts while the price is stale).
    function quoteBuy(uint256 units) external view returns (uint256);

    /// @notice What selling `units` pays now, in tiyn (reverts while the price is stale).
    function quoteSell(uint256 units) external view returns (uint256);

    /// @notice The treasury's DKZT account.
    function treasury() external view returns (address);

    /// @notice The band's anchor price (tiyn per gram, 0 before the first price) and when it was set.
    function priceAnchor() external view returns (uint256 midPerGram, uint256 anchoredAt);

    /// @notice The staleness bound, in seconds.
    function maxPriceAge() external view returns (uint256);

    /// @notice Gold units the desk holds for sale.
    function inventory() external view returns (uint256);
}
