/// How accelerator time is bought: list price, a 1- or 3-year commitment, or interruptible
/// (spot) capacity. Each plan is a sourced discount range off the on-demand price.
/// Raw values are the wire names.
public enum PricingPlan: String, Sendable, CaseIterable, Hashable {
    case onDemand, committed1y, committed3y, spot

    /// Fraction off the on-demand price (0.3 = 30 % off).
    public var discount: FractionRange {
        switch self {
        case .onDemand: FractionRange(low: 0, high: 0)
        case .committed1y: FractionRange(low: 0.28, high: 0.37)
        case .committed3y: FractionRange(low: 0.46, high: 0.72)
        case .spot: FractionRange(low: 0.60, high: 0.91)
        }
    }

    public var sources: [Citation] {
        switch self {
        case .onDemand: []
        case .committed1y: [Self.gcpCUD]
        case .committed3y: [Self.gcpCUD, Self.awsSavingsPlans]
        case .spot: [Self.gcpSpot, Self.awsSpot]
        }
    }

    /// A price range after the discount: the low price takes the deepest discount, the high
    /// price the shallowest, mid the midpoint discount.
    public func apply(to price: CostRange) -> CostRange {
        let d = discount
        return CostRange(low: price.low * (1 - d.high), mid: price.mid * (1 - d.mid), high: price.high * (1 - d.low))
    }

    /// One line for `assumptions`.
    public var statement: String {
        switch self {
        case .onDemand: "pricing onDemand: the row's list prices, no discount"
        default: "pricing \(rawValue): \(Format.general(discount.low * 100))–\(Format.general(discount.high * 100)) % off on-demand (mid \(Format.general(discount.mid * 100)) %)"
        }
    }

    static let gcpCUD = Citation(
        title: "Google Cloud, Committed use discounts (CUDs) documentation",
        detail: "flexible (spend-based) CUDs: 28 % off for 1 year, 46 % for 3 years; resource-based CUDs: 37 % for 1 year, 55 % for 3 years (most machine types and GPUs)",
        url: "https://cloud.google.com/docs/cuds")
    static let awsSavingsPlans = Citation(
        title: "Amazon Web Services, Savings Plans",
        detail: "save up to 72 % on compute against On-Demand prices with a 1- or 3-year commitment (the deepest discount is 3-year, all upfront)",
        url: "https://aws.amazon.com/savingsplans/")
    static let gcpSpot = Citation(
        title: "Google Cloud, Spot VMs",
        detail: "60–91 % discount off on-demand prices for most machine types and GPUs",
        url: "https://cloud.google.com/spot-vms")
    static let awsSpot = Citation(
        title: "Amazon Web Services, Amazon EC2 Spot Instances",
        detail: "up to 90 % off On-Demand prices",
        url: "https://aws.amazon.com/ec2/spot/")
}
