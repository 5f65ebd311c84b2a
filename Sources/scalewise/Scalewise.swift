import ArgumentParser
import Foundation
import JSON
import RPC
import ScalewiseServer

@main
struct Scalewise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scalewise",
        abstract: "Scaling laws and the cost of training and serving LLMs, as a JSON-RPC daemon and a CLI.",
        version: Server.version,
        subcommands: [Serve.self, Optimal.self, Predict.self, Laws.self, Fit.self, Cost.self, Tco.self, HardwareCommand.self,
                      FineTune.self, Models.self, Plan.self, Call.self]
    )

    /// Exit codes: 0 ok, 1 a domain error (one line on stderr), 2 usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("scalewise: \(failure.message)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// A failure the server reported (or a file it could not load): exit code 1.
struct CLIFailure: Error {
    var message: String
}

/// Options every command that loads the data tables and the state takes.
struct DataOptions: ParsableArguments {
    @Option(help: "Directory holding laws.json (default: $SCALEWISE_DATA_DIR, then data/ beside the binary's checkout).")
    var dataDir: String?

    @Option(help: "Directory for fitted laws and user hardware rows (default: $XDG_STATE_HOME/scalewise).")
    var stateDir: String?

    @Flag(help: "Keep fitted laws and user hardware in memory only.")
    var noState = false

    func makeServer(limits: Server.Limits = .init()) throws -> Server {
        do {
            return try Server(dataDirectory: DataDirectory.locate(explicit: dataDir),
                              stateDirectory: noState ? nil : (stateDir ?? StateStore.defaultDirectory()),
                              limits: limits)
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}

extension Server {
    /// `call` for the CLI: RPC errors become one-line failures.
    /// `flags`: name a bad field as the command's flag (`--flops`), not as JSON (`params.flops`).
    func callForCLI(_ method: String, _ params: JSON, flags: Bool = true) throws -> JSON {
        do {
            return try call(method, params)
        } catch {
            if let field = error.field, let reason = error.reason {
                let name = flags ? field.replacingOccurrences(of: "params.", with: "--") : field
                throw CLIFailure(message: "invalid \(name): \(reason)")
            }
            throw CLIFailure(message: error.message)
        }
    }
}
