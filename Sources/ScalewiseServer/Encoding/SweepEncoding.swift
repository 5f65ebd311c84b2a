import JSON
import ScalingCore

/// Wire shape of a `scaling/sweep` result: columns plus what they rest on.
enum SweepEncoding {
    static func result(kind: String, count: Int, columns: JSON, law: ScalingLaw, assumptions: [String],
                       sources: [Citation]) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("kind", kind)
        o.set("count", count)
        o.set("columns", columns)
        o.set("law", try ConstantJSON.shared.lawSummary(law))
        o.set("assumptions", strings: assumptions)
        o.set("sources", DomainJSON.citations(sources))
        return o
    }
}
