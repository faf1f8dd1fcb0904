/// Structural OpenAPI v3 schemas of CustomResourceDefinitions: validation with field paths,
/// defaulting and pruning, as the API server applies them to custom objects.
///
/// `StructuralSchema` reads a CRD version's `openAPIV3Schema`. The handler runs, in the server's
/// order: `prune(_:)` (which also yields the unknown fields for `fieldValidation=Strict|Warn`,
/// worded by `SchemaMessages`), `applyDefaults(to:)`, then `validate(_:)`. When a CRD is created,
/// `structuralViolations(at:)` lists what the server would refuse in its schema.
/// `x-kubernetes-validations` (CEL) rules are read and exposed but never evaluated.
public enum KubeSchema {}
