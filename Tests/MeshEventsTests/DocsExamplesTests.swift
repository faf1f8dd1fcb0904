import Foundation
import StrictJSON
import Testing
@testable import MeshEvents

/// Keeps docs/events.md honest: every JSON example must be a valid cold-chain event, the four
/// examples must form one chain as the helper builds it, and every field table must agree with
/// its example and with the decoder (types, and which fields are required).
@Suite("docs/events.md")
struct DocsExamplesTests {
    /// One `## ` section of the page.
    struct Section {
        let heading: String
        let lines: [String]

        var text: String { lines.joined(separator: "\n") }

        /// The bodies of the section's ```json blocks.
        var jsonBlocks: [String] {
            var blocks: [String] = []
            var current: [String]?
            for line in lines {
                if current == nil, line.trimmingCharacters(in: .whitespaces) == "```json" {
                    current = []
                } else if let body = current, line.trimmingCharacters(in: .whitespaces) == "```" {
                    blocks.append(body.joined(separator: "\n"))
                    current = nil
                } else {
                    current?.append(line)
                }
            }
            return blocks
        }

        /// Rows of the table whose header starts `| field | type | required`, as cells.
        var fieldRows: [[String]] {
            guard let header = lines.firstIndex(where: { $0.hasPrefix("| field | type | required") }) else { return [] }
            return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { row in
                row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }

        /// The cell next to `label` in the section's key/value table.
        func property(_ label: String) -> String? {
            lines.first { $0.hasPrefix("| \(label) |") }
        }
    }

    static func readDocs() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/events.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func sections() throws -> [Section] {
        var sections: [Section] = []
        var heading = ""
        var lines: [String] = []
        for line in try readDocs().components(separatedBy: "\n") {
            if line.hasPrefix("## ") {
                sections.append(Section(heading: heading, lines: lines))
                heading = line
                lines = []
            } else {
                lines.append(line)
            }
        }
        sections.append(Section(heading: heading, lines: lines))
        return sections
    }

    static func eventSection(_ kind: ColdChainEventKind) throws -> Section {
        let matching = try sections().filter { $0.heading.contains("`\(kind.rawValue)`") }
        guard matching.count == 1, let section = matching.first else {
            throw TestError.invalidFixture("expected one section for \(kind.rawValue), found \(matching.count)")
        }
        return section
    }

    static func example(_ kind: ColdChainEventKind) throws -> CloudEvent {
        let blocks = try eventSection(kind).jsonBlocks
        guard blocks.count == 1, let block = blocks.first else {
            throw TestError.invalidFixture("expected one JSON example for \(kind.rawValue), found \(blocks.count)")
        }
        return try CloudEvent(structuredJSON: Data(block.utf8))
    }

    @Test("every JSON block on the page is a valid cold-chain event")
    func everyBlockValidates() throws {
        let blocks = try Self.sections().flatMap(\.jsonBlocks)
        #expect(blocks.count == ColdChainEventKind.allCases.count)
        var kinds: [ColdChainEventKind] = []
        for block in blocks {
            let envelope = try CloudEvent(structuredJSON: Data(block.utf8))
            kinds.append(try AnyColdChainEvent(envelope).kind)
        }
        #expect(kinds == ColdChainEventKind.allCases)
    }

    @Test("each event section shows its type, channels, producer and consumer", arguments: ColdChainEventKind.allCases)
    func sectionDescribesKind(kind: ColdChainEventKind) throws {
        let section = try Self.eventSection(kind)
        #expect(section.property("`type`")?.contains("`\(kind.eventType)`") == true)
        let travelsOn = try #require(section.property("travels on"))
        let brokerNames: [EventChannel.Broker: String] = [.kafka: "Kafka", .rabbitmq: "RabbitMQ", .pulsar: "Pulsar"]
        var remainder = Substring(travelsOn)
        for channel in kind.channels {
            let name = try #require(brokerNames[channel.broker])
            // Hops are listed in order: each broker appears after the previous one.
            let range = try #require(remainder.range(of: "\(name) "), "\(name) missing or out of order")
            #expect(remainder[range.upperBound...].contains("`\(channel.name)`"))
            remainder = remainder[range.upperBound...]
        }
        let roles = try #require(section.property("producer → consumer"))
        #expect(roles.hasSuffix("→ \(kind.consumer) |"))
        #expect(try Self.example(kind).type == kind.eventType)
    }

    @Test("the four examples form one chain, as the chain helper builds it")
    func examplesFormOneChain() throws {
        let envelopes = try ColdChainEventKind.allCases.map { try Self.example($0) }
        let origin = try #require(envelopes.first)
        let trace = try #require(origin.traceParent)
        for envelope in envelopes {
            #expect(envelope.correlationID == origin.id)
            #expect(envelope.traceParent?.traceID == trace.traceID)
            #expect(envelope.traceParent?.flags == trace.flags)
        }
        #expect(Set(envelopes.compactMap { $0.traceParent?.parentID }).count == envelopes.count)
        for (cause, effect) in zip(envelopes, envelopes.dropFirst()) {
            #expect(effect.causationID == cause.id)
            #expect(effect.id == EventIdentity.causedEventID(causeSource: cause.source, causeID: cause.id, type: effect.type))
        }
        let lowStock = try ColdChainEvent<LowStock>(envelopes[1])
        #expect(lowStock.payload.cause.eventId == origin.id)
        #expect(lowStock.payload.cause.eventType == origin.type)
        for envelope in envelopes {
            let event = try AnyColdChainEvent(envelope)
            let subject: String
            let partitionKey: String
            switch event {
            case .coldChainFailure(let typed): (subject, partitionKey) = (typed.payload.subject, typed.payload.partitionKey)
            case .lowStock(let typed): (subject, partitionKey) = (typed.payload.subject, typed.payload.partitionKey)
            case .purchaseOrderIssued(let typed): (subject, partitionKey) = (typed.payload.subject, typed.payload.partitionKey)
            case .inventoryReceived(let typed): (subject, partitionKey) = (typed.payload.subject, typed.payload.partitionKey)
            }
            #expect(envelope.subject == subject)
            #expect(envelope.partitionKey == partitionKey)
        }
    }

    @Test("examples are written the way the mesh writes them")
    func examplesAreCanonical() throws {
        for kind in ColdChainEventKind.allCases {
            let block = try #require(try Self.eventSection(kind).jsonBlocks.first)
            let envelope = try CloudEvent(structuredJSON: Data(block.utf8))
            #expect(String(decoding: envelope.structuredJSON(prettyPrinted: true), as: UTF8.self) == block)
        }
    }

    @Test("field tables list exactly the example's fields, with the right JSON types", arguments: ColdChainEventKind.allCases)
    func tablesMatchExamples(kind: ColdChainEventKind) throws {
        let rows = try Self.eventSection(kind).fieldRows
        let data = try JSONValue(parsing: try #require(try Self.example(kind).data))
        let documented = rows.map { $0[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
        #expect(Set(documented).count == documented.count, "a field is listed twice")
        #expect(Set(documented) == Set(Self.fieldPaths(of: data)))
        for row in rows {
            let path = row[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            guard let value = data.value(at: Self.concrete(path)) else { continue }
            let found = value.typeName
            // A whole number such as 8 is a valid `number` too.
            #expect(found == row[1] || (row[1] == "number" && found == "integer"), "\(path) is documented as \(row[1])")
        }
    }

    @Test("the required column agrees with the decoder", arguments: ColdChainEventKind.allCases)
    func requiredColumnMatchesDecoder(kind: ColdChainEventKind) throws {
        let data = try JSONValue(parsing: try #require(try Self.example(kind).data))
        for row in try Self.eventSection(kind).fieldRows {
            let path = Self.concrete(row[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")))
            let trimmed = Data(data.setting(path, to: nil).jsonBytes())
            let error = Self.decodingError(kind, trimmed)
            switch row[2] {
            case "yes":
                #expect(error == .missingField(path), "\(path) is documented as required")
            case "no" where row[4].contains("required when"):
                break  // conditionally required: the example meets the condition
            case "no":
                #expect(error == nil, "\(path) is documented as optional")
            default:
                Issue.record("required column of \(path) must be yes or no, found \(row[2])")
            }
        }
    }

    static func decodingError(_ kind: ColdChainEventKind, _ json: Data) -> EventPayloadError? {
        do {
            switch kind {
            case .coldChainFailure: _ = try ColdChainFailure.decode(json: json)
            case .lowStock: _ = try LowStock.decode(json: json)
            case .purchaseOrderIssued: _ = try PurchaseOrderIssued.decode(json: json)
            case .inventoryReceived: _ = try InventoryReceived.decode(json: json)
            }
            return nil
        } catch {
            return error
        }
    }

    /// `lines[].sku` → `lines[0].sku`: the table's notation for "every element" made concrete.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "[]", with: "[0]")
    }

    /// Every field of a payload in the table's notation (`cause.eventId`, `lines[].sku`).
    static func fieldPaths(of value: JSONValue, prefix: String = "") -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { member -> [String] in
                let path = prefix + member.key
                switch member.value {
                case .object:
                    return [path] + fieldPaths(of: member.value, prefix: path + ".")
                case .array(let elements):
                    return [path] + elements.flatMap { fieldPaths(of: $0, prefix: path + "[].") }
                default:
                    return [path]
                }
            }.reduce(into: [String]()) { unique, path in
                if !unique.contains(path) { unique.append(path) }
            }
        default:
            return []
        }
    }
}
