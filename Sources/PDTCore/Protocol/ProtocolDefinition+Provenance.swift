import PDTNumerics

/// A model or data file a run used, with the SHA-256 of its contents.
public struct DataFile: Sendable, Equatable {
    /// The file's absolute path.
    public var path: String
    /// 64 hexadecimal digits, or "unreadable: REASON" when the file could not be read again.
    public var sha256: String
}

extension ProtocolDefinition {
    /// The paths of every file the protocol uses, in order, each once: the protocol files (the
    /// named one, then those it extends), each section's files in section order, a tabulated
    /// light's table, and the reference data of the model folder.
    public var dataFilePaths: [String] {
        var paths = protocolFiles
        for section in Section.allCases { paths += sections[section]?.files ?? [] }
        if case .text(let table)? = sections[.light]?.values[LightParameters.table.key]?.value { paths.append(table) }
        if let libraryRoot {
            paths += [ReferenceData.ppixFile, ReferenceData.chromophoreFile, ReferenceData.solarFile].map {
                "\(libraryRoot)/data/\($0)"
            }
        }
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }
    }

    /// Every file of `dataFilePaths` with the SHA-256 of its contents, for the provenance of a run.
    public var dataFiles: [DataFile] {
        dataFilePaths.map { path in
            do {
                return DataFile(path: path, sha256: try SHA256.hex(ofFile: path))
            } catch {
                return DataFile(path: path, sha256: "unreadable: \(error)")
            }
        }
    }
}

extension ProtocolDefinition {
    /// `dataFiles` as JSON, `[{"path": …, "sha256": …}, …]`, for summary.json and the sidecars of
    /// ensemble files (so a merge refuses parts made from different files).
    public var dataFilesJSON: JSONOutput {
        .array(dataFiles.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })
    }
}
