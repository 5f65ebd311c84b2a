/// The default prior and noise of a plan, both from the Epoch reconstruction of Hoffmann et al.'s runs.
public enum PlanNoise {
    /// data/laws.json `chinchilla-epoch`: Besiroglu et al. 2024, "Chinchilla Scaling: A replication
    /// attempt" (arXiv 2404.10102), refit of Approach 3 on 240 runs: E 1.82, A 482.01, B 2085.43,
    /// α 0.3478, β 0.3658.
    public static let epochLaw = ChinchillaForm(E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658)

    /// Standard deviation (population) of log L − log L̂ over the 240 Epoch runs
    /// (data/runs/chinchilla-epoch-245.csv less its 5 highest losses) under `epochLaw`:
    /// 0.007556, i.e. a run's loss is off the law by about 0.76 %. Recomputed from the file by
    /// PlanNoiseTests. The residuals are heavier-tailed than a normal (scaled MAD 0.0048).
    public static let epochResidualSD = 0.007556

    /// Smallest model a plan trains unless `constraints.minParams` says otherwise: Hoffmann et al.
    /// 2022 (arXiv 2203.15556, abstract) fitted "over 400 language models ranging from 70 million
    /// to over 16 billion parameters"; below that the law is an extrapolation, and a design
    /// optimised on the prior alone would buy tiny runs whose losses the prior overstates.
    public static let defaultMinParams = 7e7

    public static let description = "normal noise on log loss with SD 0.007556: the spread of the 240 Epoch runs (Besiroglu et al. 2024) around the chinchilla-epoch law"
}
