import Foundation

/// Joins the shard folders of a cohort (`pdtsim cohort --shard I/N`) into the folder the
/// unsharded run writes, byte for byte: the shards' sidecars must agree (cohort, seed, subjects,
/// base protocol, columns, versions) and hold each shard 0…N−1 once (`SweepMerge`'s checks); the
/// rows are interleaved into subject order (subject i is row i / N of shard i mod N), the daily
/// records likewise (streamed, one record at a time), then `CohortReport` writes the bands and
/// the summary and the folder is published.
public enum CohortMerge {
    /// Whether `path` is a cohort shard folder (it holds subjects.csv with a cohort sidecar).
    public static func isCohortFolder(_ path: String) -> Bool {
        POSIXFile.isDirectory(path) && POSIXFile.exists("\(path)/\(CohortReport.subjectsName).json")
    }

    /// - Returns: the number of subjects written.
    @discardableResult
    public static func merge(parts: [String], output: String) throws -> Int {
        precondition(!parts.isEmpty, "merge needs at least one part")
        try AtomicOutput.checkDirectory(output)
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        var sidecars: [JSONOutput] = []
        for part in parts {
            guard URL(fileURLWithPath: part).standardizedFileURL.path != target else {
                throw ModelError(part, "is also the output; expected --out to name a new folder")
            }
            sidecars.append(try SweepSidecar.read(csv: "\(part)/\(CohortReport.subjectsName)", kind: CohortPlan.kind))
            guard POSIXFile.exists("\(part)/\(CohortReport.spoolName)") else {
                throw ModelError(
                    part, "holds no \(CohortReport.spoolName); expected a shard folder of pdtsim cohort --shard I/N")
            }
        }
        try SweepMerge.checkSameEnsemble(
            parts: parts, sidecars: sidecars, definitionKeys: CohortPlan.definitionKeys, what: "cohort")
        let reference = sidecars[0]
        guard let total = reference["cohort"]?["subjects"]?.integerValue, total >= 1,
            let days = reference["cohort"]?["days"]?.integerValue, days >= 1,
            let columns = reference["columns"]?.stringValues
        else {
            throw ModelError(
                SweepSidecar.path(of: "\(parts[0])/\(CohortReport.subjectsName)"),
                "cohort.subjects, cohort.days or columns is missing; expected a cohort sidecar")
        }
        let shards = try SweepMerge.checkShards(parts: parts, sidecars: sidecars)
        let count = shards[0].count
        let header = CSVTable(header: columns).text
        let recordBytes = days * CohortPlan.series.count * 8
        var rowsByShard = Array(repeating: [Substring](), count: count)
        var spools = [FileHandle?](repeating: nil, count: count)
        defer { for spool in spools { try? spool?.close() } }
        for (part, shard) in zip(parts, shards) {
            rowsByShard[shard.index] = try SweepMerge.rows(
                of: "\(part)/\(CohortReport.subjectsName)", header: header, shard: shard, total: total)
            let spoolPath = "\(part)/\(CohortReport.spoolName)"
            let size = (try? FileManager.default.attributesOfItem(atPath: spoolPath)[.size] as? Int) ?? -1
            guard size == shard.size(of: total) * recordBytes else {
                throw ModelError(
                    spoolPath,
                    "holds \(size) bytes, shard \(shard.index)/\(count) needs \(shard.size(of: total)) records of \(recordBytes); expected a finished shard"
                )
            }
            spools[shard.index] = FileHandle(forReadingAtPath: spoolPath)
        }
        let work = CohortRunner.workPath(of: output)
        POSIXFile.removeTree(work)
        do {
            try POSIXFile.createDirectories(work)
        } catch {
            throw OutputError(path: work, reason: error.description)
        }
        let lock = try OutputLock(output: "\(work)/\(CohortReport.subjectsName)")
        defer { lock.release() }
        var text = header
        for index in 0..<total { text += rowsByShard[index % count][index / count] + "\n" }
        let sidecar = reference.replacing("shard", with: SweepShard.whole.json(pointCount: total))
        try AtomicOutput.write(sidecar.text() + "\n", to: SweepSidecar.path(of: "\(work)/\(CohortReport.subjectsName)"))
        try AtomicOutput.write(text, to: "\(work)/\(CohortReport.subjectsName)")
        let spoolPath = "\(work)/\(CohortReport.spoolName)"
        guard FileManager.default.createFile(atPath: spoolPath, contents: nil),
            let spool = FileHandle(forWritingAtPath: spoolPath)
        else { throw OutputError(path: spoolPath, reason: "cannot create the daily-values spool") }
        do {
            for index in 0..<total {
                guard let data = try spools[index % count]?.read(upToCount: recordBytes), data.count == recordBytes
                else {
                    throw OutputError(path: parts[0], reason: "a shard's spool ended early")
                }
                try spool.write(contentsOf: data)
            }
            try spool.close()
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError(path: spoolPath, reason: SpectralTable.reason(error))
        }
        try CohortReport.write(folder: work, sidecar: sidecar)
        lock.release()
        try CohortReport.publish(work, as: output)
        return total
    }
}
