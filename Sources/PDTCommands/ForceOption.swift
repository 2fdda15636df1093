import ArgumentParser

/// `--force`, declared once for the commands that write a file another program could have put at
/// the same path (sweep, optics, merge) or keep a partial run's rows (cohort, sensitivity): replace
/// that file even though pdtsim did not write it. Never a folder, device or fifo, and never one of
/// the command's own inputs. Commands that write a folder take no `--force`: they replace only a
/// folder pdtsim wrote (its `.pdtsim-output` marker) and leave any other alone.
struct ForceOption: ParsableArguments {
    @Flag(
        name: .long,
        help: "Replace the output file even if pdtsim did not write it (never a folder, device, fifo or input).")
    var force = false
}
