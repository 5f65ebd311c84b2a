import ArgumentParser
import ScalingCore

// The domain's own enumerations as command-line values: ArgumentParser lists the cases in
// --help, completes them, and refuses anything else by naming the flag.
extension Precision: ExpressibleByArgument {}
extension PricingPlan: ExpressibleByArgument {}
extension FineTuneTask: ExpressibleByArgument {}
extension FineTuneOptimizer: ExpressibleByArgument {}
extension FitForm: ExpressibleByArgument {}
