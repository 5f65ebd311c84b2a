import JSON
import ScalingCore

/// Reads data/serving-links.json (`{"comment", "links": [{accelerator, bytesPerSecond, source}]}`):
/// the tensor-parallel link of each accelerator, bytes per second in one direction, with its source.
public enum ServingLinksJSON {
    public static func links(_ document: JSON, file: String = "serving-links.json") throws(FieldError) -> [String: ServingLink] {
        guard document.kind == .object else { throw FieldError(field: file, reason: "expected an object with a \"links\" array") }
        let root = Fields(document, path: file)
        guard let entries = try root.optionalArray("links", maxCount: 10_000) else {
            throw FieldError(field: root.fieldPath("links"), reason: "is required: expected an array of links")
        }
        var out: [String: ServingLink] = [:]
        for (i, entry) in entries.enumerated() {
            let path = root.fieldPath("links") + "[\(i)]"
            guard entry.kind == .object else { throw FieldError(field: path, reason: "expected an object, got \(Fields.describe(entry))") }
            let f = Fields(entry, path: path)
            try f.rejectUnknown(["accelerator", "bytesPerSecond", "source"])
            let id = try f.string("accelerator")
            let bw = try f.number("bytesPerSecond")
            guard bw.isFinite, bw > 0 else {
                throw FieldError(field: f.fieldPath("bytesPerSecond"), reason: "expected a positive number of bytes per second, got \(bw)")
            }
            guard out[id] == nil else { throw FieldError(field: f.fieldPath("accelerator"), reason: "duplicate accelerator '\(id)'") }
            out[id] = ServingLink(acceleratorId: id, bytesPerSecond: bw,
                                  source: try HardwareCatalogJSON.citation(f.object("source")))
        }
        return out
    }
}
