# rlrun — build, test and measure. Every target first makes sure the system libraries exist.
SWIFT ?= swift
# Debian packages the build and the tests need: OpenBLAS (the peer `rlrun bench` measures the
# engine's products against), SDL2, zlib (gzip-compressed datasets), libpng and libjpeg
# (pictures), Open MPI (training across processes and machines, and mpirun for its tests),
# pkg-config to find them, Xvfb (a virtual display for the window tests) and Fashion-MNIST.
APT_PACKAGES := libopenblas-dev libsdl2-dev zlib1g-dev libpng-dev libjpeg-dev libopenmpi-dev openmpi-bin iproute2 pkg-config xvfb dataset-fashion-mnist

.PHONY: deps build test sanitize sanitize-address sanitize-thread fuzz crash-test bench train demo docs clean

deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "make deps: not a Debian system; install OpenBLAS, SDL2, zlib, Open MPI, iproute2, pkg-config and Fashion-MNIST yourself (Debian names: $(APT_PACKAGES))" >&2; \
	  exit 0; \
	fi; \
	missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "make deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "make deps: missing Debian packages:$$missing. Run: sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c release

# The window tests open a real SDL window, so the suite runs on a virtual display (Xvfb);
# RLRUN_REQUIRE_DISPLAY makes them fail rather than skip if that display is missing. SDL
# wants a private runtime directory, which a CI shell may not have: a temporary one will do.
test: deps
	runtime=$$(mktemp -d) && XDG_RUNTIME_DIR=$$runtime RLRUN_REQUIRE_DISPLAY=1 xvfb-run --auto-servernum --server-args="-screen 0 1920x1280x24" $(SWIFT) test

# The suite under the sanitizers, each in a build folder of its own: AddressSanitizer (with
# LeakSanitizer), then ThreadSanitizer. What they may not report, and why, is in Sanitizers/.
# The address pass runs without a display, so the four tests that open a real SDL window skip
# (as on any machine without one): the X11 client libraries SDL loads allocate memory LeakSanitizer
# cannot attribute (frames without frame pointers, "<unknown module>"), so a suppression could not
# name it. The thread pass runs them on Xvfb.
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	env -u DISPLAY LSAN_OPTIONS=suppressions=$(CURDIR)/Sanitizers/leaks.supp:print_suppressions=0 \
	  $(SWIFT) test --sanitize=address --scratch-path .build/asan

sanitize-thread: deps
	runtime=$$(mktemp -d) && XDG_RUNTIME_DIR=$$runtime RLRUN_REQUIRE_DISPLAY=1 \
	  TSAN_OPTIONS=suppressions=$(CURDIR)/Sanitizers/threads.supp:halt_on_error=1 \
	  xvfb-run --auto-servernum --server-args="-screen 0 1920x1280x24" $(SWIFT) test --sanitize=thread --scratch-path .build/tsan

# libFuzzer on every reader of outside bytes (ReaderFuzzing.FuzzTarget, built from Fuzz/ with
# AddressSanitizer and coverage), FUZZ_SECONDS each, from the seeds in Fuzz/Corpus; prints
# executions, coverage and crashes per target (Fuzz/run.sh says where crashes go).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := safetensors replay toml assignment idx gzip cifar10 csv text progress config replaymemory image events
fuzz: deps
	cd Fuzz && $(SWIFT) build --scratch-path ../.build/fuzz --sanitize=fuzzer --sanitize=address \
	  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
	bash Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The kill test: DQN, A3C, PPO and PQN runs on pixels and state vectors, each killed with
# SIGKILL KILLS times at random moments (drawn from CRASH_SEED), resumed, and checked: every
# checkpoint loads, counters, ε and progress.csv stay consistent (Crash/run.sh says what is checked).
KILLS ?= 4
CRASH_SEED ?= 1
crash-test: deps
	$(SWIFT) build -c release --product rlrun
	bash Crash/run.sh $(KILLS) $(CRASH_SEED)

bench: deps
	$(SWIFT) build -c release --product rlrun
	.build/release/rlrun bench

# The main job: DQN on Breakout from pixels (agents/dqn.toml, envs/breakout.toml), into
# runs/. Pass rlrun's options in ARGS, e.g. make train ARGS="--steps 100000 --seed 2".
train: deps
	$(SWIFT) build -c release --product rlrun
	.build/release/rlrun dqn breakout $(ARGS)

demo: deps
	$(SWIFT) build -c release --product rlrun
	.build/release/rlrun demo

# docs/commands.md from the built rlrun's --help (make test checks that it matches).
docs: deps
	$(SWIFT) build -c release --product rlrun
	bash docs/tools/command-reference.sh .build/release/rlrun > docs/commands.md

clean:
	rm -rf .build
