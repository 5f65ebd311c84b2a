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
        let result = try server.callForCLI("hardware/list", p)
        output.emit(result) { r in
            let rows = (r["accelerators"]?.elements ?? []).map { a -> [String] in
                let peak = a["peakFlopsPerSecond"]?["bf16"]?.double.map { Format.fixed($0 / 1e12, 0) } ?? "n/a"
                let price = a["price"].map { p in
                    "\(Format.fixed(p["low"]?.double ?? 0, 2))–\(Format.fixed(p["high"]?.double ?? 0, 2))"
                } ?? "n/a"
                return [a["id"]?.string ?? "", a["name"]?.string ?? "", peak,
                        Format.fixed((a["memoryBytes"]?.double ?? 0) / 1e9, 0),
                        Format.fixed((a["memoryBandwidthBytesPerSecond"]?.double ?? 0) / 1e12, 2),
                        a["powerWatts"]?.double.map { Format.fixed($0, 0) } ?? "n/a", price, a["origin"]?.string ?? ""]
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
        let result = try server.callForCLI("hardware/get", p)
        output.emit(result) { r in
            guard let a = r["accelerator"] else { return "" }
            var rows: [(String, String)] = [
                ("id", (a["id"]?.string ?? "") + " (\(a["origin"]?.string ?? ""))"),
                ("name", a["name"]?.string ?? ""),
                ("vendor", a["vendor"]?.string ?? ""),
            ]
            for (k, v) in a["peakFlopsPerSecond"]?.members ?? [] {
                rows.append(("peak \(k)", Format.fixed((v.double ?? 0) / 1e12, 0) + " TFLOP/s dense"))
            }
            rows.append(("memory", Format.fixed((a["memoryBytes"]?.double ?? 0) / 1e9, 0) + " GB"))
            rows.append(("bandwidth", Format.fixed((a["memoryBandwidthBytesPerSecond"]?.double ?? 0) / 1e12, 2) + " TB/s"))
            if let w = a["powerWatts"]?.double { rows.append(("power", Format.fixed(w, 0) + " W")) }
            if let i = a["interconnect"]?.string { rows.append(("interconnect", i)) }
            if let m = a["matmulFraction"]?.double { rows.append(("matmul fraction", Format.fixed(m, 3))) }
            if let p = a["price"] {
                rows.append(("price", "\(Format.fixed(p["low"]?.double ?? 0, 2))–\(Format.fixed(p["high"]?.double ?? 0, 2)) $/h, mid \(Format.fixed(p["mid"]?.double ?? 0, 3)) (\(p["date"]?.string ?? ""); \(p["source"]?["title"]?.string ?? ""))"))
            } else {
                rows.append(("price", "not published"))
            }
            var text = Human.table(rows)
            let sources = (a["sources"]?.members ?? []).map { k, c in
                "  - \(k): \(c["title"]?.string ?? "")" + (c["url"]?.string.map { " <\($0)>" } ?? "")
            }
            if !sources.isEmpty { text += "\n\nsources\n" + sources.joined(separator: "\n") }
            let notes = (a["notes"]?.elements ?? []).compactMap(\.string)
            if !notes.isEmpty { text += "\n\nnotes\n" + notes.map { "  - \($0)" }.joined(separator: "\n") }
            return text
        }
    }
}
