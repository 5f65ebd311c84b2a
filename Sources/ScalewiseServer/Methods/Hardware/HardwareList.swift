import JSON
import ScalingCore

/// `hardware/list`: the accelerator catalog, built-in rows and the user's.
enum HardwareListMethod: TypedFastMethod {
    static let name = "hardware/list"
    static let summary = "Accelerators: peak FLOP/s, memory, bandwidth, power, dated prices, sources. Example: {\"vendor\": \"NVIDIA\"}."
    static let fields: [FieldSpec] = [FieldSpec("vendor", .string, "Only this vendor's accelerators, e.g. NVIDIA")]

    static func decode(_ params: Fields, _ server: Server) throws -> String? {
        try params.optionalString("vendor")
    }

    /// The rows in catalog order, of one vendor (any case) when `vendor` is given.
    static func compute(_ vendor: String?, _ server: Server) throws -> [Accelerator] {
        guard let vendor else { return server.hardware.all }
        let rows = server.hardware.all.filter { $0.vendor.lowercased() == vendor.lowercased() }
        if rows.isEmpty {
            let vendors = Set(server.hardware.all.map(\.vendor)).sorted()
            throw FieldError(field: "params.vendor", reason: "no accelerators from '\(vendor)'; known vendors: \(vendors.joined(separator: ", "))")
        }
        return rows
    }

    static func encode(_ rows: [Accelerator], _ server: Server) throws -> JSON {
        let list = JSON.array()
        for a in rows { list.append(try HardwareJSON.accelerator(a)) }
        let result = JSON.object()
        result.set("accelerators", list)
        return result
    }
}

extension Typed {
    public static let hardwareList = TypedCall(HardwareListMethod.self)
}
