import PDTNumerics

/// Where the model gets a section that an override names by preset or file (`--set skin=…`):
/// "give me section S named N". The model reads no model files; the model-files layer
/// (`ModelLibrary` in PDTModelFiles) finds the preset or the section file, reads and checks it,
/// and hands back the parsed values.
public protocol SectionLibrary: Sendable {
    /// Section `section` by preset name, or by section file when `reference` holds a `/` or ends
    /// in `.json` (relative to the folder `base`, or to the working folder when `base` is nil),
    /// complete and validated.
    /// - Throws: `ModelError`; for an unknown preset, one whose location is the section's name.
    func loadSection(
        _ section: Section, reference: String, relativeTo base: String?
    ) throws(ModelError)
        -> SectionValues
}
