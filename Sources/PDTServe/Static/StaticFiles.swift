import Foundation
import Hummingbird
import NIOCore

/// The files of the browser page: a fixed list of names, each served from one known folder. No
/// path from the request is ever joined to a folder, so no other file can be reached.
public struct StaticFiles: Sendable {
    /// URL path → (file, content type).
    public struct Entry: Sendable {
        public var path: String
        public var file: String
        public var type: String
    }

    /// The page's folder (`Sources/PDTServe/Resources`, bundled next to the executable).
    public let pageFolder: String?
    /// Debian's libjs-chart.js file, served as `/vendor/chart.js`.
    public let chartFile: String

    /// Where Debian's libjs-chart.js installs Chart.js (`dpkg -L libjs-chart.js`).
    public static let debianChartFile = "/usr/share/javascript/chart.js/chart.min.js"

    public init(pageFolder: String?, chartFile: String = StaticFiles.debianChartFile) {
        self.pageFolder = pageFolder
        self.chartFile = chartFile
    }

    static let pageEntries: [Entry] = [
        Entry(path: "/", file: "index.html", type: "text/html; charset=utf-8"),
        Entry(path: "/index.html", file: "index.html", type: "text/html; charset=utf-8"),
        Entry(path: "/app.js", file: "app.js", type: "text/javascript; charset=utf-8"),
        Entry(path: "/style.css", file: "style.css", type: "text/css; charset=utf-8"),
    ]

    static let chartPath = "/vendor/chart.js"

    /// Every URL path served from a file.
    static var paths: [String] { pageEntries.map(\.path) + [chartPath] }

    /// The page's folder of this build: the resource bundle next to `executablePath` (what SwiftPM
    /// copies there), else the source tree's `Sources/PDTServe/Resources`; nil when neither holds
    /// index.html.
    public static func locatePageFolder(executablePath: String?) -> String? {
        var candidates: [URL] = []
        if let executablePath {
            let folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("pdtsim_PDTServe.resources/Resources"))
        }
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Resources"))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("index.html").path)
        }?
        .path
    }

    /// The answer for `path` (one of `paths`).
    func response(path: String) throws -> Response {
        if path == Self.chartPath {
            return try file(
                chartFile, type: "text/javascript; charset=utf-8",
                missing:
                    "Chart.js is not installed at \(chartFile); expected Debian's libjs-chart.js (apt-get install libjs-chart.js)"
            )
        }
        guard let entry = Self.pageEntries.first(where: { $0.path == path }) else {
            throw APIError(.notFound, "\(path): no such page")
        }
        guard let pageFolder else {
            throw APIError(
                .notFound, "\(entry.file): the page's files are not found next to pdtsim or in its source tree")
        }
        return try file(
            pageFolder + "/" + entry.file, type: entry.type, missing: "\(entry.file): not found in \(pageFolder)")
    }

    private func file(_ path: String, type: String, missing: String) throws -> Response {
        guard let data = FileManager.default.contents(atPath: path) else { throw APIError(.notFound, missing) }
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        return Response(
            status: .ok, headers: [.contentType: type, .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer))
    }
}
