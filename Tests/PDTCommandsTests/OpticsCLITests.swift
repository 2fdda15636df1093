import Foundation
import PDTStudies
import Testing

/// `pdtsim optics`: the wavelength table of the skin optics (Models/MODEL.md §4, §8).
@Suite("pdtsim optics")
struct OpticsCLITests {
    func optics(_ arguments: [String]) throws -> (result: CommandResult, csv: CSV, listing: [String]) {
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["optics", "--out", "optics.csv"] + arguments, in: directory)
            let text = (try? String(contentsOf: directory.appendingPathComponent("optics.csv"), encoding: .utf8)) ?? ""
            return (result, CSV(text: text), listing(directory))
        }
    }

    @Test("defaults: Fitzpatrick I–II, 380–800 nm every 1 nm, depths 0.1, 0.5, 1, 2 mm; columns with units")
    func defaults() throws {
        let run = try optics([])
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.listing == ["optics.csv", "optics.csv.json"], "the table and its sidecar")
        #expect(
            run.csv.headerLine
                == "wavelength_nm,mua_per_cm,musp_per_cm,penetration_depth_mm,fluence_factor_surface,"
                + "fluence_factor_at_0.1mm,fluence_factor_at_0.5mm,fluence_factor_at_1mm,fluence_factor_at_2mm,"
                + "excitation_per_s_per_mW_per_cm2,ppix_weight,melanin_transmission_epidermis")
        #expect(run.csv.rows.count == 421)
        let wavelengths: [Double] = (380...800).map { Double($0) }
        #expect(run.csv.numbers("wavelength_nm") == wavelengths)
        #expect(run.result.stdout.contains("421 wavelengths"))
    }

    @Test("--protocol and --set skin= choose the skin as --skin does; the sidecar records them")
    func protocolOptions() throws {
        let viaSet = try optics(["--set", "skin=fitzpatrick-5-6", "--wavelengths", "417"])
        let viaSkin = try optics(["--skin", "fitzpatrick-5-6", "--wavelengths", "417"])
        #expect(viaSet.result.status == 0, "stderr: \(viaSet.result.stderr)")
        #expect(viaSet.csv.rows == viaSkin.csv.rows)
        #expect(viaSet.result.stdout.contains("skin fitzpatrick-5-6"))
        let file = try optics(["--protocol", Repository.allumeraBlue.path, "--wavelengths", "417"])
        #expect(file.result.status == 0, "stderr: \(file.result.stderr)")
        #expect(file.result.stdout.contains("skin fitzpatrick-1-2"))
    }

    @Test("penetration depth ≈ 1.73 mm at 633 nm and ≈ 0.23 mm at 417 nm; η(417) ≈ 0.986")
    func specificationValues() throws {
        let csv = try optics([]).csv
        func value(_ column: String, _ wavelength: String) -> Double {
            csv.number(row: wavelength, column: column) ?? 0
        }
        #expect(abs(value("penetration_depth_mm", "633.0") - 1.73) <= 0.0173)
        #expect(abs(value("penetration_depth_mm", "417.0") - 0.23) <= 0.0046)
        #expect(abs(value("excitation_per_s_per_mW_per_cm2", "417.0") - 0.986) <= 0.005)
        #expect(abs(value("fluence_factor_surface", "633.0") - 4.84) <= 0.0484)
        #expect(value("ppix_weight", "408.0") == 1)
    }

    @Test("a darker skin, a wavelength list and depths as given name the columns")
    func options() throws {
        let run = try optics(["--skin", "fitzpatrick-5-6", "--wavelengths", "632.8,417", "--depths-mm", "0.08"])
        #expect(run.result.status == 0, "stderr: \(run.result.stderr)")
        #expect(run.csv.column("wavelength_nm") == ["632.8", "417.0"])
        #expect(run.csv.header.contains("fluence_factor_at_0.08mm"))
        #expect(run.csv.header.count == 9)
        let light = try optics(["--wavelengths", "417", "--depths-mm", "0.08"]).csv
        let dark = run.csv.number(row: "417.0", column: "melanin_transmission_epidermis") ?? 1
        #expect(dark < (light.number(row: "417.0", column: "melanin_transmission_epidermis") ?? 0))
    }

    @Test(
        "bad input is an error with the flag named",
        arguments: [
            (["--skin", "nope"], Int32(3), "--skin nope: unknown preset 'nope'"),
            (["--wavelengths", "200:300:10"], 3, "200 nm lies outside the skin chromophore data"),
            (["--wavelengths", "400:300:1"], 3, "holds no value"),
            (["--wavelengths", "-5"], 3, "'-5' is not a wavelength"),
            (["--set", "skin=nope"], 3, "--set skin: unknown preset 'nope'"),
            (["--depths-mm", "0.1,x"], 3, "'x' is not a depth"),
        ])
    func badInput(arguments: [String], status: Int32, message: String) throws {
        let run = try optics(arguments)
        #expect(run.result.status == status, "stderr: \(run.result.stderr)")
        #expect(run.result.stderr.contains(message), "stderr: \(run.result.stderr)")
        #expect(run.result.stderr.hasPrefix("pdtsim: error: "), "stderr: \(run.result.stderr)")
        #expect(run.listing.isEmpty)
    }
}
