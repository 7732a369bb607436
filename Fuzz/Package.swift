// swift-tools-version: 6.0
// The fuzz targets of rlrun's readers (ReaderFuzzing.FuzzTarget) as one libFuzzer binary,
// kept out of the main package because it has no main of its own: libFuzzer's is linked in.
// Built and run by `make fuzz` (see the Makefile), with the address sanitizer and coverage.
import PackageDescription

let package = Package(
    name: "rlrun-fuzz",
    dependencies: [.package(name: "rlrun", path: "..")],
    targets: [
        .executableTarget(
            name: "rlrun-fuzz",
            dependencies: [.product(name: "ReaderFuzzing", package: "rlrun")],
            // No top-level code: LLVMFuzzerTestOneInput is the entry point.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ])
