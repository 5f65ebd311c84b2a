import JSON
import RPC

extension Server {
    /// LSP 3.17 ServerCapabilities. Diagnostics are pushed (textDocument/publishDiagnostics),
    /// which needs no capability; positions are UTF-16 code units, LSP's default.
    static func addEditorCapabilities(_ capabilities: JSON) {
        let sync = JSON.object()
        sync.set("openClose", true)
        sync.set("change", 2)  // incremental; full-text changes (no range) are accepted too
        capabilities.set("textDocumentSync", sync)
        capabilities.set("hoverProvider", true)
        let inlay = JSON.object()
        inlay.set("resolveProvider", false)
        capabilities.set("inlayHintProvider", inlay)
        capabilities.set("positionEncoding", "utf-16")
    }
}
