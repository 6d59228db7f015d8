// swift-tools-version:6.0
//
// healthcal: does your customer health score predict churn?
//
// Zero third-party packages by design: Foundation, Dispatch and Swift Testing only.

import PackageDescription

let package = Package(
  name: "healthcal",
  products: [
    // One product, three modules a Swift user imports: HealthCal (the domain),
    // HealthCalReports (every report and the SQL export) and HealthCalFormats
    // (the value types they share: dates, JSON values, input errors).
    .library(name: "HealthCal", targets: ["HealthCalFormats", "HealthCal", "HealthCalReports"]),
    .executable(name: "healthcal", targets: ["HealthCalCLI"]),
    .executable(name: "healthcal-bench", targets: ["HealthCalBench"]),
  ],
  targets: [
    .target(name: "HealthCalFormats"),
    .target(name: "HealthCal", dependencies: ["HealthCalFormats"]),
    .target(name: "HealthCalReports", dependencies: ["HealthCal", "HealthCalFormats"]),
    .target(name: "HealthCalArguments", dependencies: ["HealthCalFormats"]),
    .executableTarget(
      name: "HealthCalCLI", dependencies: ["HealthCal", "HealthCalFormats", "HealthCalReports", "HealthCalArguments"]),
    .executableTarget(
      name: "HealthCalBench", dependencies: ["HealthCal", "HealthCalFormats", "HealthCalReports", "HealthCalArguments"]),
    .executableTarget(name: "QuarterlyAudit", dependencies: ["HealthCal"], path: "Notebooks/QuarterlyAudit"),
    .executableTarget(name: "Recalibration", dependencies: ["HealthCal"], path: "Notebooks/Recalibration"),
    .executableTarget(name: "SegmentWeights", dependencies: ["HealthCal"], path: "Notebooks/SegmentWeights"),
    .executableTarget(name: "CalendarConfound", dependencies: ["HealthCal"], path: "Notebooks/CalendarConfound"),
    .executableTarget(name: "SignalDiscovery", dependencies: ["HealthCal"], path: "Notebooks/SignalDiscovery"),
    .target(
      name: "HealthCalTestSupport", dependencies: ["HealthCal", "HealthCalFormats"], path: "Tests/HealthCalTestSupport"),
    .testTarget(name: "HealthCalFormatsTests", dependencies: ["HealthCalFormats", "HealthCalTestSupport"]),
    .testTarget(
      name: "HealthCalTests",
      dependencies: ["HealthCal", "HealthCalFormats", "HealthCalTestSupport"]),
    .testTarget(
      name: "HealthCalReportsTests",
      dependencies: ["HealthCalReports", "HealthCal", "HealthCalFormats", "HealthCalTestSupport"]),
    .testTarget(name: "HealthCalArgumentsTests", dependencies: ["HealthCalArguments", "HealthCalFormats"]),
    .testTarget(name: "LibraryExampleTests", dependencies: ["HealthCal", "HealthCalReports"]),
    .testTarget(
      name: "HealthCalCLITests",
      dependencies: [
        "HealthCalCLI", "HealthCalArguments", "HealthCalReports", "HealthCal", "HealthCalFormats", "HealthCalTestSupport",
      ]),
  ],
  swiftLanguageModes: [.v6]
)
