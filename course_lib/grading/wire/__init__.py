"""What crosses between the trusted harness and the student's sandboxed process: data only.

Both sides run this package (the sandbox gets its source in memory, so it imports nothing but
the standard library and numpy). A message is a JSON header followed by raw byte buffers
(`course_lib.grading.wire.channel`); nothing is ever pickled, and the harness decodes
everything it receives into plain values or proxies (`course_lib.grading.wire.mirror`).

The data form of a value:

=====================================  ====================================================
Python value                           on the wire
=====================================  ====================================================
None, bool, int, float, str            JSON itself (NaN and infinities included; an int
                                       beyond 64 bits as ``["I", hex]``)
tuple, frozenset                       ``["t", [items]]``, ``["F", [items]]``
complex, bytes                         ``["c", real, imag]``, ``["y", buffer]``
slice, Ellipsis                        ``["sl", start, stop, step]``, ``["E"]``
numpy scalar, numpy dtype              ``["n", dtype, buffer]``, ``["D", dtype]``
a function or class both sides know    ``["f", "module:qualname"]``: course_lib's library
                                       (not its grading tools), numpy's ufuncs and scalar
                                       types, the math module, a few builtins
list, dict, set, numpy array,          ``["r", id]``: a *shared object*, whose state travels
an instance of a course_lib class,     separately (below)
anything else
=====================================  ====================================================

A shared object keeps its identity across the boundary: each side holds its own copy, the
same id names both, and at every crossing (a call, a return, a call back) the sender sends the
state of each shared object that is new or has changed since the last crossing, so the
receiver updates its copy in place. An argument the student's function modifies in place is
therefore modified for the tests too, an array it returns unchanged *is* the test's array,
and the nodes ``topological_order`` returns are the test's own ``Value`` objects. States:

- list ``["L", [items]]``, dict ``["M", [[key, value], ...]]``, set ``["S", [items]]``;
- numpy array ``["A", dtype, shape, buffer, writeable]`` (no object or structured dtypes);
- an instance of a course_lib class ``["O", "module:qualname", [[attribute, value], ...]]``,
  every slot and ``__dict__`` entry: a ``Value`` node is its ``data``, ``grad``, ``label``,
  ``_op``, ``_prev`` (the shared child nodes) and ``_local_grads``; a layer is its params,
  grads and caches. The receiver builds the object with its own copy of the class (without
  calling ``__init__``): in the sandbox, that is the library with the exercise's references
  stubbed out. On the harness side, a subclass defined by a test crosses as its course_lib
  base class;
- anything else ``["H", module, qualname, flags]``: a *handle*. The object stays with its
  owner and the other side gets a proxy. The harness's proxies of the student's objects
  forward calls, attribute access, indexing, iteration and operators, and receive data back;
  the sandbox's proxies of the harness's objects can only be called (the ``f`` a test hands
  to ``central_difference``), so the student's code never reaches the harness's state.

An exception crosses as its type name and message.
"""
