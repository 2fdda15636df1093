import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

@Suite("The CSV reader reads what CSVTable writes")
struct CSVReaderTests {
    static let awkward = [
        "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "crlf\r\nend", "", "\"", ",", "\"a\",b", "é ünïcode",
    ]

    @Test("round trip: quotes, commas and line ends inside fields, empty fields")
    func roundTrip() throws {
        var table = CSVTable(header: ["name", "x", "note"])
        for (i, text) in Self.awkward.enumerated() {
            table.append([.text(text), .number(Double(i) / 3), .text(Self.awkward.reversed()[i])])
        }
        table.append([.missing, .integer(-7), .flag(true)])
        let records = try CSVReader.records(table.text)
        #expect(records.last?.text == "")
        let rows = records.dropLast()
        #expect(
            rows.map(\.fields) == [["name", "x", "note"]] + table.rows.map { $0.map(\.rendered).map(Self.unquote) })
        #expect(rows.dropFirst().prefix(Self.awkward.count).map(\.fields[0]) == Self.awkward)
        // Each record starts on the line after the previous record's last line.
        #expect(rows.first?.line == 1)
        #expect(
            zip(records, records.dropFirst()).allSatisfy { $1.line == $0.line + TextLines.split(String($0.text)).count }
        )
        #expect(records[4].text == "\"two\nlines\",1.0,\"\"\"\"")
        #expect(CSVTable.line([.text("crlf\r\nend")]) == "\"crlf\r\nend\"\n")
    }

    static func unquote(_ rendered: String) -> String {
        guard rendered.hasPrefix("\"") else { return rendered }
        return String(rendered.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }

    @Test("unquoted fields keep their quotes; LF, CRLF and CR end records")
    func lenientAndLineEnds() throws {
        let records = try CSVReader.records("a,5\"x,b\r\nc\rd\n")
        #expect(records.map(\.fields) == [["a", "5\"x", "b"], ["c"], ["d"], [""]])
        #expect(try CSVReader.fields("\"\"") == [""])
        #expect(try CSVReader.fields(",") == ["", ""])
    }

    @Test("bad input: a quote never closed, text after a closing quote; a cut last record may be dropped")
    func badInput() throws {
        #expect(
            throws: CSVReader.FormatError(
                line: 2, reason: "a quoted field is not closed; expected a quote before the end of the file")
        ) {
            try CSVReader.records("a,b\n\"open,c\nmore\n")
        }
        #expect(
            throws: CSVReader.FormatError(
                line: 1, reason: "field 2 has text after its closing quote; expected a comma or the end of the line")
        ) {
            try CSVReader.records("a,\"b\"c\n")
        }
        #expect(try CSVReader.records("a\n\"cut\nshort", dropsUnclosedLast: true).map(\.fields) == [["a"]])
        #expect(try CSVReader.records("# \"x\n1", skips: { $0.hasPrefix("#") }).map(\.fields) == [["1"]])
    }

    @Test("measurements: quoted arms as CSVTable writes them; an unclosed quote is named with its line")
    func measurements() throws {
        let text = "arm,day,observable,value\n\"blue, 10 min\",3,pore_reduction_percent,1.5\n"
        let rows = try MeasurementTable.parse(text, path: "m.csv", arms: ["blue, 10 min"])
        #expect(rows.map(\.arm) == ["blue, 10 min"])
        #expect(
            throws: ModelError("m.csv:2", "a quoted field is not closed; expected a quote before the end of the file")
        ) {
            try MeasurementTable.parse(
                "arm,day,observable,value\n\"blue,3,pore_reduction_percent,1.5\n", path: "m.csv", arms: ["blue"])
        }
    }

    @Test("spectra: a quoted header is read; an unclosed quote names its line")
    func spectra() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-reader-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/good.csv"
        try "\"wavelength_nm\",value\n400,1\n410,2\n".write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try SpectralTable.load(path: good, header: ["wavelength_nm", "value"]).wavelengths == [400, 410])
        let bad = folder + "/bad.csv"
        try "wavelength_nm,value\n400,\"1\n410,2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(
            throws: ModelError(bad, "line 2: a quoted field is not closed; expected a quote before the end of the file")
        ) {
            try SpectralTable.load(path: bad, header: ["wavelength_nm", "value"])
        }
    }

    @Test("study rows (cohort and sensitivity files): quoted fields read; an unclosed quote names the file and line")
    func studyRows() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-rows-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/good.csv"
        try "index,skin,status\n0,\"a,b\",ok\n\n1,c,failed\n".write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try CohortReport.readRows(path: good) == [["0", "a,b", "ok"], ["1", "c", "failed"]])
        let bad = folder + "/bad.csv"
        try "index,skin,status\n0,\"a,ok\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(
            throws: OutputError(
                path: bad, reason: "line 2: a quoted field is not closed; expected a quote before the end of the file")
        ) { try CohortReport.readRows(path: bad) }
    }
}
