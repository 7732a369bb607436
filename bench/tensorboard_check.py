"""Reads a run's TensorBoard event files with TensorBoard's own reader and prints each scalar
tag: how many points, the last step and value. A check that rlrun's event files are what
TensorBoard expects; not run by the tests (rlrun's tests read the files with rlrun's reader).

    python3 -m venv /tmp/tb && /tmp/tb/bin/pip install tensorboard
    /tmp/tb/bin/python bench/tensorboard_check.py runs/<run>
"""
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

accumulator = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0})  # 0: keep every point
accumulator.Reload()
for tag in sorted(accumulator.Tags()["scalars"]):
    points = accumulator.Scalars(tag)
    print(f"{tag:24s} {len(points):5d} points, last at step {points[-1].step:6d}: {points[-1].value:.6g}")
