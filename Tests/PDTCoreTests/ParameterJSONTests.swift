import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// The strict JSON reader behind model files (`JSONValue.parse`, `JSONParser`): RFC 8259 documents,
/// every syntax error at its line and column, duplicate keys, and numbers beyond Double's range.
@Suite("model-file JSON")
struct ParameterJSONTests {
    static let path = "/models/test.json"

    func parse(_ text: String) throws(ModelError) -> JSONValue {
        try JSONValue.parse(Data(text.utf8), path: Self.path)
    }

    func parse(bytes: [UInt8]) throws(ModelError) -> JSONValue {
        try JSONValue.parse(Data(bytes), path: Self.path)
    }

    /// The error parsing `text` throws (nil when it parses).
    func failure(_ text: String) -> ModelError? { failure(bytes: Array(text.utf8)) }

    /// The error parsing `bytes` throws (nil when they parse).
    func failure(bytes: [UInt8]) -> ModelError? {
        do {
            _ = try parse(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Valid documents

    @Test("every kind of value, with whitespace around and between the tokens")
    func values() throws {
        let text =
            " \t\r\n{ \"a\" : [ 1 , -2.5e+3 , 0 , -0.125 , 1E-2 ] ,\n\"b\":true,\"c\":false,\"d\":null,\"e\":\"x\",\"f\":{},\"g\":[]}\n"
        let value = try parse(text)
        #expect(
            value
                == .object([
                    "a": .array([.number(1), .number(-2500), .number(0), .number(-0.125), .number(0.01)]),
                    "b": .bool(true), "c": .bool(false), "d": .null, "e": .string("x"), "f": .object([:]),
                    "g": .array([]),
                ]))
    }

    @Test("objects keep their key order, and numbers their integer or fractional form, into JSONOutput")
    func orderedOutput() throws {
        let value = try parse("{\"b\": 1, \"a\": [1.5, 2e3, \"x\"], \"c\": {\"z\": 0, \"y\": null}}")
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["b", "a", "c"])
        let expected = JSONOutput.object([
            ("b", .integer(1)), ("a", .array([.number(1.5), .number(2000), .string("x")])),
            ("c", .object([("z", .integer(0)), ("y", .null)])),
        ])
        #expect(value.output.text() == expected.text())
        // What pdtsim writes reads back to the same bytes.
        #expect(try parse(expected.text()).output.text() == expected.text())
    }

    @Test("a scalar is a document too", arguments: ["1", "\"s\"", "true", "false", "null", " [ ] "])
    func scalarDocuments(_ text: String) throws {
        _ = try parse(text)
    }

    @Test("numbers keep the text they were written as")
    func numberText() throws {
        guard case .array(let items) = try parse("[1.50, 2e3, -0, 3600]") else {
            Issue.record("not a list")
            return
        }
        let numbers = items.compactMap { item -> JSONNumber? in
            if case .number(let n) = item { return n }
            return nil
        }
        #expect(numbers.map(\.text) == ["1.50", "2e3", "-0", "3600"])
        #expect(numbers.map(\.value) == [1.5, 2000, 0, 3600])
        #expect(JSONValue.number(numbers[0]).rendered == "1.50")
        #expect(JSONNumber(3600).text == "3600", "built in code: formatNumber")
    }

    @Test("a number beyond Double's range becomes ±infinity and keeps its text; a tiny one becomes 0")
    func outOfRange() throws {
        #expect(try parse("1e400") == .number(JSONNumber(.infinity)))
        #expect(try parse("-1e400") == .number(JSONNumber(-.infinity)))
        #expect(try parse("1e-400") == .number(0))
        guard case .object(let object) = try parse("{\"value\": 1e400}"), case .number(let n)? = object["value"]
        else {
            Issue.record("not an object holding a number")
            return
        }
        #expect(n.value == .infinity)
        #expect(n.text == "1e400")
    }

    @Test("nested objects and lists")
    func nesting() throws {
        let value = try parse(#"{"a": {"b": [[1, {"c": [true]}], []]}}"#)
        #expect(
            value
                == .object([
                    "a": .object([
                        "b": .array([.array([.number(1), .object(["c": .array([.bool(true)])])]), .array([])])
                    ])
                ]))
        let deep =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try parse(deep)
    }

    @Test("escapes: the short ones, \\u, surrogate pairs, and unescaped UTF-8")
    func escapes() throws {
        #expect(try parse(#""\" \\ \/ \b \f \n \r \t""#) == .string("\" \\ / \u{8} \u{C} \n \r \t"))
        #expect(try parse(#""\u0041\u00e9\u20AC\u0000""#) == .string("Aé€\u{0}"))
        #expect(try parse(#""\uD83D\uDE00 \ud834\udd1e""#) == .string("😀 𝄞"))
        #expect(try parse("\"λ = 417 nm, 10 J/cm² 😀\"") == .string("λ = 417 nm, 10 J/cm² 😀"))
        #expect(try parse("\"\"") == .string(""))
    }

    @Test("a UTF-8 byte-order mark before the document is skipped")
    func byteOrderMark() throws {
        #expect(try parse(bytes: [0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8)) == .object(["a": .number(1)]))
        let error = try #require(failure(bytes: [0xEF, 0xBB, 0xBF] + Array("{\"a\" 1}".utf8)))
        #expect(error.location == "\(Self.path): line 1, column 6", "the mark takes no column")
    }

    // MARK: Syntax errors

    /// A text, where its first mistake is, and the start of the problem reported there.
    struct Mistake: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int
        var column: Int
        var problem: String
        var testDescription: String { problem }
    }

    static let mistakes: [Mistake] = [
        Mistake(
            text: "", line: 1, column: 1,
            problem: "expected a value (a string, number, object, list, true, false or null), found the end of the file"
        ),
        Mistake(
            text: "  \n  ", line: 2, column: 3,
            problem: "expected a value (a string, number, object, list, true, false or null), found the end of the file"
        ),
        Mistake(
            text: "{\"format_version\": 1,", line: 1, column: 22,
            problem: "expected a key in double quotes after ',', found the end of the file"),
        Mistake(
            text: "{\n  \"a\": 1\n  \"b\": 2\n}", line: 3, column: 3,
            problem: "expected ',' or '}' after an object member, found '\"'"),
        Mistake(
            text: "{\"a\": 1,}", line: 1, column: 9, problem: "expected a key in double quotes after ',', found '}'"),
        Mistake(
            text: "{,}", line: 1, column: 2, problem: "expected a key in double quotes or '}' after '{', found ','"),
        Mistake(
            text: "{a: 1}", line: 1, column: 2, problem: "expected a key in double quotes or '}' after '{', found 'a'"),
        Mistake(
            text: "{'a': 1}", line: 1, column: 2,
            problem: "expected a key in double quotes or '}' after '{', found \"'\""),
        Mistake(text: "{\"a\" 1}", line: 1, column: 6, problem: "expected ':' after the key 'a', found '1'"),
        Mistake(
            text: "{\"a\": }", line: 1, column: 7,
            problem: "expected a value (a string, number, object, list, true, false or null), found '}'"),
        Mistake(
            text: "{\"a\": 1", line: 1, column: 8,
            problem: "expected ',' or '}' after an object member, found the end of the file"),
        Mistake(text: "[1 2]", line: 1, column: 4, problem: "expected ',' or ']' after a list element, found '2'"),
        Mistake(text: "[1,]", line: 1, column: 4, problem: "expected a value after ',', found ']'"),
        Mistake(
            text: "[", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found the end of the file"
        ),
        Mistake(
            text: "[,1]", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found ','"),
        Mistake(
            text: "{} {}", line: 1, column: 4,
            problem: "expected the end of the file after the top-level value, found '{'"),
        Mistake(
            text: "{\"a\": 1}\nx", line: 2, column: 1,
            problem: "expected the end of the file after the top-level value, found 'x'"),
        Mistake(
            text: "[tru]", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found 'tru'"),
        Mistake(
            text: "[truex]", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found 'truex'"),
        Mistake(
            text: "[NaN]", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found 'NaN'"),
        Mistake(
            text: "[Infinity]", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found 'Infinity'"),
        Mistake(
            text: "[+1]", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found '+1'"),
        Mistake(
            text: "[.5]", line: 1, column: 2,
            problem: "expected a value (a string, number, object, list, true, false or null), found '.5'"),
        Mistake(text: "[-]", line: 1, column: 3, problem: "expected a digit after '-', found ']'"),
        Mistake(text: "[-x]", line: 1, column: 3, problem: "expected a digit after '-', found 'x'"),
        Mistake(text: "[012]", line: 1, column: 2, problem: "the number '012' has a leading zero"),
        Mistake(text: "[-01]", line: 1, column: 2, problem: "the number '-01' has a leading zero"),
        Mistake(text: "[1.]", line: 1, column: 4, problem: "expected a digit after the decimal point, found ']'"),
        Mistake(text: "[1.e5]", line: 1, column: 4, problem: "expected a digit after the decimal point, found 'e5'"),
        Mistake(text: "[1e]", line: 1, column: 4, problem: "expected a digit in the exponent, found ']'"),
        Mistake(text: "[1e+]", line: 1, column: 5, problem: "expected a digit in the exponent, found ']'"),
        Mistake(text: "[0x10]", line: 1, column: 3, problem: "expected ',' or ']' after a list element, found 'x10'"),
        Mistake(text: "[1x]", line: 1, column: 3, problem: "expected ',' or ']' after a list element, found 'x'"),
        Mistake(
            text: "\"abc", line: 1, column: 5,
            problem: "expected '\"' to close the string opened at line 1, column 1, found the end of the file"),
        Mistake(
            text: "{\"a\": \"abc\n\"}", line: 1, column: 11,
            problem: "expected '\"' to close the string opened at line 1, column 7, found the end of the line"),
        Mistake(
            text: "\"a\tb\"", line: 1, column: 3,
            problem: "the control character U+0009 stands unescaped in a string; expected it written as \\u0009"),
        Mistake(
            text: "\"\\x\"", line: 1, column: 3,
            problem: "expected one of \" \\ / b f n r t u after '\\' in a string, found 'x'"),
        Mistake(
            text: "\"\\", line: 1, column: 3,
            problem: "expected one of \" \\ / b f n r t u after '\\' in a string, found the end of the file"),
        Mistake(text: "\"\\u12G4\"", line: 1, column: 6, problem: "expected four hex digits after '\\u', found 'G4'"),
        Mistake(text: "\"\\u12\"", line: 1, column: 6, problem: "expected four hex digits after '\\u', found '\"'"),
        Mistake(
            text: "\"\\uD83D\"", line: 1, column: 2,
            problem: "\\uD83D is the first half of a surrogate pair; expected \\uDC00–\\uDFFF right after it"),
        Mistake(
            text: "\"\\uD83Dx\"", line: 1, column: 2,
            problem: "\\uD83D is the first half of a surrogate pair; expected \\uDC00–\\uDFFF right after it"),
        Mistake(
            text: "\"\\uD83D\\u0041\"", line: 1, column: 8,
            problem: "\\uD83D is the first half of a surrogate pair; expected \\uDC00–\\uDFFF right after it"),
        Mistake(
            text: "\"\\uDE00\"", line: 1, column: 2,
            problem:
                "\\uDE00 is the second half of a surrogate pair without a first; expected \\uD800–\\uDBFF before it"),
        Mistake(
            text: "{\n\t\"é\": [1,\n\t\t2,, 3]}", line: 3, column: 5,
            problem: "expected a value (a string, number, object, list, true, false or null), found ','"),
        Mistake(
            text: "[\"λλλ\" x]", line: 1, column: 8, problem: "expected ',' or ']' after a list element, found 'x'"),
    ]

    @Test(
        "every syntax error names the file, the line and column, what was expected and what was found",
        arguments: mistakes)
    func syntaxError(_ mistake: Mistake) throws {
        let error = try #require(failure(mistake.text), "«\(mistake.text)» parses")
        #expect(error.location == "\(Self.path): line \(mistake.line), column \(mistake.column)")
        #expect(error.problem.hasPrefix(mistake.problem), "problem: \(error.problem)")
        #expect(error.problem.hasSuffix("(not valid JSON; expected a pdtsim model file)"), "problem: \(error.problem)")
        #expect(error.description.hasPrefix("\(Self.path): line \(mistake.line), column \(mistake.column): "))
    }

    @Test("bytes that are not UTF-8 are refused where they stand")
    func invalidUTF8() throws {
        let cases: [([UInt8], Int, String)] = [
            (Array("\"ab".utf8) + [0xFF] + Array("\"".utf8), 4, "the byte 0xFF in a string is not UTF-8"),
            (Array("\"".utf8) + [0xC0, 0xAF] + Array("\"".utf8), 2, "the byte 0xC0 in a string is not UTF-8"),
            (Array("\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"".utf8), 2, "the byte 0xED in a string is not UTF-8"),
            (Array("\"".utf8) + [0xE2, 0x82] + Array("\"".utf8), 2, "the byte 0xE2 in a string is not UTF-8"),
            (
                [0xFE], 1,
                "expected a value (a string, number, object, list, true, false or null), found the byte 0xFE, which is not UTF-8"
            ),
        ]
        for (bytes, column, problem) in cases {
            let error = try #require(failure(bytes: bytes), "\(bytes) parses")
            #expect(error.location == "\(Self.path): line 1, column \(column)")
            #expect(error.problem.hasPrefix(problem), "problem: \(error.problem)")
        }
    }

    @Test("objects and lists may nest only so deep")
    func tooDeep() throws {
        let depth = JSONParser.maximumDepth + 1
        let error = try #require(failure(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        #expect(error.location == "\(Self.path): line 1, column \(depth)")
        #expect(error.problem.hasPrefix("objects and lists nest more than \(JSONParser.maximumDepth) deep"))
    }

    // MARK: Duplicate keys

    @Test("an object that repeats a key is refused at the second, naming the key path and the first")
    func duplicateKeys() throws {
        let text = """
            {
              "light": {
                "parameters": {
                  "center_nm": {"value": 417, "unit": "nm", "source": "a"},
                  "center_nm": {"value": 633, "unit": "nm", "source": "b"}
                }
              }
            }
            """
        let error = try #require(failure(text))
        #expect(error.location == "\(Self.path): line 5, column 7")
        #expect(
            error.problem
                == "duplicate key 'center_nm' in light.parameters (first at line 4, column 7); expected each key once per object"
        )
        let top = try #require(failure("{\"a\": 1, \"b\": 2, \"a\": 1}"))
        #expect(top.location == "\(Self.path): line 1, column 18")
        #expect(top.problem.hasPrefix("duplicate key 'a' in the top-level object (first at line 1, column 2)"))
        let inList = try #require(failure("{\"days\": [{\"x\": 1, \"x\": 2}]}"))
        #expect(inList.problem.hasPrefix("duplicate key 'x' in days[0] "))
        #expect(
            try parse("{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}") != .null, "the same key in different objects is fine")
        let escaped = try #require(failure(#"{"é": 1, "\u00e9": 2}"#))
        #expect(escaped.problem.hasPrefix("duplicate key 'é'"), "keys compare after unescaping")
    }

    // MARK: Model files

    @Test("every shipped model file parses, and a value of 1e400 reaches the parameter check as infinity")
    func shippedFiles() throws {
        let models = URL(fileURLWithPath: Fixture.modelsPath)
        let enumerator = try #require(FileManager.default.enumerator(atPath: models.path))
        var count = 0
        while let item = enumerator.nextObject() as? String {
            guard item.hasSuffix(".json") else { continue }
            let path = models.appendingPathComponent(item).path
            guard case .object = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
            else {
                Issue.record("\(item) is not an object")
                continue
            }
            count += 1
        }
        #expect(count >= 20)

        let spec = try #require(Section.session.spec("incubation_s"))
        let entry = try parse(#"{"value": 1e400, "unit": "s", "source": "test"}"#)
        #expect(
            throws: ModelError(
                "f.json: incubation_s.value", "1e400 is not finite; expected a number in s between 0 and 14400")
        ) {
            try spec.parse(entry, location: "f.json: incubation_s", origin: "f.json", baseDirectory: "/")
        }
        #expect(
            throws: ModelError(
                "--set session.incubation_s", "'1e400' is not finite; expected a number in s between 0 and 14400")
        ) {
            var definition = try Fixture.library.loadProtocol("allumera-blue")
            try definition.apply(Override(path: "session.incubation_s", text: "1e400"), sections: Fixture.library)
        }
    }
}
