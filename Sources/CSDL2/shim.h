// SDL2 (Debian: libsdl2-dev; pkg-config name `sdl2`). Only the Display target may import it.
// Included by its path under /usr/include rather than through pkg-config, whose flags
// (-D_REENTRANT) SwiftPM refuses with a warning on every build.
#include <SDL2/SDL.h>
