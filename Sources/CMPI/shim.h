// Open MPI's C interface (Debian: libopenmpi-dev; pkg-config name `ompi-c`), and the handles
// MPI defines as macros, which Swift cannot import: MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, … are
// addresses of Open MPI's predefined objects, given here by small inline functions.
#include <mpi.h>

static inline MPI_Comm rlrun_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype rlrun_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype rlrun_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype rlrun_mpi_unsigned_long_long(void) { return MPI_UNSIGNED_LONG_LONG; }
static inline MPI_Op rlrun_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op rlrun_mpi_max(void) { return MPI_MAX; }
static inline int rlrun_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int rlrun_mpi_success(void) { return MPI_SUCCESS; }
static inline void *rlrun_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Errhandler rlrun_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Datatype rlrun_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Request rlrun_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline int rlrun_mpi_any_source(void) { return MPI_ANY_SOURCE; }
