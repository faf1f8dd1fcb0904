import KubeCore
import StrictJSON

/// The uniqueness of `x-kubernetes-list-type: set` elements and `map` keys
/// (`listtype.ValidateListSetsAndMaps`): each repeated element or key is a `Duplicate value`
/// at its index, reported once, at its second appearance.
enum ListSetValidator {
    static func validate(_ value: JSONValue, _ schema: StructuralSchema?, at path: FieldPath) -> [FieldError] {
        guard let schema else { return [] }
        switch value {
        case .object(let members):
            var errors: [FieldError] = []
            if let additional = schema.additionalProperties?.schema {
                for key in members.keys.sorted() { errors += validate(members[key]!, additional, at: path.key(key)) }
            }
            for key in members.keys.sorted() {
                if let property = schema.properties[key] { errors += validate(members[key]!, property, at: path.child(key)) }
            }
            return errors
        case .array(let elements):
            var errors: [FieldError] = []
            switch schema.listType {
            case "set":
                errors += repeatedIndices(elements).map { FieldError.duplicate(path.index($0), GoFormat.badValue(elements[$0])) }
            case "map":
                errors += mapKeys(elements, schema.listMapKeys, path)
            default:
                break
            }
            if let items = schema.items {
                for (index, element) in elements.enumerated() { errors += validate(element, items, at: path.index(index)) }
            }
            return errors
        default:
            return []
        }
    }

    private static func mapKeys(_ elements: [JSONValue], _ keyFields: [String], _ path: FieldPath) -> [FieldError] {
        if let index = elements.firstIndex(where: { !$0.isNull && $0.objectValue == nil }) {
            return [.invalid(path.index(index), elements[index], "must be an object for an array of list-type map")]
        }
        let members = elements.map { $0.objectValue ?? [:] }
        if keyFields.count == 1 {
            // One key: its values are compared as they are; a missing key (or a null element)
            // equals only other missing keys and is reported as `{}`.
            let field = keyFields[0]
            return repeatedIndices(members.map { $0[field] }).map { index in
                .duplicate(path.index(index), .object(members[index][field].map { [field: $0] } ?? [:]))
            }
        }
        let keys: [JSONValue] = members.map { entry in
            .object(Dictionary(uniqueKeysWithValues: keyFields.compactMap { field in entry[field].map { (field, $0) } }))
        }
        return repeatedIndices(keys).map { FieldError.duplicate(path.index($0), keys[$0]) }
    }

    /// The index of the second appearance of every value that appears more than once (nil
    /// values are all equal).
    private static func repeatedIndices(_ values: [JSONValue?]) -> [Int] {
        var seen: [JSONValue?: Int] = [:]
        var indices: [Int] = []
        for (index, value) in values.enumerated() {
            let key = value.map(canonical)
            seen[key, default: 0] += 1
            if seen[key] == 2 { indices.append(index) }
        }
        return indices
    }

    /// Compound values are compared as the server compares them, by their JSON encoding, in
    /// which `1.0` and `1` are the same; scalars keep their type (`1` and `1.0` differ). The
    /// encoding is wrapped in an array so it never equals a string element.
    private static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array, .object: .array([.string(GoFormat.json(value))])
        default: value
        }
    }
}
