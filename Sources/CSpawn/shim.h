// glibc's GNU extensions for spawning children cleanly, which Swift's Glibc module hides (it is
// built without _GNU_SOURCE, and defining it here would change glibc's struct layouts). The
// prototypes are declared as glibc (>= 2.34) defines them. Header-only: nothing extra to link.
#ifndef EVENTMESH_CSPAWN_SHIM_H
#define EVENTMESH_CSPAWN_SHIM_H
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

extern int pipe2(int pipefd[2], int flags);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);

static inline int emp_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

/// Closes every descriptor >= `from` in the child.
static inline int emp_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

static inline int emp_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}
#endif
