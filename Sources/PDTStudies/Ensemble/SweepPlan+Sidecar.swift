extension SweepPlan {
    /// The `kind` of a sweep's sidecar (`EnsembleSidecar`).
    public static let kind = "pdtsim sweep"

    /// The parts of a sweep's sidecar that must agree for two files to belong to the same sweep
    /// (all but `shard`).
    static let definitionKeys = ["kind", "sweep", "base_protocol", "data_files", "columns", "versions"]
}
