import Hummingbird
import NIOCore
import PDTCore
import PDTNumerics
import PDTStudies

/// The API's answers: JSON (`JSONOutput` as pdtsim writes it, with a final newline), CSV
/// downloads, and errors as `{"error": LINE}`.
enum Answer {
    static func json(_ value: JSONOutput, status: HTTPResponse.Status = .ok) -> Response {
        body(value.text() + "\n", type: "application/json; charset=utf-8", status: status)
    }

    /// `text` (a CSV file as the command writes it) as a download named `filename`.
    static func csv(_ text: String, filename: String) -> Response {
        var response = body(text, type: "text/csv; charset=utf-8", status: .ok)
        response.headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return response
    }

    static func error(_ error: APIError) -> Response {
        json(.object([("error", .string(error.line))]), status: error.status)
    }

    static func body(_ text: String, type: String, status: HTTPResponse.Status) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(
            status: status, headers: [.contentType: type, .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer))
    }
}
