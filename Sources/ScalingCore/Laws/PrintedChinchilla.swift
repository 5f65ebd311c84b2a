/// Hoffmann et al.'s printed Approach 3 constants (law id `chinchilla`) do not reproduce the
/// paper's own runs (Besiroglu et al. 2024): at Chinchilla's budget they put the optimum near
/// 90 tokens per parameter where the paper trained 70B on 1.4T (20). Every answer that uses
/// them says so, with the ratio they imply at the budget asked about.
public enum PrintedChinchilla {
    public static let lawID = "chinchilla"
    /// The refit the daemon uses by default.
    public static let refitID = "chinchilla-epoch"

    public static let citation = Citation(
        title: "Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt",
        detail: "section 3 and Table 1: the printed Approach 3 estimates are inconsistent with Approaches 1 and 2 and with the paper's own training runs; refit E 1.82, A 482.01, B 2085.43, α 0.3478, β 0.3658",
        url: "https://arxiv.org/abs/2404.10102")

    /// The warning for `law` at a budget of `flops`, or nil when the law is not the printed one.
    public static func warning(law: ScalingLaw, flops: Double) -> String? {
        guard law.id == lawID, flops.isFinite, flops > 0,
              let optimum = try? ComputeOptimal.allocate(law: law, flops: flops) else { return nil }
        let ratio = optimum.tokens / optimum.params
        return "law 'chinchilla' is Hoffmann et al. 2022's printed Approach 3 fit; at \(Format.sig(flops, 3)) FLOPs it implies "
            + "\(Format.fixed(ratio, 1)) tokens per parameter, inconsistent with the paper's own runs (70B on 1.4T tokens, 20 per parameter, at 5.88e23). "
            + "Besiroglu et al. 2024 could not reproduce it; '\(refitID)' (their refit, the default) does."
    }
}
