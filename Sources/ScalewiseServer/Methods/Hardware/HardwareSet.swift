import JSON
import RPC
import ScalingCore

/// `hardware/set`: adds a user row or overrides fields of an existing one; validated into a new
/// catalog, written to the state directory, and only then made live (a failed set changes nothing).
enum HardwareSetMethod: FastMethod {
    static let name = "hardware/set"
    static let summary = "Adds an accelerator or overrides fields of one (by id); saved in the state directory. A new row needs name, vendor, peakFlopsPerSecond and memoryBytes."
    /// Configuration of the daemon, not a question: the CLI and the protocol, not agents.
    static let isTool = false
    static let fields: [FieldSpec] = [
        FieldSpec("id", .string, required: true, "Accelerator id (new or existing)"),
        FieldSpec("name", .string, "Display name"),
        FieldSpec("vendor", .string, "Vendor"),
        FieldSpec("peakFlopsPerSecond", .object, "Dense peak FLOP/s by precision, e.g. {\"bf16\": 989e12}"),
        FieldSpec("memoryBytes", .number, "Memory in bytes"),
        FieldSpec("memoryBandwidthBytesPerSecond", .number, "Memory bandwidth in bytes/s"),
        FieldSpec("powerWatts", .number, "Board power in watts"),
        FieldSpec("interconnect", .string, "Interconnect, e.g. NVLink 4"),
        FieldSpec("matmulFraction", .number, "Fraction of peak reached by large matmuls"),
        FieldSpec("price", .object, "US dollars per hour {low, high, date, source}"),
        FieldSpec("sources", .object, "A citation per figure"),
        FieldSpec("notes", .array, "Free-text notes"),
    ]

    struct Params {
        var id: String
        var exists: Bool
        var updated: HardwareCatalog
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        let id = try params.string("id")
        let hardware = server.hardware
        let exists = hardware.rows[id] != nil
        // Decode and validate into a new catalog; the live one changes only after the write.
        do {
            if exists {
                return Params(id: id, exists: true, updated: try hardware.applying(HardwareCatalogJSON.patch(params), fieldPrefix: "params"))
            }
            // The row is the params without the members every request may carry.
            let body = params.object!.copy()
            for member in Dispatcher.protocolParams { body.remove(member) }
            return Params(id: id, exists: false,
                          updated: try hardware.adding(HardwareCatalogJSON.userRow(body, path: "params"), fieldPrefix: "params"))
        } catch let e as DomainError {
            throw HardwareCatalogJSON.fieldError(e, path: "params")
        }
    }

    static func answer(_ p: Params, _ server: Server) throws -> JSON {
        try server.persistHardware(p.updated)
        server.hardware = p.updated
        let result = JSON.object()
        result.set("accelerator", try HardwareJSON.accelerator(p.updated.rows[p.id]!))
        result.set("created", !p.exists)
        result.set("persisted", server.state.directory != nil)
        return result
    }
}
