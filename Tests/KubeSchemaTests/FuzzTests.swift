import KubeCore
import KubeSchema
import StrictJSON
import Testing

/// SplitMix64: a small seeded generator, so a failing run can be replayed.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random edits of JSON values: replace, delete or add members and elements anywhere.
private struct Mutator {
    var random: SeededGenerator

    mutating func scalar() -> JSONValue {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return nil
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &random))
        case 3: return .integer(Int64.random(in: -3...3, using: &random))
        case 4: return .double([0.5, -1e300, 1e21, Double.leastNonzeroMagnitude, 3.0, -0.0].randomElement(using: &random)!)
        case 5: return .string("")
        case 6: return .string(["..", "a/b", "Bad_Name", "x\n", "%", "日本", "2024-02-30T25:00:00Z", "0x1F"].randomElement(using: &random)!)
        case 7: return .string(String(repeating: "z", count: Int.random(in: 0...300, using: &random)))
        case 8: return .array([])
        case 9: return .object([:])
        case 10: return .array([.string("a"), .string("a"), .integer(1), .double(1)])
        default: return .object(["name": .string("a"), "kind": .integer(1)])
        }
    }

    mutating func mutate(_ value: JSONValue, depth: Int = 0) -> JSONValue {
        let roll = Int.random(in: 0..<10, using: &random)
        if roll == 0 || depth > 12 { return scalar() }
        switch value {
        case .object(var members):
            if roll == 1 { members["unknown\(Int.random(in: 0..<3, using: &random))"] = scalar() }
            if roll == 2, let key = members.keys.randomElement(using: &random) { members[key] = nil }
            if let key = members.keys.randomElement(using: &random) { members[key] = mutate(members[key]!, depth: depth + 1) }
            return .object(members)
        case .array(var elements):
            if roll == 1 { elements.append(elements.randomElement(using: &random) ?? scalar()) }
            if roll == 2, !elements.isEmpty { elements.remove(at: Int.random(in: elements.indices, using: &random)) }
            if !elements.isEmpty {
                let index = Int.random(in: elements.indices, using: &random)
                elements[index] = mutate(elements[index], depth: depth + 1)
            }
            return .array(elements)
        default:
            return roll < 5 ? scalar() : value
        }
    }
}

@Suite("Fuzzing")
struct FuzzTests {
    @Test("mutated samples never crash the pipeline, and pruning and defaulting settle")
    func mutatedSamples() throws {
        let schemas = try ProjectSchema.all()
        let samples = try TestSupport.documents(under: "samples").compactMap { sample -> (JSONValue, StructuralSchema)? in
            schemas.first { $0.kind == sample["kind"]?.stringValue }.map { (sample, $0.schema) }
        }
        var mutator = Mutator(random: SeededGenerator(state: 0x5EED))
        for round in 0..<1500 {
            let (sample, schema) = samples[round % samples.count]
            var object = sample
            for _ in 0..<Int.random(in: 1...4, using: &mutator.random) { object = mutator.mutate(object) }
            let (pruned, _) = schema.prune(object)
            #expect(schema.prune(pruned).unknownFields.isEmpty, "round \(round): pruning is not idempotent")
            let defaulted = schema.applyDefaults(to: pruned)
            _ = schema.validate(defaulted)
            _ = schema.validate(object)
        }
    }

    @Test("mutated schemas either read or throw, and never crash")
    func mutatedSchemas() throws {
        let crds = try TestSupport.documents(under: "crds")
        var mutator = Mutator(random: SeededGenerator(state: 0xC0FFEE))
        var read = 0
        for round in 0..<300 {
            let crd = crds[round % crds.count]
            guard let original = crd[path: "spec", "versions"]?[0]?[path: "schema", "openAPIV3Schema"] else { continue }
            let mutated = mutator.mutate(original)
            guard let schema = try? StructuralSchema(mutated) else { continue }
            read += 1
            _ = schema.structuralViolations()
            _ = schema.validate(mutator.mutate(original))
            _ = schema.applyDefaults(to: mutator.mutate(original))
        }
        #expect(read > 0)
    }
}
