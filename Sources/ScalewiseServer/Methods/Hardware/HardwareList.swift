import JSON
import ScalingCore

/// `hardware/list`: the accelerator catalog, built-in rows and the user's.
enum HardwareListMethod: FastMethod {
    static let name = "hardware/list"
    static let summary = "Accelerators: peak FLOP/s, memory, bandwidth, power, dated prices, sources. Example: {\"vendor\": \"NVIDIA\"}."
    static let fields: [FieldSpec] = [FieldSpec("vendor", .string, "Only this vendor's accelerators, e.g. NVIDIA")]

    static func decode(_ params: Fields, _ server: Server) throws -> String? {
        try params.optionalString("vendor")
    }

    static func answer(_ vendor: String?, _ server: Server) throws -> JSON {
        let list = JSON.array()
        for a in server.hardware.all where vendor == nil || a.vendor.lowercased() == vendor!.lowercased() {
            list.append(try HardwareJSON.accelerator(a))
        }
        if let vendor, list.count == 0 {
            let vendors = Set(server.hardware.all.map(\.vendor)).sorted()
            throw FieldError(field: "params.vendor", reason: "no accelerators from '\(vendor)'; known vendors: \(vendors.joined(separator: ", "))")
        }
        let result = JSON.object()
        result.set("accelerators", list)
        return result
    }
}
