import JSON
import RPC
import ScalingCore

/// User hardware rows and overrides live in the catalog (origin "user") and in the state directory as `hardware.json`
/// (`{"version": 1, "accelerators": [full rows]}`), written atomically after every change.
extension Server {
    static let hardwareStateFile = "hardware.json"

    /// Built-in rows with user rows laid over them (each validated again).
    static func catalog(builtins: [Accelerator], userRows: [Accelerator]) throws(DomainError) -> HardwareCatalog {
        var catalog = try HardwareCatalog(builtIns: builtins)
        for (i, row) in userRows.enumerated() {
            catalog = try catalog.adding(row, fieldPrefix: "accelerators[\(i)]")
        }
        return catalog
    }

    /// Writes the user rows of `catalog` to the state directory (or removes the file when none).
    func persistHardware(_ catalog: HardwareCatalog) throws {
        guard state.directory != nil else { return }
        let rows = catalog.all.filter { $0.origin == "user" }
        if rows.isEmpty {
            state.remove(Server.hardwareStateFile)
            return
        }
        let doc = JSON.object()
        doc.set("version", 1)
        let list = JSON.array()
        for row in rows { list.append(try HardwareJSON.accelerator(row)) }
        doc.set("accelerators", list)
        var bytes: [UInt8] = []
        doc.dump(into: &bytes)
        bytes.append(0x0A)
        do { try state.write(Server.hardwareStateFile, bytes) } catch {
            throw RPCError.internalError("could not save user hardware: \(error)")
        }
    }

    /// The user rows saved in the state directory; a file that cannot be loaded is moved aside
    /// with a warning and the daemon starts with the built-in rows.
    func loadUserHardware() {
        guard let bytes = state.read(Server.hardwareStateFile) else { return }
        do {
            let doc = try JSON.parse(bytes)
            guard doc.kind == .object, doc["accelerators"] != nil else {
                throw FieldError(field: "hardware.json", reason: "expected {\"version\": 1, \"accelerators\": [...]}")
            }
            var rows = try HardwareCatalogJSON.accelerators(doc, file: "state hardware.json")
            for i in rows.indices { rows[i].origin = "user" }
            hardware = try Server.catalog(builtins: builtinHardware, userRows: rows)
        } catch {
            state.quarantine(Server.hardwareStateFile, reason: "\(error)")
        }
    }
}
