"""The operating-system sandbox every run of student code goes through (bubblewrap).

`launch` builds the command: a new user, mount, pid, network, IPC and UTS namespace; uid and
gid 65534; a read-only filesystem of the system's libraries, the Python installation and its
packages, and nothing else the host has (no course folder, no ``solutions/``, no home); a
private, size-limited ``/tmp``; no network at all (not even the host's loopback); a cleared
environment. Run as root, the grader first drops to uid 65534 on the host too.
`student_processes` runs the student's answer cells in it, one child per exercise;
`kernel` runs nbgrader's kernel in it. Resource limits are set inside, by the sandbox's own
processes, before any student code runs.
"""
