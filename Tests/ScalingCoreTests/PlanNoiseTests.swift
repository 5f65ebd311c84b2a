import Foundation
import Testing
@testable import ScalingCore

/// The default noise is recomputed from the Epoch file: the spread of log L − log L̂ over the
/// 240 runs Besiroglu et al. 2024 fitted, under their law (data/laws.json chinchilla-epoch).
@Suite struct PlanNoiseTests {
    @Test func defaultNoiseIsTheEpochResidualSpread() throws {
        let runs = try FitTestData.epoch240()
        #expect(runs.count == 240)
        let law = PlanNoise.epochLaw
        let r = runs.map { log($0.loss) - log(law.loss(params: $0.params, tokens: $0.tokens)) }
        let mean = r.reduce(0, +) / Double(r.count)
        let sd = sqrt(r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(r.count))
        #expect(abs(sd - PlanNoise.epochResidualSD) < 1e-6, "recomputed \(sd)")
    }

    @Test func priorIsThePublishedRefit() {
        let p = PlanNoise.epochLaw
        #expect(p == ChinchillaForm(E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658))
    }
}
