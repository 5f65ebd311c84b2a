import JSON
import RPC

/// One JSON-RPC method: its name, the fields its params accept (declared once: the server
/// refuses any other member, MCP's `tools/list` and the schema test read the same list),
/// how params decode, and how it answers. The server's method table is `Methods.all`.
protocol Method {
    /// Decoded params: what the handler needs, with every field checked and named on error.
    associatedtype Params
    static var name: String { get }
    /// One sentence for people and agents: what it answers, in what units.
    static var summary: String { get }
    static var fields: [FieldSpec] { get }
    /// Listed as an MCP tool (area_verb). Plumbing (LSP, MCP) says no.
    static var isTool: Bool { get }
    /// Editor and agent protocols grow members with each revision; their methods accept and
    /// ignore the ones not declared. Our own methods refuse them (a typo is an error).
    static var allowsUnknownFields: Bool { get }
    static func decode(_ params: Fields, _ server: Server) throws -> Params
    /// Installs the method in the server's dispatcher (fast or long; see the two refinements).
    static func register(on server: Server)
}

/// Answers on the reader loop: cheap work only.
protocol FastMethod: Method {
    static func answer(_ params: Params, _ server: Server) throws -> JSON
    /// The answer in the provenance asked for. By default the full answer, shaped; a method
    /// on a hot path builds its brief answer directly instead.
    static func answer(_ params: Params, _ server: Server, _ provenance: Provenance) throws -> JSON
}

/// Decodes on the reader loop (bad input answers at once) and runs on a worker thread,
/// cancellable and with progress.
protocol LongMethod: Method {
    static func work(_ params: Params, _ server: Server) -> LongWork
}

/// Decides per request on the reader loop: an answer now, or another method's long work to
/// run off the reader (MCP's tools/call), cancellable and with progress.
protocol RoutedMethod: Method {
    static func route(_ params: Params, _ server: Server) throws -> Prepared
}

extension Method {
    static var isTool: Bool { true }
    static var allowsUnknownFields: Bool { false }
    static var fieldNames: Set<String> { Set(fields.map(\.name)) }

    /// Decoding entry shared by both kinds: unknown members are refused against the declared fields.
    static func checkedDecode(_ params: Fields, _ server: Server) throws -> Params {
        if !allowsUnknownFields { try rejectUnknown(params) }
        return try decode(params, server)
    }

    /// A linear scan of a handful of names: cheaper per request than hashing into a set.
    private static func rejectUnknown(_ params: Fields) throws(FieldError) {
        guard let object = params.object,
              let key = object.firstKey(where: { key in
                  !fields.contains(where: { $0.name.utf8.elementsEqual(key) })
                      && !params.alsoAllowed.contains(where: { $0.utf8.elementsEqual(key) })
              }) else { return }
        throw FieldError(field: params.fieldPath(key),
                         reason: "is not a known field; expected one of: \(fields.map(\.name).sorted().joined(separator: ", "))")
    }
}

extension FastMethod {
    static func answer(_ params: Params, _ server: Server, _ provenance: Provenance) throws -> JSON {
        provenance.shape(try answer(params, server))
    }

    static func register(on server: Server) {
        server.dispatcher.register(name) { [unowned server] params in
            let provenance = try Provenance.of(params, session: server.provenance)
            return try answer(checkedDecode(params, server), server, provenance)
        }
    }
}

extension LongMethod {
    static func register(on server: Server) {
        server.dispatcher.registerLong(name) { [unowned server] params in
            let provenance = try Provenance.of(params, session: server.provenance)
            let work = try work(checkedDecode(params, server), server)
            guard provenance == .brief else { return work }
            return LongWork { ctx in provenance.shape(try work.run(ctx)) }
        }
    }
}

extension RoutedMethod {
    static func register(on server: Server) {
        server.dispatcher.registerRouted(name) { [unowned server] params in
            let provenance = try Provenance.of(params, session: server.provenance)
            switch try route(checkedDecode(params, server), server) {
            case .result(let r): return .result(provenance.shape(r))
            case .long(let work):
                guard provenance == .brief else { return .long(work) }
                return .long(LongWork { ctx in provenance.shape(try work.run(ctx)) })
            }
        }
    }
}

/// A method whose params are empty.
struct NoParams {}

/// One declared member of a method's params.
struct FieldSpec: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case number, integer, string, boolean, object, array
    }

    let name: String
    /// JSON types accepted (a law is a string id or an inline object; a price a number or a range).
    let kinds: [Kind]
    let required: Bool
    let summary: String

    init(_ name: String, _ kind: Kind, required: Bool = false, _ summary: String) {
        self.init(name, [kind], required: required, summary)
    }

    init(_ name: String, _ kinds: [Kind], required: Bool = false, _ summary: String) {
        self.name = name
        self.kinds = kinds
        self.required = required
        self.summary = summary
    }

    /// The JSON Schema of this member for MCP tool listings: flat, no `$ref`, no top-level
    /// combinators (hosted model APIs refuse them); the summary's first clause, since the
    /// whole list must stay small enough for an agent's context.
    func schema() -> JSON {
        let s = JSON.object()
        if kinds.count == 1 {
            s.set("type", kinds[0].rawValue)
        } else {
            s.set("type", strings: kinds.map(\.rawValue))
        }
        s.set("description", summary.components(separatedBy: "; ")[0])
        return s
    }
}

extension Server {
    /// Every request method of the table, installed in the dispatcher.
    func registerMethods() {
        for method in Methods.all { method.register(on: self) }
    }
}
