/// A command-line value that parses but is not acceptable (exit code 3): `--jobs 0`,
/// `--target 120`. Its description names the flag, the value as given (truncated) and what was
/// expected.
struct InvalidArgument: Error, CustomStringConvertible {
    var flag: String
    var value: String
    var expectation: String

    init(_ flag: String, _ value: String, expected expectation: String) {
        self.flag = flag
        self.value = value
        self.expectation = expectation
    }

    var description: String { "\(flag) \(value.truncatedForMessage()): expected \(expectation)" }
}
