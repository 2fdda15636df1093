import Foundation

/// A strict reader of JSON text (RFC 8259) for model files.
///
/// It accepts exactly the JSON grammar: one value (object, array, string, number, `true`,
/// `false`, `null`) with only whitespace (space, tab, line feed, carriage return) around it,
/// optionally after a UTF-8 byte-order mark. Strings must be UTF-8 with their control characters
/// escaped; `\uXXXX` escapes join surrogate pairs and reject unpaired halves. A number is checked
/// against the grammar and read with `Double(text)`, so one beyond Double's range becomes
/// ±infinity and keeps its text (`JSONNumber`) for the parameter checks to report. Beyond the
/// grammar, an object may not repeat a key, and objects and lists nest at most `maximumDepth` deep.
///
/// Every mistake is a `ModelError` at `FILE: line L, column C` (both counted from 1; a column
/// counts Unicode scalars, a tab as one) saying what was expected there and what was found.
struct JSONParser {
    /// How deep objects and lists may nest.
    static let maximumDepth = 512

    /// What may stand where a value is expected, for messages.
    static let anyValue = "a value (a string, number, object, list, true, false or null)"

    /// The words that are values.
    static let literals: [String: JSONValue] = ["true": .bool(true), "false": .bool(false), "null": .null]

    let bytes: [UInt8]
    let path: String
    /// The offset of the first byte of the text (3 after a byte-order mark).
    let start: Int
    /// The offset of the next byte to read.
    var position: Int

    init(_ data: Data, path: String) {
        bytes = [UInt8](data)
        self.path = path
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        position = start
    }

    /// Reads the whole text: one value, and nothing after it but whitespace.
    mutating func document() throws(ModelError) -> JSONValue {
        skipWhitespace()
        let result = try value(depth: 0, keyPath: "")
        skipWhitespace()
        guard position == bytes.count else { throw expected("the end of the file after the top-level value") }
        return result
    }

    // MARK: Values

    /// Reads the value at `position`; `depth` counts the objects and lists around it, `keyPath`
    /// names it (`light.parameters`, `session_days[2]`) for messages about duplicate keys.
    private mutating func value(depth: Int, keyPath: String) throws(ModelError) -> JSONValue {
        guard let byte = peek else { throw expected(Self.anyValue) }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1, keyPath: keyPath)
        case UInt8(ascii: "["): return try array(depth: depth + 1, keyPath: keyPath)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            let name = word(at: position)
            guard let literal = Self.literals[name] else {
                throw expected(Self.anyValue)
            }
            position += name.utf8.count
            return literal
        }
    }

    private mutating func object(depth: Int, keyPath: String) throws(ModelError) -> JSONValue {
        try checkDepth(depth)
        position += 1
        var members = JSONObject()
        var keyOffsets: [String: Int] = [:]
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            guard peek == UInt8(ascii: "\"") else {
                throw expected(
                    members.isEmpty ? "a key in double quotes or '}' after '{'" : "a key in double quotes after ','")
            }
            let keyOffset = position
            let key = try string()
            if let first = keyOffsets[key] {
                throw ModelError(
                    location(keyOffset),
                    "duplicate key '\(key)' in \(keyPath.isEmpty ? "the top-level object" : keyPath) (first at \(place(first))); expected each key once per object"
                )
            }
            keyOffsets[key] = keyOffset
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw expected("':' after the key '\(key)'") }
            position += 1
            skipWhitespace()
            members.append(key, try value(depth: depth, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)"))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default:
                throw expected("',' or '}' after an object member")
            }
        }
    }

    private mutating func array(depth: Int, keyPath: String) throws(ModelError) -> JSONValue {
        try checkDepth(depth)
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            if !elements.isEmpty && peek == UInt8(ascii: "]") { throw expected("a value after ','") }
            elements.append(try value(depth: depth, keyPath: "\(keyPath)[\(elements.count)]"))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default:
                throw expected("',' or ']' after a list element")
            }
        }
    }

    private func checkDepth(_ depth: Int) throws(ModelError) {
        guard depth <= Self.maximumDepth else {
            throw ModelError(
                location(position),
                "objects and lists nest more than \(Self.maximumDepth) deep; expected a pdtsim model file")
        }
    }

    // MARK: Strings

    /// Reads a string; `position` is at its opening quote.
    private mutating func string() throws(ModelError) -> String {
        let opening = position
        position += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek, byte != 0x0A, byte != 0x0D else {
                throw expected("'\"' to close the string opened at \(place(opening))")
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0x00..<0x20:
                throw invalid(
                    "the control character \(Self.codePoint(UInt32(byte))) stands unescaped in a string; expected it written as \\u\(Self.hex(UInt32(byte)))",
                    at: position)
            case 0x20..<0x80:
                utf8.append(byte)
                position += 1
            default:
                guard let length = utf8Length(at: position) else {
                    throw invalid(
                        "the byte 0x\(String(byte, radix: 16, uppercase: true)) in a string is not UTF-8; expected UTF-8 text",
                        at: position)
                }
                utf8.append(contentsOf: bytes[position..<position + length])
                position += length
            }
        }
    }

    /// Reads one escape sequence (`position` is at its backslash) and appends its UTF-8.
    private mutating func escape(into utf8: inout [UInt8]) throws(ModelError) {
        let backslash = position
        position += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
            UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        guard let letter = peek, letter == UInt8(ascii: "u") || simple[letter] != nil else {
            throw expected("one of \" \\ / b f n r t u after '\\' in a string")
        }
        position += 1
        if let replacement = simple[letter] {
            utf8.append(replacement)
            return
        }
        var code = try hexQuad()
        switch code {
        case 0xD800...0xDBFF:
            let unpaired =
                "\\u\(Self.hex(code)) is the first half of a surrogate pair; expected \\uDC00–\\uDFFF right after it"
            let second = position
            guard peek == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
            else {
                throw invalid(unpaired, at: backslash)
            }
            position += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw invalid(unpaired, at: second) }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw invalid(
                "\\u\(Self.hex(code)) is the second half of a surrogate pair without a first; expected \\uD800–\\uDBFF before it",
                at: backslash)
        default: break
        }
        guard let scalar = Unicode.Scalar(code) else { preconditionFailure("U+\(Self.hex(code)) is a scalar") }
        UTF8.encode(scalar) { utf8.append($0) }
    }

    /// Reads the four hex digits of a `\u` escape.
    private mutating func hexQuad() throws(ModelError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexDigit(byte) else {
                throw expected("four hex digits after '\\u'")
            }
            code = code * 16 + digit
            position += 1
        }
        return code
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: Numbers

    /// Reads a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(ModelError) -> JSONNumber {
        let first = position
        if peek == UInt8(ascii: "-") { position += 1 }
        guard let lead = peek, Self.isDigit(lead) else { throw expected("a digit after '-'") }
        if lead == UInt8(ascii: "0"), position + 1 < bytes.count, Self.isDigit(bytes[position + 1]) {
            throw invalid(
                "the number '\(word(at: first))' has a leading zero; expected no leading zeros, as JSON writes numbers",
                at: first)
        }
        skipDigits()
        if peek == UInt8(ascii: ".") {
            position += 1
            guard let digit = peek, Self.isDigit(digit) else { throw expected("a digit after the decimal point") }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek, Self.isDigit(digit) else { throw expected("a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[first..<position], as: UTF8.self)
        guard let value = Double(text) else { preconditionFailure("Double reads every JSON number, not '\(text)'") }
        return JSONNumber(value, text: text)
    }

    private mutating func skipDigits() {
        while let byte = peek, Self.isDigit(byte) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    // MARK: Text and positions

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// "expected `what`, found …" at the current position.
    private func expected(_ what: String) -> ModelError {
        invalid("expected \(what), found \(found(at: position))", at: position)
    }

    /// A syntax error at `offset`.
    private func invalid(_ problem: String, at offset: Int) -> ModelError {
        ModelError(location(offset), "\(problem) (not valid JSON; expected a pdtsim model file)")
    }

    /// `FILE: line L, column C` of `offset`.
    private func location(_ offset: Int) -> String { "\(path): \(place(offset))" }

    /// `line L, column C` of `offset`.
    func place(_ offset: Int) -> String {
        var line = 1
        var lineStart = start
        for index in start..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = 1 + bytes[lineStart..<offset].lazy.filter { !(0x80...0xBF).contains($0) }.count
        return "line \(line), column \(column)"
    }

    /// What the text holds at `offset`, for messages: a word or number, one character, or the end.
    private func found(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        let token = word(at: offset)
        if !token.isEmpty { return token.count > 24 ? "'\(token.prefix(24))…'" : "'\(token)'" }
        switch byte {
        case 0x0A, 0x0D: return "the end of the line"
        case 0x00..<0x20, 0x7F: return "the control character \(Self.codePoint(UInt32(byte)))"
        case UInt8(ascii: "'"): return "\"'\""
        case 0x20..<0x80: return "'\(Character(UnicodeScalar(byte)))'"
        default:
            guard let length = utf8Length(at: offset) else {
                return "the byte 0x\(String(byte, radix: 16, uppercase: true)), which is not UTF-8"
            }
            return "'\(String(decoding: bytes[offset..<offset + length], as: UTF8.self))'"
        }
    }

    /// The run of letters, digits and `_ . + -` at `offset` (empty if there is none).
    private func word(at offset: Int) -> String {
        var end = offset
        while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"),
            UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// The length of the well-formed UTF-8 sequence at `offset` (RFC 3629: no overlong forms, no
    /// surrogates, nothing beyond U+10FFFF), or nil.
    private func utf8Length(at offset: Int) -> Int? {
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch bytes[offset] {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return nil
        }
        guard offset + length <= bytes.count, second.contains(bytes[offset + 1]) else { return nil }
        for index in offset + 2..<offset + length where !(0x80...0xBF).contains(bytes[index]) { return nil }
        return length
    }

    private static func hex(_ code: UInt32) -> String {
        let digits = String(code, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func codePoint(_ code: UInt32) -> String { "U+\(hex(code))" }
}
