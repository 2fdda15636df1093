import PDTCore
import PDTModelFiles
import PDTNumerics

extension ModelFileKind {
    /// Every kind, in the order `pdtsim list` shows them: protocols, the section presets, then
    /// the study files. The registry lives here, in the lowest layer that sees every kind (the
    /// study kinds are declared with their studies).
    public static let all: [ModelFileKind] =
        [.protocolFile] + Section.allCases.map(ModelFileKind.section) + [.cohort, .calibration, .optimization, .medium]

    /// The kind named `name`, if any.
    public static func named(_ name: String) -> ModelFileKind? { all.first { $0.name == name } }
}

extension ModelLibrary {
    /// Validates any model file on its own, of any kind of `ModelFileKind.all` (see
    /// `validateFile(_:among:)`).
    /// - Returns: a one-line description ("light blue-417").
    public func validateFile(_ path: String) throws(ModelError) -> String {
        try validateFile(path, among: ModelFileKind.all)
    }

    /// Every model file with its description, folder by folder in the order of
    /// `ModelFileKind.all`, then the evidence studies (see `catalogue(of:)`).
    public func catalogue() throws(ModelError) -> [(directory: String, name: String, description: String)] {
        try catalogue(of: ModelFileKind.all)
    }
}
