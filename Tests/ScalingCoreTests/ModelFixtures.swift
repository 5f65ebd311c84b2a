@testable import ScalingCore

/// Reference rows copied by hand from their sources (the same figures as data/models.json).
enum Fixtures {
    /// Llama 3.1 8B: Hugging Face config.json (meta-llama/Llama-3.1-8B) and the Llama 3.1 model card.
    static let llama31_8B = ReferenceModel(
        id: "llama-3.1-8b", name: "Llama 3.1 8B", parameters: 8_030_261_248,
        architecture: ModelArchitecture(layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128,
                                        intermediate: 14336, vocabulary: 128_256, context: 131_072),
        training: TrainingFacts(tokens: 15e12, gpuHours: 1.46e6, gpuType: "H100-80GB"),
        sources: [Citation(title: "Llama 3.1 model card; HF config.json")])
    /// Llama 3.1 70B: Hugging Face config.json (meta-llama/Llama-3.1-70B).
    static let llama31_70B = ReferenceModel(
        id: "llama-3.1-70b", name: "Llama 3.1 70B", parameters: 70_553_706_496,
        architecture: ModelArchitecture(layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128,
                                        intermediate: 28672, vocabulary: 128_256, context: 131_072),
        sources: [Citation(title: "HF config.json")])
    /// Llama 2 70B: Hugging Face config.json (meta-llama/Llama-2-70b-hf).
    static let llama2_70B = ReferenceModel(
        id: "llama-2-70b", name: "Llama 2 70B", parameters: 68_976_648_192,
        architecture: ModelArchitecture(layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128,
                                        intermediate: 28672, vocabulary: 32000, context: 4096),
        sources: [Citation(title: "HF config.json")])
    /// LLaMA 7B: Touvron et al. 2023 Table 2; HF config.json (huggyllama/llama-7b).
    static let llama7B = ReferenceModel(
        id: "llama-7b", name: "LLaMA 7B", parameters: 6_738_415_616,
        architecture: ModelArchitecture(layers: 32, hidden: 4096, heads: 32, kvHeads: 32, headDim: 128,
                                        intermediate: 11008, vocabulary: 32000, context: 2048),
        sources: [Citation(title: "Touvron et al. 2023")])
    /// Mistral 7B: Jiang et al. 2023 Table 1.
    static let mistral7B = ReferenceModel(
        id: "mistral-7b", name: "Mistral 7B", parameters: 7_241_732_096,
        architecture: ModelArchitecture(layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128,
                                        intermediate: 14336, vocabulary: 32000, context: 8192),
        sources: [Citation(title: "Jiang et al. 2023")])
    /// Qwen2.5 7B: Hugging Face config.json (Qwen/Qwen2.5-7B), q/k/v biases.
    static let qwen25_7B = ReferenceModel(
        id: "qwen2.5-7b", name: "Qwen2.5 7B", parameters: 7_615_616_512,
        architecture: ModelArchitecture(layers: 28, hidden: 3584, heads: 28, kvHeads: 4, headDim: 128,
                                        intermediate: 18944, vocabulary: 152_064, context: 131_072, qkvBias: true),
        sources: [Citation(title: "HF config.json")])
    /// GPT-3 175B: Brown et al. 2020 Table 2.1.
    static let gpt3 = ReferenceModel(
        id: "gpt-3-175b", name: "GPT-3 175B", parameters: 175e9,
        architecture: ModelArchitecture(layers: 96, hidden: 12288, heads: 96, kvHeads: 96, headDim: 128,
                                        intermediate: 49152, vocabulary: 50257, context: 2048,
                                        gatedMLP: false, tiedEmbeddings: true),
        sources: [Citation(title: "Brown et al. 2020")])
    /// DeepSeek-V3: DeepSeek-V3 Technical Report; HF config.json.
    static let deepseekV3 = ReferenceModel(
        id: "deepseek-v3", name: "DeepSeek-V3", parameters: 671e9, activeParameters: 37e9,
        architecture: ModelArchitecture(layers: 61, hidden: 7168, heads: 128, kvHeads: 128, headDim: 128,
                                        intermediate: 18432, vocabulary: 129_280, context: 131_072,
                                        moe: MoEArchitecture(routedExperts: 256, sharedExperts: 1, expertsPerToken: 8,
                                                             expertIntermediate: 2048, denseLayers: 3),
                                        mla: MLAArchitecture(qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128,
                                                             qkRopeHeadDim: 64, vHeadDim: 128)),
        sources: [Citation(title: "DeepSeek-V3 Technical Report")])

    /// Mixtral 8x7B: Jiang et al. 2024 Table 1; HF mistralai/Mixtral-8x7B-v0.1 config.json (8 experts of width
    /// 14336, 2 per token). Totals counted from the architecture (46.7B / 12.9B published).
    static let mixtral8x7B = ReferenceModel(
        id: "mixtral-8x7b", name: "Mixtral 8x7B", parameters: 46_702_792_704, activeParameters: 12_879_925_248,
        architecture: ModelArchitecture(layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128,
                                        intermediate: nil, vocabulary: 32000, context: 32768,
                                        moe: MoEArchitecture(routedExperts: 8, sharedExperts: 0, expertsPerToken: 2,
                                                             expertIntermediate: 14336, denseLayers: 0)),
        sources: [Citation(title: "Mixtral of Experts")])

    /// Llama 3.3 70B has Llama 3.1 70B's architecture (HF meta-llama/Llama-3.3-70B-Instruct config.json).
    static let llama33_70B = ReferenceModel(
        id: "llama-3.3-70b", name: "Llama 3.3 70B", parameters: 70_553_706_496,
        architecture: llama31_70B.architecture, sources: [Citation(title: "Llama 3.3 model card")])

    static let all = [llama31_8B, llama31_70B, llama2_70B, llama7B, mistral7B, qwen25_7B, gpt3, deepseekV3, mixtral8x7B]

    /// H100 SXM 80 GB: 989 TFLOP/s dense BF16, $2.85–4.20 per GPU-hour (REFERENCES.md hardware and price tables).
    static let h100 = DeviceSpec(name: "H100 SXM", memoryBytes: 80e9, peakFlopsBF16: 989e12,
                                 pricePerHourLow: 2.85, pricePerHourHigh: 4.20)
    /// A 24 GB card (RTX 4090). Used for memory-fit tests only: no price, and the peak (165.2 TFLOP/s
    /// BF16 tensor with FP32 accumulate, NVIDIA Ada Lovelace whitepaper) only feeds time, which these tests ignore.
    static let gpu24 = DeviceSpec(name: "RTX 4090", memoryBytes: 24e9, peakFlopsBF16: 165.2e12)
}
