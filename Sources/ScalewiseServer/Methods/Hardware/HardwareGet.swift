import JSON
import ScalingCore

/// `hardware/get`: one accelerator row.
enum HardwareGetMethod: TypedFastMethod {
    static let name = "hardware/get"
    static let summary = "One accelerator by id (see hardware/list), with every figure's source. Example: {\"id\": \"h100-sxm\"}."
    static let fields: [FieldSpec] = [FieldSpec("id", .string, required: true, "Accelerator id")]

    static func decode(_ params: Fields, _ server: Server) throws -> Accelerator {
        try server.hardware.accelerator(id: params.string("id"), field: "params.id")
    }

    static func compute(_ a: Accelerator, _ server: Server) throws -> Accelerator { a }

    static func encode(_ a: Accelerator, _ server: Server) throws -> JSON {
        let result = JSON.object()
        result.set("accelerator", try HardwareJSON.accelerator(a))
        return result
    }
}

extension Typed {
    public static let hardwareGet = TypedCall(HardwareGetMethod.self)
}
