/// The method table as the CLI and other in-process clients see it: names, one-line
/// summaries and declared fields, so flags can mirror the protocol without restating it.
public struct MethodDescription: Sendable {
    public struct Field: Sendable {
        public let name: String
        /// JSON types accepted: "number", "integer", "string", "boolean", "object", "array".
        public let kinds: [String]
        public let required: Bool
        public let summary: String
    }

    public let name: String
    public let summary: String
    public let fields: [Field]
    public let isTool: Bool
}

extension Server {
    /// Every request method, in table order.
    public static let methodDescriptions: [MethodDescription] = Methods.all.map { m in
        MethodDescription(name: m.name, summary: m.summary,
                          fields: m.fields.map { .init(name: $0.name, kinds: $0.kinds.map(\.rawValue), required: $0.required, summary: $0.summary) },
                          isTool: m.isTool)
    }
}
