import CampaignSyntax

/// A JSON-RPC error answer: the code the protocol defines and a message in the user's
/// words (LSP 3.17, "ResponseError").
public struct ResponseError: Error, Sendable, Equatable {
    public let code: Int
    public let message: String

    public init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let requestFailed = -32803
    public static let requestCancelled = -32800

    static func invalidParams(_ message: String) -> ResponseError { ResponseError(invalidParams, message) }
    static func failed(_ message: String) -> ResponseError { ResponseError(requestFailed, message) }

    var json: JSONValue { .object([("code", .int(code)), ("message", .string(message))]) }
}

/// An incoming JSON-RPC message, checked for shape (a request has an `id` and a
/// `method`, a notification a `method` only; a response from the client is ignored).
enum IncomingMessage {
    case request(id: JSONValue, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response

    /// The message, or the id (null when unknown) and the error to answer with.
    static func decode(_ body: [UInt8]) -> Result<IncomingMessage, InvalidMessage> {
        let value: JSONValue
        switch JSONParser.parse(body) {
        case .success(let parsed): value = parsed
        case .failure(let error): return .failure(InvalidMessage(id: .null, error: ResponseError(ResponseError.parseError, "malformed JSON: \(error)")))
        }
        guard value.isObject else {
            return .failure(InvalidMessage(id: .null, error: ResponseError(ResponseError.invalidRequest, "a message must be a JSON object")))
        }
        var id: JSONValue? = value["id"]
        if let given = id {
            switch given {
            case .int, .string: break
            case .double where given.int != nil: id = .int(given.int ?? 0)
            default:
                return .failure(InvalidMessage(id: .null, error: ResponseError(ResponseError.invalidRequest, "`id` must be a number or a string")))
            }
        }
        guard value["jsonrpc"]?.string == "2.0" else {
            return .failure(InvalidMessage(id: id ?? .null, error: ResponseError(ResponseError.invalidRequest, "`jsonrpc` must be \"2.0\"")))
        }
        guard let methodValue = value["method"] else {
            if id != nil, value["result"] != nil || value["error"] != nil { return .success(.response) }
            return .failure(InvalidMessage(id: id ?? .null, error: ResponseError(ResponseError.invalidRequest, "a request needs a `method`")))
        }
        guard let method = methodValue.string else {
            return .failure(InvalidMessage(id: id ?? .null, error: ResponseError(ResponseError.invalidRequest, "`method` must be a string")))
        }
        // `"params": null` is read as no params: some clients send it with `shutdown`.
        let params = value["params"] == .null ? nil : value["params"]
        if let params {
            switch params {
            case .object, .array: break
            default:
                return .failure(InvalidMessage(id: id ?? .null, error: ResponseError(ResponseError.invalidRequest, "`params` must be an object or an array")))
            }
        }
        if let id { return .success(.request(id: id, method: method, params: params)) }
        return .success(.notification(method: method, params: params))
    }
}

/// A message that cannot be handled, and how to answer it (notifications get no answer
/// unless the message was unreadable as a whole).
struct InvalidMessage: Error {
    let id: JSONValue
    let error: ResponseError
}
