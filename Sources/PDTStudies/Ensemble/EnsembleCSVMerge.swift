import Foundation
import PDTCore
import PDTNumerics

/// Joins the N CSV parts of a sharded ensemble (`pdtsim sweep --shard 0/N` … `--shard N−1/N`) into
/// exactly the bytes the unsharded run writes, with the unsharded sidecar. Its checks (one
/// ensemble, each shard once, complete rows in index order) serve the shard folders of
/// `EnsembleFolderMerge` as well.
public enum EnsembleCSVMerge {
    /// Checks that `parts` come from one sweep (same definition, base protocol, columns, versions
    /// and N) and cover it exactly once with complete files, then writes `output` and its sidecar
    /// (sidecar first, each atomically). The output must be none of the parts (compared by device
    /// and inode, so another path to a part is caught), and an existing file there must be one
    /// pdtsim wrote, unless `force` (`OutputTarget.checkFile`); a sweep writing it (its lock) is
    /// waited for by no one: the merge is refused.
    /// - Throws: `ModelError` naming the offending part; `OutputError` when the output is refused
    ///   or writing fails.
    /// - Returns: the number of points (rows) written.
    @discardableResult
    public static func merge(parts: [String], output: String, force: Bool = false) throws -> Int {
        precondition(!parts.isEmpty, "merge needs at least one part")
        try OutputTarget.checkFile(output, force: force, inputs: parts)
        var sidecars: [JSONOutput] = []
        for part in parts {
            guard !part.hasSuffix(".partial") else {
                throw ModelError(
                    part, "is an unfinished part; finish its sweep with --resume and merge the finished FILE.csv")
            }
            guard !FileManager.default.fileExists(atPath: part + ".partial") else {
                throw ModelError(
                    part,
                    "\(part).partial exists: a sweep writing this part is running or was interrupted; finish it with --resume (or delete the partial file)"
                )
            }
            sidecars.append(try EnsembleSidecar.read(csv: part, kind: SweepPlan.kind))
        }
        let reference = sidecars[0]
        try checkSameEnsemble(
            parts: parts, sidecars: sidecars, definitionKeys: SweepPlan.definitionKeys, what: "sweep")
        guard let total = reference["sweep"]?["points"]?.integerValue, total >= 0,
            let columns = reference["columns"]?.stringValues
        else {
            throw ModelError(
                EnsembleSidecar.path(of: parts[0]), "sweep.points or columns is missing; expected a sweep sidecar")
        }
        let shards = try checkShards(parts: parts, sidecars: sidecars)
        let count = shards[0].count
        let header = CSVTable(header: columns).text
        var rowsByShard = Array(repeating: [Substring](), count: count)
        for (part, shard) in zip(parts, shards) {
            rowsByShard[shard.index] = try rows(of: part, header: header, shard: shard, total: total)
        }
        var text = header
        for index in 0..<total { text += rowsByShard[index % count][index / count] + "\n" }
        try AtomicOutput.createParentFolder(of: output)
        let lock = try OutputLock(output: output, command: "merge")
        defer { lock.release() }
        let sidecar = reference.replacing("shard", with: EnsembleShard.whole.json(pointCount: total))
        try AtomicOutput.write(sidecar.text() + "\n", to: EnsembleSidecar.path(of: output))
        try AtomicOutput.write(text, to: output)
        return total
    }

    /// Checks that the parts' sidecars agree in every key of `definitionKeys` with the first's.
    /// - Throws: `ModelError` naming the first part that differs and how.
    static func checkSameEnsemble(
        parts: [String], sidecars: [JSONOutput], definitionKeys: [String], what: String
    ) throws(ModelError) {
        let reference = sidecars[0]
        for (part, sidecar) in zip(parts, sidecars).dropFirst() {
            for key in definitionKeys where sidecar[key]?.text() != reference[key]?.text() {
                throw ModelError(
                    part,
                    "comes from a different \(what) than \(parts[0]): its \(EnsembleSidecar.name(of: key)) differs; expected the parts of one \(what)"
                )
            }
        }
    }

    /// The shard of each part (from its sidecar's `shard`), checked to be each of 0…N−1 exactly
    /// once for one N.
    /// - Throws: `ModelError` naming the part (or the missing shard).
    static func checkShards(parts: [String], sidecars: [JSONOutput]) throws(ModelError) -> [EnsembleShard] {
        var shards: [EnsembleShard] = []
        for (part, sidecar) in zip(parts, sidecars) {
            guard let i = sidecar["shard"]?["index"]?.integerValue, let n = sidecar["shard"]?["count"]?.integerValue,
                n >= 1, i >= 0, i < n
            else {
                throw ModelError(EnsembleSidecar.path(of: part), "shard.index or shard.count is missing or invalid")
            }
            shards.append(EnsembleShard(index: i, count: n))
        }
        let count = shards[0].count
        var byIndex: [Int: String] = [:]
        for (part, shard) in zip(parts, shards) {
            guard shard.count == count else {
                throw ModelError(
                    part,
                    "is shard \(shard.index)/\(shard.count), \(parts[0]) of \(count) shards; expected one N for all parts"
                )
            }
            if let other = byIndex[shard.index] {
                throw ModelError(part, "is shard \(shard.index)/\(count) again (as \(other)); expected each shard once")
            }
            byIndex[shard.index] = part
        }
        for i in 0..<count where byIndex[i] == nil {
            throw ModelError("merge", "shard \(i)/\(count) is missing; expected one part for each shard 0…\(count - 1)")
        }
        return shards
    }

    /// The rows of one part, checked: its header, one complete row per point of its shard, in order.
    static func rows(
        of part: String, header: String, shard: EnsembleShard, total: Int
    ) throws(ModelError) -> [Substring] {
        guard let text = try? String(contentsOfFile: part, encoding: .utf8) else {
            throw ModelError(part, "cannot read the part; expected a CSV written by pdtsim sweep --shard")
        }
        guard text.isEmpty || text.hasSuffix("\n") else {
            throw ModelError(part, "the last row is incomplete; expected a finished part")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.first.map({ $0 + "\n" == header }) == true else {
            throw ModelError(part, "its header differs from the columns its sidecar lists; expected an unmodified part")
        }
        lines.removeFirst()
        let indices = Array(shard.indices(of: total))
        guard lines.count == indices.count else {
            throw ModelError(
                part,
                "holds \(lines.count) rows, shard \(shard.index)/\(shard.count) has \(indices.count) points; expected a complete part"
            )
        }
        for (line, index) in zip(lines, indices) where !line.hasPrefix("\(index),") {
            throw ModelError(part, "a row is not point \(index) ('\(line.prefix(40))'); expected rows in index order")
        }
        return Array(lines)
    }
}
