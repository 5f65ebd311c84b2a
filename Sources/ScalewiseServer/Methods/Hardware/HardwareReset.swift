import JSON
import ScalingCore

/// `hardware/reset`: drops the user's rows (one, or all), restoring built-in figures.
enum HardwareResetMethod: FastMethod {
    static let name = "hardware/reset"
    static let summary = "Removes user rows and overrides (one id, or all), restoring the built-in figures."
    /// Configuration of the daemon, not a question: the CLI and the protocol, not agents.
    static let isTool = false
    static let fields: [FieldSpec] = [FieldSpec("id", .string, "Only this accelerator (default: every user row)")]

    static func decode(_ params: Fields, _ server: Server) throws -> [String] {
        if let id = try params.optionalString("id") {
            _ = try server.hardware.accelerator(id: id, field: "params.id")
            return [id]
        }
        return server.hardware.all.filter { $0.origin == "user" }.map(\.id)
    }

    static func answer(_ targets: [String], _ server: Server) throws -> JSON {
        let hardware = server.hardware
        let builtins = Dictionary(uniqueKeysWithValues: server.builtinHardware.map { ($0.id, $0) })
        var restored: [String] = [], removed: [String] = []
        var keep = hardware.all.filter { $0.origin == "user" }
        for id in targets where hardware.rows[id]?.origin == "user" {
            keep.removeAll { $0.id == id }
            if builtins[id] != nil { restored.append(id) } else { removed.append(id) }
        }
        let updated = try Server.catalog(builtins: server.builtinHardware, userRows: keep)
        try server.persistHardware(updated)
        server.hardware = updated
        let result = JSON.object()
        result.set("restored", strings: restored)
        result.set("removed", strings: removed)
        result.set("persisted", server.state.directory != nil)
        return result
    }
}
