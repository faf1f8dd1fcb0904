// swift-tools-version:6.0
// The Event Mesh Operator: a Kubernetes operator, written in Swift, for a cold-chain event mesh
// across Kafka, RabbitMQ and Pulsar with DynamoDB as its CQRS store. See README.md for the layout.
import PackageDescription

let package = Package(
    name: "EventMeshOperator",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "eventmesh-api", targets: ["eventmesh-api"]),
        .executable(name: "eventmesh-local", targets: ["eventmesh-local"]),
        .executable(name: "eventmesh-bench", targets: ["eventmesh-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // C libraries: one system-library target each, imported by exactly one Swift module.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka",
                       providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq",
                       providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(name: "CSpawn"),

        // core
        .target(name: "StrictJSON"),
        .target(name: "HTTP", dependencies: ["CCurl"]),
        .target(name: "MeshCrypto", dependencies: ["COpenSSL"]),
        .target(name: "KubeCore", dependencies: ["StrictJSON", .product(name: "Yams", package: "Yams")]),
        .target(name: "MeshEvents", dependencies: ["StrictJSON", "MeshCrypto"]),
        .target(name: "LocalProcesses", dependencies: ["CSpawn"]),
        .target(name: "KubeProtobuf", dependencies: ["StrictJSON", "KubeCore"]),
        .target(name: "KubeSchema", dependencies: ["KubeCore", "StrictJSON"]),

        // clients and runtime
        .target(name: "KubeClient", dependencies: [
            "KubeCore", "StrictJSON", "HTTP", "LocalProcesses", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "KubeRuntime", dependencies: [
            "KubeClient", "KubeCore", "StrictJSON", .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        .target(name: "BrokerAdmin", dependencies: [
            "HTTP", "StrictJSON", "MeshCrypto", "CRdKafka", "CRabbitMQ", "KubeCore",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // domain
        .target(name: "MeshAPI", dependencies: ["KubeCore", "StrictJSON"]),
        .target(name: "LocalCluster", dependencies: [
            "KubeCore", "StrictJSON", "MeshCrypto", "LocalProcesses", "KubeProtobuf", "KubeSchema",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // executables
        .executableTarget(name: "eventmesh-api", dependencies: ["MeshAPI", "KubeCore", "StrictJSON"]),
        .executableTarget(name: "eventmesh-local", dependencies: [
            "LocalCluster", .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "workload-fixture", path: "Tests/Fixtures/WorkloadFixture"),

        .executableTarget(name: "eventmesh-bench", dependencies: ["HTTP", "StrictJSON", "LocalProcesses", "KubeClient", "KubeCore", "KubeRuntime"]),

        // tests
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "LocalProcesses"], exclude: ["Fixtures"]),
        .testTarget(name: "MeshCryptoTests", dependencies: ["MeshCrypto", "LocalProcesses"]),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"]),
        .testTarget(name: "KubeCoreTests", dependencies: ["KubeCore", "StrictJSON"]),
        .testTarget(name: "MeshAPITests", dependencies: ["MeshAPI", "KubeCore", "StrictJSON", "LocalProcesses"]),
        .testTarget(name: "LocalProcessesTests", dependencies: ["LocalProcesses"]),
        .testTarget(name: "LocalClusterTests", dependencies: ["LocalCluster", "KubeCore", "StrictJSON", "HTTP", "MeshCrypto",
                                                            "LocalProcesses", "workload-fixture"]),
        .testTarget(name: "MeshEventsTests", dependencies: ["MeshEvents", "StrictJSON", "MeshCrypto"]),
        .testTarget(name: "KubeProtobufTests", dependencies: ["KubeProtobuf", "StrictJSON"], exclude: ["Fixtures"]),
        .testTarget(name: "KubeSchemaTests", dependencies: ["KubeSchema", "KubeCore", "StrictJSON"]),
        .testTarget(name: "KubeClientTests", dependencies: ["KubeClient", "KubeCore", "StrictJSON", "HTTP", "LocalCluster", "LocalProcesses"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "KubeRuntimeTests", dependencies: [
            "KubeRuntime", "KubeClient", "KubeCore", "StrictJSON", "LocalCluster", "HTTP",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "BrokerAdminTests", dependencies: ["BrokerAdmin", "HTTP", "StrictJSON", "MeshCrypto", "LocalProcesses"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "NativeBindingsTests", dependencies: ["CRdKafka", "CRabbitMQ"]),
    ],
    swiftLanguageModes: [.v6]
)
