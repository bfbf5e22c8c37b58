// swift-tools-version:6.0
// The campaign compiler and planner. No package dependencies: Foundation, XCTest and
// Swift Testing from the toolchain only.
import PackageDescription

let package = Package(
    name: "campaign",
    products: [
        .executable(name: "campaign", targets: ["campaign"]),
        .library(name: "CampaignSyntax", targets: ["CampaignSyntax"]),
        .library(name: "CampaignSemantics", targets: ["CampaignSemantics"]),
        // The invariants the fuzzers in Fuzz/ check (that package builds them with libFuzzer).
        .library(name: "CampaignFuzzing", targets: ["CampaignFuzzing"]),
    ],
    targets: [
        .target(name: "CampaignSyntax"),
        .target(name: "CampaignSemantics", dependencies: ["CampaignSyntax"]),
        .target(name: "CampaignData", dependencies: ["CampaignSyntax", "CampaignSemantics"]),
        .target(name: "CampaignPlanner", dependencies: ["CampaignSyntax", "CampaignSemantics", "CampaignData"]),
        .target(name: "CampaignReports", dependencies: ["CampaignSyntax", "CampaignSemantics", "CampaignData", "CampaignPlanner"]),
        // `campaign lsp`: the language server, on the checker's typed model (docs/architecture.md).
        .target(name: "CampaignLanguageServer", dependencies: ["CampaignSyntax", "CampaignSemantics", "CampaignData", "CampaignPlanner"]),
        .target(name: "CampaignCLI", dependencies: ["CampaignSyntax", "CampaignSemantics", "CampaignData", "CampaignPlanner", "CampaignReports", "CampaignLanguageServer"]),
        .executableTarget(name: "campaign", dependencies: ["CampaignCLI"]),
        .target(name: "CampaignFuzzing", dependencies: ["CampaignSyntax", "CampaignSemantics", "CampaignData", "CampaignPlanner", "CampaignReports", "CampaignCLI", "CampaignLanguageServer"]),
        // Fixture listing and reading for the test targets (a missing fixture throws, naming
        // its path), and the fixtures several of them share.
        .target(name: "TestFixtures", path: "Tests/TestFixtures", exclude: ["Fixtures"]),
        .testTarget(
            name: "CampaignSyntaxTests",
            dependencies: ["CampaignSyntax", "CampaignFuzzing", "TestFixtures"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CampaignSemanticsTests",
            dependencies: ["CampaignSemantics", "CampaignSyntax", "TestFixtures"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CampaignDataTests",
            dependencies: ["CampaignData", "CampaignSemantics", "CampaignSyntax", "TestFixtures"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CampaignPlannerTests",
            dependencies: ["CampaignPlanner", "CampaignData", "CampaignSemantics", "CampaignSyntax", "TestFixtures"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CampaignReportsTests",
            dependencies: ["CampaignReports", "CampaignPlanner", "CampaignData", "CampaignSemantics", "CampaignSyntax"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "CampaignFuzzingTests", dependencies: ["CampaignFuzzing", "CampaignSyntax"], exclude: ["Fixtures"]),
        .testTarget(
            name: "CampaignLanguageServerTests",
            dependencies: ["CampaignLanguageServer", "CampaignSyntax", "CampaignSemantics", "campaign", "TestFixtures"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CampaignCLITests",
            dependencies: ["CampaignCLI", "CampaignSyntax", "campaign", "TestFixtures"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// A file sees the members (methods, properties) of only the modules it imports itself,
// not of those its imports bring along (SE-0444): so the imports, and the dependencies
// above that ModuleDependencyTests checks against them, say what each module really uses.
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
