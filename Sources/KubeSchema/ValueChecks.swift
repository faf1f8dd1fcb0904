import KubeCore
import StrictJSON

/// The single-value validators of kube-openapi (type, string, format, number, enum), with the
/// server's messages. Each returns nil or a result the way its Go counterpart does, because the
/// match counts decide which failed anyOf/oneOf branch gets reported.
enum ValueChecks {
    /// The formats a CRD schema may use; any other `format` is dropped before validation.
    static let supportedFormats: Set<String> = [
        "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4",
        "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password",
        "date", "duration", "datetime",
    ]

    /// The schema's `format` if the server validates it (`int32`, `int64`, `double` are dropped).
    static func effectiveFormat(_ schema: StructuralSchema) -> String? {
        guard let format = schema.format, supportedFormats.contains(format.replacingOccurrences(of: "-", with: "")) else {
            return nil
        }
        return format
    }

    static func type(_ schema: StructuralSchema, _ data: JSONValue, _ path: FieldPath) -> ValidationResult {
        let types = schema.types
        let ok = ValidationResult(matchCount: 1)
        if data.isNull {
            if !types.isEmpty && !types.contains("null") && !schema.nullable {
                return .failure(invalidType(path, types.joined(separator: ","), "null"))
            }
            return ok
        }
        let format = effectiveFormat(schema)
        let (dataType, dataFormat) = typeInfo(data)
        let isFloatInt = dataType == "number" && isJSONInteger(data.doubleValue ?? .nan) && types.contains("integer")
        let isIntFloat = dataType == "integer" && types.contains("number")
        let isStringOrArray = dataType == "string" || dataType == "array"
        if !isStringOrArray, let format, !(types.contains(dataType) || dataFormat == format || isFloatInt || isIntFloat) {
            return .failure(invalidType(path, format, dataFormat))
        }
        if !types.contains("number") && !types.contains("integer") && format != nil && isStringOrArray {
            return ok
        }
        if !(types.contains(dataType) || isFloatInt || isIntFloat) {
            return .failure(invalidType(path, types.joined(separator: ","), dataType))
        }
        return ok
    }

    static func string(_ schema: StructuralSchema, _ text: String, _ path: FieldPath) -> ValidationResult? {
        let length = Int64(text.unicodeScalars.count)
        if let maxLength = schema.maxLength, length > maxLength {
            return .failure(OpenAPIError(code: .tooLong, path: path, value: .string(text), limit: maxLength,
                                         message: "\(path) in body should be at most \(maxLength) chars long"))
        }
        if let minLength = schema.minLength, length < minLength {
            return .failure(OpenAPIError(code: .other, path: path, value: .string(text),
                                         message: "\(path) in body should be at least \(minLength) chars long"))
        }
        if let pattern = schema.compiledPattern, !pattern.matches(text) {
            return .failure(OpenAPIError(code: .other, path: path, value: .string(text),
                                         message: "\(path) in body should match '\(pattern.source)'"))
        }
        return nil
    }

    static func format(_ format: String, _ text: String, _ path: FieldPath) -> ValidationResult? {
        guard !StringFormats.isValid(text, format: format.replacingOccurrences(of: "-", with: "")) else { return nil }
        return .failure(OpenAPIError(code: .invalidType, path: path, value: .string(text),
                                     message: "\(path) in body must be of type \(format): \(GoFormat.quote(text))"))
    }

    /// multipleOf, minimum, maximum. Integers are compared with the bound truncated to an
    /// integer, as the server does (`int64(*schema.Minimum)`).
    static func number(_ schema: StructuralSchema, _ number: JSONNumber, _ path: FieldPath) -> ValidationResult {
        var result = ValidationResult(matchCount: 1)
        let value = JSONValue.number(number)
        func failure(_ message: String) -> OpenAPIError {
            OpenAPIError(code: .other, path: path, value: value, message: "\(path) in body should \(message)")
        }
        if let factor = schema.multipleOf {
            if case .integer(let integer) = number, goInt64(factor) != 0 {
                let intFactor = goInt64(factor)
                if intFactor < 0 {
                    result.add(OpenAPIError(code: .other, path: path, value: .integer(intFactor),
                                            message: "factor MultipleOf declared for \(path) must be positive: \(intFactor)"))
                } else if integer % intFactor != 0 {
                    result.add(failure("be a multiple of \(intFactor)"))
                }
            } else if factor < 0 {
                result.add(OpenAPIError(code: .other, path: path, value: .double(factor),
                                        message: "factor MultipleOf declared for \(path) must be positive: \(GoFormat.float(factor))"))
            } else {
                let quotient = factor < 1 ? 1 / factor * number.doubleValue : number.doubleValue / factor
                if !isJSONInteger(quotient) { result.add(failure("be a multiple of \(GoFormat.float(factor))")) }
            }
        }
        if let minimum = schema.minimum, let bound = beyond(number, minimum, below: true, exclusive: schema.exclusiveMinimum) {
            result.add(failure("be greater than \(schema.exclusiveMinimum ? "" : "or equal to ")\(bound)"))
        }
        if let maximum = schema.maximum, let bound = beyond(number, maximum, below: false, exclusive: schema.exclusiveMaximum) {
            result.add(failure("be less than \(schema.exclusiveMaximum ? "" : "or equal to ")\(bound)"))
        }
        return result
    }

    static func enumeration(_ schema: StructuralSchema, _ data: JSONValue, _ path: FieldPath) -> ValidationResult? {
        guard let values = schema.enumValues, !values.isEmpty else { return nil }
        if values.contains(where: { enumMatches(data, $0) }) { return nil }
        let listed = values.map { $0.stringValue ?? GoFormat.json($0) }.joined(separator: " ")
        return .failure(OpenAPIError(code: .enumFailed, path: path, value: data, enumValues: values,
                                     message: "\(path) in body should be one of [\(listed)]"))
    }

    // MARK: - Go semantics

    /// The bound as printed, when `number` is beyond it; nil when it is within.
    private static func beyond(_ number: JSONNumber, _ bound: Double, below: Bool, exclusive: Bool) -> String? {
        switch number {
        case .integer(let value):
            let limit = goInt64(bound)
            let outside = below ? (exclusive ? value <= limit : value < limit) : (exclusive ? value >= limit : value > limit)
            return outside ? String(limit) : nil
        case .double(let value):
            let outside = below ? (exclusive ? value <= bound : value < bound) : (exclusive ? value >= bound : value > bound)
            return outside ? GoFormat.float(bound) : nil
        }
    }

    /// Go's `int64(f)` on amd64: truncation, and the minimum integer when out of range.
    static func goInt64(_ value: Double) -> Int64 {
        guard value.isFinite, value > -9.3e18, value < 9.3e18, let exact = Int64(exactly: value.rounded(.towardZero)) else {
            return .min
        }
        return exact
    }

    /// go-openapi's `IsFloat64AJSONInteger`: integral within ±(2^53-1), to a relative 1e-9.
    static func isJSONInteger(_ value: Double) -> Bool {
        let limit = 9_007_199_254_740_991.0
        guard value.isFinite, value >= -limit, value <= limit else { return false }
        let rounded = value.rounded()
        if value == rounded { return true }
        if rounded == 0 { return false }
        return abs(value - rounded) < 1e-9 * abs(rounded)
    }

    /// The JSON type and Go format the validator infers for a value.
    private static func typeInfo(_ value: JSONValue) -> (type: String, format: String) {
        switch value {
        case .null: ("null", "")
        case .bool: ("boolean", "")
        case .string: ("string", "")
        case .number(.integer): ("integer", "int64")
        case .number(.double): ("number", "float64")
        case .array: ("array", "")
        case .object: ("object", "")
        }
    }

    private static func invalidType(_ path: FieldPath, _ expected: String, _ found: String) -> OpenAPIError {
        OpenAPIError(code: .invalidType, path: path, value: .string(found),
                     message: "\(path) in body must be of type \(expected): \(GoFormat.quote(found))")
    }

    /// Whether `data` equals the enum value after Go's `reflect.Value.Convert` to the enum
    /// value's type: 1.5 matches an enum 1, and (a Go oddity) 65 matches an enum "A".
    private static func enumMatches(_ data: JSONValue, _ candidate: JSONValue) -> Bool {
        switch (data, candidate) {
        case (.null, _), (_, .null): return false
        case (.number(.integer(let value)), .string(let string)):
            let converted = (0...0x10FFFF).contains(value) ? Unicode.Scalar(UInt32(value)) : nil
            return String(converted ?? "\u{FFFD}") == string
        case (.number(let value), .number(.integer(let integer))):
            if case .double(let double) = value { return goInt64(double) == integer }
            return value == .integer(integer)
        case (.number(let value), .number(.double(let double))):
            return value.doubleValue == double
        default:
            return data == candidate
        }
    }
}
