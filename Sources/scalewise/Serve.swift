import ArgumentParser
import Foundation
import JSON
import RPC
import ScalewiseServer

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the JSON-RPC 2.0 daemon on stdin/stdout (Content-Length headers or one JSON value per line, detected).")

    @OptionGroup var data: DataOptions

    @Option(help: "Largest frame (message) accepted, in bytes; larger ones get a -32700 error.")
    var maxFrameBytes: Int = 64 << 20

    @Option(help: "Most requests accepted in one batch array.")
    var maxBatch: Int = 10_000

    @Option(help: "Most runs accepted by one scaling/fit.")
    var maxFitRuns: Int = 100_000

    @Option(help: "Most bootstrap samples accepted by one scaling/fit.")
    var maxBootstrap: Int = 100_000

    @Option(help: "Most points computed by one scaling/sweep.")
    var maxSweep: Int = 1_000_000

    @Option(help: "Most grid starts of one scaling/fit (the product of options.grid's axis lengths).")
    var maxFitStarts: Int = 100_000

    @Option(help: "Most documents an editor can have tracked at once (its setting scalewise.maxDocuments, default 200, may only lower this).")
    var maxDocuments: Int = 10_000

    @Option(help: "Largest document tracked for hints, in bytes (the setting scalewise.maxDocumentBytes, default 4 MiB, may only lower this).")
    var maxDocumentBytes: Int = 64 << 20

    @Option(help: "Most long requests (fit, sweep, …) computing at once; the rest wait in arrival order. Default: twice the cores.")
    var maxLongJobs: Int = Connection.Limits.defaultMaxLongJobs

    @Option(help: "Most long requests waiting for a slot; past this they answer -32002 (busy).")
    var maxQueuedJobs: Int = 1_024

    @Option(help: "Most JSON values (numbers, strings, arrays, objects) one frame may hold; counted before parsing.")
    var maxFrameValues: Int = 2_000_000

    @Option(help: "Longest id, name or other string field accepted in params, in bytes (document text excepted).")
    var maxStringBytes: Int = Fields.defaultMaxStringBytes

    @Flag(help: "Brief answers by default: the figures and the law's id, without sources and assumptions (a request's provenance: \"full\" still gets them).")
    var brief = false

    func validate() throws {
        guard maxLongJobs > 0 else { throw ValidationError("--max-long-jobs must be positive") }
        guard maxQueuedJobs >= 0 else { throw ValidationError("--max-queued-jobs must be ≥ 0") }
        guard maxFrameValues > 0 else { throw ValidationError("--max-frame-values must be positive") }
        guard maxStringBytes > 0 else { throw ValidationError("--max-string-bytes must be positive") }
        guard maxFitRuns > 0 else { throw ValidationError("--max-fit-runs must be positive") }
        guard maxBootstrap >= 0 else { throw ValidationError("--max-bootstrap must be ≥ 0") }
        guard maxDocuments > 0 else { throw ValidationError("--max-documents must be positive") }
        guard maxDocumentBytes > 0 else { throw ValidationError("--max-document-bytes must be positive") }
        guard maxFitStarts > 0 else { throw ValidationError("--max-fit-starts must be positive") }
        guard maxSweep > 0 else { throw ValidationError("--max-sweep must be positive") }
        guard maxFrameBytes > 0 else { throw ValidationError("--max-frame-bytes must be positive") }
        guard maxBatch > 0 else { throw ValidationError("--max-batch must be positive") }
    }

    func run() throws {
        // Keep the real stdout for the protocol and point fd 1 at stderr, so a stray
        // print can never corrupt the stream.
        let protocolFD = dup(1)
        dup2(2, 1)
        // A peer that closes our stdout ends the daemon through a failed write, not a signal.
        signal(SIGPIPE, SIG_IGN)
        let server = try data.makeServer(limits: .init(maxFitRuns: maxFitRuns, maxBootstrap: maxBootstrap, maxSweepPoints: maxSweep,
                                                       maxFitStarts: maxFitStarts, maxDocuments: maxDocuments,
                                                       maxDocumentBytes: maxDocumentBytes), quiet: false)
        server.briefAnswers = brief
        server.dispatcher.maxStringBytes = maxStringBytes
        let code = server.serve(input: 0, output: .fileDescriptor(protocolFD),
                                limits: .init(maxFrameBytes: maxFrameBytes, maxBatch: maxBatch,
                                              maxLongJobs: maxLongJobs, maxQueuedJobs: maxQueuedJobs,
                                              maxFrameValues: maxFrameValues))
        Foundation.exit(code)
    }
}
