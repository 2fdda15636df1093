/// " (did you mean 'x'?)" for the candidate closest to `key` in edit distance, when it lies within
/// max(2, ⌊|key|/4⌋) edits; "" otherwise, and for a key longer than 100 characters.
package func suggestion(_ key: String, among candidates: [String]) -> String {
    guard key.count <= 100 else { return "" }
    let scored = candidates.map { ($0, editDistance(key, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, key.count / 4) else { return "" }
    return " (did you mean '\(best)'?)"
}

/// The Levenshtein distance between `a` and `b`: the fewest single-character insertions,
/// deletions and substitutions that turn one into the other.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return a.isEmpty ? b.count : row[b.count]
}
