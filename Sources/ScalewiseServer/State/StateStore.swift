import Foundation
import JSON
import RPC
import Synchronization

/// Files in the state directory ($XDG_STATE_HOME/scalewise): fitted laws, user hardware
/// rows. Writes are atomic (temp file, fsync, rename, fsync of the directory), so a kill at
/// any moment leaves the old version or the new one. The directory is 0700, files 0600.
///
/// One daemon writes a directory: it holds `flock` on `.lock` for its lifetime. A second
/// daemon on the same directory reads the files but saves nothing (each would otherwise
/// overwrite the other's changes), and says so at start-up and on every refused write.
/// What could not be read or written is collected in `problems` for the start-up report.
public final class StateStore: Sendable {
    /// nil: keep state in memory only (`--no-state`).
    public let directory: String?
    /// Why writes are refused (the lock is held by another daemon, the directory is not
    /// writable); nil when this daemon owns the directory.
    public let readOnlyReason: String?
    /// The state-file format this build reads and writes.
    public static let formatVersion = 1
    public static let lockName = ".lock"
    private let lockFD: Int32
    private let problemList = Mutex<[String]>([])
    /// Files not loaded because of their version: left untouched, never overwritten.
    private let refusedFiles = Mutex<[String: String]>([:])

    public var readOnly: Bool { readOnlyReason != nil }

    /// What could not be read or written, one sentence each, for stderr and `initialize`.
    public var problems: [String] { problemList.withLock { $0 } }

    public init(directory: String?) throws {
        self.directory = directory
        guard let directory else {
            lockFD = -1
            readOnlyReason = nil
            return
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        chmod(directory, 0o700)
        let (fd, reason) = StateStore.acquire(directory)
        lockFD = fd
        readOnlyReason = reason
        if let reason { problemList.withLock { $0.append(reason) } }
        if reason == nil { removeStaleTemporaries() }
    }

    deinit {
        if lockFD >= 0 { StateStore.release(lockFD) }
    }

    /// Locks held by this process, by directory: instances in one process (a restart in a
    /// test, the CLI) share the lock; the last one to go releases it.
    private static let held = Mutex<[String: (fd: Int32, users: Int)]>([:])

    private static func acquire(_ directory: String) -> (Int32, String?) {
        var key = directory
        if let resolved = realpath(directory, nil) {
            key = String(cString: resolved)
            free(resolved)
        }
        return held.withLock { table in
            if let h = table[key] {
                table[key] = (h.fd, h.users + 1)
                return (h.fd, nil)
            }
            let (fd, reason) = lock(directory)
            if fd >= 0 && reason == nil { table[key] = (fd, 1) }
            else if fd >= 0 { close(fd) }
            return (reason == nil ? fd : -1, reason)
        }
    }

    private static func release(_ fd: Int32) {
        held.withLock { table in
            guard let (key, h) = table.first(where: { $0.value.fd == fd }) else { close(fd); return }
            if h.users > 1 { table[key] = (fd, h.users - 1) } else { table[key] = nil; close(fd) }
        }
    }

    /// Takes the directory's lock; returns the descriptor holding it, or why there is none.
    private static func lock(_ directory: String) -> (Int32, String?) {
        let path = directory + "/" + lockName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            return (-1, "cannot write the state directory \(directory) (\(String(cString: strerror(errno)))): running read-only, changes are not saved")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var holder = ""
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, buffer.count, 0)
            if n > 0, let pid = Int(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
                holder = " (pid \(pid))"
            }
            close(fd)
            return (-1, "the state directory \(directory) is in use by another scalewise daemon\(holder): running read-only, changes are not saved")
        }
        ftruncate(fd, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard access(directory, W_OK) == 0 else {
            return (fd, "cannot write the state directory \(directory) (\(String(cString: strerror(errno)))): running read-only, changes are not saved")
        }
        return (fd, nil)
    }

    private func problem(_ text: String) {
        problemList.withLock { list in if !list.contains(text) { list.append(text) } }
    }

    /// Removes temp files left by writers killed mid-write (`.<name>.tmp-<pid>` whose process
    /// is gone), so kills do not pile them up. A live writer's file (another daemon sharing
    /// the directory) is left alone.
    private func removeStaleTemporaries() {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: ".tmp-", options: .backwards),
                  let pid = pid_t(name[marker.upperBound...]), pid > 0 else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink(directory + "/" + name)
            }
        }
    }

    /// `$XDG_STATE_HOME/scalewise`, else `~/.local/state/scalewise`.
    public static func defaultDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/scalewise" }
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/scalewise"
    }

    public func path(_ name: String) -> String? { directory.map { $0 + "/" + name } }

    /// The file's bytes, or nil when it does not exist (or state is in memory only). A file
    /// that cannot be read (a directory in its place, no permission) or whose top-level
    /// `version` is not `formatVersion` gives nil and a problem; the latter is left as is
    /// and never overwritten, so a newer daemon's data survives an older one.
    public func read(_ name: String) -> [UInt8]? {
        guard let p = path(name) else { return nil }
        var info = stat()
        guard stat(p, &info) == 0 else {
            if errno != ENOENT { problem("cannot read \(p): \(String(cString: strerror(errno)))") }
            return nil
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            problem("\(p) is not a regular file (a directory?): not loaded, and changes cannot be saved to it")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: p) else {
            problem("cannot read \(p): \(String(cString: strerror(errno)))")
            return nil
        }
        let bytes = [UInt8](data)
        if let doc = try? JSON.parse(bytes), doc.kind == .object, let v = doc["version"], !v.isNull,
           v.int64 != Int64(StateStore.formatVersion) {
            let why = "\(p) has version \(v.dumped()); this build reads version \(StateStore.formatVersion): not loaded, left as is, and changes are not saved to it"
            refusedFiles.withLock { $0[name] = why }
            problem(why)
            return nil
        }
        return bytes
    }

    /// Why writing `name` is refused, if it is.
    public func writeRefusal(_ name: String) -> String? {
        readOnlyReason ?? refusedFiles.withLock { $0[name] }
    }

    /// Moves a file that cannot be loaded aside (`name.corrupt-<time>`) so the daemon starts.
    /// Never replaces an earlier file moved aside (two in the same second get `-1`, `-2`, ...).
    public func quarantine(_ name: String, reason: String) {
        guard let directory, let p = path(name) else { return }
        if let why = writeRefusal(name) {
            // Not ours to move: another daemon owns the directory.
            problem("\(p) could not be loaded (\(reason)); left in place: \(why)")
            return
        }
        let base = p + ".corrupt-\(Int(Date().timeIntervalSince1970))"
        var aside = base
        var n = 0
        // link() fails with EEXIST instead of replacing, unlike rename().
        while link(p, aside) != 0 {
            n += 1
            guard errno == EEXIST, n < 1000 else {
                Log.warn("\(p) could not be loaded (\(reason)) and could not be moved aside: \(String(cString: strerror(errno)))")
                return
            }
            aside = base + "-\(n)"
        }
        unlink(p)
        syncDirectory(directory)
        Log.warn("\(p) could not be loaded (\(reason)); moved aside to \(aside)")
    }

    private func syncDirectory(_ directory: String) {
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    public func write(_ name: String, _ bytes: [UInt8]) throws {
        guard let directory, let final = path(name) else { return }
        if let why = writeRefusal(name) { throw StateError.readOnly(why) }
        let temp = directory + "/.\(name).tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw StateError.io("cannot create \(temp): \(String(cString: strerror(errno)))") }
        fchmod(fd, 0o600) // a leftover temp file keeps its old mode through O_CREAT
        var ok = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return false }
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temp, final) == 0 else {
            unlink(temp)
            throw StateError.io("cannot write \(final): \(String(cString: strerror(errno)))")
        }
        syncDirectory(directory)
    }

    public func remove(_ name: String) {
        guard let directory, let p = path(name), writeRefusal(name) == nil else { return }
        if unlink(p) == 0 { syncDirectory(directory) }
    }
}

public enum StateError: Error, CustomStringConvertible {
    case io(String)
    case readOnly(String)
    public var description: String {
        switch self {
        case .io(let s): s
        case .readOnly(let s): s
        }
    }
}
