import ScalingCore

/// A model named in a fine-tuning config (`base_model: meta-llama/Llama-3.1-8B`,
/// `model_name_or_path`, a tokenizer id, a torchtune builder `qlora_llama3_1_8b`, a checkpoint
/// directory) matched to a row of the models table. Pure: no I/O.
public struct BaseModelMatch: Sendable, Equatable {
    public var model: ReferenceModel
    /// Why a differently named model was taken for this row; nil when the names match.
    public var note: String?

    /// Hub ids put the organisation first and variants last: `meta-llama/Meta-Llama-3.1-8B-Instruct`
    /// is the row `llama-3.1-8b`. Instruct and chat variants share the base model's shape.
    static let variantSuffixes = ["-instruct", "-chat", "-hf", "-base", "-it", "-bnb-4bit", "-4bit"]

    /// Families whose earlier release has the shape of a row in the table. Llama 3 8B and 70B and
    /// Llama 3.1 8B and 70B: Dubey et al. 2024, "The Llama 3 Herd of Models", Table 3 (8B: 32 layers,
    /// width 4,096, FFN 14,336, 32 heads, 8 KV heads; 70B: 80 layers, 8,192, 28,672, 64, 8; vocabulary
    /// 128K) describes both; 3.1 changed the context length and RoPE scaling, not the weights' shapes.
    static let sameShape: [String: (row: String, why: String)] = [
        "llama38b": ("llama-3.1-8b", "Llama 3 8B has Llama 3.1 8B's shape (Dubey et al. 2024, The Llama 3 Herd of Models, Table 3); 3.1 changed context length and RoPE scaling only"),
        "llama370b": ("llama-3.1-70b", "Llama 3 70B has Llama 3.1 70B's shape (Dubey et al. 2024, The Llama 3 Herd of Models, Table 3); 3.1 changed context length and RoPE scaling only"),
    ]

    /// The row for a written model name, or nil when the table has no such model.
    public static func find(_ written: String, in catalog: ModelCatalog) -> BaseModelMatch? {
        let key = canonical(written)
        guard key.count >= 3 else { return nil }
        if let m = catalog.models.first(where: { canonical($0.id) == key }) { return BaseModelMatch(model: m, note: nil) }
        if let alias = sameShape[key], let m = try? catalog.model(id: alias.row) {
            return BaseModelMatch(model: m, note: alias.why)
        }
        return nil
    }

    /// `meta-llama/Meta-Llama-3.1-8B-Instruct`, `/tmp/Meta-Llama-3.1-8B-Instruct/`,
    /// `torchtune.models.llama3_1.qlora_llama3_1_8b` → `llama318b`: the last path component,
    /// lowercased, without organisation prefix, variant suffix, builder prefix and punctuation.
    static func canonical(_ written: String) -> String {
        var s = written.lowercased()
        while s.hasSuffix("/") { s.removeLast() }
        if let slash = s.lastIndex(of: "/") { s = String(s[s.index(after: slash)...]) }
        if s.hasPrefix("torchtune.") || s.contains("_component_"), let dot = s.lastIndex(of: ".") {
            s = String(s[s.index(after: dot)...])
        }
        for prefix in ["qlora_", "lora_", "meta-"] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
        var trimmed = true
        while trimmed {
            trimmed = false
            for suffix in variantSuffixes where s.hasSuffix(suffix) {
                s.removeLast(suffix.count)
                trimmed = true
            }
        }
        return String(s.unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }.map(Character.init))
    }
}
