import CKernels

/// Keeps the memory that tensors free inside the process, for the next tensors to reuse.
///
/// glibc serves every block above its mmap threshold (128 KiB at first, then raised to the
/// largest block freed) with a fresh mapping, and returns the top of its heap to the system
/// once more than twice that is free. A training step frees and reallocates the same large
/// tensors (activations, gradients, the convolutions' panels), so each step paid a page fault
/// for every 4 KiB page they first wrote: on Fashion-MNIST's CNN, about an eighth of the step.
/// This sets the largest threshold glibc accepts (32 MiB on 64-bit) and a trim threshold of
/// 1 GiB. Blocks above 32 MiB (a replay memory) are still mapped on their own. Call it once,
/// before the first tensor; the command-line tool does. Returns whether the C library took
/// the settings (only glibc has them).
@discardableResult
public func keepFreedTensorMemory() -> Bool {
    ck_keep_freed_memory(32 << 20, 1 << 30) == 1
}
