// swift-tools-version:6.0
// The libFuzzer targets, a package of their own because they link only with libFuzzer's
// `main` (`swift build --sanitize fuzzer`, see build.sh): in the main package they would
// break every ordinary build. Their checks live in the main package's CampaignFuzzing
// library, which the mutation tests in `swift test` share.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which differs between checkouts.
let campaign = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "campaign-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "fuzz-syntax", dependencies: [.product(name: "CampaignFuzzing", package: campaign)], path: "Targets/FuzzSyntax"),
        .executableTarget(name: "fuzz-plan", dependencies: [.product(name: "CampaignFuzzing", package: campaign)], path: "Targets/FuzzPlan"),
        .executableTarget(name: "fuzz-csv", dependencies: [.product(name: "CampaignFuzzing", package: campaign)], path: "Targets/FuzzCSV"),
        .executableTarget(name: "fuzz-ndjson", dependencies: [.product(name: "CampaignFuzzing", package: campaign)], path: "Targets/FuzzNDJSON"),
        .executableTarget(name: "fuzz-rpc", dependencies: [.product(name: "CampaignFuzzing", package: campaign)], path: "Targets/FuzzRPC"),
    ],
    swiftLanguageModes: [.v6]
)
