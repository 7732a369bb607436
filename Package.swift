// swift-tools-version: 6.0
// rlrun: reinforcement learning in Swift on a tensor/conv engine of its own (see README.md).
import PackageDescription

let package = Package(
    name: "rlrun",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rlrun", targets: ["rlrun"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "NN", targets: ["NN"]),
        // For the fuzz targets' own package (Fuzz/), which links libFuzzer's main.
        .library(name: "ReaderFuzzing", targets: ["ReaderFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries: one header each, found through pkg-config, installed by `make deps`.
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CSDL2",
            providers: [.apt(["libsdl2-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CMPI", pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),

        // Error messages kept to one line when they quote what a file or an argument holds.
        .target(name: "OneLineText"),
        // The seeded random-number generator, shared by the engine and the environments.
        .target(name: "Randomness"),
        // The engine's SIMD kernels in C (packed GEMM, convolution packing, optimizer steps):
        // AVX-512, AVX2+FMA and portable variants chosen once from CPUID, through per-function
        // target attributes, so the package needs no machine-specific flags. Always optimized
        // (the debug build's tests train networks on them), and without errno, so that square
        // roots vectorize.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2", "-fno-math-errno"])]),
        // Tensors, kernels, reverse-mode autodiff.
        .target(name: "Tensors", dependencies: ["CKernels", "Randomness"]),
        // Layers, initializers, losses, optimizers, safetensors I/O.
        .target(name: "NN", dependencies: ["CKernels", "OneLineText", "Tensors"]),
        // The environment API (Gymnasium's shape), spaces, wrappers, registry, checker.
        .target(name: "Gym", dependencies: ["Randomness"]),
        // The games' simulations (pure Swift; CartPole so far).
        .target(name: "Games", dependencies: ["Gym", "Randomness"]),
        // TOML presets: the parser, typed reading with one-line errors.
        .target(name: "Presets", dependencies: ["OneLineText"]),
        // Runs: presets resolved into a run's configuration, agents and environments made from
        // them, run folders (checkpoints with their metadata, progress.csv, the learning curve).
        .target(name: "Runs", dependencies: ["NN", "OneLineText", "Tensors", "Presets", "Gym", "Games", "Agents", "Datasets", "Supervised", "Randomness"]),
        // The agents: REINFORCE, DQN, A3C, the random policy, evaluation.
        .target(name: "Agents", dependencies: ["NN", "Tensors", "Gym", "Randomness"]),
        // Labelled data for the supervised stack: dataset files (IDX, gzip) and batches.
        .target(name: "Datasets", dependencies: ["CZlib", "Tensors", "Randomness"]),
        // The supervised stack: fit, evaluate and predict over datasets, with metrics.
        .target(name: "Supervised", dependencies: ["Datasets", "NN", "Tensors", "Randomness"]),
        // PNG and JPEG through Debian's libpng and libjpeg-turbo, in C: their errors longjmp.
        .target(name: "CImageCodecs", cSettings: [.unsafeFlags(["-O2"])],
                linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]),
        // Pictures as RGBFrames: read PNG and JPEG, write PNG.
        .target(name: "Images", dependencies: ["CImageCodecs", "Gym", "NN", "OneLineText"]),
        // Neural style transfer (Gatys et al.): feature networks and the optimization of the pixels.
        .target(name: "Style", dependencies: ["Images", "Gym", "NN", "Tensors", "Randomness"]),
        // The SDL2 window: shows frames, reads keys. The only target that imports SDL.
        .target(name: "Display", dependencies: ["CSDL2", "Gym"]),
        // The command line.
        .executableTarget(
            name: "rlrun",
            dependencies: [
                "CKernels", "Tensors", "NN", "COpenBLAS", "Gym", "Games", "Display", "Agents", "Presets", "Runs", "Datasets", "Supervised", "Randomness",
                "Distributed", "Images", "Style",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Data-parallel training across processes: a Communicator over Open MPI.
        .target(name: "Distributed", dependencies: ["CMPI", "NN", "Tensors"]),
        // Run under mpirun by DistributedTests: checks the collectives on every rank.
        .executableTarget(name: "rlrun-mpi-check", dependencies: ["Distributed", "NN", "Tensors", "Randomness"],
                          path: "Tests/MPICheck"),

        // Every reader of outside bytes as a fuzz target, with the contract each keeps: the
        // fuzzers (Fuzz/) drive it, and ReaderFuzzingTests replays its corpora.
        .target(name: "ReaderFuzzing", dependencies: ["Agents", "Datasets", "Games", "Gym", "Images", "NN", "Presets", "Runs"]),

        // Shared by the test targets: finite-difference gradient checks, random inputs.
        .target(name: "TestSupport", dependencies: ["Tensors"], path: "Tests/TestSupport"),
        .testTarget(name: "CKernelsTests", dependencies: ["CKernels", "Randomness"]),
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "TestSupport"]),
        // rlrun itself, run as users run it: what only the whole command can show.
        .testTarget(name: "CommandLineTests", dependencies: ["Runs", "TestSupport"]),
        // The documents against what they document: the command reference against --help, the
        // presets reference against the presets, the engine API's examples compiled and run.
        .testTarget(name: "DocsTests", dependencies: ["Tensors", "NN", "Gym", "Games", "Agents", "Presets", "Runs", "TestSupport"]),
        .testTarget(name: "ReaderFuzzingTests", dependencies: ["ReaderFuzzing"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
        .testTarget(
            name: "NNTests", dependencies: ["NN", "Tensors", "TestSupport"],
            // Read through #filePath; made once by Fixtures/make_fixtures.py, not by the tests.
            exclude: ["Fixtures"]),
        .testTarget(name: "RunsTests", dependencies: ["Runs", "NN", "Tensors", "Presets", "Gym", "Games", "Agents", "Datasets", "Supervised", "Randomness"]),
        .testTarget(name: "PresetsTests", dependencies: ["Presets"]),
        .testTarget(name: "AgentsTests", dependencies: ["Agents", "NN", "Tensors", "Gym", "Games", "Randomness", "TestSupport"]),
        .testTarget(name: "DisplayTests", dependencies: ["Display", "Games", "Gym"]),
        .testTarget(name: "GymTests", dependencies: ["Gym", "Randomness"]),
        .testTarget(name: "ImagesTests", dependencies: ["Images", "Gym"]),
        .testTarget(name: "StyleTests", dependencies: ["Style", "Gym", "NN", "Tensors"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "CZlib", "Tensors", "Randomness"]),
        .testTarget(name: "SupervisedTests", dependencies: ["Supervised", "Datasets", "NN", "Tensors", "Randomness"]),
        .testTarget(
            name: "GamesTests", dependencies: ["Games", "Gym", "Randomness"],
            // Trajectories recorded from Gymnasium by Fixtures/make_cartpole_fixtures.py.
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
