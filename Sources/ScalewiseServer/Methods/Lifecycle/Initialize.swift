import JSON
import RPC

/// `initialize`: who we are, what we answer, what we loaded. `shutdown`/`exit` live in RPC.
/// One method, three clients: an MCP client (date-shaped `protocolVersion`) gets MCP's
/// result; an editor (LSP `capabilities` or `processId` in params) gets our result plus
/// LSP ServerCapabilities; anything else (shell, notebook) gets our result alone.
enum InitializeMethod: FastMethod {
    static let name = "initialize"
    static let summary = "Starts a session: server info, the methods, laws, models and hardware loaded; LSP and MCP clients get their capabilities."
    static let isTool = false
    static let allowsUnknownFields = true
    static let fields: [FieldSpec] = [
        FieldSpec("protocolVersion", .string, "MCP: the client's protocol revision (a date)"),
        FieldSpec("processId", .integer, "LSP: the editor's process id"),
        FieldSpec("rootUri", .string, "LSP: the workspace root"),
        FieldSpec("capabilities", .object, "LSP or MCP client capabilities"),
        FieldSpec("clientInfo", .object, "{name, version?}"),
        FieldSpec("initializationOptions", .object, "Session settings: {provenance: full|brief} and, for editors, {law, hardware, gpus, mfu, peakFlops, pricePerHour, maxDocuments, maxDocumentBytes}"),
    ]

    /// The params as sent: the three kinds of client are told apart by their members.
    static func decode(_ params: Fields, _ server: Server) throws -> Fields { params }

    static func answer(_ params: Fields, _ server: Server) throws -> JSON {
            if MCP.isMCPInitialize(params) { return server.mcpInitialize(params) }
        if let options = try params.optionalObject("initializationOptions") {
            server.provenance = try Provenance.of(options.optionalObject("scalewise") ?? options, session: .full)
        }
        let capabilities = JSON.object()
        capabilities.set("methods", strings: server.dispatcher.methods)
        if params.has("capabilities") || params.has("processId") || params.has("rootUri") {
            Server.addEditorCapabilities(capabilities)
            if let settings = EditorSettings.parse(params.value("initializationOptions")) {
                server.apply(settings: settings)
            }
        }
        let lawSummary = JSON.array()
        for law in server.laws.laws {
            let l = JSON.object()
            l.set("id", law.id)
            l.set("title", law.title)
            l.set("form", law.form.name)
            lawSummary.append(l)
        }
        let result = JSON.object()
        result.set("serverInfo", Server.serverInfo())
        result.set("protocolVersion", Server.protocolVersion)
        result.set("capabilities", capabilities)
        result.set("laws", lawSummary)
        let modelSummary = JSON.array()
        for model in server.models.models {
            let m = JSON.object()
            m.set("id", model.id)
            m.set("name", model.name)
            modelSummary.append(m)
        }
        result.set("models", modelSummary)
        let hardwareSummary = JSON.array()
        for a in server.hardware.all { hardwareSummary.append(HardwareJSON.summary(a)) }
        result.set("hardware", hardwareSummary)
        result.set("dataDirectory", server.dataDirectory)
        return result
    }
}
