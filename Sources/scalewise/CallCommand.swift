import ArgumentParser
import JSON
import ScalewiseServer

/// Any method, once: `scalewise call scaling/optimal --usd 1e5 --hardware h100-sxm`, or with
/// the params as JSON. `scalewise call` alone lists the methods; `scalewise call METHOD --help`
/// lists its flags.
struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call any method once and print its JSON result.",
        discussion: """
        Flags mirror the method's params (targetLoss is --target-loss; numbers take K/M/B/T):
          scalewise call scaling/optimal --usd 100K --hardware h100-sxm
          scalewise call scaling/optimal '{"flops": 1e24}'
        scalewise call lists the methods; scalewise call METHOD --options lists a method's flags.
        """)

    @Argument(help: "Method name, e.g. scaling/optimal (omit to list them).") var method: String?
    @Argument(parsing: .captureForPassthrough, help: "Params as one JSON object, or as --flags.") var arguments: [String] = []
    @OptionGroup var data: DataOptions

    func run() throws {
        guard let name = method else {
            for m in Server.methodDescriptions where m.name != "initialize" {
                print(m.name.padding(toLength: 28, withPad: " ", startingAt: 0) + m.summary.prefix(100))
            }
            return
        }
        let description = try MethodFlags.method(named: name)
        if arguments == ["--options"] {
            for f in description.fields {
                print("\(MethodFlags.flag(f.name)) <\(f.kinds.joined(separator: "|"))>\(f.required ? " (required)" : "")  \(f.summary)")
            }
            return
        }
        let params: JSON
        if arguments.count == 1, arguments[0].hasPrefix("{") {
            do { params = try JSON.parse(arguments[0]) } catch { throw ValidationError("params: \(error.description)") }
            guard params.kind == .object else { throw ValidationError("params must be a JSON object") }
            print(try data.makeServer().callForCLI(name, params, flags: false).dumped())
        } else {
            params = try MethodFlags.params(arguments, for: description)
            print(try data.makeServer().callForCLI(name, params).dumped())
        }
    }
}
