import KubeCore
import StrictJSON

/// Validates Event Mesh objects as users write them. Given a manifest (JSON), it first checks
/// what decoding needs (required fields present, values of the declared JSON types) against the
/// kind's own schema, reporting every such problem; then it decodes the object and runs the
/// kind's rules; then it checks endpoints against the MeshBrokers it is given.
public enum MeshValidator {
    /// Every problem of a manifest of one of the API's kinds (an empty list when it is valid).
    /// A manifest of another kind yields a single `NotSupported` error on `kind`.
    public static func validate(manifest: JSONValue, brokers: [MeshBroker] = []) -> [FieldError] {
        guard let kind = manifest["kind"]?.stringValue, let specSchema = CustomResourceDefinitions.kind(named: kind)?.specSchema,
              manifest["apiVersion"]?.stringValue == EventMeshAPI.apiVersion
        else {
            return [.notSupported(FieldPath("kind"), manifest["kind"] ?? .null,
                                  supported: CustomResourceDefinitions.kinds.map(\.kind))]
        }
        var errors: [FieldError] = []
        let spec = manifest["spec"] ?? .null
        if spec.isNull {
            errors.append(.required(FieldPath("spec")))
        } else {
            StructuralCheck.check(spec, against: specSchema, at: FieldPath("spec"), into: &errors)
        }
        guard errors.isEmpty else { return errors }
        let object: MeshObject?
        do {
            object = try MeshObject(manifest: manifest)
        } catch {
            return [FieldError(.invalid, FieldPath(error.field), detail: error.reason)]
        }
        return object.map { validate($0, brokers: brokers) } ?? []
    }

    /// Every problem of a decoded object, endpoints checked against `brokers`.
    public static func validate(_ object: MeshObject, brokers: [MeshBroker] = []) -> [FieldError] {
        object.validate(in: brokers.map(MeshObject.meshBroker))
    }
}

/// The part of schema validation decoding depends on: required fields and JSON types.
/// Value rules (patterns, ranges, enums) are left to the kinds' validators, which know them too.
enum StructuralCheck {
    static func check(_ value: JSONValue, against schema: JSONValue, at path: FieldPath, into errors: inout [FieldError]) {
        if schema["x-kubernetes-int-or-string"] == true {
            if value.stringValue == nil, value.int64Value == nil {
                errors.append(FieldError(.typeInvalid, path, badValue: value, detail: "must be an integer or a string"))
            }
            return
        }
        guard let type = schema["type"]?.stringValue else { return }
        switch (type, value) {
        case ("object", .object(let members)):
            let properties = schema["properties"]?.objectValue ?? [:]
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            where members[required] == nil || members[required] == .null {
                errors.append(.required(path.child(required)))
            }
            for key in members.keys.sorted() {
                guard let member = members[key], member != .null else { continue }
                if let property = properties[key] {
                    check(member, against: property, at: path.child(key), into: &errors)
                } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                    check(member, against: additional, at: path.key(key), into: &errors)
                }
            }
        case ("array", .array(let elements)):
            guard let items = schema["items"] else { return }
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: path.index(index), into: &errors)
            }
        case ("string", .string), ("boolean", .bool), ("number", .number):
            return
        case ("integer", .number(let number)):
            guard let integer = number.int64Value else {
                errors.append(FieldError(.typeInvalid, path, badValue: value, detail: "must be an integer"))
                return
            }
            if schema["format"] == "int32", Int32(exactly: integer) == nil {
                errors.append(.invalid(path, value, "must fit in 32 bits"))
            }
        default:
            errors.append(FieldError(.typeInvalid, path, badValue: value, detail: "must be of type \(type)"))
        }
    }
}
