#!/usr/bin/env python3
"""Validate custom resources against a generated CRD with a plain JSON-schema validator.

Usage:
    scripts/check_schema.py CRD_FILE [DOCUMENT ...]

CRD_FILE is one of crds/*.yaml. Each DOCUMENT is a .json file, a .jsonl file (one JSON document
per line), a .yaml/.yml file (which may hold several documents), or "-" (the default when none
is given) for JSON documents on standard input, one per line. Every document of the CRD's kind has its `spec` validated against
`openAPIV3Schema.properties.spec`, with the `x-kubernetes-*` extensions removed, so only what
a JSON-schema validator enforces counts (types, enums, patterns, bounds, required fields and the
oneOf/anyOf/not junctors); CEL rules are not evaluated.

Prints one JSON line per document:
    {"index": 0, "source": "...", "kind": "EventRoute", "name": "x", "status": "valid"|"invalid"|"skipped",
     "errors": [{"path": "spec.source.kafka.partitions", "message": "..."}]}
Documents of another kind are reported as "skipped". Exit status: 0 when every checked document
is valid, 1 when one is invalid, 2 on a usage or input error.
"""

import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:  # pragma: no cover - reported to the caller
    print(f"check_schema.py needs jsonschema and PyYAML ({missing}); pip install jsonschema pyyaml",
          file=sys.stderr)
    sys.exit(2)


def strip_extensions(node):
    """The schema without Kubernetes' x-kubernetes-* keys, which JSON Schema does not know."""
    if isinstance(node, dict):
        return {key: strip_extensions(value) for key, value in node.items()
                if not key.startswith("x-kubernetes-")}
    if isinstance(node, list):
        return [strip_extensions(value) for value in node]
    return node


def load_crd(path):
    with open(path, encoding="utf-8") as handle:
        for document in yaml.safe_load_all(handle):
            if isinstance(document, dict) and document.get("kind") == "CustomResourceDefinition":
                return document
    raise ValueError(f"{path}: no CustomResourceDefinition found")


def spec_validator(crd):
    versions = crd["spec"]["versions"]
    version = next((v for v in versions if v.get("storage")), versions[0])
    schema = version["schema"]["openAPIV3Schema"]["properties"]["spec"]
    return jsonschema.Draft4Validator(strip_extensions(schema))


def field_path(error):
    path = "spec"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def read_documents(sources):
    """(source, document) pairs from files and/or standard input."""
    for source in sources:
        if source == "-":
            for number, line in enumerate(sys.stdin, start=1):
                if line.strip():
                    yield f"stdin:{number}", json.loads(line)
        elif source.endswith(".jsonl"):
            with open(source, encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield f"{source}:{number}", json.loads(line)
        elif source.endswith(".json"):
            with open(source, encoding="utf-8") as handle:
                yield source, json.load(handle)
        else:
            with open(source, encoding="utf-8") as handle:
                for document in yaml.safe_load_all(handle):
                    if document is not None:
                        yield source, document


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        crd = load_crd(argv[1])
        validator = spec_validator(crd)
        group = crd["spec"]["group"]
        kind = crd["spec"]["names"]["kind"]
        documents = list(read_documents(argv[2:] or ["-"]))
    except (OSError, ValueError, KeyError, yaml.YAMLError) as error:  # json errors are ValueErrors
        print(f"check_schema.py: {error}", file=sys.stderr)
        return 2

    exit_code = 0
    for index, (source, document) in enumerate(documents):
        result = {"index": index, "source": source}
        if not isinstance(document, dict):
            result.update(status="invalid", errors=[{"path": "", "message": "not an object"}])
            exit_code = 1
        else:
            result["kind"] = document.get("kind")
            result["name"] = (document.get("metadata") or {}).get("name")
            api_version = str(document.get("apiVersion", ""))
            if document.get("kind") != kind or api_version.split("/")[0] != group:
                result.update(status="skipped", errors=[])
            else:
                errors = sorted(validator.iter_errors(document.get("spec")),
                                key=lambda e: (field_path(e), e.message))
                result["errors"] = [{"path": field_path(e), "message": e.message} for e in errors]
                result["status"] = "invalid" if errors else "valid"
                if errors:
                    exit_code = 1
        print(json.dumps(result, sort_keys=True))
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
