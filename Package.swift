// swift-tools-version:6.0
// The campaign compiler and planner. No package dependencies: Foundation, XCTest and
// Swift Testing from the toolchain only.
import PackageDescription

let package = Package(
    name: "campaign",
    products: [
        .executable(name: "campaign", targets: ["campaign"]),
        .library(name: "CampaignSyntax", targets: ["CampaignSyntax"]),
    ],
    targets: [
        .target(name: "CampaignSyntax"),
        .target(name: "CampaignCLI", dependencies: ["CampaignSyntax"]),
        .executableTarget(name: "campaign", dependencies: ["CampaignCLI"]),
        .testTarget(
            name: "CampaignSyntaxTests",
            dependencies: ["CampaignSyntax"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CampaignCLITests",
            dependencies: ["CampaignCLI", "campaign"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
