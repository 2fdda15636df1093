import Foundation
import PDTNumerics

/// What pdtsim records in the marker file `.pdtsim-output` of a folder it writes: which pdtsim and
/// which command wrote it, and the files it wrote there. A later run replaces and removes only the
/// files listed; every other file in the folder is someone else's and is left alone.
///
/// The marker is a JSON object:
/// `{"kind": "pdtsim output", "pdtsim": "0.6.0", "command": "simulate", "state": "complete",
/// "files": ["depth.csv", …]}`, the same bytes for the same command and files (a merge of cohort
/// shards records `cohort`, as the unsharded run). `state` is `complete` in a published folder,
/// `partial` in a work folder (`OUT.partial/` of a cohort) and `backup` in the folder that holds
/// the files a publication replaced (`.OUT.old-PID/`, see `OutputFolder`), which also records the
/// staging folder, the new files and the inode of the new marker (the commit). A marker of pdtsim 0.3.0 and earlier is one line
/// `pdtsim VERSION`: it marks the folder as pdtsim's but lists no files (`files` is nil).
public struct OutputManifest: Sendable, Equatable {
    public enum State: String, Sendable {
        case complete, partial, backup
    }

    /// The marker's file name.
    public static let fileName = ".pdtsim-output"
    package static let kind = "pdtsim output"

    public var command: String
    public var state: State
    /// The files written, by name; nil for a marker of pdtsim 0.3.0 or earlier.
    public var files: [String]?
    /// For a backup: the staging folder the new files came from, their names, and the inode of the
    /// new marker, which is renamed into the folder as the publication's last step.
    public var staging = ""
    public var newFiles: [String] = []
    public var markerInode: UInt64 = 0

    public init(command: String, state: State, files: [String]?) {
        self.command = command
        self.state = state
        self.files = files
    }

    /// The marker of `folder`, if it holds one that pdtsim wrote (a JSON marker or a legacy line).
    public static func read(folder: String) -> OutputManifest? {
        guard let data = try? POSIXFile.readContents(of: "\(folder)/\(fileName)") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("pdtsim ") && !text.hasPrefix("pdtsim output") {
            return OutputManifest(command: "", state: .complete, files: nil)
        }
        guard let json = try? JSONValue.parse(data, path: fileName).output, json["kind"] == .string(kind),
            case .string(let command)? = json["command"], case .string(let stateName)? = json["state"],
            let state = State(rawValue: stateName), let files = json["files"]?.stringValues
        else { return nil }
        var manifest = OutputManifest(command: command, state: state, files: files)
        if case .string(let staging)? = json["staging"] { manifest.staging = staging }
        manifest.newFiles = json["new_files"]?.stringValues ?? []
        if case .string(let inode)? = json["marker_inode"] { manifest.markerInode = UInt64(inode) ?? 0 }
        return manifest
    }

    /// The marker's text.
    public var text: String {
        var pairs: [(String, JSONOutput)] = [
            ("kind", .string(Self.kind)), ("pdtsim", .string(SimulationReport.pdtsimVersion)),
            ("command", .string(command)), ("state", .string(state.rawValue)),
        ]
        pairs.append(("files", .array((files ?? []).map { .string($0) })))
        if state == .backup {
            pairs += [
                ("staging", .string(staging)), ("new_files", .array(newFiles.map { .string($0) })),
                ("marker_inode", .string(String(markerInode))),
            ]
        }
        return JSONOutput.object(pairs).text() + "\n"
    }

    /// True when pdtsim wrote the file `name` of the folder this marker describes. A legacy marker
    /// lists no files: then the names the new run writes (`writing`) count as pdtsim's, since
    /// pdtsim 0.3.0 wrote its folders whole.
    package func lists(_ name: String, writing: [String]) -> Bool {
        files.map { $0.contains(name) } ?? writing.contains(name)
    }
}
