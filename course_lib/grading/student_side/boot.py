"""Start-up of the sandbox's first process: ``python -I -c <this file's text> CONTROL_FD``.

The sandbox holds no course code on its filesystem. The host sends, as the first message on
the control socket (an 8-byte length, then JSON), the source of the runtime modules (see
`course_lib.grading.student_side.RUNTIME_MODULES`) and the settings; this file turns them into
modules and hands over to `course_lib.grading.student_side.zygote.main`. It uses the standard
library only.
"""

import json
import socket
import struct
import sys
import types


def _read(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise SystemExit(0)  # the host went away before the start
        data += chunk
    return data


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    (size,) = struct.unpack("!Q", _read(control, 8))
    start = json.loads(_read(control, size))
    for name, is_package, source in start["modules"]:
        module = types.ModuleType(name)
        module.__file__ = f"<course runtime>/{name.replace('.', '/')}.py"
        if is_package:
            module.__path__ = []
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)
        exec(compile(source, module.__file__, "exec"), module.__dict__)
    from course_lib.grading.student_side.zygote import main as zygote_main

    zygote_main(control, start["settings"])


if __name__ == "__main__":
    main()
