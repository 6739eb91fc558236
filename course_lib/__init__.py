"""course_lib: the numpy reference library of the neural-network fundamentals course.

The mathematical core (data sets, activations, losses, layers, the autodiff engine, the
gradient checker, optimisers and models) needs numpy alone. Figures live in
``course_lib.plotting``, ``course_lib.plotting_units`` and ``course_lib.graph_drawing``;
``course_lib.grading`` and the command line stand on top of the core.
"""

__version__ = "0.1.0"
