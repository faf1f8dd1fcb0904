/// An allowed temperature band in °C, `minC` < `maxC`.
public struct TemperatureRange: Codable, Hashable, Sendable {
    public var minC: Double
    public var maxC: Double

    public init(minC: Double, maxC: Double) {
        self.minC = minC
        self.maxC = maxC
    }

    /// Whether `temperatureC` lies in the band (limits included).
    public func contains(_ temperatureC: Double) -> Bool {
        minC <= temperatureC && temperatureC <= maxC
    }

    func validate(_ field: String) throws(EventPayloadError) {
        try FieldRules.temperature(minC, field + ".minC")
        try FieldRules.temperature(maxC, field + ".maxC")
        guard minC < maxC else {
            throw .outOfRange(field: field + ".maxC", constraint: "must be greater than minC (\(minC)), got \(maxC)")
        }
    }
}
