import Foundation
import Testing
import DataFixtures
@testable import ScalewiseServer

/// Every method of the table against its schema in protocol/schemas, both ways: a field
/// declared in Swift and missing from the schema (or the reverse), a required flag or a JSON
/// type that differ, fail here. The schema files are read with Foundation, independently of
/// the server's jansson code.
@Suite struct MethodSchemaTests {
    static let schemas = HardwareFixtures.dataDirectory.deletingLastPathComponent().appendingPathComponent("protocol/schemas")

    /// Members every request may carry, handled by the dispatcher, not by a method.
    static let protocolMembers: Set<String> = ["workDoneToken", "provenance"]

    static func load(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: schemas.appendingPathComponent(relative + ".json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Follows `urn:scalewise:doc#/a/b` and `#/a/b` references.
    static func resolve(_ node: [String: Any], base: String) throws -> ([String: Any], String) {
        guard let ref = node["$ref"] as? String else { return (node, base) }
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let doc = parts[0].isEmpty ? base : String(parts[0]).replacingOccurrences(of: "urn:scalewise:", with: "")
        var target: Any = try load(doc)
        for token in parts[1].split(separator: "/") { target = (target as? [String: Any])?[String(token)] as Any }
        return try resolve(try #require(target as? [String: Any], "unresolved \(ref)"), base: doc)
    }

    /// The JSON types a property accepts: its `type`, or the union over `oneOf`/`anyOf` branches.
    static func kinds(_ node: [String: Any], base: String) throws -> Set<String> {
        let (n, b) = try resolve(node, base: base)
        if let t = n["type"] as? String { return [t] }
        if let ts = n["type"] as? [String] { return Set(ts) }
        var out: Set<String> = []
        for key in ["oneOf", "anyOf"] {
            for branch in n[key] as? [[String: Any]] ?? [] { out.formUnion(try kinds(branch, base: b)) }
        }
        if out.isEmpty, n["enum"] is [String] || n["const"] is String { out = ["string"] }
        return out
    }

    @Test(arguments: Methods.all.map { $0.name })
    func declaredFieldsMatchTheSchema(_ name: String) throws {
        let method = try #require(Methods.all.first { $0.name == name })
        let doc = try Self.load(name)
        let params = try #require((doc["$defs"] as? [String: Any])?["params"] as? [String: Any], "\(name): no $defs.params")
        // Alternatives (oneOf branches) may add members; the schema's members are their union.
        var properties = params["properties"] as? [String: Any] ?? [:]
        for branch in params["oneOf"] as? [[String: Any]] ?? [] {
            properties.merge(branch["properties"] as? [String: Any] ?? [:]) { a, _ in a }
        }
        let schemaNames = Set(properties.keys).subtracting(Self.protocolMembers)
        let declared = Dictionary(uniqueKeysWithValues: method.fields.map { ($0.name, $0) })
        #expect(Set(declared.keys) == schemaNames,
                "\(name): only in Swift \(Set(declared.keys).subtracting(schemaNames).sorted()), only in the schema \(schemaNames.subtracting(declared.keys).sorted())")
        let required = Set(params["required"] as? [String] ?? [])
        #expect(Set(method.fields.filter(\.required).map(\.name)) == required, "\(name): required fields differ")
        for (field, spec) in declared {
            guard let node = properties[field] as? [String: Any] else { continue }
            let schemaKinds = try Self.kinds(node, base: name).subtracting(["null"])  // null counts as absent
            let swiftKinds = Set(spec.kinds.map(\.rawValue))
            #expect(swiftKinds == schemaKinds, "\(name).\(field): Swift accepts \(swiftKinds.sorted()), the schema \(schemaKinds.sorted())")
        }
    }

    @Test func everyMethodHasASchemaAndOneType() throws {
        let names = Methods.all.map { $0.name }
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(FileManager.default.fileExists(atPath: Self.schemas.appendingPathComponent(name + ".json").path), "\(name): no schema")
        }
    }
}
