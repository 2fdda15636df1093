import Foundation
import PDTStudies
import Testing

/// `skin.optics_model`: `pdtsim simulate` with Monte Carlo optics end to end, its provenance, and
/// the disk cache (pointed at a temporary folder through XDG_CACHE_HOME, never ~/.cache).
@Suite("pdtsim simulate with skin.optics_model")
struct SkinOpticsModelCLITests {
    @Test("monte_carlo at a tiny photon count runs, says so, records the model, and caches its nodes")
    func monteCarloEndToEnd() throws {
        try withTemporaryDirectory { directory in
            let cache = directory.appendingPathComponent("cache")
            let arguments = [
                "simulate", "--set", "skin.optics_model=monte_carlo", "--set", "skin.monte_carlo_photons=1000",
                "--set", "light.fwhm_nm=0", "--set", "schedule.session_days=0", "--set", "schedule.horizon_days=30",
                "--set", "readouts.evaluation_day=20",
            ]
            func run(_ name: String) throws -> SimulationRun {
                let out = directory.appendingPathComponent(name)
                let result = try runPDTSim(
                    arguments + ["--out", out.path], in: directory, environment: ["XDG_CACHE_HOME": cache.path])
                return SimulationRun(result: result, listing: listing(out), files: try contents(out))
            }
            let first = try run("first")
            #expect(first.result.status == 0, "stderr: \(first.result.stderr)")
            #expect(
                first.result.stdout.contains(
                    "optics: Monte Carlo (Models/MODEL.md §10.11), 1000 photons per wavelength node"))
            let optics = try #require(first.summary["optics"] as? [String: Any])
            #expect(optics["model"] as? String == "monte_carlo")
            #expect(jsonNumber(optics["photons_per_node"]) == 1000 && jsonNumber(optics["seed"]) == 1)
            let skin = try #require(
                ((first.summary["protocol"] as? [String: Any])?["skin"] as? [String: Any])?["parameters"]
                    as? [String: Any])
            #expect((skin["optics_model"] as? [String: Any])?["value"] as? String == "monte_carlo")
            let entries = listing(cache.appendingPathComponent("pdtsim"))
            #expect(entries.count == 1 && entries[0].hasPrefix("mc-"), "one node, one disk entry: \(entries)")
            let second = try run("second")
            #expect(second.result.status == 0, "stderr: \(second.result.stderr)")
            #expect(second.files["sessions.csv"] == first.files["sessions.csv"], "the cached table, the same bytes")
        }
    }

    @Test("diffusion is the default and says so; layers under diffusion are refused naming the key")
    func diffusionDefault() throws {
        let reference = try ReferenceRuns.allumeraBlue.get()
        #expect(reference.result.stdout.contains("  optics: diffusion theory (Models/MODEL.md §4)\n"))
        #expect((reference.summary["optics"] as? [String: Any])?["model"] as? String == "diffusion")
        try withTemporaryDirectory { directory in
            let refused = try runPDTSim(
                ["show", "--set", "skin.papillary_dermis_thickness_cm=0.01"], in: directory,
                environment: ["XDG_CACHE_HOME": directory.path])
            #expect(refused.status == 3)
            #expect(
                refused.stderr.contains(
                    "--set: skin.papillary_dermis_thickness_cm: papillary_dermis_thickness_cm = 0.01 cm asks for a layer, but optics_model is diffusion"
                ), "\(refused.stderr)")
            let show = try runPDTSim(["show"], in: directory, environment: ["XDG_CACHE_HOME": directory.path])
            #expect(show.status == 0)
            for key in ["optics_model", "anisotropy_g", "monte_carlo_target_rse", "papillary_blood_fraction"] {
                #expect(show.stdout.contains("  \(key) "), "show lists \(key) with its default")
            }
        }
    }
}
