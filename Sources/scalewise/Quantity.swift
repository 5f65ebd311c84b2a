import ArgumentParser
import Foundation

/// A count typed by a person: `7B`, `1.4T`, `500M`, `10K`, `1e24`, `70000000000`.
/// The wire always carries plain numbers; only the CLI reads suffixes.
struct Quantity: ExpressibleByArgument, Sendable {
    var value: Double

    static let suffixes: [Character: Double] = ["K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15]

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        guard let last = text.last else { return nil }
        var scale = 1.0
        var number = Substring(text)
        if let s = Quantity.suffixes[Character(last.uppercased())], !last.isNumber {
            scale = s
            number = number.dropLast()
        }
        guard let v = Double(number), v.isFinite else { return nil }
        value = v * scale
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// Text layout for CLI tables (numbers themselves are formatted by ScalingCore.Format).
enum Human {
    /// Two aligned columns.
    static func table(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }
}
