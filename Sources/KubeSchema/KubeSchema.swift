/// Structural OpenAPI v3 schemas of CustomResourceDefinitions: validation with field paths,
/// defaulting and pruning, as the API server applies them to custom objects.
public enum KubeSchema {}
