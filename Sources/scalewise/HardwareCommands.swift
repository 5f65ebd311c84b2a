import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

struct HardwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hardware",
        abstract: "The accelerator table: list it, or show one row with its sources.",
        subcommands: [HardwareList.self, HardwareGet.self],
        defaultSubcommand: HardwareList.self)
}

struct HardwareList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "All accelerators (built-in and user rows).")

    @Option(help: "Only this vendor (NVIDIA, AMD, Google, ...).") var vendor: String?
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("vendor", vendor)
        let r = try server.callForCLI(Typed.hardwareList, p)
        try output.emit(r, Typed.hardwareList, server) {
            let rows = r.map { a -> [String] in
                [a.id, a.name, a.peakFlopsPerSecond[.bf16].map { Format.fixed($0 / 1e12, 0) } ?? "n/a",
                 Format.fixed(a.memoryBytes / 1e9, 0), Format.fixed(a.memoryBandwidthBytesPerSecond / 1e12, 2),
                 a.powerWatts.map { Format.fixed($0, 0) } ?? "n/a",
                 a.price.map { "\(Format.fixed($0.low, 2))–\(Format.fixed($0.high, 2))" } ?? "n/a", a.origin]
            }
            return Human.grid(["id", "name", "bf16 TFLOP/s", "GB", "TB/s", "W", "$/h", "origin"], rows)
        }
    }
}

struct HardwareGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "One accelerator with a source per figure.")

    @Argument(help: "Accelerator id.") var id: String
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("id", id)
        let a = try server.callForCLI(Typed.hardwareGet, p)
        try output.emit(a, Typed.hardwareGet, server) {
            var rows: [(String, String)] = [("id", "\(a.id) (\(a.origin))"), ("name", a.name), ("vendor", a.vendor)]
            for precision in Precision.allCases {
                if let peak = a.peakFlopsPerSecond[precision] {
                    rows.append(("peak \(precision.rawValue)", Format.fixed(peak / 1e12, 0) + " TFLOP/s dense"))
                }
            }
            rows.append(("memory", Format.fixed(a.memoryBytes / 1e9, 0) + " GB"))
            rows.append(("bandwidth", Format.fixed(a.memoryBandwidthBytesPerSecond / 1e12, 2) + " TB/s"))
            if let w = a.powerWatts { rows.append(("power", Format.fixed(w, 0) + " W")) }
            if let i = a.interconnect { rows.append(("interconnect", i)) }
            if let m = a.matmulFraction { rows.append(("matmul fraction", Format.fixed(m, 3))) }
            if let p = a.price {
                rows.append(("price", "\(Format.fixed(p.low, 2))–\(Format.fixed(p.high, 2)) $/h, mid \(Format.fixed(p.mid, 3)) (\(p.date); \(p.source.title))"))
            } else {
                rows.append(("price", "not published"))
            }
            var text = Human.table(rows)
            // One source per figure, keyed by its JSON path as the wire lists them.
            let sources = a.sources.sorted { $0.key < $1.key }.map { key, c in
                "  - \(key): \(c.title)" + (c.url.map { " <\($0)>" } ?? "")
            }
            if !sources.isEmpty { text += "\n\nsources\n" + sources.joined(separator: "\n") }
            if !a.notes.isEmpty { text += "\n\nnotes\n" + a.notes.map { "  - \($0)" }.joined(separator: "\n") }
            return text
        }
    }
}
