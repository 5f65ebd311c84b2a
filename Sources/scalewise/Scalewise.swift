import ArgumentParser
import Foundation
import JSON
import RPC
import ScalewiseServer
import ScalingCore

@main
struct Scalewise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scalewise",
        abstract: "Scaling laws and the cost of training and serving LLMs, as a JSON-RPC daemon and a CLI.",
        version: Server.version,
        subcommands: [Serve.self, Optimal.self, Predict.self, Laws.self, Fit.self, Cost.self, Tco.self, HardwareCommand.self,
                      FineTune.self, Models.self, InferenceOptimalCommand.self, OvertrainCommand.self, SweepCommand.self, ApiPricesCommand.self,
                      Plan.self, Call.self]
    )

    /// Exit codes: 0 ok, 1 a domain error (one line on stderr), 2 usage.
    static func main() {
        do {
            var command: any ParsableCommand
            do {
                command = try parseAsRoot()
            } catch {
                // Only on failure: the did-you-mean list is not needed otherwise.
                suggestCommand(CommandLine.arguments.dropFirst().first)
                throw error
            }
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

extension Scalewise {
    /// `scalewise optimall` → "unknown command optimall; did you mean optimal?" (exit 2).
    static func suggestCommand(_ first: String?) {
        guard let first, !first.hasPrefix("-"), first != "help" else { return }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(first) else { return }
        let close = CloseMatches.find(first, in: names, limit: 2)
        let hint = close.isEmpty ? "commands: \(names.joined(separator: ", "))" : "did you mean \(close.joined(separator: " or "))?"
        FileHandle.standardError.write(Data("scalewise: unknown command \(first); \(hint)\n".utf8))
        Foundation.exit(2)
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

    @Flag(help: "Say what was loaded (fitted laws, user hardware) on stderr.")
    var verbose = false

    func makeServer(limits: Server.Limits = .init(), quiet: Bool = true) throws -> Server {
        Log.showInfo.store(verbose || !quiet, ordering: .relaxed)
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
    /// `flags`: name a bad field as the command's flag (`params.targetLoss` is `--target-loss`;
    /// `renamed` maps fields whose flag differs, such as `options` → `--api`), not as JSON.
    func callForCLI(_ method: String, _ params: JSON, flags: Bool = true, renamed: [String: String] = [:]) throws -> JSON {
        do {
            return try call(method, params)
        } catch {
            throw Self.failure(error, flags: flags, renamed: renamed)
        }
    }

    /// The typed call: the command reads the answer's own members.
    func callForCLI<R>(_ typed: TypedCall<R>, _ params: JSON, flags: Bool = true, renamed: [String: String] = [:]) throws -> R {
        do {
            return try call(typed, params)
        } catch {
            throw Self.failure(error, flags: flags, renamed: renamed)
        }
    }

    private static func failure(_ error: RPCError, flags: Bool, renamed: [String: String]) -> CLIFailure {
        if let field = error.field, let reason = error.reason {
            return CLIFailure(message: "invalid \(flags ? flag(for: field, renamed: renamed) : field): \(reason)")
        }
        return CLIFailure(message: error.message)
    }

    /// `params.targetLoss` → `--target-loss`; `params.options[1].apiPrice` → the flag of `options`.
    static func flag(for field: String, renamed: [String: String]) -> String {
        let path = field.hasPrefix("params.") ? String(field.dropFirst("params.".count)) : field
        let top = String(path.prefix { $0 != "." && $0 != "[" })
        return renamed[top] ?? MethodFlags.flag(top)
    }
}
