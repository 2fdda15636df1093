import Foundation
import PDTCore
import PDTNumerics

/// What a folder-writing ensemble command keeps in its shard folders, for `EnsembleFolderMerge`.
public struct EnsembleFolderLayout: Sendable {
    /// The rows file (`subjects.csv`, `design.csv`), its sidecar beside it.
    public var rowsName: String
    /// The sidecar's `kind`, and the entry holding the definition (`cohort`, `sensitivity`).
    public var kind: String
    public var definitionKey: String
    /// The command whose output the folder is (`cohort`, `sensitivity`), which a merged folder's
    /// marker records as the unsharded run's does.
    public var command: String
    /// The number of points of the whole run, from a sidecar.
    public var total: @Sendable (JSONOutput) -> Int?
    /// The sidecar keys that must agree between shards.
    public var definitionKeys: [String]
    /// The companion file of fixed-size records and the size of one record (from the sidecar).
    public var companion: (name: String, recordBytes: @Sendable (JSONOutput) -> Int?)?
    /// The files `finish` writes (bands and summary, indices).
    public var finishedNames: [String]
    /// Writes the whole run's remaining files into the merged folder from its rows and sidecar.
    public var finish: @Sendable (_ folder: String, _ sidecar: JSONOutput) throws -> Void

    /// The files a finished folder holds: the rows and their sidecar, then the finished files for
    /// the whole run, or the companion for a shard (`pdtsim merge` joins those).
    public func publishedNames(whole: Bool) -> [String] {
        [rowsName, EnsembleSidecar.path(of: rowsName)]
            + (whole ? finishedNames : companion.map { [$0.name] } ?? [])
    }

    /// Whether `path` is a shard folder of this layout.
    public func holds(_ path: String) -> Bool {
        guard POSIXFile.isDirectory(path),
            let sidecar = try? EnsembleSidecar.read(csv: "\(path)/\(rowsName)", kind: kind)
        else { return false }
        return sidecar["kind"] == .string(kind)
    }

    /// A cohort's shard folder: subjects.csv and the daily spool.
    public static let cohort = EnsembleFolderLayout(
        rowsName: CohortReport.subjectsName, kind: CohortPlan.kind, definitionKey: "cohort", command: "cohort",
        total: { $0["cohort"]?["subjects"]?.integerValue }, definitionKeys: CohortPlan.definitionKeys,
        companion: (
            CohortReport.spoolName,
            { sidecar in sidecar["cohort"]?["days"]?.integerValue.map { $0 * CohortPlan.series.count * 8 } }
        ),
        finishedNames: [CohortReport.bandsName, CohortReport.summaryName],
        finish: { folder, sidecar in try CohortReport.write(folder: folder, sidecar: sidecar) })
}

/// Joins the shard folders of an ensemble command (`pdtsim cohort --shard I/N`,
/// `pdtsim sensitivity --shard I/N`) into the folder the unsharded run writes, byte for byte: the
/// shards' sidecars must agree (definition, base protocol, columns, versions) and hold each
/// shard 0…N−1 once (`EnsembleCSVMerge`'s checks); the rows are interleaved into index order (point i
/// is row i / N of shard i mod N), the companion records likewise (streamed, one record at a
/// time), then the layout's `finish` writes the remaining files (bands and summary, indices) and
/// the folder is published (`OutputFolder`: staged in `.DIR.tmp-PID/`, a rerun keeps the files
/// pdtsim did not write).
public enum EnsembleFolderMerge {
    /// - Returns: the number of points written.
    @discardableResult
    public static func merge(parts: [String], output: String, layout: EnsembleFolderLayout) throws -> Int {
        precondition(!parts.isEmpty, "merge needs at least one part")
        let folder = try OutputFolder(output, command: "merge")
        defer { folder.release() }
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        var sidecars: [JSONOutput] = []
        for part in parts {
            guard URL(fileURLWithPath: part).standardizedFileURL.path != target else {
                throw ModelError(part, "is also the output; expected --out to name a new folder")
            }
            sidecars.append(try EnsembleSidecar.read(csv: "\(part)/\(layout.rowsName)", kind: layout.kind))
        }
        try EnsembleCSVMerge.checkSameEnsemble(
            parts: parts, sidecars: sidecars, definitionKeys: layout.definitionKeys, what: layout.definitionKey)
        let reference = sidecars[0]
        let recordBytes = layout.companion.map { $0.recordBytes(reference) ?? 0 } ?? 0
        guard let total = layout.total(reference), total >= 1, let columns = reference["columns"]?.stringValues,
            layout.companion == nil || recordBytes > 0
        else {
            throw ModelError(
                EnsembleSidecar.path(of: "\(parts[0])/\(layout.rowsName)"),
                "its shard, columns or \(layout.definitionKey) entry is incomplete; expected the sidecar of \(layout.kind) --shard"
            )
        }
        let shards = try EnsembleCSVMerge.checkShards(parts: parts, sidecars: sidecars)
        let count = shards[0].count
        let header = CSVTable(header: columns).text
        var rowsByShard = Array(repeating: [Substring](), count: count)
        var companions = [FileHandle?](repeating: nil, count: count)
        defer { for handle in companions { try? handle?.close() } }
        for (part, shard) in zip(parts, shards) {
            rowsByShard[shard.index] = try EnsembleCSVMerge.rows(
                of: "\(part)/\(layout.rowsName)", header: header, shard: shard, total: total)
            guard let companion = layout.companion else { continue }
            let path = "\(part)/\(companion.name)"
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
            guard size == shard.size(of: total) * recordBytes else {
                throw ModelError(
                    path,
                    "holds \(max(size, 0)) bytes, shard \(shard.index)/\(count) needs \(shard.size(of: total)) records of \(recordBytes); expected a finished shard"
                )
            }
            companions[shard.index] = FileHandle(forReadingAtPath: path)
        }
        let work = AtomicOutput.sibling(of: URL(fileURLWithPath: target), suffix: "tmp")
        let names = layout.publishedNames(whole: true)
        do {
            try POSIXFile.createDirectory(work)
            try POSIXFile.writeFile(
                OutputManifest(
                    command: "merge", state: .partial, files: names + [layout.companion?.name].compactMap { $0 }
                )
                .text,
                to: "\(work)/\(OutputManifest.fileName)")
        } catch {
            OutputFolder.discard(work)
            throw OutputError(path: output, reason: error.description)
        }
        defer { OutputFolder.discard(work) }
        var text = header
        for index in 0..<total { text += rowsByShard[index % count][index / count] + "\n" }
        let sidecar = reference.replacing("shard", with: EnsembleShard.whole.json(pointCount: total))
        try AtomicOutput.write(sidecar.text() + "\n", to: EnsembleSidecar.path(of: "\(work)/\(layout.rowsName)"))
        try AtomicOutput.write(text, to: "\(work)/\(layout.rowsName)")
        if let companion = layout.companion {
            let path = "\(work)/\(companion.name)"
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else { throw OutputError(path: path, reason: "cannot create the merged companion file") }
            do {
                for index in 0..<total {
                    guard let data = try companions[index % count]?.read(upToCount: recordBytes),
                        data.count == recordBytes
                    else { throw OutputError(path: path, reason: "a shard's \(companion.name) ended early") }
                    try handle.write(contentsOf: data)
                }
                try handle.close()
            } catch let error as OutputError {
                throw error
            } catch {
                throw OutputError(path: path, reason: SpectralTable.reason(error))
            }
        }
        try layout.finish(work, sidecar)
        try folder.publish(staged: work, names: names, recorded: layout.command)
        return total
    }
}
