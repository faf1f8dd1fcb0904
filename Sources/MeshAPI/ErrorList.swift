import KubeCore

/// Collects field errors while a spec is walked, so every problem is reported, not the first.
struct ErrorList {
    private(set) var errors: [FieldError] = []

    mutating func append(_ error: FieldError) {
        errors.append(error)
    }

    mutating func append(contentsOf other: [FieldError]) {
        errors.append(contentsOf: other)
    }

    /// Reports `Required` when the value is missing or empty; returns it when present.
    @discardableResult
    mutating func require(_ value: String?, _ path: FieldPath) -> String? {
        guard let value, !value.isEmpty else {
            append(.required(path))
            return nil
        }
        return value
    }

    /// Reports `Required` when a mandatory section is missing.
    mutating func require(_ present: Bool, _ path: FieldPath, _ detail: String = "") {
        if !present { append(.required(path, detail)) }
    }

    /// Checks a string against a pattern; a missing value is an error only when `required`.
    mutating func check(_ value: String?, _ pattern: ValuePattern, _ path: FieldPath, required: Bool = false) {
        guard let value else {
            if required { append(.required(path)) }
            return
        }
        if value.isEmpty, required {
            append(.required(path))
            return
        }
        if let maxLength = pattern.maxLength, value.utf8.count > maxLength {
            append(.tooLong(path, maxLength: maxLength))
        } else if let problem = pattern.problem(with: value) {
            append(.invalid(path, .string(value), problem))
        }
    }

    /// Checks an integer range (inclusive).
    mutating func check<T: BinaryInteger>(_ value: T?, _ path: FieldPath, minimum: T? = nil, maximum: T? = nil) {
        guard let value else { return }
        if let minimum, value < minimum {
            append(.invalid(path, .integer(Int64(value)), "must be at least \(minimum)"))
        }
        if let maximum, value > maximum {
            append(.invalid(path, .integer(Int64(value)), "must be at most \(maximum)"))
        }
    }

    /// Checks a floating-point range (inclusive).
    mutating func check(_ value: Double?, _ path: FieldPath, minimum: Double, maximum: Double) {
        guard let value else { return }
        if !(minimum...maximum).contains(value) {
            append(.invalid(path, .double(value), "must be between \(minimum) and \(maximum)"))
        }
    }

    /// Reports `NotSupported` for a value this API version does not know.
    mutating func check<E: OpenEnum>(_ value: E?, _ path: FieldPath, required: Bool = false) {
        guard let value else {
            if required { append(.required(path)) }
            return
        }
        if !value.isKnown {
            append(.notSupported(path, .string(value.rawValue), supported: E.knownRawValues))
        }
    }

    /// Checks a Go duration: it must parse and be positive (or zero when `allowZero`).
    @discardableResult
    mutating func check(_ value: DurationString?, _ path: FieldPath, allowZero: Bool = false) -> Duration? {
        guard let value else { return nil }
        guard ValuePattern.duration.matches(value.rawValue), let duration = value.duration else {
            append(.invalid(path, .string(value.rawValue), ValuePattern.duration.explanation))
            return nil
        }
        if duration == .zero, !allowZero {
            append(.invalid(path, .string(value.rawValue), "must be greater than 0"))
            return nil
        }
        return duration
    }

    /// Checks a list's length.
    mutating func check(count: Int, _ path: FieldPath, minItems: Int = 0, maxItems: Int? = nil) {
        if count < minItems {
            append(minItems == 1 ? .required(path, "must have at least one item")
                                 : .invalid(path, .integer(Int64(count)), "must have at least \(minItems) items"))
        }
        if let maxItems, count > maxItems {
            append(.tooMany(path, count: count, maxItems: maxItems))
        }
    }

    /// Reports `Duplicate` for every repeated value, at the index of the repetition.
    mutating func checkUnique(_ values: [String], _ path: (Int) -> FieldPath) {
        var seen: Set<String> = []
        for (index, value) in values.enumerated() where !seen.insert(value).inserted {
            append(.duplicate(path(index), .string(value)))
        }
    }

    /// Checks the keys of a string map against a pattern, each at `path[key]`.
    mutating func checkKeys(_ map: [String: some Any]?, _ pattern: ValuePattern, _ path: FieldPath, maxKeys: Int? = nil) {
        guard let map else { return }
        for key in map.keys.sorted() {
            if let problem = pattern.problem(with: key) {
                append(.invalid(path.key(key), .string(key), "key " + problem))
            }
        }
        if let maxKeys, map.count > maxKeys {
            append(.tooMany(path, count: map.count, maxItems: maxKeys))
        }
    }
}
