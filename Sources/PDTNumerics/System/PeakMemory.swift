import Foundation

/// The peak resident memory of this process: VmHWM of /proc/self/status (Linux), in MB
/// (2²⁰ bytes); NaN where the file or the line is missing.
public enum PeakMemory {
    public static var megabytes: Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
            return kilobytes / 1024
        }
        return .nan
    }
}
