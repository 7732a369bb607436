// SDL2 (Debian: libsdl2-dev; pkg-config name `sdl2`). Only the Display target may import it.
#include <SDL.h>
