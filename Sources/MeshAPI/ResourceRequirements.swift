import KubeCore

/// CPU and memory for the containers of a workload, as Kubernetes quantities.
public struct ResourceRequirements: Codable, Sendable, Hashable {
    public var requests: ResourceList?
    public var limits: ResourceList?

    public init(requests: ResourceList? = nil, limits: ResourceList? = nil) {
        self.requests = requests
        self.limits = limits
    }

    static let schema = Schema.object(
        "CPU and memory of the workload's container, as Kubernetes resource quantities.", properties: [
            "requests": ResourceList.schema("What the container is guaranteed (scheduling)."),
            "limits": ResourceList.schema("The most the container may use."),
        ])

    func validate(at path: FieldPath, into errors: inout ErrorList) {
        requests?.validate(at: path.child("requests"), into: &errors)
        limits?.validate(at: path.child("limits"), into: &errors)
        for (name, request, limit) in [("cpu", requests?.cpu, limits?.cpu), ("memory", requests?.memory, limits?.memory)] {
            if let request = request?.value, let limit = limit?.value, request > limit {
                errors.append(.invalid(path.child("requests").child(name), .string(requests?.quantity(name) ?? ""),
                                       "must be less than or equal to the \(name) limit"))
            }
        }
    }
}

/// An amount of CPU (cores: `500m`, `2`) and memory (bytes: `64Mi`, `1Gi`).
public struct ResourceList: Codable, Sendable, Hashable {
    public var cpu: Quantity?
    public var memory: Quantity?

    public init(cpu: Quantity? = nil, memory: Quantity? = nil) {
        self.cpu = cpu
        self.memory = memory
    }

    func quantity(_ name: String) -> String? {
        (name == "cpu" ? cpu : memory)?.rawValue
    }

    static func schema(_ description: String) -> Schema {
        .object(description, properties: [
            "cpu": .quantity("CPU in cores, e.g. 100m or 2."),
            "memory": .quantity("Memory in bytes, e.g. 64Mi or 1Gi."),
        ])
    }

    func validate(at path: FieldPath, into errors: inout ErrorList) {
        for (name, quantity) in [("cpu", cpu), ("memory", memory)] {
            guard let quantity else { continue }
            if !ValuePattern.quantity.matches(quantity.rawValue) {
                errors.append(.invalid(path.child(name), .string(quantity.rawValue), ValuePattern.quantity.explanation))
            } else if let value = quantity.value, value < 0 {
                errors.append(.invalid(path.child(name), .string(quantity.rawValue), "must not be negative"))
            }
        }
    }
}
