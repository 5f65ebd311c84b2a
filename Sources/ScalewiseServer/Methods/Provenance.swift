import JSON

/// How much of its basis an answer carries. `full` (the default): the law, assumptions and
/// sources a user checks. `brief`: the figures and the law's id, for clients that only want
/// numbers — asked for a session (`initializationOptions.provenance`) or on one request
/// (a `provenance` member in params, which every method accepts).
enum Provenance: String, CaseIterable {
    case full, brief

    static let member = "provenance"

    /// The request's choice, else the session's.
    static func of(_ params: Fields, session: Provenance) throws(FieldError) -> Provenance {
        guard let v = params.value(member) else { return session }
        guard let s = v.string, let p = Provenance(rawValue: s) else {
            throw FieldError(field: params.fieldPath(member), reason: "expected \"full\" or \"brief\", got \(Fields.describe(v))")
        }
        return p
    }

    /// Brief answers drop sources, assumptions and notes, and name the law by id; warnings stay.
    func shape(_ result: JSON) -> JSON {
        guard self == .brief, result.kind == .object else { return result }
        Self.strip(result)
        for item in result["comparison"]?.elements ?? [] where item.kind == .object { Self.strip(item) }
        return result
    }

    private static func strip(_ o: JSON) {
        o.remove("sources")
        o.remove("assumptions")
        o.remove("notes")
        if let id = o["law"]?["id"]?.string { o.set("law", id) }
    }
}
