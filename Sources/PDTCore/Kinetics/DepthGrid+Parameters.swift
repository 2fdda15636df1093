import Foundation
import PDTNumerics

/// The grid section (Models/MODEL.md §3), declared once.
public enum GridParameters: SectionDeclaration {
    public static let depth = ParameterSpec(
        "depth_cm", .number(.closed(0.05, 1)), unit: "cm", "grid depth L",
        range: "epidermis and dermis are 0.5–4 mm deep; below 1 cm the light is spent")
    public static let cells = ParameterSpec(
        "cells", .integer(.closed(3, 120)), unit: "1", "number of cells n_cells",
        range:
            "twice the default 60, whose doses lie within 3 % of the fine-grid limit; finer grids cost seconds per session"
    )
    public static let ratio = ParameterSpec(
        "ratio", .number(.closed(1, 1.5)), unit: "1", "geometric ratio r of neighbouring cell widths",
        range: "a smoothly graded grid; the first cell must also stay ≥ 0.1 µm")

    /// The thinnest first cell h₀ the grid may have, cm (0.1 µm: below it the continuum
    /// diffusion model and the solver's step sizes lose meaning).
    public static let minimumFirstCellCm = 1e-5

    public static let parameters = [depth, cells, ratio]

    public static func build(_ p: ParameterReader) throws(ModelError) -> DepthGrid {
        let depthCm = try p.number(depth)
        let count = try p.integer(cells)
        let r = try p.number(ratio)
        let first = r == 1 ? depthCm / Double(count) : depthCm * (r - 1) / (pow(r, Double(count)) - 1)
        guard first >= minimumFirstCellCm else {
            throw ModelError(
                p.blame(cells, ratio, depth),
                "the first cell is \(formatNumber(first * 1e4)) µm thin (depth_cm = \(formatNumber(depthCm)), cells = \(count), ratio = \(formatNumber(r))); expected a first cell ≥ 0.1 µm: fewer cells or a ratio nearer 1"
            )
        }
        return DepthGrid(depthCm: depthCm, cells: count, ratio: r)
    }
}
