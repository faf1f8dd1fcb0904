import Testing
@testable import KubeProtobuf
