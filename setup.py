"""Builds the package; pyproject.toml holds its metadata. Here only: the screening modules listed in
sanctionwatch/screening/compiled.py compiled with Cython, optionally (no compiler, or
SANCTIONWATCH_PURE_PYTHON=1: the Python sources run as they are)."""

import os
import runpy

from setuptools import Extension, setup


def extensions():
    if os.environ.get("SANCTIONWATCH_PURE_PYTHON", "").strip() not in ("", "0"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    modules = runpy.run_path(os.path.join("sanctionwatch", "screening", "compiled.py"))["MODULES"]
    # -ffp-contract=off: no fused multiply-add, so that every float is rounded as Python rounds it and
    # compiled scores equal the interpreted ones to the last bit.
    found = [Extension(m, [m.replace(".", "/") + ".py"], optional=True,
                       extra_compile_args=["-O2", "-ffp-contract=off"]) for m in modules]
    return cythonize(found, build_dir="build/cython", quiet=True,
                     compiler_directives={"language_level": "3", "annotation_typing": False, "binding": True})


setup(ext_modules=extensions())
