// Everyone who works with tensors needs the seeded generator: importing Tensors brings it.
@_exported import Randomness
