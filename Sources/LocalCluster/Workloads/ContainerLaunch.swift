import Foundation
import KubeCore
import StrictJSON

/// What starting one container means on this machine: the executable its image maps to, its
/// arguments and its environment, resolved with Kubernetes' rules.
struct ContainerLaunch: Sendable, Equatable {
    var executable: String
    var arguments: [String]
    /// The container's own variables (as the pod spec declares them, plus `PORT`, `HOSTNAME`
    /// and `KUBECONFIG`); the process gets them on top of eventmesh-local's environment.
    var environment: [(name: String, value: String)]

    static func == (a: ContainerLaunch, b: ContainerLaunch) -> Bool {
        a.executable == b.executable && a.arguments == b.arguments
            && a.environment.map(\.name) == b.environment.map(\.name) && a.environment.map(\.value) == b.environment.map(\.value)
    }

    /// Why a container cannot start; `reason` is what its waiting state says.
    struct Problem: Error, Sendable, Equatable {
        var reason: String
        var message: String

        static func image(_ message: String) -> Problem { Problem(reason: "ImageNotRunnableLocally", message: message) }
        static func config(_ message: String) -> Problem { Problem(reason: "CreateContainerConfigError", message: message) }
    }

    /// Reads a ConfigMap or Secret of the pod's namespace (nil when absent).
    typealias Lookup = @Sendable (GroupResource, String) async -> JSONValue?

    /// Resolves `container` of `pod`, given the port this pod listens on.
    ///
    /// The entrypoint is the image's executable: `command`, when given, replaces it (its first
    /// word must name one of the runnable images) and `args` follow; `$(VAR)` in command, args
    /// and env values expands to the container's variables (`$$` escapes, unknown names stay).
    /// Env comes from `envFrom`, then `env` (values, ConfigMap and Secret keys, pod fields), then
    /// `PORT` (always the pod's port), `HOSTNAME` and `KUBECONFIG` unless set.
    static func resolve(_ container: JSONValue, pod: JSONValue, port: Int, settings: WorkloadSettings,
                        lookup: Lookup) async throws(Problem) -> ContainerLaunch {
        let image = container["image"]?.stringValue ?? ""
        var executable: String
        switch settings.executable(for: image) {
        case .success(let path): executable = path
        case .failure(let problem): throw .image(problem.message)
        }
        let strings = { (value: JSONValue?) in value?.arrayValue?.compactMap(\.stringValue) ?? [] }

        var variables: [(name: String, value: String)] = [("PORT", String(port))]
        func set(_ name: String, _ value: String) {
            if let index = variables.firstIndex(where: { $0.name == name }) { variables[index].value = value } else { variables.append((name, value)) }
        }
        func lookupVariable(_ name: String) -> String? { variables.last { $0.name == name }?.value }

        for source in container["envFrom"]?.arrayValue ?? [] {
            let prefix = source["prefix"]?.stringValue ?? ""
            for (kind, resource, reference) in [("configmap", WorkloadResources.configMaps, source["configMapRef"]),
                                                ("secret", WorkloadResources.secrets, source["secretRef"])] {
                guard let reference, let name = reference["name"]?.stringValue else { continue }
                guard let object = await lookup(resource, name) else {
                    if reference["optional"]?.boolValue == true { continue }
                    throw .config("\(kind) \"\(name)\" not found")
                }
                for (key, value) in decodedData(of: object, secret: kind == "secret").sorted(by: { $0.key < $1.key }) {
                    set(prefix + key, value)
                }
            }
        }
        for entry in container["env"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else { continue }
            if let value = entry["value"]?.stringValue {
                set(name, expand(value, lookupVariable))
            } else if let source = entry["valueFrom"] {
                if let value = try await resolveSource(source, for: name, pod: pod, container: container, lookup: lookup) {
                    set(name, value)
                }
            } else {
                set(name, "")
            }
        }
        set("PORT", String(port))
        if lookupVariable("HOSTNAME") == nil { set("HOSTNAME", pod.name) }
        if let kubeconfig = settings.kubeconfigPath, lookupVariable("KUBECONFIG") == nil { set("KUBECONFIG", kubeconfig) }

        var arguments = strings(container["command"]).map { expand($0, lookupVariable) }
        if let first = arguments.first {
            // The command names a program inside the image; here only the project's own binaries exist.
            let program = URL(fileURLWithPath: first).lastPathComponent
            guard let path = settings.images[program] ?? (program == WorkloadSettings.imageName(image) ? executable : nil) else {
                throw Problem(reason: "RunContainerError",
                              message: "command \"\(first)\" cannot run locally: only the project's own binaries run (\(settings.images.keys.sorted().joined(separator: ", ")))")
            }
            executable = path
            arguments.removeFirst()
        }
        arguments += strings(container["args"]).map { expand($0, lookupVariable) }
        return ContainerLaunch(executable: executable, arguments: arguments, environment: variables)
    }

    private static func resolveSource(_ source: JSONValue, for name: String, pod: JSONValue, container: JSONValue,
                                      lookup: Lookup) async throws(Problem) -> String? {
        for (kind, resource, field) in [("ConfigMap", WorkloadResources.configMaps, "configMapKeyRef"),
                                        ("Secret", WorkloadResources.secrets, "secretKeyRef")] {
            guard let reference = source[field] else { continue }
            let objectName = reference["name"]?.stringValue ?? ""
            let key = reference["key"]?.stringValue ?? ""
            let optional = reference["optional"]?.boolValue == true
            guard let object = await lookup(resource, objectName) else {
                if optional { return nil }
                throw .config("\(kind.lowercased()) \"\(objectName)\" not found")
            }
            guard let value = decodedData(of: object, secret: kind == "Secret")[key] else {
                if optional { return nil }
                throw .config("couldn't find key \(key) in \(kind) \(pod.namespace)/\(objectName)")
            }
            return value
        }
        if let path = source["fieldRef"]?["fieldPath"]?.stringValue {
            guard let value = fieldValue(path, of: pod) else {
                throw .config("unsupported fieldRef \"\(path)\" for env \(name)")
            }
            return value
        }
        if let resourceField = source["resourceFieldRef"]?["resource"]?.stringValue {
            // requests.cpu / limits.memory: what the container declares, else 0 (no node to ask).
            let parts = resourceField.split(separator: ".").map(String.init)
            guard parts.count == 2 else { throw .config("unsupported resourceFieldRef \"\(resourceField)\" for env \(name)") }
            let value = container["resources"]?[parts[0]]?[parts[1]]
            return value?.stringValue ?? value?.int64Value.map(String.init) ?? "0"
        }
        throw .config("env \(name) has an unsupported valueFrom")
    }

    /// The values of a ConfigMap (`data`, `binaryData`) or Secret (`data` base64-decoded,
    /// `stringData` as is).
    static func decodedData(of object: JSONValue, secret: Bool) -> [String: String] {
        var values: [String: String] = [:]
        let decode = { (text: String) in Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) } }
        if secret {
            for (key, value) in object["stringData"]?.objectValue ?? [:] { values[key] = value.stringValue }
            for (key, value) in object["data"]?.objectValue ?? [:] { values[key] = value.stringValue.flatMap(decode) }
        } else {
            for (key, value) in object["binaryData"]?.objectValue ?? [:] { values[key] = value.stringValue.flatMap(decode) }
            for (key, value) in object["data"]?.objectValue ?? [:] { values[key] = value.stringValue }
        }
        return values
    }

    /// A pod field for the downward API (`metadata.labels['app']`, `status.podIP`, ...).
    static func fieldValue(_ path: String, of pod: JSONValue) -> String? {
        for map in ["labels", "annotations"] where path.hasPrefix("metadata.\(map)['") && path.hasSuffix("']") {
            let key = String(path.dropFirst("metadata.\(map)['".count).dropLast(2))
            return pod["metadata"]?[map]?[key]?.stringValue ?? ""
        }
        switch path {
        case "metadata.name": return pod.name
        case "metadata.namespace": return pod.namespace
        case "metadata.uid": return pod.uid
        case "spec.nodeName": return pod["spec"]?["nodeName"]?.stringValue ?? ""
        case "spec.serviceAccountName": return pod["spec"]?["serviceAccountName"]?.stringValue ?? "default"
        case "status.podIP", "status.hostIP", "status.podIPs", "status.hostIPs": return "127.0.0.1"
        default: return nil
        }
    }

    /// Kubernetes' `$(VAR)` expansion: a defined name is replaced, `$$` is a literal `$`,
    /// anything else (an undefined name, an unclosed reference) stays as written.
    static func expand(_ input: String, _ variable: (String) -> String?) -> String {
        let bytes = Array(input.utf8)
        var output: [UInt8] = []
        var cursor = 0
        while cursor < bytes.count {
            guard bytes[cursor] == UInt8(ascii: "$"), cursor + 1 < bytes.count else {
                output.append(bytes[cursor])
                cursor += 1
                continue
            }
            let next = bytes[cursor + 1]
            if next == UInt8(ascii: "$") {
                output.append(next)
                cursor += 2
            } else if next == UInt8(ascii: "("), let close = bytes[(cursor + 2)...].firstIndex(of: UInt8(ascii: ")")) {
                let name = String(decoding: bytes[(cursor + 2)..<close], as: UTF8.self)
                output += Array((variable(name) ?? "$(\(name))").utf8)
                cursor = close + 1
            } else {
                output += [bytes[cursor], next]
                cursor += 2
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
