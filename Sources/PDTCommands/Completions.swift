import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles

/// Shell-completion candidates that depend on the model folder: preset names for `--protocol`,
/// and parameter keys and section presets for `--set`. The shell asks pdtsim itself for them
/// (swift-argument-parser's custom completion), so a new preset file completes without a new
/// script.
enum Completions {
    /// The model folder named by `--models DIR` on the command line being completed, else the
    /// default one; nil when none can be found (no candidates then).
    static func library(_ arguments: [String]) -> ModelLibrary? {
        let explicit = arguments.firstIndex(of: "--models").flatMap { index in
            arguments.indices.contains(index + 1) ? arguments[index + 1] : nil
        }
        return try? ModelLibrary.locate(
            explicit: explicit, environment: ProcessInfo.processInfo.environment,
            executablePath: CommandLine.arguments.first.flatMap { LibraryOptions.executablePath($0) })
    }

    /// The presets of the model folder's `directory` starting with the word being completed.
    static func presets(in directory: String) -> CompletionKind {
        .custom { arguments, _, prefix in
            guard let library = library(arguments) else { return [] }
            return library.presetNames(directory: directory).filter { $0.hasPrefix(prefix) }
        }
    }

    /// `--protocol`: the protocol presets.
    static let protocols = presets(in: "protocols")

    /// `--cohort`: the cohort presets.
    static let cohorts = presets(in: "cohorts")

    /// `--set`: `section.parameter=` for every parameter, `section=` for every section; after
    /// `section=` the presets of that section, after `section.parameter=` the values of a closed
    /// set (steppers, spectrum shapes).
    static let assignments = CompletionKind.custom { arguments, _, prefix in
        candidates(forAssignment: prefix, library: library(arguments))
    }

    static func candidates(forAssignment prefix: String, library: ModelLibrary?) -> [String] {
        if let equals = prefix.firstIndex(of: "=") {
            let name = String(prefix[..<equals])
            if let dot = name.firstIndex(of: "."), let section = Section(rawValue: String(name[..<dot])),
                case .choice(let options)? = section.spec(String(name[name.index(after: dot)...]))?.kind
            {
                return options.map { "\(name)=\($0)" }.filter { $0.hasPrefix(prefix) }
            }
            guard let section = Section(rawValue: name), let library else { return [] }
            return library.presetNames(directory: section.directory).map { "\(name)=\($0)" }
                .filter { $0.hasPrefix(prefix) }
        }
        var all: [String] = []
        for section in Section.allCases {
            all.append("\(section.rawValue)=")
            all += section.specs.map { "\(section.rawValue).\($0.key)=" }
        }
        return all.filter { $0.hasPrefix(prefix) }
    }
}
