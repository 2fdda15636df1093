import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

extension Explorer {
    /// Every model file of the model folder, as `pdtsim list` lists them, grouped by folder in
    /// its order: `{"protocols": [{"name": …, "description": …}, …], "creams": […], …}`.
    func presets() throws(ModelError) -> JSONOutput {
        var groups: [(String, [JSONOutput])] = []
        for row in try library.catalogue() {
            let entry = JSONOutput.object([("name", .string(row.name)), ("description", .string(row.description))])
            if groups.last?.0 == row.directory {
                groups[groups.count - 1].1.append(entry)
            } else {
                groups.append((row.directory, [entry]))
            }
        }
        return .object(groups.map { ($0.0, .array($0.1)) })
    }
}
