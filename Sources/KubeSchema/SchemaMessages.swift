import KubeCore
import StrictJSON

/// The API server's wording around schema checks, for the handler to answer with.
public enum SchemaMessages {
    /// `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"` (the text of
    /// apimachinery's `StrictDecodingError` for pruned fields).
    public static func strictDecodingError(unknownFields: [String]) -> String {
        "strict decoding error: " + unknownFields.map(unknownField).joined(separator: ", ")
    }

    /// The message of the 400 BadRequest a create or update gets with `fieldValidation=Strict`:
    /// `EventRoute in version "v1alpha1" cannot be handled as a EventRoute: strict decoding error: …`.
    /// `kind` and `version` are the body's; `targetKind` is the resource's kind.
    public static func strictBadRequest(kind: String, version: String, targetKind: String,
                                        unknownFields: [String]) -> String {
        "\(kind) in version \(GoFormat.quote(version)) cannot be handled as a \(targetKind): "
            + strictDecodingError(unknownFields: unknownFields)
    }

    /// The cause of the 422 a JSON or merge patch gets with `fieldValidation=Strict`: field
    /// `patch`, the patched object as the bad value. The server reports it for kind `""` and
    /// name `""` (message ` "" is invalid: patch: Invalid value: …`).
    public static func strictPatchError(patchedObject: JSONValue, unknownFields: [String]) -> FieldError {
        .invalid("patch", .string(GoFormat.json(patchedObject)), strictDecodingError(unknownFields: unknownFields))
    }

    /// The warnings a request gets with `fieldValidation=Warn` (the default): one per field,
    /// `unknown field "spec.foo"`; kubectl prints each as `Warning: unknown field "spec.foo"`.
    public static func unknownFieldWarnings(_ unknownFields: [String]) -> [String] {
        unknownFields.map(unknownField)
    }

    /// The value of the `Warning` HTTP header that carries a warning: `299 - "unknown field \"spec.foo\""`.
    public static func warningHeader(_ text: String) -> String {
        "299 - " + GoFormat.quote(text)
    }

    /// The message of a 422 Invalid (`errors.NewInvalid`): `Gadget.fixture.example.com "bad" is
    /// invalid: [a, b]`, the list without repeated messages and without brackets for one error.
    public static func invalid(qualifiedKind: String, name: String, errors: [FieldError]) -> String {
        var seen: Set<String> = []
        let list = errors.map(\.description).filter { seen.insert($0).inserted }
        let head = "\(qualifiedKind) \(GoFormat.quote(name)) is invalid"
        switch list.count {
        case 0: return head
        case 1: return head + ": " + list[0]
        default: return head + ": [" + list.joined(separator: ", ") + "]"
        }
    }

    private static func unknownField(_ path: String) -> String { "unknown field \"\(path)\"" }
}
