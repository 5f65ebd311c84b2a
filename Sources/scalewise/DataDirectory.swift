import Foundation
import ScalewiseServer

/// Finds the data tables: an explicit flag, $SCALEWISE_DATA_DIR, an install prefix
/// (`<bin>/../share/scalewise/data`, what `make install` and the Python wheel lay out), or `data/`
/// in the checkout the binary was built in (.build/<triple>/<config>/scalewise).
enum DataDirectory {
    static func locate(explicit: String?) throws -> String {
        if let explicit { return explicit }
        if let env = ProcessInfo.processInfo.environment["SCALEWISE_DATA_DIR"], !env.isEmpty { return env }
        let tried = candidates(binary: executablePath())
        if let found = tried.first(where: { FileManager.default.fileExists(atPath: $0 + "/laws.json") }) { return found }
        throw ServerError.noDataDirectory(tried)
    }

    /// Each ancestor of the binary's directory, nearest first: `share/scalewise/data`, then `data`.
    /// Every path once, however short the binary's path (`/scalewise` has only `/` above it).
    static func candidates(binary: String) -> [String] {
        var out: [String] = []
        var dir = URL(fileURLWithPath: binary).deletingLastPathComponent().standardizedFileURL
        for _ in 0..<6 {
            for sub in ["share/scalewise/data", "data"] {
                let path = dir.appendingPathComponent(sub).path
                if !out.contains(path) { out.append(path) }
            }
            let parent = dir.deletingLastPathComponent().standardizedFileURL
            if parent.path == dir.path { break }
            dir = parent
        }
        return out
    }

    private static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
