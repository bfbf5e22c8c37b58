import CampaignSyntax
import Foundation

/// The inputs fuzzing starts from, made from the repository's own files so they follow the
/// examples and fixtures as those change. The fuzz targets write them for `Fuzz/run.sh`
/// (`FuzzTarget.initialize`); the mutation tests mutate them directly.
public enum FuzzSeeds {
    /// Campaign files: the examples, and the syntax tests' error and formatting fixtures.
    public static func syntax() -> [[UInt8]] {
        ["examples", "Tests/CampaignSyntaxTests/Fixtures/errors", "Tests/CampaignSyntaxTests/Fixtures/format"].flatMap { path in
            let folder = FuzzDataset.repository.appendingPathComponent(path)
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".campaign") }.sorted()
                .compactMap { FileSystem.read(folder.appendingPathComponent($0).path) }
        }
    }

    /// Projects: the schema with every example campaign, and with each one alone (the
    /// `import` lines dropped: the input is one file).
    public static func plan() -> [[UInt8]] {
        let examples = FuzzDataset.repository.appendingPathComponent("examples")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []).filter { $0.hasSuffix(".campaign") }.sorted()
        let text = { (name: String) in
            ((try? String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)) ?? "")
                .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("import ") }.joined(separator: "\n")
        }
        let schema = text("schema.campaign")
        let campaigns = names.filter { $0 != "schema.campaign" }.map(text)
        return ([schema + "\n" + campaigns.joined(separator: "\n")] + campaigns.map { schema + "\n" + $0 }).map { Array($0.utf8) }
    }

    /// Sessions with `campaign lsp`, framed: initialize, open an example (whole, and with a
    /// typo), edit it incrementally, ask for completion, hover, symbols, formatting,
    /// references and rename, then shut down and exit; and the same cut short.
    public static func rpc() -> [[UInt8]] {
        let examples = FuzzDataset.repository.appendingPathComponent("examples")
        let text = (try? String(contentsOf: examples.appendingPathComponent("winback_sms.campaign"), encoding: .utf8)) ?? "campaign c {}"
        let uri = "file:///fuzz/project/winback_sms.campaign"
        func frame(_ json: String) -> String { "Content-Length: \(json.utf8.count)\r\n\r\n" + json }
        func quoted(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let position = #"{"textDocument":{"uri":"\#(uri)"},"position":{"line":4,"character":14}}"#
        let messages = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///fuzz/project","capabilities":{}}}"#,
            #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"campaign","version":1,"text":\#(quoted(text))}}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":2},"contentChanges":[{"range":{"start":{"line":4,"character":2},"end":{"line":4,"character":6}},"text":"exit"}]}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":\#(position)}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":\#(position)}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"\#(uri)"}}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"textDocument/formatting","params":{"textDocument":{"uri":"\#(uri)"},"options":{"tabSize":2,"insertSpaces":true}}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"textDocument/references","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":2,"character":12},"context":{"includeDeclaration":true}}}"#,
            #"{"jsonrpc":"2.0","id":7,"method":"textDocument/rename","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":2,"character":12},"newName":"renamed"}}"#,
            #"{"jsonrpc":"2.0","id":8,"method":"textDocument/semanticTokens/full","params":{"textDocument":{"uri":"\#(uri)"}}}"#,
            #"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#,
            #"{"jsonrpc":"2.0","method":"exit"}"#,
        ]
        let whole = messages.map(frame).joined()
        let typo = whole.replacingOccurrences(of: "purchase", with: "purchse")
        let cut = messages.prefix(6).map(frame).joined()
        return [whole, typo, cut, frame(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#) + "Content-Length: 3\r\n\r\n{]"].map { Array($0.utf8) }
    }

    /// Data files behind their selector byte (`ReadInvariants.input`): the examples' data,
    /// slices of the generated dataset and the readers' fixtures, in the format asked
    /// (CSV files converted to NDJSON for `.ndjson`, with the NDJSON fixtures).
    public static func data(_ format: ReadInvariants.Format) -> [[UInt8]] {
        guard let fixed = FuzzDataset.shared else { return [] }
        let repository = FuzzDataset.repository
        let read = { (path: String) in FileSystem.read(repository.appendingPathComponent(path).path) ?? [] }
        var customers = [read("examples/data/customers.csv"), fixed.customers, lines(fixed.customers, 4)]
        var events = [read("examples/data/events.csv"), lines(fixed.events, 40), lines(fixed.events, 6)]
        let fixtures = repository.appendingPathComponent("Tests/CampaignDataTests/Fixtures/rows")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()
        for name in names {
            let bytes = FileSystem.read(fixtures.appendingPathComponent(name).path) ?? []
            if name.hasSuffix(".customers." + format.rawValue) { customers.append(bytes) }
            if name.hasSuffix(".events." + format.rawValue) { events.append(bytes) }
            if format == .ndjson, name.hasSuffix(".customers.csv") { customers.append(bytes) }
            if format == .ndjson, name.hasSuffix(".events.csv") { events.append(bytes) }
        }
        if format == .ndjson {
            customers = customers.map { $0.first == UInt8(ascii: "{") ? $0 : NDJSONConversion.convert($0) }
            events = events.map { $0.first == UInt8(ascii: "{") ? $0 : NDJSONConversion.convert($0, nested: ["amount", "category"], numbers: ["amount"]) }
        }
        return customers.map { ReadInvariants.input(events: false, $0) } + events.map { ReadInvariants.input(events: true, $0) }
    }

    /// The first `count` lines.
    static func lines(_ bytes: [UInt8], _ count: Int) -> [UInt8] {
        var seen = 0
        guard let end = bytes.firstIndex(where: { if $0 == 0x0A { seen += 1 }; return seen == count }) else { return bytes }
        return Array(bytes[...end])
    }
}

/// A plain CSV file (no quoted fields) as NDJSON: one object per row, keyed by the header;
/// empty cells left out; `true` and `false`, and the values of `numbers` columns, as JSON
/// literals; `nested` columns inside a `properties` object, as the events file has them.
enum NDJSONConversion {
    static func convert(_ csv: [UInt8], nested: Set<String> = [], numbers: Set<String> = []) -> [UInt8] {
        let rows = String(decoding: csv, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = rows.first else { return [] }
        var out = ""
        for row in rows.dropFirst() {
            var top: [(String, JSONValue)] = [], inner: [(String, JSONValue)] = []
            for (name, text) in zip(header, row) where !text.isEmpty {
                let number = numbers.contains(name) ? Double(text) : nil
                let value: JSONValue = text == "true" || text == "false" ? .bool(text == "true") : number.map(JSONValue.double) ?? .string(text)
                if nested.contains(name) { inner.append((name, value)) } else { top.append((name, value)) }
            }
            if !inner.isEmpty { top.append(("properties", .object(inner))) }
            out += JSONValue.object(top).serialized() + "\n"
        }
        return Array(out.utf8)
    }
}
