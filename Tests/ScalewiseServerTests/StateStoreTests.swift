import Foundation
import Testing
@testable import ScalewiseServer

/// The state directory's housekeeping: files moved aside are never replaced, temp files of
/// killed writers are removed at start-up (a live writer's are not), modes are 0700/0600.
@Suite struct StateStoreTests {
    func tempDir() -> String { NSTemporaryDirectory() + "scalewise-state-\(UUID().uuidString)" }

    func names(_ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    @Test func quarantiningTwiceInOneSecondKeepsBothFiles() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try StateStore(directory: dir)
        for content in ["first", "second", "third"] {
            try store.write("x.json", Array(content.utf8))
            store.quarantine("x.json", reason: "test")
        }
        let aside = try names(dir).filter { $0.hasPrefix("x.json.corrupt-") }
        #expect(aside.count == 3)
        let contents = Set(try aside.map { String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)), as: UTF8.self) })
        #expect(contents == ["first", "second", "third"])
        #expect(!(try names(dir)).contains("x.json"))
    }

    @Test func tempFilesOfDeadWritersAreRemovedAtStartUpLiveOnesKept() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // A pid that cannot be alive (beyond pid_max on Linux), and our own parent (alive).
        let dead = dir + "/.hardware.json.tmp-2147483000"
        let live = dir + "/.hardware.json.tmp-\(getppid())"
        let other = dir + "/.notes.tmp-keep"     // not a pid: not ours to remove
        for p in [dead, live, other] { FileManager.default.createFile(atPath: p, contents: Data("x".utf8)) }
        _ = try StateStore(directory: dir)
        let left = try names(dir)
        #expect(!left.contains(".hardware.json.tmp-2147483000"))
        #expect(left.contains(".hardware.json.tmp-\(getppid())"))
        #expect(left.contains(".notes.tmp-keep"))
    }

    @Test func directoryIs0700AndFiles0600() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let store = try StateStore(directory: dir)
        try store.write("a.json", Array("{}".utf8))
        var st = stat()
        #expect(stat(dir, &st) == 0 && st.st_mode & 0o777 == 0o700)
        #expect(stat(dir + "/a.json", &st) == 0 && st.st_mode & 0o777 == 0o600)
    }
}

/// One writer per state directory (flock), and what start-up could not read or write.
@Suite struct StateStoreLockTests {
    func tempDir() -> String { NSTemporaryDirectory() + "scalewise-lock-\(UUID().uuidString)" }

    /// Another process holds the lock (flock(1) standing in for a second daemon).
    @Test func aStoreOnADirectoryLockedElsewhereIsReadOnlyAndSaysWhy() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/hardware.json", contents: Data(#"{"version":1,"accelerators":[]}"#.utf8))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--no-fork", dir + "/" + StateStore.lockName, "/bin/sh", "-c", "touch \(dir)/held; exec sleep 30"]
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: dir + "/held") { usleep(10_000) }
        let store = try StateStore(directory: dir)
        #expect(store.readOnly)
        #expect(store.problems.count == 1 && store.problems[0].contains("is in use by another scalewise daemon"))
        // It reads what the owner wrote, and refuses to write.
        #expect(store.read("hardware.json") != nil)
        #expect(throws: StateError.self) { try store.write("hardware.json", Array("{}".utf8)) }
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/hardware.json")), as: UTF8.self).contains("accelerators"))
    }

    @Test func instancesInOneProcessShareTheLock() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try StateStore(directory: dir)
        let second = try StateStore(directory: dir)
        #expect(!first.readOnly && !second.readOnly)
    }

    @Test func theLockIsReleasedWithItsOwner() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { _ = try StateStore(directory: dir) }
        let next = try StateStore(directory: dir)
        #expect(!next.readOnly)
        #expect(next.problems.isEmpty)
    }

    @Test func anUnknownVersionIsRefusedKeptAndNeverOverwritten() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let newer = #"{"version":99,"laws":[]}"#
        FileManager.default.createFile(atPath: dir + "/fitted-laws.json", contents: Data(newer.utf8))
        let store = try StateStore(directory: dir)
        #expect(store.read("fitted-laws.json") == nil)
        #expect(store.problems.contains { $0.contains("has version 99; this build reads version 1") })
        #expect(throws: StateError.self) { try store.write("fitted-laws.json", Array("{}".utf8)) }
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/fitted-laws.json")), as: UTF8.self) == newer)
    }

    @Test func aDirectoryWhereAFileBelongsIsReported() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/hardware.json", withIntermediateDirectories: true)
        let store = try StateStore(directory: dir)
        #expect(store.read("hardware.json") == nil)
        #expect(store.problems.contains { $0.contains("hardware.json is not a regular file") })
    }
}
