"""Grading: the notebooks' structure, running exercises, releasing and autograding.

Stands on the core library, nbformat and nbgrader; the core never imports it.
"""
