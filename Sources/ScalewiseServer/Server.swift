import Foundation
import JSON
import RPC
import ScalingCore

/// The daemon's state and method table. One instance per process; fast handlers run on the
/// reader loop. Laws live in a locked `LawStore`, because a long fit adds its law from a
/// worker thread; long work otherwise gets copies (Sendable values) of what it needs.
public final class Server {
    /// Per-request limits that keep one request from taking the daemon down (`serve` flags).
    public struct Limits: Sendable, Equatable {
        public var maxFitRuns: Int
        public var maxBootstrap: Int
        public var maxSweepPoints: Int
        /// Grid starts of one scaling/fit (the product of the axes' lengths).
        public var maxFitStarts: Int
        /// Ceilings on the editor settings `scalewise.maxDocuments` / `maxDocumentBytes`: a
        /// setting may lower the document limits, never raise them past these.
        public var maxDocuments: Int
        public var maxDocumentBytes: Int

        public init(maxFitRuns: Int = 100_000, maxBootstrap: Int = 100_000, maxSweepPoints: Int = 1_000_000,
                    maxFitStarts: Int = 100_000, maxDocuments: Int = 10_000, maxDocumentBytes: Int = 64 << 20) {
            self.maxFitRuns = maxFitRuns
            self.maxBootstrap = maxBootstrap
            self.maxSweepPoints = maxSweepPoints
            self.maxFitStarts = maxFitStarts
            self.maxDocuments = maxDocuments
            self.maxDocumentBytes = maxDocumentBytes
        }
    }

    public static let version = "0.1.0"
    /// The law used when a request names none: Besiroglu et al.'s refit, which reproduces
    /// Hoffmann et al.'s runs (the printed constants do not; see `PrintedChinchilla`).
    public static let defaultLaw = PrintedChinchilla.refitID
    /// Version of the JSON-RPC contract in protocol/ (bumped on incompatible changes).
    public static let protocolVersion = "1.0"

    public let dispatcher = Dispatcher()
    public let dataDirectory: String
    public let state: StateStore
    var models: ModelCatalog
    /// Built-in accelerator rows (data/hardware.json) merged with user rows and overrides.
    var hardware: HardwareCatalog
    /// The built-in rows as loaded, so `hardware/reset` can restore them.
    let builtinHardware: [Accelerator]
    /// API list prices (data/api-prices.json), for API vs self-hosted comparisons.
    let apiPrices: [ApiPrice]
    /// Published training runs (data/reported-runs.json): what models/get sets beside our estimate.
    let reportedRuns: [ReportedRun]
    /// Tensor-parallel links by accelerator id (data/serving-links.json), for cost/inference's serving answer.
    let servingLinks: [String: ServingLink]
    public let limits: Limits
    let lawStore: LawStore
    /// A snapshot of the laws (built-in and fitted) for one request.
    var laws: LawCatalog { lawStore.catalog }
    /// Full or brief answers for this session (`initializationOptions.provenance`, `serve --brief`).
    var provenance = Provenance.full
    public var briefAnswers: Bool {
        get { provenance == .brief }
        set { provenance = newValue ? .brief : .full }
    }
    /// Open documents, editor settings and their hints (LSP document features).
    let editor = EditorState()

    /// `stateDirectory` nil keeps fitted laws and user hardware in memory only.
    public init(dataDirectory: String, stateDirectory: String?, limits: Limits = Limits()) throws {
        self.dataDirectory = dataDirectory
        self.limits = limits
        state = try StateStore(directory: stateDirectory)
        // Parsing the data files is most of start-up: the largest parses on a thread of its own
        // while this one reads the rest (the first reply waits for both).
        let accelerators = BackgroundValue {
            try HardwareCatalogJSON.accelerators(Server.readJSON(dataDirectory + "/hardware.json"))
        }
        models = try ModelCatalogJSON.decode(Server.readJSON(dataDirectory + "/models.json"))
        apiPrices = try HardwareCatalogJSON.apiPrices(Server.readJSON(dataDirectory + "/api-prices.json"))
        let runs = try Server.readJSON(dataDirectory + "/reported-runs.json")
        servingLinks = try ServingLinksJSON.links(Server.readJSON(dataDirectory + "/serving-links.json"))
        lawStore = LawStore(builtins: try LawCatalog.decode(Server.readJSON(dataDirectory + "/laws.json")), state: state)
        builtinHardware = try accelerators.value()
        do { hardware = try HardwareCatalog(builtIns: builtinHardware) } catch {
            throw ServerError.badFile(dataDirectory + "/hardware.json", "\(error)")
        }
        reportedRuns = try HardwareCatalogJSON.reportedRuns(runs, catalog: hardware)
        lawStore.loadFitted()
        dispatcher.mapError = Server.mapDomainError
        loadUserHardware()
        registerMethods()
        registerDocuments()
        registerMCPNotifications()
        apply(settings: editor.settings)    // the default settings, within the serve ceilings
        for problem in state.problems { Log.warn(problem) }
    }

    /// What `initialize` reports about the state directory: where it is, whether this daemon
    /// may write it, and what could not be read or written at start-up.
    public func stateReport() -> JSON {
        let o = JSON.object()
        o.set("directory", state.directory)
        o.set("readOnly", state.directory == nil ? false : state.readOnly)
        o.set("persistent", state.directory != nil && !state.readOnly)
        o.set("problems", strings: state.problems)
        return o
    }

    /// Serves one connection on file descriptors; returns the process exit code.
    public func serve(input: Int32, output: Output, limits: Connection.Limits) -> Int32 {
        let connection = Connection(dispatcher: dispatcher, output: output, limits: limits)
        editor.output = output
        return connection.run(readingFrom: input)
    }

    /// Calls a method in-process (the one-shot CLI): same handlers, same JSON as the wire.
    public func call(_ method: String, _ params: JSON) throws(RPCError) -> JSON {
        do {
            return try dispatcher.invoke(method, params: params)
        } catch {
            throw dispatcher.rpcError(error)
        }
    }

    static func readJSON(_ path: String) throws -> JSON {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerError.missingFile(path)
        }
        do {
            return try JSON.parse([UInt8](data))
        } catch {
            throw ServerError.badFile(path, error.description)
        }
    }

    /// Domain failures: bad input the domain could name → -32602; no answer → application range.
    /// A domain computation stopped by `$/cancelRequest` → -32800.
    @Sendable static func mapDomainError(_ error: any Error) -> RPCError? {
        if error is CancellationError { return .cancelled }
        guard let e = error as? DomainError else { return nil }
        switch e {
        case .invalidInput(let field, let reason):
            return .invalidParams(field: field.hasPrefix("params") ? field : "params.\(field)", reason: reason)
        case .unanswerable(let message):
            return RPCError(code: RPCError.domainErrorCode, message: message)
        case .numerical(let message):
            return RPCError(code: RPCError.numericalErrorCode, message: message)
        }
    }
}

public enum ServerError: Error, CustomStringConvertible {
    case missingFile(String)
    case badFile(String, String)
    case noDataDirectory([String])

    public var description: String {
        switch self {
        case .missingFile(let p): "cannot read \(p)"
        case .badFile(let p, let why): "\(p): \(why)"
        case .noDataDirectory(let tried): "no data directory with laws.json found; tried: \(tried.joined(separator: ", ")); pass --data-dir or set SCALEWISE_DATA_DIR"
        }
    }
}
